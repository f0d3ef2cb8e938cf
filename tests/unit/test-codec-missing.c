/* test-codec-missing.c - hostile shapes for the rewriting side of the
 * codec (missing <value/>s are covered in test-codec.c). */
#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

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
	sim_test_init(&argc, &argv);
	sim_test_xml_init();
	g_test_add_func("/codec/hostile/many-feature-forms", test_remove_many_children);
	return g_test_run();
}
