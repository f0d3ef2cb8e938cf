/* test-codec.c - the si-multiple stanza codec: fixtures from the spec page,
 * stanzas as libpurple 2.14 sends them, and hostile input. Emitted XML is
 * checked with XPath and validated against the schemas in tests/schema/. */
#include <string.h>

#include "si-codec.h"
#include "testutil-xml.h"

#define NS_S5B SIM_NS_BYTESTREAMS
#define NS_IBB SIM_NS_IBB

static SimMethodList
methods(SimMethod a, SimMethod b)
{
	SimMethodList l;

	sim_method_list_clear(&l);
	sim_method_list_add(&l, a);
	sim_method_list_add(&l, b);
	return l;
}

static void
assert_methods(const SimMethodList *l, SimMethod a, SimMethod b)
{
	SimMethodList want = methods(a, b);
	guint i;

	g_assert_cmpuint(l->n, ==, want.n);
	for (i = 0; i < want.n; i++)
		g_assert_cmpint(l->m[i], ==, want.m[i]);
}

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
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	g_assert_true(sim_method_list_has(&l, SIM_METHOD_S5B));
}

static void
test_list_intersect_keeps_order(void)
{
	SimMethodList l = methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
	SimMethodList allowed = methods(SIM_METHOD_S5B, SIM_METHOD_NONE);

	sim_method_list_intersect(&l, &allowed);
	assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_NONE);
	l = methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
	allowed = methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	sim_method_list_intersect(&l, &allowed);
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
}

/* ---- classification ---- */

static SimKind
classify_fixture(const char *name, SimStanzaInfo *info)
{
	xmlnode *node = sim_test_fixture_node(name);
	SimKind kind = sim_classify(node, info);

	/* the strings are borrowed: check what we need before freeing */
	if (info->sid != NULL)
		g_test_message("%s sid=%s", name, info->sid);
	xmlnode_free(node);
	return kind;
}

static void
test_classify_offer(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-offer.xml");
	SimStanzaInfo info;

	g_assert_cmpint(sim_classify(node, &info), ==, SIM_KIND_SI_OFFER);
	g_assert_cmpint(info.kind, ==, SIM_KIND_SI_OFFER);
	g_assert_cmpstr(info.id, ==, "offer1");
	g_assert_cmpstr(info.sid, ==, "s5b-sid-1");
	g_assert_cmpstr(info.from, ==, "romeo@montague.lit/Home");
	g_assert_cmpstr(info.to, ==, "juliet@capulet.lit/Balcony");
	g_assert_cmpstr(sim_kind_name(info.kind), ==, "si-offer");
	xmlnode_free(node);
}

static void
test_classify_purple_offer(void)
{
	SimStanzaInfo info;

	g_assert_cmpint(classify_fixture("purple-offer.xml", &info), ==, SIM_KIND_SI_OFFER);
}

static void
test_classify_replies(void)
{
	SimStanzaInfo info;

	g_assert_cmpint(classify_fixture("gabble-reply.xml", &info), ==, SIM_KIND_SI_RESULT);
	g_assert_cmpint(classify_fixture("purple-accept.xml", &info), ==, SIM_KIND_SI_RESULT);
	/* the draft's sloppy example says type='set' and has no profile: not an offer */
	g_assert_cmpint(classify_fixture("draft-reply.xml", &info), ==, SIM_KIND_OTHER);
}

static void
test_classify_s5b(void)
{
	SimStanzaInfo info;
	xmlnode *node = sim_test_fixture_node("s5b-query.xml");

	g_assert_cmpint(sim_classify(node, &info), ==, SIM_KIND_S5B_QUERY);
	g_assert_cmpstr(info.sid, ==, "purplee9bc4afb");
	xmlnode_free(node);
	g_assert_cmpint(classify_fixture("s5b-used.xml", &info), ==, SIM_KIND_S5B_USED);
	g_assert_cmpint(classify_fixture("s5b-error.xml", &info), ==, SIM_KIND_IQ_ERROR);
}

