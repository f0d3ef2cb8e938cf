/* si-codec.c - pure codec for Stream Initiation and si-multiple (see
 * si-codec.h): methods, classification, offers and replies. Works on
 * libpurple xmlnode trees only; SOCKS5 and errors are in s5b-codec.c. */
#include "si-codec.h"

#include "xml-match.h"

#include <string.h>

/* ---- methods and lists ---- */

const char *
sim_method_ns(SimMethod method)
{
	switch (method) {
	case SIM_METHOD_S5B: return SIM_NS_BYTESTREAMS;
	case SIM_METHOD_IBB: return SIM_NS_IBB;
	default: return NULL;
	}
}

SimMethod
sim_method_from_ns(const char *ns)
{
	char *copy;
	SimMethod m = SIM_METHOD_NONE;

	if (ns == NULL)
		return SIM_METHOD_NONE;
	copy = g_strstrip(g_strdup(ns));
	if (strcmp(copy, SIM_NS_BYTESTREAMS) == 0)
		m = SIM_METHOD_S5B;
	else if (strcmp(copy, SIM_NS_IBB) == 0)
		m = SIM_METHOD_IBB;
	g_free(copy);
	return m;
}

const char *
sim_method_name(SimMethod method)
{
	switch (method) {
	case SIM_METHOD_S5B: return "socks5";
	case SIM_METHOD_IBB: return "ibb";
	default: return "none";
	}
}

/* A list's length, never past its array: callers may hand in lists they
 * filled by hand. */
static guint
list_len(const SimMethodList *list)
{
	return MIN(list->n, G_N_ELEMENTS(list->m));
}

void
sim_method_list_clear(SimMethodList *list)
{
	memset(list, 0, sizeof(*list));
}

gboolean
sim_method_list_has(const SimMethodList *list, SimMethod method)
{
	guint i;

	for (i = 0; i < list_len(list); i++)
		if (list->m[i] == method)
			return TRUE;
	return FALSE;
}

gboolean
sim_method_list_add(SimMethodList *list, SimMethod method)
{
	if (method <= SIM_METHOD_NONE || method >= SIM_METHOD_COUNT_ ||
	    sim_method_list_has(list, method) || list->n >= G_N_ELEMENTS(list->m))
		return FALSE;
	list->m[list->n++] = method;
	return TRUE;
}

void
sim_method_list_intersect(SimMethodList *list, const SimMethodList *allowed)
{
	SimMethodList out;
	guint i;

	sim_method_list_clear(&out);
	for (i = 0; i < list_len(list); i++)
		if (sim_method_list_has(allowed, list->m[i]))
			sim_method_list_add(&out, list->m[i]);
	*list = out;
}

/* ---- classification ---- */

static xmlnode *
ft_si(xmlnode *iq)
{
	xmlnode *si = sim_xml_child(iq, "si", SIM_NS_SI);

	if (si == NULL || g_strcmp0(xmlnode_get_attrib(si, "profile"), SIM_NS_SI_FT) != 0 ||
	    xmlnode_get_attrib(si, "id") == NULL)
		return NULL;
	return si;
}

static SimKind
classify_s5b(xmlnode *iq, xmlnode *query, SimStanzaInfo *info)
{
	info->sid = xmlnode_get_attrib(query, "sid");
	if (sim_xml_iq_type_is(iq, "error"))
		return SIM_KIND_S5B_ERROR;
	if (sim_xml_iq_type_is(iq, "result"))
		return sim_xml_child(query, "streamhost-used", SIM_NS_BYTESTREAMS)
		       ? SIM_KIND_S5B_USED : SIM_KIND_IQ_RESULT;
	if (!sim_xml_iq_type_is(iq, "set"))
		return SIM_KIND_OTHER;
	if (sim_xml_child(query, "activate", SIM_NS_BYTESTREAMS))
		return SIM_KIND_S5B_ACTIVATE;
	if (info->sid != NULL && sim_xml_child(query, "streamhost", SIM_NS_BYTESTREAMS))
		return SIM_KIND_S5B_QUERY;
	return SIM_KIND_OTHER;
}

