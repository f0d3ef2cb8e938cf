/* test-codec-exchange.c - the codec on trees built the way libpurple builds
 * them, libpurple's own reply reader replayed on every legacy form, and the
 * whole offer/reply exchange through the wire. */
#include <string.h>

#include "si-codec.h"
#include "testutil-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

#define NS_S5B SIM_NS_BYTESTREAMS
#define NS_IBB SIM_NS_IBB

/* ---- trees built the way libpurple builds them ---- */

/* libpurple's SI offer as jabber_si_xfer_send_request() builds it: only
 * si, file, feature and x get a namespace; the rest inherit it. */
static xmlnode *
built_purple_offer(const char *profile)
{
	xmlnode *iq = xmlnode_new("iq"), *si, *file, *feature, *x, *field;
	static const char *const methods[] = { NS_S5B, NS_IBB };
	guint i;

	xmlnode_set_attrib(iq, "type", "set");
	xmlnode_set_attrib(iq, "id", "purple1");
	xmlnode_set_attrib(iq, "to", "bob@localhost/r");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	xmlnode_set_attrib(si, "id", "purple2");
	xmlnode_set_attrib(si, "profile", profile);
	file = xmlnode_new_child(si, "file");
	xmlnode_set_namespace(file, SIM_NS_SI_FT);
	xmlnode_set_attrib(file, "name", "f.bin");
	xmlnode_set_attrib(file, "size", "5");
	feature = xmlnode_new_child(si, "feature");
	xmlnode_set_namespace(feature, SIM_NS_FEATURE_NEG);
	x = xmlnode_new_child(feature, "x");
	xmlnode_set_namespace(x, SIM_NS_XDATA);
	xmlnode_set_attrib(x, "type", "form");
	field = xmlnode_new_child(x, "field");
	xmlnode_set_attrib(field, "var", "stream-method");
	xmlnode_set_attrib(field, "type", "list-single");
	for (i = 0; i < G_N_ELEMENTS(methods); i++)
		xmlnode_insert_data(xmlnode_new_child(xmlnode_new_child(field, "option"), "value"),
		                    methods[i], -1);
	return iq;
}

/* libpurple's receiver reply as jabber_si_xfer_init() builds it. */
static xmlnode *
built_purple_accept(void)
{
	xmlnode *iq = xmlnode_new("iq"), *si, *feature, *x, *field;

	xmlnode_set_attrib(iq, "type", "result");
	xmlnode_set_attrib(iq, "to", "alice@localhost/r");
	xmlnode_set_attrib(iq, "id", "purple1");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	feature = xmlnode_new_child(si, "feature");
	xmlnode_set_namespace(feature, SIM_NS_FEATURE_NEG);
	x = xmlnode_new_child(feature, "x");
	xmlnode_set_namespace(x, SIM_NS_XDATA);
	xmlnode_set_attrib(x, "type", "submit");
	field = xmlnode_new_child(x, "field");
	xmlnode_set_attrib(field, "var", "stream-method");
	xmlnode_insert_data(xmlnode_new_child(field, "value"), NS_S5B, -1);
	return iq;
}

