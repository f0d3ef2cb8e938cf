/* test-contact-memory.c - per-contact SOCKS5 failure memory, persisted. */
#include <glib.h>
#include <glib/gstdio.h>

#include "contact-memory.h"
#include "testutil.h"

typedef struct {
	char *dir;
	char *path;
} Fx;

static void
fx_setup(Fx *fx, gconstpointer d)
{
	fx->dir = g_dir_make_tmp("sim-memory-XXXXXX", NULL);
	g_assert_nonnull(fx->dir);
	fx->path = g_build_filename(fx->dir, "si-multiple.memory", NULL);
	(void)d;
}

static void
fx_teardown(Fx *fx, gconstpointer d)
{
	g_unlink(fx->path);
	g_rmdir(fx->dir);
	g_free(fx->path);
	g_free(fx->dir);
	(void)d;
}

static void
test_remember_and_expire(Fx *fx, gconstpointer d)
{
	SimMemory *m = sim_memory_new(fx->path);

	g_assert_false(sim_memory_failed_recently(m, "a@x/r", "b@y", 1000, 60));
	sim_memory_note_failure(m, "a@x/r", "b@y/phone", 1000);
	/* any resource of the contact, and of our account, counts */
	g_assert_true(sim_memory_failed_recently(m, "a@x/other", "b@y/laptop", 1030, 60));
	g_assert_false(sim_memory_failed_recently(m, "a@x", "b@y", 1060, 60));
	g_assert_false(sim_memory_failed_recently(m, "c@x", "b@y", 1030, 60));
	/* a clock that went backwards is not "recent" */
	g_assert_false(sim_memory_failed_recently(m, "a@x", "b@y", 900, 60));
	sim_memory_free(m);
	(void)d;
}

static void
test_persisted(Fx *fx, gconstpointer d)
{
	SimMemory *m = sim_memory_new(fx->path);

	sim_memory_note_failure(m, "a@x", "we=ird[name]@y", 500);
	sim_memory_free(m);
	g_assert_true(g_file_test(fx->path, G_FILE_TEST_EXISTS));
	m = sim_memory_new(fx->path);
	g_assert_cmpuint(sim_memory_size(m), ==, 1);
	g_assert_true(sim_memory_failed_recently(m, "a@x", "we=ird[name]@y", 510, 60));
	sim_memory_free(m);
	(void)d;
}

static void
test_success_clears(Fx *fx, gconstpointer d)
{
	SimMemory *m = sim_memory_new(fx->path);

	sim_memory_note_failure(m, "a@x", "b@y", 10);
	sim_memory_note_success(m, "a@x", "b@y/r");
	g_assert_false(sim_memory_failed_recently(m, "a@x", "b@y", 11, 60));
	sim_memory_free(m);
	m = sim_memory_new(fx->path);
	g_assert_cmpuint(sim_memory_size(m), ==, 0);
	sim_memory_free(m);
	(void)d;
}

static void
test_forget_all(Fx *fx, gconstpointer d)
{
	SimMemory *m = sim_memory_new(fx->path);

	sim_memory_note_failure(m, "a@x", "b@y", 10);
	sim_memory_note_failure(m, "a@x", "c@y", 10);
	sim_memory_forget_all(m);
	g_assert_cmpuint(sim_memory_size(m), ==, 0);
	sim_memory_free(m);
	(void)d;
}

static void
test_capped(Fx *fx, gconstpointer d)
{
	SimMemory *m = sim_memory_new(fx->path);
	guint i;

	for (i = 0; i < SIM_MEMORY_MAX_ENTRIES + 5; i++) {
		char *c = g_strdup_printf("c%u@y", i);

		sim_memory_note_failure(m, "a@x", c, 100 + i);
		g_free(c);
	}
	g_assert_cmpuint(sim_memory_size(m), ==, SIM_MEMORY_MAX_ENTRIES);
	/* the oldest went first */
	g_assert_false(sim_memory_failed_recently(m, "a@x", "c0@y", 2000, 100000));
	g_assert_true(sim_memory_failed_recently(m, "a@x", "c1004@y", 2000, 100000));
	sim_memory_free(m);
	(void)d;
}

static void
test_garbage_file(Fx *fx, gconstpointer d)
{
	SimMemory *m;

	g_assert_true(g_file_set_contents(fx->path,
		"[socks5-failed]\nnospace=5\na b=notanumber\na%40x b%40y=-3\na%40x c%40y=42\n"
		"\x01\x02 junk without group\n", -1, NULL));
	m = sim_memory_new(fx->path);
	/* a file that does not parse as a whole is an empty memory */
	g_assert_cmpuint(sim_memory_size(m), ==, 0);
	sim_memory_free(m);
	g_assert_true(g_file_set_contents(fx->path,
		"[socks5-failed]\nnospace=5\na b=notanumber\na%40x b%40y=-3\na%40x c%40y=42\n", -1, NULL));
	m = sim_memory_new(fx->path);
	g_assert_cmpuint(sim_memory_size(m), ==, 1);
	g_assert_true(sim_memory_failed_recently(m, "a@x", "c@y", 50, 60));
	sim_memory_free(m);
	(void)d;
}

#define ADD(p, f) g_test_add("/contact-memory/" p, Fx, NULL, fx_setup, f, fx_teardown)

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	ADD("remember-and-expire", test_remember_and_expire);
	ADD("persisted", test_persisted);
	ADD("success-clears", test_success_clears);
	ADD("forget-all", test_forget_all);
	ADD("capped", test_capped);
	ADD("garbage-file", test_garbage_file);
	return g_test_run();
}