static SimKind
classify_ibb(xmlnode *iq, SimStanzaInfo *info)
{
	static const struct { const char *name; SimKind kind; } ops[] = {
		{ "open", SIM_KIND_IBB_OPEN }, { "data", SIM_KIND_IBB_DATA },
		{ "close", SIM_KIND_IBB_CLOSE }
	};
	guint i;

	for (i = 0; i < G_N_ELEMENTS(ops); i++) {
		xmlnode *op = sim_xml_child(iq, ops[i].name, SIM_NS_IBB);

		if (op != NULL && xmlnode_get_attrib(op, "sid") != NULL) {
			info->sid = xmlnode_get_attrib(op, "sid");
			return ops[i].kind;
		}
	}
	return SIM_KIND_OTHER;
}

static SimKind
classify_iq(xmlnode *iq, SimStanzaInfo *info)
{
	xmlnode *si, *query;
	SimKind kind;

	if (sim_xml_iq_type_is(iq, "set") && (si = ft_si(iq)) != NULL &&
	    sim_xml_child(si, "feature", SIM_NS_FEATURE_NEG) != NULL) {
		info->sid = xmlnode_get_attrib(si, "id");
		return SIM_KIND_SI_OFFER;
	}
	if (sim_xml_iq_type_is(iq, "result") && sim_xml_child(iq, "si", SIM_NS_SI) != NULL)
		return SIM_KIND_SI_RESULT;
	if ((query = sim_xml_child(iq, "query", SIM_NS_BYTESTREAMS)) != NULL &&
	    (kind = classify_s5b(iq, query, info)) != SIM_KIND_OTHER)
		return kind;
	if (sim_xml_iq_type_is(iq, "set") && (kind = classify_ibb(iq, info)) != SIM_KIND_OTHER)
		return kind;
	if (sim_xml_iq_type_is(iq, "result"))
		return SIM_KIND_IQ_RESULT;
	if (sim_xml_iq_type_is(iq, "error"))
		return SIM_KIND_IQ_ERROR;
	return SIM_KIND_OTHER;
}

static SimKind
classify_message(xmlnode *msg, SimStanzaInfo *info)
{
	xmlnode *data = sim_xml_child(msg, "data", SIM_NS_IBB);
	const char *ns = xmlnode_get_namespace(msg);

	if ((ns != NULL && strcmp(ns, SIM_NS_CLIENT) != 0) || data == NULL ||
	    xmlnode_get_attrib(data, "sid") == NULL)
		return SIM_KIND_OTHER;
	info->sid = xmlnode_get_attrib(data, "sid");
	return SIM_KIND_IBB_DATA;
}

SimKind
sim_classify(xmlnode *stanza, SimStanzaInfo *info)
{
	memset(info, 0, sizeof(*info));
	if (stanza == NULL || stanza->type != XMLNODE_TYPE_TAG)
		return SIM_KIND_OTHER;
	if (sim_xml_is_iq(stanza))
		info->kind = classify_iq(stanza, info);
	else if (g_strcmp0(stanza->name, "message") == 0)
		info->kind = classify_message(stanza, info);
	if (info->kind == SIM_KIND_OTHER) {
		info->sid = NULL;
		return SIM_KIND_OTHER;
	}
	info->id = xmlnode_get_attrib(stanza, "id");
	info->from = xmlnode_get_attrib(stanza, "from");
	info->to = xmlnode_get_attrib(stanza, "to");
	return info->kind;
}

const char *
sim_kind_name(SimKind kind)
{
	static const char *const names[] = {
		"other", "si-offer", "si-result", "s5b-query", "s5b-used", "s5b-activate",
		"s5b-error", "ibb-open", "ibb-data", "ibb-close", "iq-result", "iq-error"
	};

	return (guint)kind < G_N_ELEMENTS(names) ? names[kind] : "?";
}

/* ---- offers ---- */

static xmlnode *
offer_si(xmlnode *iq)
{
	xmlnode *si;

	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "set") || (si = ft_si(iq)) == NULL ||
	    sim_xml_child(si, "feature", SIM_NS_FEATURE_NEG) == NULL)
		return NULL;
	return si;
}

