/* test-codec-missing.c - options, fields and lists without their <value/>:
 * skipped quietly (libpurple's xmlnode_get_data(NULL) would be a GLib
 * critical, fatal in the tests and noisy in a user's client). */
#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"

static void
test_missing_values(void)
{
	xmlnode *offer = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='form'>"
		"<field var='stream-method'><option/><option label='x'>text</option>"
		"<option><value>" SIM_NS_IBB "</value></option></field></x></feature></si></iq>");
	xmlnode *reply = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='submit'>"
		"<field var='stream-method'/><field var='stream-method'><value/></field></x></feature>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><option/><option><junk/></option></si-multiple></si></iq>");
	SimMethodList l;

	g_assert_true(sim_offer_parse_methods(offer, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	g_assert_true(sim_reply_parse_multiple(reply, NULL, &l));
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_false(sim_reply_parse_chosen(reply, &l));
	xmlnode_free(offer);
	xmlnode_free(reply);
}

static void
test_remove_many_children(void)
{
	/* a reply with thousands of feature forms is rewritten in one pass */
	xmlnode *iq = xmlnode_new("iq"), *si;
	SimMethodList order = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_NONE);
	guint i;

	xmlnode_set_attrib(iq, "type", "result");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	for (i = 0; i < 10000; i++)
		xmlnode_set_namespace(xmlnode_new_child(si, "feature"), SIM_NS_FEATURE_NEG);
	g_assert_true(sim_reply_make_legacy(iq, &order));
	g_assert_cmpint(sim_test_node_xpath_count(iq, "//fn:feature"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(iq, "//x:field"), ==, 1);
	xmlnode_free(iq);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
	sim_test_xml_init();
	g_test_add_func("/codec/hostile/missing-values", test_missing_values);
	g_test_add_func("/codec/hostile/many-feature-forms", test_remove_many_children);
	return g_test_run();
}
