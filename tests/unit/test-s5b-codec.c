/* test-s5b-codec.c - the SOCKS5 and error parts of the stanza codec, and
 * hostile trees thrown at every entry point. */
#include <string.h>

#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"

#define NS_S5B SIM_NS_BYTESTREAMS
#define NS_IBB SIM_NS_IBB

/* ---- SOCKS5 ---- */

static void
test_s5b_streamhosts(void)
{
	xmlnode *node = sim_test_fixture_node("s5b-query.xml");
	GPtrArray *hosts = sim_s5b_parse_streamhosts(node);
	SimStreamhost *sh;

	g_assert_nonnull(hosts);
	g_assert_cmpuint(hosts->len, ==, 2);
	sh = g_ptr_array_index(hosts, 0);
	g_assert_cmpstr(sh->jid, ==, "alice@localhost/r");
	g_assert_cmpstr(sh->host, ==, "127.0.0.1");
	g_assert_cmpuint(sh->port, ==, 44219);
	sh = g_ptr_array_index(hosts, 1);
	g_assert_cmpstr(sh->jid, ==, "proxy.localhost");
	g_ptr_array_unref(hosts);
	xmlnode_free(node);
}

static void
test_s5b_streamhosts_bad_entries(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='q'><query xmlns='" NS_S5B "' sid='s'>"
		"<streamhost jid='a' host='h' port='0'/><streamhost jid='a' host='h' port='65536'/>"
		"<streamhost jid='a' host='h' port='12a'/><streamhost jid='a' host='h' port='-1'/>"
		"<streamhost jid='a' host='h' port=''/><streamhost jid='a' host='h' port='123456'/>"
		"<streamhost host='h' port='1'/><streamhost jid='a' port='1'/><streamhost jid='' host='h' port='1'/>"
		"<streamhost xmlns='urn:evil' jid='a' host='h' port='1'/>"
		"<streamhost jid='ok' host='127.0.0.1' port='65535'/></query></iq>");
	GPtrArray *hosts = sim_s5b_parse_streamhosts(node);

	g_assert_cmpuint(hosts->len, ==, 1);
	g_assert_cmpstr(((SimStreamhost *)g_ptr_array_index(hosts, 0))->jid, ==, "ok");
	g_assert_cmpuint(((SimStreamhost *)g_ptr_array_index(hosts, 0))->port, ==, 65535);
	g_ptr_array_unref(hosts);
	xmlnode_free(node);
}

static void
test_s5b_streamhosts_capped(void)
{
	xmlnode *iq = xmlnode_new("iq"), *query;
	GPtrArray *hosts;
	guint i;

	xmlnode_set_attrib(iq, "type", "set");
	query = xmlnode_new_child(iq, "query");
	xmlnode_set_namespace(query, NS_S5B);
	xmlnode_set_attrib(query, "sid", "s");
	for (i = 0; i < 1000; i++) {
		xmlnode *sh = xmlnode_new_child(query, "streamhost");

		xmlnode_set_attrib(sh, "jid", "x@y/z");
		xmlnode_set_attrib(sh, "host", "127.0.0.1");
		xmlnode_set_attrib(sh, "port", "1080");
	}
	hosts = sim_s5b_parse_streamhosts(iq);
	g_assert_cmpuint(hosts->len, ==, SIM_MAX_STREAMHOSTS);
	g_ptr_array_unref(hosts);
	xmlnode_free(iq);
}

static void
test_s5b_streamhosts_not_query(void)
{
	xmlnode *used = sim_test_fixture_node("s5b-used.xml");
	xmlnode *open = sim_test_fixture_node("ibb-open.xml");

	g_assert_null(sim_s5b_parse_streamhosts(used));
	g_assert_null(sim_s5b_parse_streamhosts(open));
	g_assert_null(sim_s5b_parse_streamhosts(NULL));
	xmlnode_free(used);
	xmlnode_free(open);
}

static void
test_s5b_used(void)
{
	xmlnode *node = sim_test_fixture_node("s5b-used.xml");
	xmlnode *query = sim_test_fixture_node("s5b-query.xml");

	g_assert_cmpstr(sim_s5b_used_jid(node), ==, "alice@localhost/r");
	g_assert_null(sim_s5b_used_jid(query));
	xmlnode_free(node);
	xmlnode_free(query);
}

