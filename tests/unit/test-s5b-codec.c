/* test-s5b-codec.c - the SOCKS5 and error parts of the stanza codec, and
 * hostile trees thrown at every entry point. */
#include <string.h>

#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

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
	g_assert_true(sim_test_node_valid(iq, "iq-error.xsd"));
	xmlnode_free(iq);
	iq = sim_iq_error_new(NULL, "q2", "not-acceptable", "modify", 0);
	g_assert_cmpint(sim_test_node_xpath_count(iq, "/iq/error[not(@code)]/st:not-acceptable"), ==, 1);
	g_assert_true(sim_test_node_valid(iq, "iq-error.xsd"));
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

static void
test_s5b_streamhosts_trimmed(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='q'><query xmlns='" NS_S5B "' sid='s'>"
		"<streamhost jid='a' host=' 10.0.0.1 ' port=' 7777 '/>"
		"<streamhost jid='b' host='   ' port='1'/><streamhost jid='c' host='h' port='   '/>"
		"<streamhost jid='d' host='h' port='+80'/><streamhost jid='e' host='h' port='0x50'/>"
		"<streamhost jid='f' host='h' port='8 0'/><streamhost jid='g' host='h' port='00080'/>"
		"</query></iq>");
	GPtrArray *hosts = sim_s5b_parse_streamhosts(node);
	SimStreamhost *sh;

	g_assert_cmpuint(hosts->len, ==, 2);
	sh = g_ptr_array_index(hosts, 0);
	g_assert_cmpstr(sh->host, ==, "10.0.0.1");
	g_assert_cmpuint(sh->port, ==, 7777);
	sh = g_ptr_array_index(hosts, 1);
	g_assert_cmpstr(sh->jid, ==, "g");
	g_assert_cmpuint(sh->port, ==, 80);
	g_ptr_array_unref(hosts);
	xmlnode_free(node);
}

/* A SOCKS5 query with `junk` unusable streamhosts, then one good one. */
static xmlnode *
query_after_junk(guint junk)
{
	xmlnode *iq = xmlnode_new("iq"), *query, *sh;
	guint i;

	xmlnode_set_attrib(iq, "type", "set");
	query = xmlnode_new_child(iq, "query");
	xmlnode_set_namespace(query, NS_S5B);
	xmlnode_set_attrib(query, "sid", "s");
	for (i = 0; i < junk; i++)
		xmlnode_set_attrib(xmlnode_new_child(query, "streamhost"), "jid", "no-host");
	sh = xmlnode_new_child(query, "streamhost");
	xmlnode_set_attrib(sh, "jid", "good");
	xmlnode_set_attrib(sh, "host", "127.0.0.1");
	xmlnode_set_attrib(sh, "port", "1080");
	return iq;
}

static void
test_s5b_streamhosts_examined_bound(void)
{
	xmlnode *near = query_after_junk(SIM_MAX_STREAMHOSTS * 4 - 1);
	xmlnode *far = query_after_junk(1000);
	GPtrArray *hosts;

	/* a little junk is skipped; past the examination bound nothing is read */
	hosts = sim_s5b_parse_streamhosts(near);
	g_assert_cmpuint(hosts->len, ==, 1);
	g_ptr_array_unref(hosts);
	hosts = sim_s5b_parse_streamhosts(far);
	g_assert_cmpuint(hosts->len, ==, 0);
	g_ptr_array_unref(hosts);
	xmlnode_free(near);
	xmlnode_free(far);
}

static void
test_s5b_streamhosts_wrong_stanzas(void)
{
	static const char *const bad[] = {
		"<iq type='result' id='q'><query xmlns='" NS_S5B "' sid='s'><streamhost jid='a' host='h' port='1'/></query></iq>",
		"<iq type='set' id='q'><query xmlns='urn:evil' sid='s'><streamhost jid='a' host='h' port='1'/></query></iq>",
		"<iq xmlns='urn:evil' type='set' id='q'><query xmlns='" NS_S5B "' sid='s'><streamhost jid='a' host='h' port='1'/></query></iq>",
		"<message><query xmlns='" NS_S5B "' sid='s'><streamhost jid='a' host='h' port='1'/></query></message>",
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		xmlnode *node = sim_test_node(bad[i]);

		g_assert_null(sim_s5b_parse_streamhosts(node));
		xmlnode_free(node);
	}
}

