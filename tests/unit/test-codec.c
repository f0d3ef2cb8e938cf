/* test-codec.c - the si-multiple stanza codec: fixtures from the spec page,
 * stanzas as libpurple 2.14 sends them, and hostile input. Emitted XML is
 * checked with XPath and validated against the schemas in tests/schema/. */
#include <string.h>

#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

#define NS_S5B SIM_NS_BYTESTREAMS
#define NS_IBB SIM_NS_IBB

/* ---- methods and lists ---- */

static void
test_method_names(void)
{
	g_assert_cmpstr(sim_method_ns(SIM_METHOD_S5B), ==, NS_S5B);
	g_assert_cmpstr(sim_method_ns(SIM_METHOD_IBB), ==, NS_IBB);
	g_assert_null(sim_method_ns(SIM_METHOD_NONE));
	g_assert_cmpstr(sim_method_name(SIM_METHOD_S5B), ==, "socks5");
	g_assert_cmpstr(sim_method_name(SIM_METHOD_IBB), ==, "ibb");
	g_assert_cmpstr(sim_method_name((SimMethod)42), ==, "none");
}

static void
test_method_from_ns(void)
{
	g_assert_cmpint(sim_method_from_ns(NS_S5B), ==, SIM_METHOD_S5B);
	g_assert_cmpint(sim_method_from_ns("  \n" NS_IBB "\t "), ==, SIM_METHOD_IBB);
	g_assert_cmpint(sim_method_from_ns("http://jabber.org/protocol/IBB"), ==, SIM_METHOD_NONE);
	g_assert_cmpint(sim_method_from_ns(NS_IBB "x"), ==, SIM_METHOD_NONE);
	g_assert_cmpint(sim_method_from_ns(""), ==, SIM_METHOD_NONE);
	g_assert_cmpint(sim_method_from_ns(NULL), ==, SIM_METHOD_NONE);
}

static void
test_list_add_dedup(void)
{
	SimMethodList l;

	sim_method_list_clear(&l);
	g_assert_true(sim_method_list_add(&l, SIM_METHOD_IBB));
	g_assert_false(sim_method_list_add(&l, SIM_METHOD_IBB));
	g_assert_false(sim_method_list_add(&l, SIM_METHOD_NONE));
	g_assert_false(sim_method_list_add(&l, SIM_METHOD_COUNT_));
	g_assert_true(sim_method_list_add(&l, SIM_METHOD_S5B));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	g_assert_true(sim_method_list_has(&l, SIM_METHOD_S5B));
}

static void
test_list_intersect_keeps_order(void)
{
	SimMethodList l = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
	SimMethodList allowed = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE);

	sim_method_list_intersect(&l, &allowed);
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_NONE);
	l = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
	allowed = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	sim_method_list_intersect(&l, &allowed);
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
}

/* ---- offers ---- */