static int
count_substr(const char *hay, const char *needle)
{
	int n = 0;
	const char *p;

	for (p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void
test_offer_built_by_libpurple(void)
{
	xmlnode *iq = built_purple_offer(SIM_NS_SI_FT);
	SimStanzaInfo info;
	SimMethodList l;
	char *xml;

	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_SI_OFFER);
	g_assert_cmpstr(info.sid, ==, "purple2");
	g_assert_true(sim_offer_parse_methods(iq, &l));
	sim_test_assert_methods(&l, SIM_METHOD_S5B, SIM_METHOD_IBB);
	g_assert_true(sim_offer_add_multiple(iq));
	g_assert_true(sim_offer_add_multiple(iq));
	xml = xmlnode_to_str(iq, NULL);
	/* on the wire: one element, declaring its namespace once, last in <si> */
	g_assert_cmpint(count_substr(xml, SIM_NS_MULTIPLE), ==, 1);
	g_assert_cmpint(sim_test_xpath_count(xml, "/iq/si:si/*[last()][self::sm:si-multiple][not(node())]"), ==, 1);
	g_assert_cmpint(sim_test_xpath_count(xml, "/iq/si:si/fn:feature/x:x/x:field/x:option/x:value"), ==, 2);
	g_free(xml);
	xmlnode_free(iq);
}

static void
test_offer_other_profile_untouched(void)
{
	xmlnode *iq = built_purple_offer("http://jabber.org/protocol/si/profile/tubes");
	char *before = xmlnode_to_str(iq, NULL), *after;
	SimMethodList l;

	g_assert_false(sim_offer_has_multiple(iq));
	g_assert_false(sim_offer_add_multiple(iq));
	g_assert_false(sim_offer_parse_methods(iq, &l));
	g_assert_cmpuint(l.n, ==, 0);
	after = xmlnode_to_str(iq, NULL);
	g_assert_cmpstr(before, ==, after);
	g_free(before);
	g_free(after);
	xmlnode_free(iq);
}

static void
test_offer_wrong_iq_type(void)
{
	static const char *const types[] = { "get", "result", "error" };
	guint i;

	for (i = 0; i < G_N_ELEMENTS(types); i++) {
		xmlnode *iq = built_purple_offer(SIM_NS_SI_FT);
		SimMethodList l;

		xmlnode_set_attrib(iq, "type", types[i]);
		g_assert_false(sim_offer_add_multiple(iq));
		g_assert_false(sim_offer_parse_methods(iq, &l));
		g_assert_cmpint(sim_test_node_xpath_count(iq, "//sm:si-multiple"), ==, 0);
		xmlnode_free(iq);
	}
}

static void
test_offer_prefixed_multiple(void)
{
	/* a prefix instead of a default namespace is the same element */
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'/><m:si-multiple xmlns:m='"
		SIM_NS_MULTIPLE "'/></si></iq>");

	g_assert_true(sim_offer_has_multiple(node));
	g_assert_true(sim_offer_add_multiple(node));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//sm:si-multiple"), ==, 1);
	xmlnode_free(node);
}

/* An offer whose stream-method field holds `n` junk options, then IBB. */
static xmlnode *
offer_with_many_options(guint n)
{
	xmlnode *iq = built_purple_offer(SIM_NS_SI_FT), *field, *opt;
	guint i;

	field = xmlnode_get_child(xmlnode_get_child(xmlnode_get_child(xmlnode_get_child(iq, "si"),
		"feature"), "x"), "field");
	xmlnode_free(xmlnode_get_child(field, "option"));
	xmlnode_free(xmlnode_get_child(field, "option"));
	for (i = 0; i < n; i++)
		xmlnode_insert_data(xmlnode_new_child(xmlnode_new_child(field, "option"), "value"),
		                    "urn:junk", -1);
	opt = xmlnode_new_child(field, "option");
	xmlnode_insert_data(xmlnode_new_child(opt, "value"), NS_IBB, -1);
	return iq;
}

