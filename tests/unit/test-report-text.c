/* test-report-text.c - what the user is told: every reason has a sentence
 * for the sender and one for the receiver, naming the contact, in English,
 * German and French (through the built catalogs beside the plugin). */
#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "report-text.h"
#include "testutil.h"

static const char *langs[] = { "de", "fr" };

static char *
reason(SimReason why, SimRole role, guint tried, guint refused)
{
	return sim_text_reason(why, role, "Bob", tried, refused);
}

static void
test_every_reason_both_roles(void)
{
	guint why;

	for (why = 0; why < SIM_REASON_COUNT; why++) {
		char *s = reason(why, SIM_ROLE_SENDER, 0, 0);
		char *r = reason(why, SIM_ROLE_RECEIVER, 0, 0);

		g_assert_cmpstr(s, !=, "");
		g_assert_cmpstr(r, !=, "");
		/* each side's own sentence, not one shared text */
		g_assert_cmpstr(s, !=, r);
		if (why != SIM_REASON_UNLOADED) {
			g_assert_nonnull(strstr(s, "Bob"));
			g_assert_nonnull(strstr(r, "Bob"));
		}
		g_free(s);
		g_free(r);
	}
}

static void
check(char *text, const char *expected)
{
	g_assert_cmpstr(text, ==, expected);
	g_free(text);
}

/* SOCKS5 from each side: the receiver could not reach the sender; the
 * sender learns it, with the counts the receiver reported, if any. */
static void
test_socks5_direction_and_counts(void)
{
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_RECEIVER, 2, 2),
	      "Could not connect to Bob directly (2 addresses refused)");
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_RECEIVER, 0, 0),
	      "Could not connect to Bob directly");
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_SENDER, 2, 0),
	      "Bob could not connect to you directly (2 addresses did not answer)");
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_SENDER, 3, 1),
	      "Bob could not connect to you directly (1 of 3 addresses refused, the rest did not answer)");
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_SENDER, 1, 1),
	      "Bob could not connect to you directly (1 address refused)");
	/* a stock receiver reports no counts */
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_SENDER, 0, 0),
	      "Bob could not connect to you directly (no address worked)");
	/* more refused than tried cannot be: capped */
	check(reason(SIM_REASON_S5B_FAILED, SIM_ROLE_RECEIVER, 2, 9),
	      "Could not connect to Bob directly (2 addresses refused)");
	check(reason(SIM_REASON_S5B_NO_ANSWER, SIM_ROLE_SENDER, 0, 0),
	      "Bob did not answer the offer to connect directly");
	check(reason(SIM_REASON_S5B_STALLED, SIM_ROLE_RECEIVER, 0, 0),
	      "Connecting directly to Bob took too long");
}

static void
test_fallback_and_failure(void)
{
	check(sim_text_fallback(SIM_ROLE_SENDER, SIM_METHOD_IBB, "X"),
	      "X; sending in-band instead, which is slower");
	check(sim_text_fallback(SIM_ROLE_RECEIVER, SIM_METHOD_IBB, "X"),
	      "X; receiving in-band instead, which is slower");
	check(sim_text_fallback(SIM_ROLE_SENDER, SIM_METHOD_S5B, "X"), "X; trying another method");
	check(sim_text_failure("report.pdf", "X"), "Transfer of report.pdf failed: X");
	check(sim_text_failure(NULL, "X"), "File transfer failed: X");
	check(sim_text_offline("report.pdf"), "Transfer of report.pdf stopped: your account went offline");
	check(sim_text_offline(NULL), "File transfer stopped: your account went offline");
}

/* All sentences of one language, one per line, to compare with English. */
static GPtrArray *
all_sentences(void)
{
	GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
	guint why;

	for (why = 0; why < SIM_REASON_COUNT; why++) {
		g_ptr_array_add(all, reason(why, SIM_ROLE_SENDER, 0, 0));
		g_ptr_array_add(all, reason(why, SIM_ROLE_RECEIVER, 0, 0));
	}
	g_ptr_array_add(all, reason(SIM_REASON_S5B_FAILED, SIM_ROLE_SENDER, 3, 1));
	g_ptr_array_add(all, reason(SIM_REASON_S5B_FAILED, SIM_ROLE_RECEIVER, 2, 2));
	g_ptr_array_add(all, reason(SIM_REASON_S5B_FAILED, SIM_ROLE_RECEIVER, 1, 0));
	g_ptr_array_add(all, sim_text_fallback(SIM_ROLE_SENDER, SIM_METHOD_IBB, "X"));
	g_ptr_array_add(all, sim_text_fallback(SIM_ROLE_RECEIVER, SIM_METHOD_IBB, "X"));
	g_ptr_array_add(all, sim_text_fallback(SIM_ROLE_SENDER, SIM_METHOD_S5B, "X"));
	g_ptr_array_add(all, sim_text_failure("f", "X"));
	g_ptr_array_add(all, sim_text_failure(NULL, "X"));
	g_ptr_array_add(all, sim_text_offline("f"));
	g_ptr_array_add(all, sim_text_offline(NULL));
	return all;
}

static void
use_language(const char *lang)
{
	g_setenv("LANGUAGE", lang, TRUE);
	/* a changed locale makes gettext drop what it cached */
	g_assert_nonnull(setlocale(LC_ALL, "C"));
	g_assert_nonnull(setlocale(LC_ALL, "C.UTF-8"));
}

/* Every sentence is translated: none comes out in English. */
static void
test_translated(gconstpointer data)
{
	const char *lang = data;
	char *localedir = g_build_filename(g_getenv("SIM_PLUGIN_DIR"), "locale", NULL);
	char *mo = g_build_filename(localedir, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
	GPtrArray *en, *tr;
	guint i;

	g_assert_true(g_file_test(mo, G_FILE_TEST_EXISTS));
	bindtextdomain(GETTEXT_PACKAGE, localedir);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	use_language("en");
	en = all_sentences();
	use_language(lang);
	tr = all_sentences();
	for (i = 0; i < en->len; i++) {
		const char *e = g_ptr_array_index(en, i), *t = g_ptr_array_index(tr, i);

		if (g_strcmp0(e, t) == 0)
			g_error("[%s] not translated: \"%s\"", lang, e);
		g_assert_true(g_utf8_validate(t, -1, NULL));
	}
	use_language("en");
	g_ptr_array_unref(en);
	g_ptr_array_unref(tr);
	g_free(mo);
	g_free(localedir);
}

int
main(int argc, char **argv)
{
	guint i;

	sim_test_init(&argc, &argv);
	g_test_add_func("/report-text/every-reason-both-roles", test_every_reason_both_roles);
	g_test_add_func("/report-text/socks5-direction-and-counts", test_socks5_direction_and_counts);
	g_test_add_func("/report-text/fallback-and-failure", test_fallback_and_failure);
	for (i = 0; i < G_N_ELEMENTS(langs); i++) {
		char *path = g_strdup_printf("/report-text/translated/%s", langs[i]);

		g_test_add_data_func(path, langs[i], test_translated);
		g_free(path);
	}
	return g_test_run();
}