static void
test_offer_add_multiple(void)
{
	xmlnode *node = sim_test_fixture_node("purple-offer.xml");
	xmlnode *sm;

	g_assert_false(sim_offer_has_multiple(node));
	g_assert_true(sim_offer_add_multiple(node));
	g_assert_true(sim_offer_has_multiple(node));
	g_assert_cmpint(sim_test_node_xpath_count(node, "/iq/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "/iq/si:si/sm:si-multiple/node()"), ==, 0);
	/* nothing else changed */
	g_assert_cmpint(sim_test_node_xpath_count(node, "/iq/si:si/fn:feature/x:x/x:field/x:option"), ==, 2);
	sm = xmlnode_get_child_with_namespace(xmlnode_get_child(node, "si"), "si-multiple", SIM_NS_MULTIPLE);
	g_assert_true(sim_test_node_valid(sm, "si-multiple.xsd"));
	xmlnode_free(node);
}

static void
test_offer_add_multiple_idempotent(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-offer.xml");

	g_assert_true(sim_offer_has_multiple(node));
	g_assert_true(sim_offer_add_multiple(node));
	g_assert_true(sim_offer_add_multiple(node));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//sm:si-multiple"), ==, 1);
	xmlnode_free(node);
}

static void
test_offer_add_multiple_refuses_non_offers(void)
{
	static const char *const names[] = {
		"purple-accept.xml", "gabble-reply.xml", "s5b-query.xml", "ibb-open.xml"
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(names); i++) {
		xmlnode *node = sim_test_fixture_node(names[i]);
		char *before = xmlnode_to_str(node, NULL), *after;

		g_assert_false(sim_offer_add_multiple(node));
		after = xmlnode_to_str(node, NULL);
		g_assert_cmpstr(before, ==, after);
		g_free(before);
		g_free(after);
		xmlnode_free(node);
	}
	g_assert_false(sim_offer_add_multiple(NULL));
}

static void
test_offer_has_multiple_wrong_ns(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'/><si-multiple xmlns='urn:evil'/></si></iq>");

	g_assert_false(sim_offer_has_multiple(node));
	g_assert_true(sim_offer_add_multiple(node));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//sm:si-multiple"), ==, 1);
	xmlnode_free(node);
}

static void
test_offer_parse_methods(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-offer.xml");
	SimMethodList l;

	g_assert_true(sim_offer_parse_methods(node, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	xmlnode_free(node);
}

static void
test_offer_parse_methods_unknown_and_order(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='form'>"
		"<field var='other'><option><value>" NS_S5B "</value></option></field>"
		"<field var='stream-method'><option><value>urn:unknown</value></option>"
		"<option><value> " NS_IBB " </value></option><option><value>" NS_IBB "</value></option>"
		"<option><value>" NS_S5B "</value></option></field></x></feature></si></iq>");
	SimMethodList l;

	g_assert_true(sim_offer_parse_methods(node, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode_free(node);
}

static void
test_offer_parse_methods_none(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='form'>"
		"<field var='stream-method'><option><value>urn:a</value></option></field></x></feature></si></iq>");
	xmlnode *reply = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList l;

	g_assert_false(sim_offer_parse_methods(node, &l));
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_false(sim_offer_parse_methods(reply, &l));
	xmlnode_free(node);
	xmlnode_free(reply);
}

static void
test_offer_parse_methods_wrong_form_ns(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='urn:evil' type='form'>"
		"<field var='stream-method'><option><value>" NS_S5B "</value></option></field></x></feature></si></iq>");
	SimMethodList l;

	g_assert_false(sim_offer_parse_methods(node, &l));
	xmlnode_free(node);
}

/* ---- replies ---- */

static void
test_reply_parse_gabble(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	xmlnode_free(node);
}

static void
test_reply_parse_draft_sloppy(void)
{
	xmlnode *node = sim_test_fixture_node("draft-reply.xml");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode_free(node);
}

static void
test_reply_parse_bare_si(void)
{
	xmlnode *node = sim_test_node("<si xmlns='" SIM_NS_SI "'><si-multiple xmlns='" SIM_NS_MULTIPLE
		"'><value>" NS_IBB "</value></si-multiple></si>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(node);
}

static void
test_reply_parse_form_and_list(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='submit'>"
		"<field var='stream-method'><value>" NS_S5B "</value></field></x></feature>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><value>" NS_IBB "</value></si-multiple></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	/* the list first, then what the form chose */
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode_free(node);
}

static void
test_reply_parse_options_tolerated(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><option><value>" NS_S5B "</value></option>"
		"<junk/><value/><value>   </value><value>urn:x</value><value>" NS_S5B "</value>"
		"<value>" NS_IBB "</value></si-multiple></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	xmlnode_free(node);
}

static void
test_reply_parse_limited_to_offered(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList offered = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_NONE), l;

	g_assert_true(sim_reply_parse_multiple(node, &offered, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(node);
}

static void
test_reply_parse_empty_list(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'/></si></iq>");
	SimMethodList l;

	/* si-multiple present but nothing usable: "no usable method" */
	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	g_assert_cmpuint(l.n, ==, 0);
	xmlnode_free(node);
}

static void
test_reply_parse_not_multiple(void)
{
	xmlnode *plain = sim_test_fixture_node("purple-accept.xml");
	xmlnode *evil = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<si-multiple xmlns='urn:evil'><value>" NS_IBB "</value></si-multiple></si></iq>");
	xmlnode *evil_si = sim_test_node("<iq type='result' id='1'><si xmlns='urn:evil'>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><value>" NS_IBB "</value></si-multiple></si></iq>");
	SimMethodList l;

	g_assert_false(sim_reply_parse_multiple(plain, NULL, &l));
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_false(sim_reply_parse_multiple(evil, NULL, &l));
	g_assert_false(sim_reply_parse_multiple(evil_si, NULL, &l));
	g_assert_false(sim_reply_parse_multiple(NULL, NULL, &l));
	xmlnode_free(plain);
	xmlnode_free(evil);
	xmlnode_free(evil_si);
}

/* A reply whose list holds `n` junk values followed by IBB. */
static xmlnode *
reply_with_many_values(guint n)
{
	xmlnode *iq = xmlnode_new("iq"), *si, *sm;
	guint i;

	xmlnode_set_attrib(iq, "type", "result");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	sm = xmlnode_new_child(si, "si-multiple");
	xmlnode_set_namespace(sm, SIM_NS_MULTIPLE);
	for (i = 0; i < n; i++)
		xmlnode_insert_data(xmlnode_new_child(sm, "value"), "urn:junk", -1);
	xmlnode_insert_data(xmlnode_new_child(sm, "value"), NS_IBB, -1);
	return iq;
}

static void
test_reply_parse_capped(void)
{
	xmlnode *huge = reply_with_many_values(10000);
	xmlnode *small = reply_with_many_values(SIM_MAX_WIRE_VALUES - 1);
	SimMethodList l;

	/* IBB sits after 10,000 junk values: never read */
	g_assert_true(sim_reply_parse_multiple(huge, NULL, &l));
	g_assert_cmpuint(l.n, ==, 0);
	/* within the cap it is read */
	g_assert_true(sim_reply_parse_multiple(small, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(huge);
	xmlnode_free(small);
}

static void
test_reply_parse_chosen(void)
{
	xmlnode *plain = sim_test_fixture_node("purple-accept.xml");
	xmlnode *multiple = sim_test_fixture_node("gabble-reply.xml");
	xmlnode *evil = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<feature xmlns='urn:evil'><x xmlns='jabber:x:data' type='submit'>"
		"<field var='stream-method'><value>" NS_S5B "</value></field></x></feature></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_chosen(plain, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_NONE);
	g_assert_false(sim_reply_parse_chosen(multiple, &l));
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_false(sim_reply_parse_chosen(evil, &l));
	xmlnode_free(plain);
	xmlnode_free(multiple);
	xmlnode_free(evil);
}

static void
test_multiple_new(void)
{
	SimMethodList order = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode *sm = sim_multiple_new(&order);
	char *first;

	g_assert_cmpint(sim_test_node_xpath_count(sm, "/sm:si-multiple/sm:value"), ==, 2);
	first = sim_test_node_xpath_string(sm, "/sm:si-multiple/sm:value[1]");
	g_assert_cmpstr(first, ==, NS_IBB);
	g_assert_true(sim_test_node_valid(sm, "si-multiple.xsd"));
	g_free(first);
	xmlnode_free(sm);
}

static void
test_multiple_new_empty_valid(void)
{
	SimMethodList none;
	xmlnode *sm;

	sim_method_list_clear(&none);
	sm = sim_multiple_new(&none);
	g_assert_cmpint(sim_test_node_xpath_count(sm, "/sm:si-multiple/*"), ==, 0);
	g_assert_true(sim_test_node_valid(sm, "si-multiple.xsd"));
	xmlnode_free(sm);
}

static void
test_reply_make_multiple_gabble_form(void)
{
	xmlnode *node = sim_test_fixture_node("purple-accept.xml");
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	char *v2;

	g_assert_true(sim_reply_make_multiple(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//fn:feature"), ==, 0);
	g_assert_cmpint(sim_test_node_xpath_count(node, "/iq[@type='result'][@id='purplee9bc4afa']"
		"[@to='alice@localhost/r']/si:si/ft:file[not(node())][not(@*)]"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "/iq/si:si/sm:si-multiple/sm:value"), ==, 2);
	v2 = sim_test_node_xpath_string(node, "/iq/si:si/sm:si-multiple/sm:value[2]");
	g_assert_cmpstr(v2, ==, NS_IBB);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(node, "si"), "si-reply.xsd"));
	g_free(v2);
	xmlnode_free(node);
}

static void
test_reply_make_multiple_matches_spec(void)
{
	/* our reply, built from libpurple's, equals the spec's reply element for element */
	xmlnode *ours = sim_test_fixture_node("purple-accept.xml");
	char *spec = sim_test_fixture("gabble-reply.xml");
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	char *ours_xml;
	static const char *const probes[] = {
		"count(/*/si:si/*)", "string(/*/si:si/sm:si-multiple/sm:value[1])",
		"string(/*/si:si/sm:si-multiple/sm:value[2])", "count(/*/si:si/ft:file/node())",
		"name(/*/si:si/*[1])", "name(/*/si:si/*[2])",
	};
	guint i;

	g_assert_true(sim_reply_make_multiple(ours, &order));
	ours_xml = xmlnode_to_str(ours, NULL);
	for (i = 0; i < G_N_ELEMENTS(probes); i++) {
		char *a = sim_test_xpath_string(ours_xml, probes[i]);
		char *b = sim_test_xpath_string(spec, probes[i]);

		g_assert_cmpstr(a, ==, b);
		g_free(a);
		g_free(b);
	}
	g_free(ours_xml);
	g_free(spec);
	xmlnode_free(ours);
}

static void
test_reply_make_multiple_refuses(void)
{
	xmlnode *offer = sim_test_fixture_node("purple-offer.xml");
	xmlnode *accept = sim_test_fixture_node("purple-accept.xml");
	SimMethodList none;

	sim_method_list_clear(&none);
	g_assert_false(sim_reply_make_multiple(offer, &none));
	g_assert_false(sim_reply_make_multiple(offer, &none));
	g_assert_false(sim_reply_make_multiple(accept, &none));
	g_assert_cmpint(sim_test_node_xpath_count(accept, "//fn:feature"), ==, 1);
	xmlnode_free(offer);
	xmlnode_free(accept);
}

static void
test_reply_make_legacy_both(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	char *v;

	g_assert_true(sim_reply_make_legacy(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//sm:si-multiple"), ==, 0);
	g_assert_cmpint(sim_test_node_xpath_count(node,
		"/c:iq/si:si/fn:feature/x:x[@type='submit']/x:field[@var='stream-method']"), ==, 2);
	v = sim_test_node_xpath_string(node, "/c:iq/si:si/fn:feature/x:x/x:field[1]/x:value");
	g_assert_cmpstr(v, ==, NS_S5B);
	g_free(v);
	v = sim_test_node_xpath_string(node, "/c:iq/si:si/fn:feature/x:x/x:field[2]/x:value");
	g_assert_cmpstr(v, ==, NS_IBB);
	g_free(v);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(xmlnode_get_child(node, "si"), "feature"),
	                                  "feature-neg.xsd"));
	xmlnode_free(node);
}

static void
test_reply_make_legacy_ibb_first_alone(void)
{
	xmlnode *node = sim_test_fixture_node("draft-reply.xml");
	SimMethodList order = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_S5B);

	g_assert_true(sim_reply_make_legacy(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//x:field"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "//x:field/x:value[.='" NS_IBB "']"), ==, 1);
	xmlnode_free(node);
}

static void
test_reply_make_legacy_empty(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList none;

	sim_method_list_clear(&none);
	g_assert_true(sim_reply_make_legacy(node, &none));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//fn:feature/x:x"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "//x:field"), ==, 0);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(xmlnode_get_child(node, "si"), "feature"),
	                                  "feature-neg.xsd"));
	xmlnode_free(node);
}

static void
test_reply_make_legacy_replaces_old_form(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='submit'>"
		"<field var='stream-method'><value>" NS_S5B "</value></field></x></feature>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><value>" NS_IBB "</value></si-multiple></si></iq>");
	SimMethodList order = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_NONE);

	g_assert_true(sim_reply_make_legacy(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//fn:feature"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "//x:value"), ==, 1);
	g_assert_false(sim_reply_make_legacy(NULL, &order));
	xmlnode_free(node);
}

static void
test_offer_roundtrip_through_xml(void)
{
	/* an offer we extended still parses the same after a trip over the wire */
	xmlnode *node = sim_test_fixture_node("purple-offer.xml"), *again;
	SimMethodList a, b;
	char *xml;

	g_assert_true(sim_offer_add_multiple(node));
	xml = xmlnode_to_str(node, NULL);
	again = sim_test_node(xml);
	g_assert_true(sim_offer_has_multiple(again));
	g_assert_true(sim_offer_parse_methods(node, &a));
	g_assert_true(sim_offer_parse_methods(again, &b));
	sim_test_assert_methods(&b, a.m[0], a.m[1]);
	g_free(xml);
	xmlnode_free(node);
	xmlnode_free(again);
}

/* ---- more lists ---- */

static void
test_list_full_and_empty_allowed(void)
{
	SimMethodList l = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB), none;

	/* every known method is in: nothing more fits, nothing is repeated */
	g_assert_false(sim_method_list_add(&l, SIM_METHOD_S5B));
	g_assert_false(sim_method_list_add(&l, (SimMethod)7));
	g_assert_cmpuint(l.n, ==, 2);
	sim_method_list_clear(&none);
	sim_method_list_intersect(&l, &none);
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_false(sim_method_list_has(&l, SIM_METHOD_S5B));
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	sim_test_xml_init();
	g_test_add_func("/codec/method/names", test_method_names);
	g_test_add_func("/codec/method/from-ns", test_method_from_ns);
	g_test_add_func("/codec/list/add-dedup", test_list_add_dedup);
	g_test_add_func("/codec/list/intersect-keeps-order", test_list_intersect_keeps_order);
	g_test_add_func("/codec/offer/add-multiple", test_offer_add_multiple);
	g_test_add_func("/codec/offer/add-multiple-idempotent", test_offer_add_multiple_idempotent);
	g_test_add_func("/codec/offer/add-multiple-refuses-non-offers", test_offer_add_multiple_refuses_non_offers);
	g_test_add_func("/codec/offer/has-multiple-wrong-ns", test_offer_has_multiple_wrong_ns);
	g_test_add_func("/codec/offer/parse-methods", test_offer_parse_methods);
	g_test_add_func("/codec/offer/parse-methods-unknown-and-order", test_offer_parse_methods_unknown_and_order);
	g_test_add_func("/codec/offer/parse-methods-none", test_offer_parse_methods_none);
	g_test_add_func("/codec/offer/parse-methods-wrong-form-ns", test_offer_parse_methods_wrong_form_ns);
	g_test_add_func("/codec/offer/roundtrip", test_offer_roundtrip_through_xml);
	g_test_add_func("/codec/reply/parse-gabble", test_reply_parse_gabble);
	g_test_add_func("/codec/reply/parse-draft-sloppy", test_reply_parse_draft_sloppy);
	g_test_add_func("/codec/reply/parse-bare-si", test_reply_parse_bare_si);
	g_test_add_func("/codec/reply/parse-form-and-list", test_reply_parse_form_and_list);
	g_test_add_func("/codec/reply/parse-options-tolerated", test_reply_parse_options_tolerated);
	g_test_add_func("/codec/reply/parse-limited-to-offered", test_reply_parse_limited_to_offered);
	g_test_add_func("/codec/reply/parse-empty-list", test_reply_parse_empty_list);
	g_test_add_func("/codec/reply/parse-not-multiple", test_reply_parse_not_multiple);
	g_test_add_func("/codec/reply/parse-capped", test_reply_parse_capped);
	g_test_add_func("/codec/reply/parse-chosen", test_reply_parse_chosen);
	g_test_add_func("/codec/reply/multiple-new", test_multiple_new);
	g_test_add_func("/codec/reply/multiple-new-empty", test_multiple_new_empty_valid);
	g_test_add_func("/codec/reply/make-multiple-gabble-form", test_reply_make_multiple_gabble_form);
	g_test_add_func("/codec/reply/make-multiple-matches-spec", test_reply_make_multiple_matches_spec);
	g_test_add_func("/codec/reply/make-multiple-refuses", test_reply_make_multiple_refuses);
	g_test_add_func("/codec/reply/make-legacy-both", test_reply_make_legacy_both);
	g_test_add_func("/codec/reply/make-legacy-ibb-first-alone", test_reply_make_legacy_ibb_first_alone);
	g_test_add_func("/codec/reply/make-legacy-empty", test_reply_make_legacy_empty);
	g_test_add_func("/codec/reply/make-legacy-replaces-old-form", test_reply_make_legacy_replaces_old_form);
	g_test_add_func("/codec/list/full-and-empty-allowed", test_list_full_and_empty_allowed);
	return g_test_run();
}