static void
test_offer_parse_methods_capped(void)
{
	xmlnode *huge = offer_with_many_options(10000);
	xmlnode *small = offer_with_many_options(SIM_MAX_WIRE_VALUES - 1);
	SimMethodList l;

	g_assert_false(sim_offer_parse_methods(huge, &l));
	g_assert_cmpuint(l.n, ==, 0);
	g_assert_true(sim_offer_parse_methods(small, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(huge);
	xmlnode_free(small);
}

static void
test_offer_parse_methods_option_ns(void)
{
	xmlnode *node = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='form'>"
		"<field var='stream-method'><option xmlns='urn:evil'><value>" NS_S5B "</value></option>"
		"<option><value xmlns='urn:evil'>" NS_S5B "</value></option>"
		"<option><value>" NS_IBB "</value></option></field></x></feature></si></iq>");
	SimMethodList l;

	g_assert_true(sim_offer_parse_methods(node, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(node);
}

/* ---- more replies ---- */

static void
test_reply_parse_value_ns(void)
{
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'><value xmlns='urn:evil'>" NS_S5B "</value>"
		"<x:value xmlns:x='" SIM_NS_MULTIPLE "'>" NS_IBB "</x:value></si-multiple></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_multiple(node, NULL, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_NONE);
	xmlnode_free(node);
}

static void
test_reply_parse_chosen_several_fields(void)
{
	/* what libpurple reads: the first value of each stream-method field */
	xmlnode *node = sim_test_node("<iq type='result' id='1'><si xmlns='" SIM_NS_SI "'>"
		"<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='submit'>"
		"<field var='other'><value>" NS_S5B "</value></field>"
		"<field var='stream-method'><value>\n " NS_IBB " </value><value>" NS_S5B "</value></field>"
		"<field var='stream-method'><value>urn:junk</value></field>"
		"<field var='stream-method'><value>" NS_S5B "</value></field></x></feature></si></iq>");
	SimMethodList l;

	g_assert_true(sim_reply_parse_chosen(node, &l));
	sim_test_assert_methods(&l, SIM_METHOD_IBB, SIM_METHOD_S5B);
	xmlnode_free(node);
}

static void
test_reply_make_multiple_built_by_libpurple(void)
{
	xmlnode *iq = built_purple_accept();
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_IBB);
	char *xml, *spec = sim_test_fixture("gabble-reply.xml");
	char *ours_order, *spec_order;

	g_assert_true(sim_reply_make_multiple(iq, &order));
	xml = xmlnode_to_str(iq, NULL);
	g_assert_cmpint(count_substr(xml, "feature"), ==, 0);
	g_assert_cmpint(sim_test_xpath_count(xml, "/iq[@type='result'][@id='purple1']/si:si/*"), ==, 2);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(iq, "si"), "si-reply.xsd"));
	ours_order = sim_test_xpath_string(xml, "concat(/*/si:si/sm:si-multiple/sm:value[1], ' ', "
		"/*/si:si/sm:si-multiple/sm:value[2])");
	spec_order = sim_test_xpath_string(spec, "concat(/*/si:si/sm:si-multiple/sm:value[1], ' ', "
		"/*/si:si/sm:si-multiple/sm:value[2])");
	g_assert_cmpstr(ours_order, ==, spec_order);
	g_free(ours_order);
	g_free(spec_order);
	g_free(spec);
	g_free(xml);
	xmlnode_free(iq);
}

static void
test_reply_make_multiple_twice(void)
{
	/* an existing <file/> is kept, an old list replaced: never two of either */
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList order = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_NONE);

	g_assert_true(sim_reply_make_multiple(node, &order));
	g_assert_true(sim_reply_make_multiple(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "/c:iq/si:si/ft:file"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "/c:iq/si:si/sm:si-multiple"), ==, 1);
	g_assert_cmpint(sim_test_node_xpath_count(node, "/c:iq/si:si/sm:si-multiple/sm:value"), ==, 1);
	g_assert_true(sim_test_node_valid(xmlnode_get_child(node, "si"), "si-reply.xsd"));
	xmlnode_free(node);
}

static void
test_reply_make_multiple_wrong_stanzas(void)
{
	static const char *const bad[] = {
		/* not a result */
		"<iq type='set' id='1'><si xmlns='" SIM_NS_SI "'><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* si in another namespace */
		"<iq type='result' id='1'><si xmlns='urn:evil'><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></iq>",
		/* not an iq */
		"<message><si xmlns='" SIM_NS_SI "'><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si></message>",
		/* an iq in another namespace */
		"<iq xmlns='urn:evil' type='result' id='1'><si xmlns='" SIM_NS_SI "'/></iq>",
	};
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE);
	guint i;

	for (i = 0; i < G_N_ELEMENTS(bad); i++) {
		xmlnode *node = sim_test_node(bad[i]);
		char *before = xmlnode_to_str(node, NULL), *after;

		g_assert_false(sim_reply_make_multiple(node, &order));
		after = xmlnode_to_str(node, NULL);
		g_assert_cmpstr(before, ==, after);
		g_free(before);
		g_free(after);
		xmlnode_free(node);
	}
}

/* What libpurple's SI sender does with a reply: the loop of
 * jabber_si_xfer_send_method_cb() (si.c, libpurple 2.x), replayed with the
 * same xmlnode calls. Returns "cancel", or the methods started in order
 * ("socks5", "ibb", "socks5 ibb" when SOCKS5 starts after IBB did), with
 * "+ibb" when IBB was only marked usable for a later fallback. */
