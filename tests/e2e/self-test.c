/* self-test.c - rows that check the harness itself rather than the plugin. */
#include "self-test.h"

#include <signal.h>
#include <string.h>

#include "scenario.h"
#include "testutil-fs.h"

static SimServer *(*server)(void);

/* The harness's own check (scenario.c): a run that ends in LeakSanitizer's
 * tracer crash is made again and judged on the second run; one with a real
 * report is not. The receiver fakes either end once (peer.c). */
static SimRun
run_faking_end(const char *fault, char **marker)
{
	SimSide s = { .plugin = TRUE }, r = { .plugin = TRUE, .faults = { fault } };
	char *dir = g_dir_make_tmp("sim-fake-san-XXXXXX", NULL);
	SimRun run;

	*marker = g_build_filename(dir, "once", NULL);
	g_free(dir);
	g_setenv("SIM_FAKE_SANITIZER_ONCE", *marker, TRUE);
	g_assert_true(sim_run_transfer(server(), "alice", "bob", &s, &r, 64 * 1024, 30, &run));
	g_unsetenv("SIM_FAKE_SANITIZER_ONCE");
	g_assert_true(g_file_test(*marker, G_FILE_TEST_EXISTS)); /* it did fake it */
	return run;
}

static void
remove_marker(char *marker)
{
	char *dir = g_path_get_dirname(marker);

	sim_test_remove_tree(dir);
	g_free(dir);
	g_free(marker);
}

static void
test_tracer_crash_rerun(void)
{
	char *marker;
	SimRun run = run_faking_end("lsan-tracer-crash-once", &marker);

	g_assert_cmpint(run.receiver.status, ==, 0);
	g_assert_cmpstr(sim_peer_field(&run.receiver, "sha256"), ==, run.source_sha256);
	g_assert_null(strstr(run.receiver.log, "LeakSanitizer"));
	sim_run_clear(&run);
	remove_marker(marker);
}

static void
test_leak_report_not_rerun(void)
{
	char *marker;
	SimRun run = run_faking_end("lsan-leak-once", &marker);

	g_assert_cmpint(run.receiver.status, ==, 128 + SIGABRT);
	g_assert_nonnull(strstr(run.receiver.log, "ERROR: LeakSanitizer: detected memory leaks"));
	sim_run_clear(&run);
	remove_marker(marker);
}

void
sim_self_test_add(SimServer *(*get_server)(void))
{
	server = get_server;
	g_test_add_func("/e2e/harness/sanitizer-tracer-crash-reruns", test_tracer_crash_rerun);
	g_test_add_func("/e2e/harness/sanitizer-leak-report-fails", test_leak_report_not_rerun);
}
