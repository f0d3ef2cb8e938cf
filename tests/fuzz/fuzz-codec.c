/* fuzz-codec.c - libFuzzer target for the stanza codec (si-codec.h).
 *
 * The input is parsed as XML by libpurple's own parser (xmlnode_from_str,
 * as stanzas from the wire are); when it parses, every codec entry point is
 * run on the tree, the mutating ones on fresh copies, and the results are
 * checked against the header's promises. Emitted trees are serialised and
 * parsed again, so a tree the codec leaves unsound shows up here (ASan) or
 * as a violated invariant (__builtin_trap). Leaks are findings too.
 */
#include <stdint.h>
#include <string.h>

#include <xmlnode.h>

#include "fuzz-common.h"
#include "si-codec.h"
#include "xml-match.h"

/* public libpurple API, declared by hand: its header needs D-Bus's headers */
void purple_dbus_init_ids(void);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT (64 * 1024)

/* The method lists a caller may pass: every valid one. */
static SimMethodList orders[5];

static void check_multiple_new(void);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	sim_fuzz_init_logging();
	purple_dbus_init_ids();
	sim_method_list_clear(&orders[0]);
	sim_method_list_clear(&orders[1]);
	sim_method_list_add(&orders[1], SIM_METHOD_S5B);
	sim_method_list_clear(&orders[2]);
	sim_method_list_add(&orders[2], SIM_METHOD_IBB);
	sim_method_list_clear(&orders[3]);
	sim_method_list_add(&orders[3], SIM_METHOD_S5B);
	sim_method_list_add(&orders[3], SIM_METHOD_IBB);
	sim_method_list_clear(&orders[4]);
	sim_method_list_add(&orders[4], SIM_METHOD_IBB);
	sim_method_list_add(&orders[4], SIM_METHOD_S5B);
	check_multiple_new();
	return 0;
}

/* A list as promised: at most 2 entries, known methods, no duplicates. */
static void
check_list(const SimMethodList *l)
{
	guint i;

	CHECK(l->n <= G_N_ELEMENTS(l->m));
	for (i = 0; i < l->n; i++) {
		CHECK(l->m[i] == SIM_METHOD_S5B || l->m[i] == SIM_METHOD_IBB);
		if (i > 0)
			CHECK(l->m[i] != l->m[0]);
	}
}

static gboolean
list_equal(const SimMethodList *a, const SimMethodList *b)
{
	guint i;

	if (a->n != b->n)
		return FALSE;
	for (i = 0; i < a->n; i++)
		if (a->m[i] != b->m[i])
			return FALSE;
	return TRUE;
}

/* `sub` is `l` with the methods absent from `keep` dropped, order kept. */
static gboolean
list_is_filtered(const SimMethodList *sub, const SimMethodList *l, const SimMethodList *keep)
{
	SimMethodList expect = *l;

	sim_method_list_intersect(&expect, keep);
	return list_equal(sub, &expect);
}

/* Characters libpurple's serialiser gets wrong in a namespace: it writes
 * the namespace declarations it parsed (namespace_map) unescaped, and
 * whitespace in attribute values comes back as spaces. */
static gboolean
ns_text_ok(const char *v)
{
	return v == NULL || strpbrk(v, "&<>'\"\t\n\r") == NULL;
}

static void
map_value_ok(gpointer key, gpointer value, gpointer data)
{
	gboolean *ok = data;

	/* a prefixed declaration: libpurple re-declares prefixed elements'
	 * namespaces as defaults, which changes what their children inherit */
	if ((key != NULL && *(const char *)key != '\0') || !ns_text_ok(value))
		*ok = FALSE;
}

/* TRUE when libpurple's xmlnode_to_str() writes this tree faithfully, so a
 * round trip through the wire must give back what the codec saw: no
 * namespace prefixes and no namespace holding characters it does not
 * escape. Other trees are still serialised and parsed, for crashes only. */
static gboolean
faithful(const xmlnode *node)
{
	const xmlnode *c;
	gboolean ok = TRUE;

	if (node->type != XMLNODE_TYPE_TAG)
		return TRUE;
	if (node->prefix != NULL || !ns_text_ok(node->xmlns))
		return FALSE;
	if (node->namespace_map != NULL)
		g_hash_table_foreach(node->namespace_map, map_value_ok, &ok);
	for (c = node->child; ok && c != NULL; c = c->next)
		ok = faithful(c);
	return ok;
}