static void
test_s5b_used_wrong_ns(void)
{
	xmlnode *evil = sim_test_node("<iq type='result' id='q'><query xmlns='" NS_S5B "'>"
		"<streamhost-used xmlns='urn:evil' jid='x'/></query></iq>");
	xmlnode *evil_query = sim_test_node("<iq type='result' id='q'><query xmlns='urn:evil'>"
		"<streamhost-used jid='x'/></query></iq>");
	xmlnode *set = sim_test_node("<iq type='set' id='q'><query xmlns='" NS_S5B "'>"
		"<streamhost-used jid='x'/></query></iq>");
	xmlnode *nojid = sim_test_node("<iq type='result' id='q'><query xmlns='" NS_S5B "'>"
		"<streamhost-used/></query></iq>");

	g_assert_null(sim_s5b_used_jid(evil));
	g_assert_null(sim_s5b_used_jid(evil_query));
	g_assert_null(sim_s5b_used_jid(set));
	g_assert_null(sim_s5b_used_jid(nojid));
	g_assert_null(sim_s5b_used_jid(NULL));
	xmlnode_free(evil);
	xmlnode_free(evil_query);
	xmlnode_free(set);
	xmlnode_free(nojid);
}

static void
test_s5b_used_new_no_sid(void)
{
	xmlnode *iq = sim_s5b_used_new(NULL, "q9", NULL, "alice@localhost/r");

	g_assert_cmpint(sim_test_node_xpath_count(iq, "/iq[not(@to)][@id='q9']/bs:query[not(@sid)]"), ==, 1);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(iq, "query"), "bytestreams-used.xsd"));
	xmlnode_free(iq);
}

static void
test_iq_error_conditions_roundtrip(void)
{
	static const char *const conds[] = {
		"item-not-found", "bad-request", "not-acceptable", "forbidden", "service-unavailable"
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(conds); i++) {
		xmlnode *iq = sim_iq_error_new("a@b/c", "e", conds[i], "cancel", 0);
		char *xml = xmlnode_to_str(iq, NULL);
		xmlnode *again = sim_test_node(xml);

		g_assert_true(sim_test_validate(xml, "iq-error.xsd"));
		g_assert_cmpstr(sim_iq_error_condition(again), ==, conds[i]);
		g_free(xml);
		xmlnode_free(again);
		xmlnode_free(iq);
	}
}

static void
test_iq_error_condition_hostile(void)
{
	static const char *const none[] = {
		/* the error element itself in another namespace */
		"<iq type='error' id='e'><error xmlns='urn:evil' type='cancel'>"
		"<item-not-found xmlns='" SIM_NS_STANZAS "'/></error></iq>",
		/* no condition, only text */
		"<iq type='error' id='e'><error type='cancel'><text xmlns='" SIM_NS_STANZAS "'>x</text></error></iq>",
		/* no error element */
		"<iq type='error' id='e'/>",
		/* not an error iq */
		"<iq type='result' id='e'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/></error></iq>",
		/* a message error is not an iq error */
		"<message type='error'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/></error></message>",
	};
	xmlnode *client = sim_test_node("<iq xmlns='jabber:client' type='error' id='e'><query xmlns='"
		NS_S5B "'/><error type='cancel'><junk/><forbidden xmlns='" SIM_NS_STANZAS "'/></error></iq>");
	guint i;

	for (i = 0; i < G_N_ELEMENTS(none); i++) {
		xmlnode *node = sim_test_node(none[i]);

		g_assert_null(sim_iq_error_condition(node));
		xmlnode_free(node);
	}
	g_assert_cmpstr(sim_iq_error_condition(client), ==, "forbidden");
	g_assert_null(sim_iq_error_condition(NULL));
	xmlnode_free(client);
}

/* A chain of `depth` <junk/> elements under `parent`. */
static void
bury(xmlnode *parent, guint depth)
{
	guint i;

	for (i = 0; i < depth; i++)
		parent = xmlnode_new_child(parent, "junk");
}

