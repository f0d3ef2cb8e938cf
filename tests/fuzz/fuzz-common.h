/* fuzz-common.h - shared by the libFuzzer targets in tests/fuzz/.
 *
 * CHECK(cond) traps (__builtin_trap) when an invariant is violated, so
 * libFuzzer records the input as a crash. GLib criticals and warnings are
 * made fatal the same way (the test suite runs with
 * G_DEBUG=fatal-criticals): a g_return_if_fail() failure inside libpurple or
 * GLib reached from our code is a finding too. To keep fuzzing past a known
 * one, set SIM_FUZZ_IGNORE_LOG to a part of its message: messages containing
 * it are counted and ignored (an empty value ignores them all).
 */
#ifndef SIM_FUZZ_COMMON_H
#define SIM_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define CHECK(cond)                                                         \
	do {                                                                    \
		if (!(cond)) {                                                      \
			fprintf(stderr, "invariant violated at %s:%d: %s\n",            \
			        __FILE__, __LINE__, #cond);                             \
			__builtin_trap();                                               \
		}                                                                   \
	} while (0)

static unsigned long sim_fuzz_ignored_logs;

static void
sim_fuzz_log_handler(const gchar *domain, GLogLevelFlags level,
                     const gchar *message, gpointer data)
{
	const char *ignore = getenv("SIM_FUZZ_IGNORE_LOG");

	(void)data;
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
		if (ignore != NULL && message != NULL && strstr(message, ignore) != NULL) {
			sim_fuzz_ignored_logs++;
			return;
		}
		fprintf(stderr, "GLib log (%s): %s\n", domain ? domain : "-", message);
		__builtin_trap();
	}
	/* messages, info and debug output: dropped, fuzzing wants speed */
}

static void
sim_fuzz_init_logging(void)
{
	g_log_set_default_handler(sim_fuzz_log_handler, NULL);
	/* g_log() aborts before calling the handler for levels in the fatal
	 * mask; keep only what GLib always treats as fatal (ERROR) there */
	g_log_set_always_fatal(G_LOG_FATAL_MASK);
}

#endif