static char *
libpurple_sender_reads(xmlnode *packet)
{
	xmlnode *si, *feature, *x, *field;
	GString *started = g_string_new(NULL);
	gboolean found = FALSE, ibb_usable = FALSE, ibb_started = FALSE;

	si = xmlnode_get_child_with_namespace(packet, "si", SIM_NS_SI);
	feature = si ? xmlnode_get_child_with_namespace(si, "feature", SIM_NS_FEATURE_NEG) : NULL;
	x = feature ? xmlnode_get_child_with_namespace(feature, "x", SIM_NS_XDATA) : NULL;
	for (field = x ? xmlnode_get_child(x, "field") : NULL; field; field = xmlnode_get_next_twin(field)) {
		xmlnode *value;
		char *val;

		if (g_strcmp0(xmlnode_get_attrib(field, "var"), "stream-method") != 0 ||
		    (value = xmlnode_get_child(field, "value")) == NULL)
			continue;
		val = xmlnode_get_data(value);
		if (g_strcmp0(val, NS_S5B) == 0) {
			g_string_append(started, started->len ? " socks5" : "socks5");
			found = TRUE;
		} else if (g_strcmp0(val, NS_IBB) == 0) {
			ibb_usable = TRUE;
			if (!found) {
				g_string_append(started, "ibb");
				ibb_started = found = TRUE;
			}
		}
		g_free(val);
	}
	if (!found) {
		g_string_free(started, TRUE);
		return g_strdup("cancel");
	}
	if (ibb_usable && !ibb_started)
		g_string_append(started, "+ibb");
	return g_string_free(started, FALSE);
}

static void
check_legacy(SimMethod a, SimMethod b, const char *expect)
{
	xmlnode *node = sim_test_fixture_node("gabble-reply.xml"), *again;
	SimMethodList order = sim_test_methods(a, b);
	char *got, *xml;

	g_assert_true(sim_reply_make_legacy(node, &order));
	g_assert_true(sim_test_node_valid(xmlnode_get_child(xmlnode_get_child(node, "si"), "feature"),
	                                  "feature-neg.xsd"));
	/* in place, as the plugin hands the received tree on to libpurple */
	got = libpurple_sender_reads(node);
	g_assert_cmpstr(got, ==, expect);
	g_free(got);
	/* and after a trip through text */
	xml = xmlnode_to_str(node, NULL);
	again = sim_test_node(xml);
	got = libpurple_sender_reads(again);
	g_assert_cmpstr(got, ==, expect);
	g_free(got);
	g_free(xml);
	xmlnode_free(again);
	xmlnode_free(node);
}

static void
test_reply_make_legacy_libpurple_reads(void)
{
	/* SOCKS5 first with IBB to fall back on; IBB first never starts SOCKS5 */
	check_legacy(SIM_METHOD_S5B, SIM_METHOD_IBB, "socks5+ibb");
	check_legacy(SIM_METHOD_IBB, SIM_METHOD_S5B, "ibb");
	check_legacy(SIM_METHOD_S5B, SIM_METHOD_NONE, "socks5");
	check_legacy(SIM_METHOD_IBB, SIM_METHOD_NONE, "ibb");
	check_legacy(SIM_METHOD_NONE, SIM_METHOD_NONE, "cancel");
}

static void
test_reply_make_legacy_no_si(void)
{
	xmlnode *node = sim_test_fixture_node("s5b-used.xml");
	xmlnode *evil = sim_test_node("<iq type='result' id='1'><si xmlns='urn:evil'>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'/></si></iq>");
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE);
	char *before = xmlnode_to_str(evil, NULL), *after;

	g_assert_false(sim_reply_make_legacy(node, &order));
	g_assert_cmpint(sim_test_node_xpath_count(node, "//fn:feature"), ==, 0);
	g_assert_false(sim_reply_make_legacy(evil, &order));
	after = xmlnode_to_str(evil, NULL);
	g_assert_cmpstr(before, ==, after);
	g_free(before);
	g_free(after);
	xmlnode_free(node);
	xmlnode_free(evil);
}