/* Serialises a tree (must not fail) and parses it back. */
static xmlnode *
round_trip(xmlnode *node)
{
	int len = -1;
	char *xml = xmlnode_to_str(node, &len);
	xmlnode *back;

	CHECK(xml != NULL);
	CHECK(len >= 0 && (size_t)len == strlen(xml));
	back = xmlnode_from_str(xml, len);
	g_free(xml);
	return back;
}

/* round_trip() for a tree libpurple writes faithfully (it must parse
 * back); NULL for the others, which are still written and parsed. */
static xmlnode *
faithful_round_trip(xmlnode *tree)
{
	xmlnode *back = round_trip(tree);

	if (!faithful(tree)) {
		if (back != NULL)
			xmlnode_free(back);
		return NULL;
	}
	CHECK(back != NULL);
	return back;
}

/* A borrowed string is readable to its end (ASan checks the bytes). */
static void
touch(const char *s)
{
	if (s != NULL)
		CHECK(strlen(s) < FUZZ_MAX_INPUT * 8);
}

static void
check_classify(xmlnode *node, SimStanzaInfo *info)
{
	SimKind kind = sim_classify(node, info);

	CHECK(kind == info->kind);
	CHECK(kind >= SIM_KIND_OTHER && kind <= SIM_KIND_IQ_ERROR);
	CHECK(strcmp(sim_kind_name(kind), "?") != 0);
	if (kind == SIM_KIND_OTHER)
		CHECK(info->sid == NULL && info->id == NULL && info->from == NULL && info->to == NULL);
	touch(info->id);
	touch(info->from);
	touch(info->to);
	touch(info->sid);
	switch (kind) {
	case SIM_KIND_SI_OFFER: case SIM_KIND_S5B_QUERY: case SIM_KIND_IBB_OPEN:
	case SIM_KIND_IBB_DATA: case SIM_KIND_IBB_CLOSE:
		CHECK(info->sid != NULL);
		break;
	default:
		break;
	}
}

/* sim_reply_make_multiple on a fresh tree with `order`. */
static void
check_make_multiple(xmlnode *tree, const SimMethodList *order, const SimStanzaInfo *orig)
{
	SimMethodList got;
	gboolean made = sim_reply_make_multiple(tree, order);
	xmlnode *back;
	SimStanzaInfo info;

	/* it rewrites exactly an iq result carrying <si>, with an order */
	CHECK(made == (order->n > 0 && orig->kind == SIM_KIND_SI_RESULT));
	if (!made)
		return;
	CHECK(sim_reply_parse_multiple(tree, NULL, &got));
	check_list(&got);
	CHECK(list_equal(&got, order));
	CHECK(sim_classify(tree, &info) == SIM_KIND_SI_RESULT);
	/* what goes on the wire reads back the same */
	back = faithful_round_trip(tree);
	if (back == NULL)
		return;
	CHECK(sim_classify(back, &info) == SIM_KIND_SI_RESULT);
	CHECK(sim_reply_parse_multiple(back, NULL, &got));
	CHECK(list_equal(&got, order));
	/* and a second rewrite is idempotent */
	CHECK(sim_reply_make_multiple(back, order));
	CHECK(sim_reply_parse_multiple(back, NULL, &got));
	CHECK(list_equal(&got, order));
	xmlnode_free(back);
}

/* sim_reply_make_legacy on a fresh tree with `order`. */
static void
check_make_legacy(xmlnode *tree, const SimMethodList *order, gboolean has_si)
{
	SimMethodList expect, got;
	gboolean made = sim_reply_make_legacy(tree, order);
	xmlnode *back;
	guint i;

	CHECK(made == has_si);
	if (!made)
		return;
	/* the order, cut after IBB (libpurple would start SOCKS5 after it) */
	sim_method_list_clear(&expect);
	for (i = 0; i < order->n; i++) {
		sim_method_list_add(&expect, order->m[i]);
		if (order->m[i] == SIM_METHOD_IBB)
			break;
	}
	CHECK(sim_reply_parse_chosen(tree, &got) == (expect.n > 0));
	CHECK(list_equal(&got, &expect));
	CHECK(!sim_reply_parse_multiple(tree, NULL, &got));
	CHECK(got.n == 0);
	back = faithful_round_trip(tree);
	if (back == NULL)
		return;
	CHECK(sim_reply_parse_chosen(back, &got) == (expect.n > 0));
	CHECK(list_equal(&got, &expect));
	CHECK(!sim_reply_parse_multiple(back, NULL, &got));
	xmlnode_free(back);
}

