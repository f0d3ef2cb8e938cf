/* test-classify.c - the stanza codec's classification: fixtures from the
 * spec page and libpurple, wrong namespaces, missing attributes. */
#include "si-codec.h"
#include "testutil-xml.h"
#include "testutil.h"

#define NS_S5B SIM_NS_BYTESTREAMS
#define NS_IBB SIM_NS_IBB

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

static void
test_classify_child_namespaces(void)
{
	static const struct { const char *xml; SimKind kind; } cases[] = {
		/* streamhost-used in another namespace: just some result */
		{ "<iq type='result' id='r'><query xmlns='" NS_S5B "'><streamhost-used xmlns='urn:evil' jid='x'/>"
		  "</query></iq>", SIM_KIND_IQ_RESULT },
		/* activate in another namespace, no streamhosts: nothing of ours */
		{ "<iq type='set' id='a'><query xmlns='" NS_S5B "' sid='s'><activate xmlns='urn:evil'>j</activate>"
		  "</query></iq>", SIM_KIND_OTHER },
		/* streamhosts in another namespace */
		{ "<iq type='set' id='q'><query xmlns='" NS_S5B "' sid='s'><streamhost xmlns='urn:evil' jid='a'"
		  " host='h' port='1'/></query></iq>", SIM_KIND_OTHER },
		/* a message in another namespace, and IBB data in another namespace */
		{ "<message xmlns='urn:evil'><data xmlns='" NS_IBB "' sid='m' seq='0'/></message>", SIM_KIND_OTHER },
		{ "<message><data xmlns='urn:evil' sid='m' seq='0'/></message>", SIM_KIND_OTHER },
		/* IBB close and data in the wrong namespace */
		{ "<iq type='set' id='c'><close xmlns='urn:evil' sid='s'/></iq>", SIM_KIND_OTHER },
		{ "<iq type='set' id='d'><data xmlns='urn:evil' sid='s' seq='0'/></iq>", SIM_KIND_OTHER },
		/* an si result whose si is in another namespace: some result */
		{ "<iq type='result' id='r'><si xmlns='urn:evil'/></iq>", SIM_KIND_IQ_RESULT },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		xmlnode *node = sim_test_node(cases[i].xml);
		SimStanzaInfo info;

		g_assert_cmpint(sim_classify(node, &info), ==, cases[i].kind);
		g_assert_null(info.sid);
		xmlnode_free(node);
	}
}

static void
test_classify_iq_types(void)
{
	static const struct { const char *type; SimKind kind; } cases[] = {
		{ "set", SIM_KIND_SI_OFFER }, { "get", SIM_KIND_OTHER },
		{ "result", SIM_KIND_SI_RESULT }, { "error", SIM_KIND_IQ_ERROR },
		{ "SET", SIM_KIND_OTHER }, { "", SIM_KIND_OTHER },
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		xmlnode *node = sim_test_fixture_node("purple-offer.xml");
		SimStanzaInfo info;

		xmlnode_set_attrib(node, "type", cases[i].type);
		g_assert_cmpint(sim_classify(node, &info), ==, cases[i].kind);
		xmlnode_free(node);
	}
}

static void
test_classify_built_stanzas(void)
{
	/* trees built in code (what jabber-sending-xmlnode hands us): children
	 * carry no namespace of their own and inherit their parent's */
	xmlnode *iq = xmlnode_new("iq"), *open, *msg, *data;
	SimStanzaInfo info;

	xmlnode_set_attrib(iq, "type", "set");
	xmlnode_set_attrib(iq, "id", "i1");
	open = xmlnode_new_child(iq, "open");
	xmlnode_set_namespace(open, NS_IBB);
	xmlnode_set_attrib(open, "sid", "s1");
	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_IBB_OPEN);
	g_assert_cmpstr(info.sid, ==, "s1");
	g_assert_cmpstr(info.id, ==, "i1");
	g_assert_null(info.from);
	xmlnode_free(iq);

	msg = xmlnode_new("message");
	data = xmlnode_new_child(msg, "data");
	xmlnode_set_namespace(data, NS_IBB);
	xmlnode_set_attrib(data, "sid", "s2");
	g_assert_cmpint(sim_classify(msg, &info), ==, SIM_KIND_IBB_DATA);
	g_assert_cmpstr(info.sid, ==, "s2");
	xmlnode_free(msg);
}

static void
test_classify_not_a_tag(void)
{
	xmlnode *iq = sim_test_node("<iq type='result' id='r'>text</iq>");
	SimStanzaInfo info;

	/* the text child and the attributes are nodes too: never stanzas */
	g_assert_cmpint(sim_classify(iq->child, &info), ==, SIM_KIND_OTHER);
	g_assert_cmpint(info.kind, ==, SIM_KIND_OTHER);
	g_assert_cmpint(sim_classify(iq, &info), ==, SIM_KIND_IQ_RESULT);
	xmlnode_free(iq);
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	sim_test_xml_init();
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
	g_test_add_func("/codec/classify/child-namespaces", test_classify_child_namespaces);
	g_test_add_func("/codec/classify/iq-types", test_classify_iq_types);
	g_test_add_func("/codec/classify/built-stanzas", test_classify_built_stanzas);
	g_test_add_func("/codec/classify/not-a-tag", test_classify_not_a_tag);
	return g_test_run();
}