static void
test_reply_hand_filled_lists(void)
{
	/* lists filled by hand, not through sim_method_list_add(): junk entries
	 * and a count past the array are survived, never emitted */
	SimMethodList junk = { .n = 2, .m = { SIM_METHOD_NONE, (SimMethod)9 } };
	SimMethodList overlong = { .n = 1000, .m = { SIM_METHOD_IBB, SIM_METHOD_S5B } };
	xmlnode *reply = sim_test_fixture_node("purple-accept.xml");
	xmlnode *sm;

	g_assert_false(sim_reply_make_multiple(reply, &junk));
	g_assert_cmpint(sim_test_node_xpath_count(reply, "//fn:feature"), ==, 1);
	g_assert_true(sim_reply_make_legacy(reply, &junk));
	g_assert_cmpint(sim_test_node_xpath_count(reply, "//x:field"), ==, 0);
	g_assert_true(sim_reply_make_legacy(reply, &overlong));
	g_assert_cmpint(sim_test_node_xpath_count(reply, "//x:field"), ==, 1);
	sm = sim_multiple_new(&overlong);
	g_assert_cmpint(sim_test_node_xpath_count(sm, "/sm:si-multiple/sm:value"), ==, 2);
	g_assert_true(sim_test_node_valid(sm, "si-multiple.xsd"));
	xmlnode_free(sm);
	xmlnode_free(reply);
}

static void
test_schemas_reject(void)
{
	/* the schemas are not vacuous: what we must never emit fails them */
	g_assert_false(sim_test_validate("<si-multiple xmlns='" SIM_NS_MULTIPLE "'><value>urn:x</value>"
		"</si-multiple>", "si-multiple.xsd"));
	g_assert_false(sim_test_validate("<si-multiple xmlns='urn:evil'/>", "si-multiple.xsd"));
	g_assert_false(sim_test_validate("<si xmlns='" SIM_NS_SI "'><file xmlns='" SIM_NS_SI_FT "'/>"
		"<si-multiple xmlns='" SIM_NS_MULTIPLE "'/><feature xmlns='" SIM_NS_FEATURE_NEG "'/></si>",
		"si-reply.xsd"));
	g_assert_false(sim_test_validate("<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data'"
		" type='form'/></feature>", "feature-neg.xsd"));
	g_assert_false(sim_test_validate("<feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data'"
		" type='submit'><field var='stream-method'><value>" NS_S5B "</value><value>" NS_IBB
		"</value></field></x></feature>", "feature-neg.xsd"));
	g_assert_false(sim_test_validate("<iq type='error' id='1'><error type='cancel'/></iq>", "iq-error.xsd"));
}

/* ---- the whole exchange ---- */

static void
test_exchange_purple_to_purple(void)
{
	/* sender (libpurple + us) -> receiver (libpurple + us) -> sender's libpurple */
	xmlnode *offer = sim_test_fixture_node("purple-offer.xml"), *wire_offer, *accept, *wire_reply;
	SimMethodList offered, received, accepted;
	char *xml, *reads;

	g_assert_true(sim_offer_add_multiple(offer));
	g_assert_true(sim_offer_parse_methods(offer, &offered));
	xml = xmlnode_to_str(offer, NULL);
	wire_offer = sim_test_node(xml);
	g_free(xml);
	/* the receiver sees an extended offer and answers with every offered method */
	g_assert_true(sim_offer_has_multiple(wire_offer));
	g_assert_true(sim_offer_parse_methods(wire_offer, &received));
	accept = sim_test_fixture_node("purple-accept.xml");
	g_assert_true(sim_reply_make_multiple(accept, &received));
	xml = xmlnode_to_str(accept, NULL);
	wire_reply = sim_test_node(xml);
	g_free(xml);
	/* the sender reads the list and hands libpurple a form it understands */
	g_assert_true(sim_reply_parse_multiple(wire_reply, &offered, &accepted));
	sim_test_assert_methods(&accepted, SIM_METHOD_S5B, SIM_METHOD_IBB);
	g_assert_true(sim_reply_make_legacy(wire_reply, &accepted));
	reads = libpurple_sender_reads(wire_reply);
	g_assert_cmpstr(reads, ==, "socks5+ibb");
	g_free(reads);
	xmlnode_free(offer);
	xmlnode_free(wire_offer);
	xmlnode_free(accept);
	xmlnode_free(wire_reply);
}

static void
test_exchange_gabble_reply_ibb_only_offer(void)
{
	/* gabble answers with both, but we offered IBB only: SOCKS5 is dropped */
	xmlnode *reply = sim_test_fixture_node("gabble-reply.xml");
	SimMethodList offered = sim_test_methods(SIM_METHOD_IBB, SIM_METHOD_NONE), got;
	char *reads;

	g_assert_true(sim_reply_parse_multiple(reply, &offered, &got));
	sim_test_assert_methods(&got, SIM_METHOD_IBB, SIM_METHOD_NONE);
	g_assert_true(sim_reply_make_legacy(reply, &got));
	reads = libpurple_sender_reads(reply);
	g_assert_cmpstr(reads, ==, "ibb");
	g_free(reads);
	xmlnode_free(reply);
}

