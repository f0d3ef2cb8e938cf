/* demo.h - the parts of `make demo`: two transfers measured (demo.c), the
 * progress line drawn while one runs (progress.c) and what is printed
 * about each and about both (report.c). */
#ifndef SIM_DEMO_H
#define SIM_DEMO_H

#include <glib.h>

#include "scenario.h"

/* One transfer, alice to bob, both sides alike. */
typedef struct {
	const char *title;    /* "stock libpurple on both sides" */
	gboolean plugin;      /* both sides load the plugin */
	gboolean started;     /* both peers ran (sim_run_transfer) */
	SimRun run;
	gint64 t_call_ms;     /* CLOCK_MONOTONIC ms when the demo started the run */
	/* from alice's offer, on the peers' CLOCK_MONOTONIC; < 0: never */
	double first_s;       /* bob's first data (the bytestream is up) */
	double total_s;       /* bob holds the whole file */
	double data_s;        /* bob's first data to his end; < 0: never */
	gboolean delivered;   /* completed, checksum equal */
} DemoCase;

/* progress.c: one line per transfer, redrawn with \r on a terminal, plain
 * lines every few seconds otherwise. */
void demo_progress_begin(gsize total, gint64 t0_ms);
void demo_progress_tick(const char *rx_dir, gpointer data); /* a SimRunProgress */
void demo_progress_end(const DemoCase *c);

/* report.c */
char *demo_size_words(gsize bytes);
void demo_report(const DemoCase *c);
/* The closing line; TRUE when both transfers delivered the file. */
gboolean demo_verdict(const DemoCase *stock, const DemoCase *ours, gsize size);

#endif