gboolean
sim_offer_has_multiple(xmlnode *iq)
{
	xmlnode *si = offer_si(iq);

	return si != NULL && sim_xml_child(si, "si-multiple", SIM_NS_MULTIPLE) != NULL;
}

gboolean
sim_offer_add_multiple(xmlnode *iq)
{
	xmlnode *si = offer_si(iq);

	if (si == NULL)
		return FALSE;
	if (sim_xml_child(si, "si-multiple", SIM_NS_MULTIPLE) == NULL)
		sim_xml_new_child_ns(si, "si-multiple", SIM_NS_MULTIPLE);
	return TRUE;
}

/* The stream-method field of a feature form, or NULL. */
static xmlnode *
stream_method_field(xmlnode *si)
{
	xmlnode *x = sim_xml_child(sim_xml_child(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode *field;
	guint seen = 0;

	for (field = sim_xml_child(x, "field", SIM_NS_XDATA); field && seen < SIM_MAX_WIRE_VALUES;
	     field = sim_xml_next_twin(field), seen++)
		if (g_strcmp0(xmlnode_get_attrib(field, "var"), "stream-method") == 0)
			return field;
	return NULL;
}

/* Adds the method named by a <value/> to out; counts toward the cap. */
static void
add_value(xmlnode *value, SimMethodList *out)
{
	char *text = sim_xml_value_text(value);

	sim_method_list_add(out, sim_method_from_ns(text));
	g_free(text);
}

gboolean
sim_offer_parse_methods(xmlnode *iq, SimMethodList *out)
{
	xmlnode *si = offer_si(iq);
	xmlnode *field = si ? stream_method_field(si) : NULL;
	xmlnode *option;
	guint seen = 0;

	sim_method_list_clear(out);
	if (field == NULL)
		return FALSE;
	for (option = sim_xml_child(field, "option", SIM_NS_XDATA); option && seen < SIM_MAX_WIRE_VALUES;
	     option = sim_xml_next_twin(option), seen++)
		add_value(sim_xml_child(option, "value", SIM_NS_XDATA), out);
	return out->n > 0;
}

gboolean
sim_offer_keep_only(xmlnode *iq, SimMethod keep)
{
	xmlnode *si = offer_si(iq);
	xmlnode *field = si ? stream_method_field(si) : NULL;
	SimMethodList offered;
	xmlnode *option;

	if (field == NULL || !sim_offer_parse_methods(iq, &offered) ||
	    !sim_method_list_has(&offered, keep))
		return FALSE;
	sim_xml_remove_children(field, "option", SIM_NS_XDATA);
	option = sim_xml_new_child_ns(field, "option", SIM_NS_XDATA);
	xmlnode_insert_data(sim_xml_new_child_ns(option, "value", SIM_NS_XDATA),
	                    sim_method_ns(keep), -1);
	return TRUE;
}

/* ---- replies ---- */

/* The <si> of a reply: the stanza itself or its child. */
static xmlnode *
reply_si(xmlnode *stanza)
{
	if (sim_xml_is_tag(stanza, "si", SIM_NS_SI))
		return stanza;
	return sim_xml_is_iq(stanza) ? sim_xml_child(stanza, "si", SIM_NS_SI) : NULL;
}

/* Values of <si-multiple>: <value> children, or <option><value> tolerated. */
static void
parse_multiple_values(xmlnode *multiple, SimMethodList *out)
{
	xmlnode *c;
	guint seen = 0;

	for (c = multiple->child; c != NULL && seen < SIM_MAX_WIRE_VALUES; c = c->next) {
		if (c->type != XMLNODE_TYPE_TAG)
			continue;
		seen++;
		if (sim_xml_is_tag(c, "value", SIM_NS_MULTIPLE))
			add_value(c, out);
		else if (sim_xml_is_tag(c, "option", SIM_NS_MULTIPLE))
			add_value(sim_xml_child(c, "value", SIM_NS_MULTIPLE), out);
	}
}

/* The first <value> of each stream-method field, as libpurple reads them. */
static void
parse_form_values(xmlnode *si, SimMethodList *out)
{
	xmlnode *x = sim_xml_child(sim_xml_child(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode *field;
	guint seen = 0;

	for (field = sim_xml_child(x, "field", SIM_NS_XDATA); field && seen < SIM_MAX_WIRE_VALUES;
	     field = sim_xml_next_twin(field), seen++)
		if (g_strcmp0(xmlnode_get_attrib(field, "var"), "stream-method") == 0)
			add_value(sim_xml_child(field, "value", SIM_NS_XDATA), out);
}

gboolean
sim_reply_parse_multiple(xmlnode *iq, const SimMethodList *offered, SimMethodList *out)
{
	xmlnode *si = reply_si(iq);
	xmlnode *multiple = sim_xml_child(si, "si-multiple", SIM_NS_MULTIPLE);

	sim_method_list_clear(out);
	if (multiple == NULL)
		return FALSE;
	parse_multiple_values(multiple, out);
	parse_form_values(si, out);
	if (offered != NULL)
		sim_method_list_intersect(out, offered);
	return TRUE;
}

gboolean
sim_reply_parse_chosen(xmlnode *iq, SimMethodList *out)
{
	xmlnode *si = reply_si(iq);

	sim_method_list_clear(out);
	if (si != NULL)
		parse_form_values(si, out);
	return out->n > 0;
}

xmlnode *
sim_multiple_new(const SimMethodList *order)
{
	xmlnode *multiple = xmlnode_new("si-multiple");
	guint i;

	xmlnode_set_namespace(multiple, SIM_NS_MULTIPLE);
	for (i = 0; i < list_len(order); i++) {
		const char *ns = sim_method_ns(order->m[i]);

		if (ns != NULL)
			xmlnode_insert_data(xmlnode_new_child(multiple, "value"), ns, -1);
	}
	return multiple;
}

static gboolean
has_known_method(const SimMethodList *order)
{
	guint i;

	for (i = 0; i < list_len(order); i++)
		if (sim_method_ns(order->m[i]) != NULL)
			return TRUE;
	return FALSE;
}

gboolean
sim_reply_make_multiple(xmlnode *iq, const SimMethodList *order)
{
	xmlnode *si;

	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "result") ||
	    (si = sim_xml_child(iq, "si", SIM_NS_SI)) == NULL || !has_known_method(order))
		return FALSE;
	sim_xml_remove_children(si, "feature", SIM_NS_FEATURE_NEG);
	sim_xml_remove_children(si, "si-multiple", SIM_NS_MULTIPLE);
	if (sim_xml_child(si, "file", SIM_NS_SI_FT) == NULL)
		sim_xml_new_child_ns(si, "file", SIM_NS_SI_FT);
	xmlnode_insert_child(si, sim_multiple_new(order));
	return TRUE;
}

static void
add_method_field(xmlnode *x, SimMethod m)
{
	xmlnode *field;

	if (sim_method_ns(m) == NULL)
		return;
	field = xmlnode_new_child(x, "field");

	xmlnode_set_attrib(field, "var", "stream-method");
	xmlnode_insert_data(xmlnode_new_child(field, "value"), sim_method_ns(m), -1);
}

gboolean
sim_reply_make_legacy(xmlnode *iq, const SimMethodList *order)
{
	xmlnode *si = reply_si(iq);
	xmlnode *x;
	guint i;

	if (si == NULL)
		return FALSE;
	sim_xml_remove_children(si, "si-multiple", SIM_NS_MULTIPLE);
	sim_xml_remove_children(si, "feature", SIM_NS_FEATURE_NEG);
	x = sim_xml_new_child_ns(sim_xml_new_child_ns(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode_set_attrib(x, "type", "submit");
	/* libpurple starts SOCKS5 whenever it reads a bytestreams field, even
	 * after IBB started: with IBB first, IBB must stand alone */
	for (i = 0; i < list_len(order); i++) {
		add_method_field(x, order->m[i]);
		if (order->m[i] == SIM_METHOD_IBB)
			break;
	}
	return TRUE;
}