static void
test_reply_many_siblings_removed(void)
{
	/* thousands of old forms and lists are all removed, and quickly */
	xmlnode *iq = xmlnode_new("iq"), *si;
	SimMethodList order = sim_test_methods(SIM_METHOD_S5B, SIM_METHOD_NONE);
	gint64 start;
	guint i;

	xmlnode_set_attrib(iq, "type", "result");
	si = xmlnode_new_child(iq, "si");
	xmlnode_set_namespace(si, SIM_NS_SI);
	for (i = 0; i < 10000; i++) {
		xmlnode *f = xmlnode_new_child(si, i % 2 ? "feature" : "si-multiple");

		xmlnode_set_namespace(f, i % 2 ? SIM_NS_FEATURE_NEG : SIM_NS_MULTIPLE);
	}
	start = g_get_monotonic_time();
	g_assert_true(sim_reply_make_legacy(iq, &order));
	g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
	g_assert_cmpint(sim_test_node_xpath_count(iq, "/iq/si:si/*"), ==, 1);
	g_assert_true(sim_reply_make_multiple(iq, &order));
	g_assert_cmpint(sim_test_node_xpath_count(iq, "/iq/si:si/*"), ==, 2);
	g_assert_true(sim_test_node_valid(si, "si-reply.xsd"));
	xmlnode_free(iq);
}

static void
test_missing_values(void)
{
	/* options, fields and lists without their <value/>: skipped, no critical */
	xmlnode *offer = sim_test_node("<iq type='set' id='1'><si xmlns='" SIM_NS_SI "' id='s' profile='"
		SIM_NS_SI_FT "'><feature xmlns='" SIM_NS_FEATURE_NEG "'><x xmlns='jabber:x:data' type='form'>"
		"<field var='stream-method'><option/><option label='x'>text</option>"
		"<option><value>" NS_IBB "</value></option></field></x></feature></si></iq>");
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

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	sim_test_xml_init();
	g_test_add_func("/codec/offer/built-by-libpurple", test_offer_built_by_libpurple);
	g_test_add_func("/codec/offer/other-profile-untouched", test_offer_other_profile_untouched);
	g_test_add_func("/codec/offer/wrong-iq-type", test_offer_wrong_iq_type);
	g_test_add_func("/codec/offer/prefixed-multiple", test_offer_prefixed_multiple);
	g_test_add_func("/codec/offer/parse-methods-capped", test_offer_parse_methods_capped);
	g_test_add_func("/codec/offer/parse-methods-option-ns", test_offer_parse_methods_option_ns);
	g_test_add_func("/codec/reply/parse-value-ns", test_reply_parse_value_ns);
	g_test_add_func("/codec/reply/parse-chosen-several-fields", test_reply_parse_chosen_several_fields);
	g_test_add_func("/codec/reply/make-multiple-built-by-libpurple", test_reply_make_multiple_built_by_libpurple);
	g_test_add_func("/codec/reply/make-multiple-twice", test_reply_make_multiple_twice);
	g_test_add_func("/codec/reply/make-multiple-wrong-stanzas", test_reply_make_multiple_wrong_stanzas);
	g_test_add_func("/codec/reply/make-legacy-libpurple-reads", test_reply_make_legacy_libpurple_reads);
	g_test_add_func("/codec/reply/make-legacy-no-si", test_reply_make_legacy_no_si);
	g_test_add_func("/codec/reply/hand-filled-lists", test_reply_hand_filled_lists);
	g_test_add_func("/codec/reply/many-siblings-removed", test_reply_many_siblings_removed);
	g_test_add_func("/codec/schema/rejects", test_schemas_reject);
	g_test_add_func("/codec/exchange/purple-to-purple", test_exchange_purple_to_purple);
	g_test_add_func("/codec/exchange/gabble-reply-ibb-only-offer", test_exchange_gabble_reply_ibb_only_offer);
	g_test_add_func("/codec/hostile/missing-values", test_missing_values);
	return g_test_run();
}