static void
test_classify_s5b_activate_and_echoed_error(void)
{
	SimStanzaInfo info;
	xmlnode *act = sim_test_node("<iq type='set' id='a' to='proxy.localhost'>"
		"<query xmlns='" NS_S5B "' sid='s'><activate>bob@localhost/r</activate></query></iq>");
	xmlnode *err = sim_test_node("<iq type='error' id='q'><query xmlns='" NS_S5B "' sid='s'/>"
		"<error type='cancel'><item-not-found xmlns='" SIM_NS_STANZAS "'/></error></iq>");

	g_assert_cmpint(sim_classify(act, &info), ==, SIM_KIND_S5B_ACTIVATE);
	g_assert_cmpint(sim_classify(err, &info), ==, SIM_KIND_S5B_ERROR);
	g_assert_cmpstr(info.sid, ==, "s");
	xmlnode_free(act);
	xmlnode_free(err);
}

static void
test_classify_ibb(void)
{
	SimStanzaInfo info;
	xmlnode *msg = sim_test_node("<message xmlns='jabber:client' to='a@b/c'>"
		"<data xmlns='" NS_IBB "' sid='m1' seq='0'>AAAA</data></message>");

	g_assert_cmpint(classify_fixture("ibb-open.xml", &info), ==, SIM_KIND_IBB_OPEN);
	g_assert_cmpint(classify_fixture("ibb-data.xml", &info), ==, SIM_KIND_IBB_DATA);
	g_assert_cmpint(classify_fixture("ibb-close.xml", &info), ==, SIM_KIND_IBB_CLOSE);
	g_assert_cmpint(sim_classify(msg, &info), ==, SIM_KIND_IBB_DATA);
	g_assert_cmpstr(info.sid, ==, "m1");
	xmlnode_free(msg);
}

static void
test_classify_plain_iqs(void)
{
	SimStanzaInfo info;
	xmlnode *res = sim_test_node("<iq type='result' id='r1' from='x@y/z'/>");
	xmlnode *ping = sim_test_node("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>");
	xmlnode *pres = sim_test_node("<presence from='x@y/z'/>");

	g_assert_cmpint(sim_classify(res, &info), ==, SIM_KIND_IQ_RESULT);
	g_assert_cmpstr(info.id, ==, "r1");
	g_assert_cmpint(sim_classify(ping, &info), ==, SIM_KIND_OTHER);
	g_assert_null(info.id);
	g_assert_cmpint(sim_classify(pres, &info), ==, SIM_KIND_OTHER);
	g_assert_cmpint(sim_classify(NULL, &info), ==, SIM_KIND_OTHER);
	xmlnode_free(res);
	xmlnode_free(ping);
	xmlnode_free(pres);
}

static void
test_classify_wrong_namespaces(void)
{
	SimStanzaInfo info;
	static const char *const bad[] = {
		/* si in the wrong namespace */
		"<iq type='set' id='1'><si xmlns='urn:evil' id='s' profile='" SIM_NS_SI_FT "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* feature in the wrong namespace */
		"<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='" SIM_NS_SI_FT "'>"
		"<feature xmlns='urn:evil'/></si></iq>",
		/* the stanza itself in another namespace */
		"<iq xmlns='urn:evil' type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* a bytestreams query element in another namespace */
		"<iq type='set' id='1'><query xmlns='urn:evil' sid='s'><streamhost jid='a' host='h' port='1'/></query></iq>",
		/* IBB open in another namespace */
		"<iq type='set' id='1'><open xmlns='urn:evil' sid='s' block-size='4096'/></iq>",
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		xmlnode *node = sim_test_node(bad[i]);

		g_assert_cmpint(sim_classify(node, &info), ==, SIM_KIND_OTHER);
		g_assert_null(info.sid);
		xmlnode_free(node);
	}
}

static void
test_classify_missing_attributes(void)
{
	SimStanzaInfo info;
	static const char *const incomplete[] = {
		/* no si id */
		"<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' profile='" SIM_NS_SI_FT "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* no profile */
		"<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s'><feature xmlns='"
		SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* no feature form */
		"<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='" SIM_NS_SI_FT "'/></iq>",
		/* query without sid */
		"<iq type='set' id='1'><query xmlns='" NS_S5B "'><streamhost jid='a' host='h' port='1'/></query></iq>",
		/* IBB open without sid */
		"<iq type='set' id='1'><open xmlns='" NS_IBB "' block-size='4096'/></iq>",
		/* no type at all */
		"<iq id='1'><open xmlns='" NS_IBB "' sid='s'/></iq>",
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(incomplete); i++) {
		xmlnode *node = sim_test_node(incomplete[i]);

		g_assert_cmpint(sim_classify(node, &info), ==, SIM_KIND_OTHER);
		xmlnode_free(node);
	}
}