static void
test_deep_junk_everywhere(void)
{
	/* 10,000 levels under every element the codec looks into */
	xmlnode *offer = sim_test_fixture_node("gabble-offer.xml");
	xmlnode *reply = sim_test_fixture_node("purple-accept.xml");
	xmlnode *query = sim_test_fixture_node("s5b-query.xml");
	xmlnode *err = sim_test_fixture_node("s5b-error.xml");
	xmlnode *si = xmlnode_get_child(offer, "si"), *x;
	SimMethodList l, order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	SimStanzaInfo info;
	GPtrArray *hosts;

	x = xmlnode_get_child(xmlnode_get_child(si, "feature"), "x");
	bury(si, 10000);
	bury(x, 10000);
	bury(xmlnode_get_child(xmlnode_get_child(x, "field"), "option"), 10000);
	bury(xmlnode_get_child(si, "si-multiple"), 10000);
	g_assert_cmpint(sim_classify(offer, &info), ==, SIM_KIND_SI_OFFER);
	g_assert_true(sim_offer_has_multiple(offer));
	g_assert_true(sim_offer_parse_methods(offer, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);

	bury(xmlnode_get_child(reply, "si"), 10000);
	g_assert_true(sim_reply_parse_chosen(reply, &l));
	g_assert_false(sim_reply_parse_multiple(reply, NULL, &l));
	g_assert_true(sim_reply_make_multiple(reply, &order));
	g_assert_true(sim_reply_parse_multiple(reply, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	g_assert_true(sim_reply_make_legacy(reply, &order));

	bury(xmlnode_get_child(query, "query"), 10000);
	hosts = sim_s5b_parse_streamhosts(query);
	g_assert_cmpuint(hosts->len, ==, 2);
	g_ptr_array_unref(hosts);

	bury(xmlnode_get_child(err, "error"), 10000);
	g_assert_cmpstr(sim_iq_error_condition(err), ==, "item-not-found");

	xmlnode_free(offer);
	xmlnode_free(reply);
	xmlnode_free(query);
	xmlnode_free(err);
}

/* ---- the receiver's report in a SOCKS5 error ---- */

static void
test_s5b_report_roundtrip(void)
{
	xmlnode *iq = sim_iq_error_new("alice@localhost/s", "q1", "item-not-found", "cancel", 404);
	guint tried = 99, refused = 99;

	g_assert_false(sim_s5b_error_report(iq, &tried, &refused));
	g_assert_cmpuint(tried, ==, 99); /* untouched when absent */
	sim_s5b_error_add_report(iq, 3, 1);
	g_assert_cmpint(sim_test_node_xpath_count(iq,
		"/iq/error/rep:streamhosts-failed[@tried='3'][@refused='1']"), ==, 1);
	/* still the defined condition libpurple reads, and valid */
	g_assert_cmpstr(sim_iq_error_condition(iq), ==, "item-not-found");
	g_assert_true(sim_test_node_valid(iq, "iq-error.xsd"));
	g_assert_true(sim_s5b_error_report(iq, &tried, &refused));
	g_assert_cmpuint(tried, ==, 3);
	g_assert_cmpuint(refused, ==, 1);
	xmlnode_free(iq);
	/* what we write is capped too */
	iq = sim_iq_error_new(NULL, "q2", "item-not-found", "cancel", 0);
	sim_s5b_error_add_report(iq, 500, 900);
	g_assert_cmpint(sim_test_node_xpath_count(iq,
		"/iq/error/rep:streamhosts-failed[@tried='16'][@refused='16']"), ==, 1);
	g_assert_true(sim_test_node_valid(iq, "iq-error.xsd"));
	xmlnode_free(iq);
}

/* Counts from the wire are never trusted: malformed is absent, large is
 * capped, refused never exceeds tried, the namespace must be ours. */
static void
test_s5b_report_hostile(void)
{
	static const struct { const char *xml; gboolean ok; guint tried, refused; } rows[] = {
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2' refused='0'/></error></iq>", TRUE, 2, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='999' refused='998'/></error></iq>", TRUE, 16, 16 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2' refused='7'/></error></iq>", TRUE, 2, 2 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='0' refused='0'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='-1' refused='0'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='12345678901' refused='0'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='urn:other' tried='2' refused='1'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/></error>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2' refused='1'/></iq>", FALSE, 0, 0 },
		{ "<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='urn:other'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2' refused='1'/></error></iq>", FALSE, 0, 0 },
		{ "<iq type='result' id='1'><error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/>"
		  "<streamhosts-failed xmlns='" SIM_NS_S5B_REPORT "' tried='2' refused='1'/></error></iq>", FALSE, 0, 0 },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(rows); i++) {
		xmlnode *iq = sim_test_node(rows[i].xml);
		guint tried = 0, refused = 0;

		g_assert_cmpint(sim_s5b_error_report(iq, &tried, &refused), ==, rows[i].ok);
		if (rows[i].ok) {
			g_assert_cmpuint(tried, ==, rows[i].tried);
			g_assert_cmpuint(refused, ==, rows[i].refused);
		}
		xmlnode_free(iq);
	}
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
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
	g_test_add_func("/codec/s5b/streamhosts-trimmed", test_s5b_streamhosts_trimmed);
	g_test_add_func("/codec/s5b/streamhosts-examined-bound", test_s5b_streamhosts_examined_bound);
	g_test_add_func("/codec/s5b/streamhosts-wrong-stanzas", test_s5b_streamhosts_wrong_stanzas);
	g_test_add_func("/codec/s5b/used-wrong-ns", test_s5b_used_wrong_ns);
	g_test_add_func("/codec/s5b/used-new-no-sid", test_s5b_used_new_no_sid);
	g_test_add_func("/codec/error/conditions-roundtrip", test_iq_error_conditions_roundtrip);
	g_test_add_func("/codec/error/condition-hostile", test_iq_error_condition_hostile);
	g_test_add_func("/codec/hostile/deep-junk-everywhere", test_deep_junk_everywhere);
	g_test_add_func("/codec/error/s5b-report-roundtrip", test_s5b_report_roundtrip);
	g_test_add_func("/codec/error/s5b-report-hostile", test_s5b_report_hostile);
	return g_test_run();
}