static void
check_streamhosts(xmlnode *node, const SimStanzaInfo *info)
{
	GPtrArray *hosts = sim_s5b_parse_streamhosts(node);
	guint i;

	if (info->kind == SIM_KIND_S5B_QUERY)
		CHECK(hosts != NULL);
	if (hosts == NULL)
		return;
	CHECK(hosts->len <= SIM_MAX_STREAMHOSTS);
	for (i = 0; i < hosts->len; i++) {
		SimStreamhost *sh = g_ptr_array_index(hosts, i);

		CHECK(sh != NULL && sh->jid != NULL && sh->host != NULL);
		CHECK(sh->jid[0] != '\0' && sh->host[0] != '\0');
		CHECK(sh->port >= 1); /* guint16: at most 65535 */
	}
	/* a streamhost-used answer naming the first host reads back */
	if (hosts->len > 0) {
		SimStreamhost *sh = g_ptr_array_index(hosts, 0);
		xmlnode *used = sim_s5b_used_new(info->from, info->id, info->sid, sh->jid);
		xmlnode *back = round_trip(used);

		CHECK(g_strcmp0(sim_s5b_used_jid(used), sh->jid) == 0);
		CHECK(back != NULL);
		/* (whitespace in an attribute value comes back as spaces) */
		if (strpbrk(sh->jid, "\t\n\r") == NULL)
			CHECK(g_strcmp0(sim_s5b_used_jid(back), sh->jid) == 0);
		xmlnode_free(back);
		xmlnode_free(used);
	}
	g_ptr_array_unref(hosts);
}

static void
check_error(xmlnode *node, const SimStanzaInfo *info)
{
	const char *cond = sim_iq_error_condition(node);
	xmlnode *err, *back;
	guint tried = 0, refused = 0;

	if (cond == NULL) {
		CHECK(!sim_s5b_error_report(node, &tried, &refused));
		return;
	}
	/* a receiver's SOCKS5 report: never more than we would race */
	if (sim_s5b_error_report(node, &tried, &refused)) {
		CHECK(tried >= 1 && tried <= SIM_MAX_STREAMHOSTS);
		CHECK(refused <= tried);
	}
	CHECK(info->kind == SIM_KIND_IQ_ERROR || info->kind == SIM_KIND_S5B_ERROR);
	CHECK(cond[0] != '\0');
	CHECK(strcmp(cond, "text") != 0);
	/* echoing the condition builds an error that reads back the same */
	err = sim_iq_error_new(info->from, info->id, cond, "cancel", 404);
	CHECK(g_strcmp0(sim_iq_error_condition(err), cond) == 0);
	back = round_trip(err);
	if (strchr(cond, ':') == NULL) {
		/* (a name with a colon is not a plain local name: skip) */
		CHECK(back != NULL);
		CHECK(g_strcmp0(sim_iq_error_condition(back), cond) == 0);
	}
	if (back != NULL)
		xmlnode_free(back);
	xmlnode_free(err);
}