static void
test_s5b_used_new(void)
{
	xmlnode *iq = sim_s5b_used_new("alice@localhost/r", "q1", "sid1", "proxy.localhost");
	SimStanzaInfo info;

	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_S5B_USED);
	g_assert_cmpstr(info.id, ==, "q1");
	g_assert_cmpstr(info.to, ==, "alice@localhost/r");
	g_assert_cmpstr(sim_s5b_used_jid(iq), ==, "proxy.localhost");
	g_assert_cmpint(sim_test_node_xpath_count(iq,
		"/iq[@type='result']/bs:query[@sid='sid1']/bs:streamhost-used[@jid='proxy.localhost']"), ==, 1);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(iq, "query"), "bytestreams-used.xsd"));
	xmlnode_free(iq);
}

/* ---- errors ---- */

static void
test_iq_error_new(void)
{
	xmlnode *iq = sim_iq_error_new("alice@localhost/r", "q1", "item-not-found", "cancel", 404);
	SimStanzaInfo info;

	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_IQ_ERROR);
	g_assert_cmpint(sim_test_node_xpath_count(iq,
		"/iq[@type='error'][@id='q1'][@to='alice@localhost/r']/error[@type='cancel'][@code='404']"
		"/st:item-not-found"), ==, 1);
	g_assert_cmpstr(sim_iq_error_condition(iq), ==, "item-not-found");
	xmlnode_free(iq);
	iq = sim_iq_error_new(NULL, "q2", "not-acceptable", "modify", 0);
	g_assert_cmpint(sim_test_node_xpath_count(iq, "/iq/error[not(@code)]/st:not-acceptable"), ==, 1);
	xmlnode_free(iq);
}

static void
test_iq_error_condition(void)
{
	xmlnode *node = sim_test_fixture_node("s5b-error.xml");
	xmlnode *texty = sim_test_node("<iq type='error' id='e'><error type='cancel'>"
		"<text xmlns='" SIM_NS_STANZAS "'>no</text><forbidden xmlns='" SIM_NS_STANZAS "'/></error></iq>");
	xmlnode *evil = sim_test_node("<iq type='error' id='e'><error type='cancel'>"
		"<item-not-found xmlns='urn:evil'/></error></iq>");
	xmlnode *result = sim_test_fixture_node("s5b-used.xml");

	g_assert_cmpstr(sim_iq_error_condition(node), ==, "item-not-found");
	g_assert_cmpstr(sim_iq_error_condition(texty), ==, "forbidden");
	g_assert_null(sim_iq_error_condition(evil));
	g_assert_null(sim_iq_error_condition(result));
	xmlnode_free(node);
	xmlnode_free(texty);
	xmlnode_free(evil);
	xmlnode_free(result);
}

/* ---- hostile trees ---- */

static void
test_deep_junk(void)
{
	xmlnode *iq = xmlnode_new("iq"), *n, *si;
	SimStanzaInfo info;
	SimMethodList l;
	GPtrArray *hosts;
	guint i;

	xmlnode_set_attrib(iq, "type", "set");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	n = si;
	for (i = 0; i < 10000; i++)
		n = xmlnode_new_child(n, "junk");
	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_OTHER);
	g_assert_false(sim_offer_add_multiple(iq));
	g_assert_false(sim_reply_parse_multiple(iq, NULL, &l));
	hosts = sim_s5b_parse_streamhosts(iq);
	g_assert_null(hosts);
	xmlnode_free(iq);
}

static void
test_text_and_comment_nodes(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'>text<si xmlns='" SIM_NS_SI "'>more"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'>x<value>" NS_IBB "</value>y</si-multiple></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(node);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
	sim_test_xml_init();
	g_test_add_func("/codec/s5b/streamhosts", test_s5b_streamhosts);
	g_test_add_func("/codec/s5b/streamhosts-bad-entries", test_s5b_streamhosts_bad_entries);
	g_test_add_func("/codec/s5b/streamhosts-capped", test_s5b_streamhosts_capped);
	g_test_add_func("/codec/s5b/streamhosts-not-query", test_s5b_streamhosts_not_query);
	g_test_add_func("/codec/s5b/used", test_s5b_used);
	g_test_add_func("/codec/s5b/used-new", test_s5b_used_new);
	g_test_add_func("/codec/error/new", test_iq_error_new);
	g_test_add_func("/codec/error/condition", test_iq_error_condition);
	g_test_add_func("/codec/hostile/deep-junk", test_deep_junk);
	g_test_add_func("/codec/hostile/text-nodes", test_text_and_comment_nodes);
	return g_test_run();
}
