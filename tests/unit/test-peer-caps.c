/* test-peer-caps.c - recognising contacts that run the plugin from the
 * disco#info answers libpurple asked for. */
#include "peer-caps.h"
#include "si-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

#define GC1 ((PurpleConnection *)GINT_TO_POINTER(0x1000))
#define GC2 ((PurpleConnection *)GINT_TO_POINTER(0x2000))

static void
observe(PurpleConnection *gc, const char *xml)
{
	xmlnode *node = sim_test_node(xml);

	sim_peer_caps_observe(gc, node);
	xmlnode_free(node);
}

#define DISCO(from, features) \
	"<iq xmlns='jabber:client' type='result' id='d1' from='" from "'>" \
	"<query xmlns='http://jabber.org/protocol/disco#info'>" features "</query></iq>"
#define OURS "<feature var='" SIM_NS_MULTIPLE "'/>"

static void
test_marks_and_clears(void)
{
	sim_peer_caps_init();
	observe(GC1, DISCO("bob@x/r", "<feature var='jabber:iq:version'/>" OURS));
	g_assert_true(sim_peer_caps_runs_plugin(GC1, "bob@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "bob@x/other"));
	g_assert_false(sim_peer_caps_runs_plugin(GC2, "bob@x/r"));
	/* a later answer without the feature: the plugin is gone */
	observe(GC1, DISCO("bob@x/r", "<feature var='jabber:iq:version'/>"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "bob@x/r"));
	sim_peer_caps_shutdown();
}

static void
test_ignores_others(void)
{
	sim_peer_caps_init();
	/* a caps node query, an error, a get and another namespace say nothing */
	observe(GC1, "<iq type='result' from='a@x/r'><query xmlns='http://jabber.org/protocol/disco#info'"
	             " node='http://pidgin.im/#abc'>" OURS "</query></iq>");
	observe(GC1, "<iq type='error' from='b@x/r'><query xmlns='http://jabber.org/protocol/disco#info'>"
	             OURS "</query></iq>");
	observe(GC1, "<iq type='get' from='c@x/r'><query xmlns='http://jabber.org/protocol/disco#info'>"
	             OURS "</query></iq>");
	observe(GC1, "<iq type='result' from='d@x/r'><query xmlns='urn:evil'>" OURS "</query></iq>");
	observe(GC1, "<iq type='result'><query xmlns='http://jabber.org/protocol/disco#info'>" OURS
	             "</query></iq>");
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "a@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "b@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "c@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "d@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, NULL));
	sim_peer_caps_shutdown();
}

static void
test_drop_and_cap(void)
{
	guint i;

	sim_peer_caps_init();
	for (i = 0; i < SIM_PEER_CAPS_MAX + 10; i++) {
		char *xml = g_strdup_printf("<iq type='result' from='u%u@x/r'><query xmlns="
		                            "'http://jabber.org/protocol/disco#info'>" OURS "</query></iq>", i);

		observe(GC1, xml);
		g_free(xml);
	}
	/* bounded: the table was emptied when full, the newest are known */
	g_assert_true(sim_peer_caps_runs_plugin(GC1, "u265@x/r"));
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "u0@x/r"));
	sim_peer_caps_drop_connection(GC1);
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "u265@x/r"));
	sim_peer_caps_shutdown();
	/* after shutdown nothing is known and nothing breaks */
	g_assert_false(sim_peer_caps_runs_plugin(GC1, "u265@x/r"));
	observe(GC1, DISCO("bob@x/r", OURS));
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	sim_test_xml_init();
	g_test_add_func("/peer-caps/marks-and-clears", test_marks_and_clears);
	g_test_add_func("/peer-caps/ignores-others", test_ignores_others);
	g_test_add_func("/peer-caps/drop-and-cap", test_drop_and_cap);
	return g_test_run();
}