/* Input-independent: a new <si-multiple> for each order holds exactly it. */
static void
check_multiple_new(void)
{
	SimMethodList parsed;
	guint i;

	for (i = 0; i < G_N_ELEMENTS(orders); i++) {
		xmlnode *si = xmlnode_new("si");

		xmlnode_set_namespace(si, SIM_NS_SI);
		xmlnode_insert_child(si, sim_multiple_new(&orders[i]));
		CHECK(sim_reply_parse_multiple(si, NULL, &parsed));
		CHECK(list_equal(&parsed, &orders[i]));
		xmlnode_free(si);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;
	xmlnode *node, *copy;
	SimStanzaInfo info, info2;
	SimMethodList offered, parsed, multi, multi_off, chosen, offered2;
	gboolean is_offer, has_multiple, added, has_si;
	const char *used;
	guint i, variant;
	xmlnode *serial;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	text = g_malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	/* the text as a method namespace: must not crash whatever it holds */
	(void)sim_method_from_ns(text);
	node = xmlnode_from_str(text, (gssize)size);
	if (node == NULL) {
		g_free(text);
		return 0;
	}

	/* ---- read-only entry points ---- */
	check_classify(node, &info);
	is_offer = info.kind == SIM_KIND_SI_OFFER;

	has_multiple = sim_offer_has_multiple(node);
	CHECK(!has_multiple || is_offer);
	CHECK(sim_offer_parse_methods(node, &offered) == (offered.n > 0));
	check_list(&offered);
	CHECK(offered.n == 0 || is_offer);

	/* a reply: with all methods, then with each possible offered list */
	CHECK(sim_reply_parse_multiple(node, NULL, &multi) || multi.n == 0);
	check_list(&multi);
	for (i = 0; i < G_N_ELEMENTS(orders); i++) {
		gboolean r = sim_reply_parse_multiple(node, &orders[i], &multi_off);

		CHECK(r == sim_reply_parse_multiple(node, NULL, &parsed));
		check_list(&multi_off);
		CHECK(list_is_filtered(&multi_off, &multi, &orders[i]));
	}
	if (offered.n > 0) {
		sim_reply_parse_multiple(node, &offered, &multi_off);
		CHECK(list_is_filtered(&multi_off, &multi, &offered));
	}
	CHECK(sim_reply_parse_chosen(node, &chosen) == (chosen.n > 0));
	check_list(&chosen);

	check_streamhosts(node, &info);
	used = sim_s5b_used_jid(node);
	touch(used);
	if (used != NULL)
		CHECK(sim_classify(node, &info2) == SIM_KIND_S5B_USED || info2.kind == SIM_KIND_SI_RESULT);
	check_error(node, &info);

	/* ---- mutating entry points, each on its own fresh tree ---- */
	/* make_legacy rewrites any stanza with <si> (an iq's child or itself),
	 * make_multiple an iq result with <si>; anything else stays untouched */
	has_si = sim_xml_is_tag(node, "si", SIM_NS_SI) ||
	         (sim_xml_is_iq(node) && sim_xml_child(node, "si", SIM_NS_SI) != NULL);
	if (!has_si || info.kind != SIM_KIND_SI_RESULT) {
		char *before = xmlnode_to_str(node, NULL), *after;

		for (i = 0; i < G_N_ELEMENTS(orders); i++) {
			if (info.kind != SIM_KIND_SI_RESULT)
				check_make_multiple(node, &orders[i], &info);
			if (!has_si)
				check_make_legacy(node, &orders[i], has_si);
		}
		after = xmlnode_to_str(node, NULL);
		CHECK(strcmp(before, after) == 0);
		g_free(before);
		g_free(after);
	}
	/* two of the five orders per input (a rewrite and its round trips cost
	 * a dozen tree walks), chosen by the input's size: the fuzzer reaches
	 * every order by growing or shrinking an input */
	variant = (guint)(size % G_N_ELEMENTS(orders));
	for (i = 0; has_si && i < 2; i++) {
		const SimMethodList *order = &orders[(variant + 2 * i) % G_N_ELEMENTS(orders)];

		/* the first rewrite of each kind works on a tree parsed again from
		 * the input, the others on xmlnode_copy()s, which are cheaper */
		if (info.kind == SIM_KIND_SI_RESULT) {
			copy = i == 0 ? xmlnode_from_str(text, (gssize)size) : xmlnode_copy(node);
			CHECK(copy != NULL);
			check_make_multiple(copy, order, &info);
			xmlnode_free(copy);
		}
		copy = i == 0 ? xmlnode_from_str(text, (gssize)size) : xmlnode_copy(node);
		CHECK(copy != NULL);
		check_make_legacy(copy, order, has_si);
		xmlnode_free(copy);
	}

	/* the offer gains <si-multiple/> at most once, and nothing else changes */
	added = sim_offer_add_multiple(node);
	CHECK(added == is_offer);
	CHECK(sim_offer_has_multiple(node) == added);
	CHECK(sim_offer_add_multiple(node) == added);
	check_classify(node, &info2);
	CHECK(info2.kind == info.kind);
	CHECK(sim_offer_parse_methods(node, &offered2) == (offered.n > 0));
	CHECK(list_equal(&offered, &offered2));
	/* a sender answering its own offer would see the empty <si-multiple>
	 * alongside the form: parse it for crashes only */
	sim_reply_parse_multiple(node, &offered, &multi_off);
	check_list(&multi_off);

	/* the tree stays sound: it serialises and reads back as the same kind */
	serial = round_trip(node);
	if (faithful(node))
		CHECK(serial != NULL);
	if (serial != NULL && faithful(node)) {
		SimStanzaInfo info3;

		check_classify(serial, &info3);
		if (added) {
			CHECK(info3.kind == SIM_KIND_SI_OFFER);
			CHECK(sim_offer_has_multiple(serial));
			CHECK(sim_offer_parse_methods(serial, &offered2) == (offered.n > 0));
			CHECK(list_equal(&offered, &offered2));
		}
	}
	if (serial != NULL)
		xmlnode_free(serial);
	xmlnode_free(node);
	g_free(text);
	return 0;
}