static void
test_classify_other_profile(void)
{
	SimStanzaInfo info;
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI
		"' id='s' profile='urn:xmpp:tube'><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>");

	g_assert_cmpint(sim_classify(node, &info), ==, SIM_KIND_OTHER);
	g_assert_false(sim_offer_add_multiple(node));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//sm:si-multiple"), ==, 0);
	xmlnode_free(node);
}

static void
test_kind_names(void)
{
	g_assert_cmpstr(sim_kind_name(SIM_KIND_S5B_QUERY), ==, "s5b-query");
	g_assert_cmpstr(sim_kind_name(SIM_KIND_IQ_ERROR), ==, "iq-error");
	g_assert_cmpstr(sim_kind_name((SimKind)99), ==, "?");
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
	assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
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
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
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
	assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	xmlnode_free(node);
}

static void
test_reply_parse_draft_sloppy(void)
{
	xmlnode *node = sim_test_fixture_node("draft-reply.xml");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode_free(node);
}

static void
test_reply_parse_bare_si(void)
{
	xmlnode *node = sim_test_node("<si xmlns='" SIM_NS_SI "'><si-multiple xmlns='" SIM_NS_MULTIPLE
		"'><value>" NS_IBB "</value></si-multiple></si>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
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
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
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
	assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	xmlnode_free(node);
}

static void
test_reply_parse_limited_to_offered(void)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList offered = methods(SIM_METHOD_IBB, SIM_METHOD_NONE), l;

	g_assert_true(sim_reply_parse_multiple(node, &offered, &l));
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
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
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
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
	assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_NONE);
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
	SimMethodList order = methods(SIM_METHOD_IBB, SIM_METHOD_S5B);
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
	SimMethodList order = methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
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
	SimMethodList order = methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
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
	SimMethodList order = methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
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
	SimMethodList order = methods(SIM_METHOD_IBB, SIM_METHOD_S5B);

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
	SimMethodList order = methods(SIM_METHOD_IBB, SIM_METHOD_NONE);

	g_assert_true(sim_reply_make_legacy(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//fn:feature"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "//x:value"), ==, 1);
	g_assert_false(sim_reply_make_legacy(NULL, &order));
	xmlnode_free(node);
}

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
	assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
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
	assert_methods(&b, a.m[0], a.m[1]);
	g_free(xml);
	xmlnode_free(node);
	xmlnode_free(again);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
	sim_test_xml_init();
	g_test_add_func("/codec/method/names", test_method_names);
	g_test_add_func("/codec/method/from-ns", test_method_from_ns);
	g_test_add_func("/codec/list/add-dedup", test_list_add_dedup);
	g_test_add_func("/codec/list/intersect-keeps-order", test_list_intersect_keeps_order);
	g_test_add_func("/codec/classify/offer", test_classify_offer);
	g_test_add_func("/codec/classify/purple-offer", test_classify_purple_offer);
	g_test_add_func("/codec/classify/replies", test_classify_replies);
	g_test_add_func("/codec/classify/s5b", test_classify_s5b);
	g_test_add_func("/codec/classify/s5b-activate-and-echoed-error", test_classify_s5b_activate_and_echoed_error);
	g_test_add_func("/codec/classify/ibb", test_classify_ibb);
	g_test_add_func("/codec/classify/plain-iqs", test_classify_plain_iqs);
	g_test_add_func("/codec/classify/wrong-namespaces", test_classify_wrong_namespaces);
	g_test_add_func("/codec/classify/missing-attributes", test_classify_missing_attributes);
	g_test_add_func("/codec/classify/other-profile", test_classify_other_profile);
	g_test_add_func("/codec/classify/kind-names", test_kind_names);
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
