/* si-codec.c - pure codec for Stream Initiation and si-multiple (see
 * si-codec.h). Works on libpurple xmlnode trees only.
 *
 * Namespaces: libpurple's parser gives every element its resolved namespace,
 * while nodes built in code often carry none and inherit their parent's when
 * serialised. So an element's namespace here is its own, or else the nearest
 * ancestor's: the namespace it has on the wire.
 */
#include "si-codec.h"

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

void
sim_method_list_clear(SimMethodList *list)
{
	memset(list, 0, sizeof(*list));
}

gboolean
sim_method_list_has(const SimMethodList *list, SimMethod method)
{
	guint i;

	for (i = 0; i < list->n; i++)
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
	for (i = 0; i < list->n; i++)
		if (sim_method_list_has(allowed, list->m[i]))
			sim_method_list_add(&out, list->m[i]);
	*list = out;
}

/* ---- tree helpers ---- */

static const char *
effective_ns(xmlnode *node)
{
	for (; node != NULL; node = node->parent) {
		const char *ns = xmlnode_get_namespace(node);

		if (ns != NULL)
			return ns;
	}
	return NULL;
}

static gboolean
is_tag(xmlnode *node, const char *name, const char *ns)
{
	return node != NULL && node->type == XMLNODE_TYPE_TAG &&
	       g_strcmp0(node->name, name) == 0 && g_strcmp0(effective_ns(node), ns) == 0;
}

/* The first child element named `name` in namespace `ns`. */
static xmlnode *
child(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c;

	if (parent == NULL)
		return NULL;
	for (c = parent->child; c != NULL; c = c->next)
		if (is_tag(c, name, ns))
			return c;
	return NULL;
}

/* The next sibling element named like `node`, in the same namespace. */
static xmlnode *
next_twin(xmlnode *node)
{
	const char *ns = effective_ns(node);
	xmlnode *c;

	for (c = node->next; c != NULL; c = c->next)
		if (is_tag(c, node->name, ns))
			return c;
	return NULL;
}

static void
remove_children(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c;

	while ((c = child(parent, name, ns)) != NULL) {
		xmlnode *prev = NULL, *it;

		for (it = parent->child; it != c; it = it->next)
			prev = it;
		if (prev != NULL)
			prev->next = c->next;
		else
			parent->child = c->next;
		if (parent->lastchild == c)
			parent->lastchild = prev;
		c->next = NULL;
		xmlnode_free(c);
	}
}

static xmlnode *
new_child_ns(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c = xmlnode_new_child(parent, name);

	xmlnode_set_namespace(c, ns);
	return c;
}

/* The stanza's own namespace must be unset (built) or jabber:client (parsed). */
static gboolean
is_iq(xmlnode *stanza)
{
	const char *ns;

	if (stanza == NULL || stanza->type != XMLNODE_TYPE_TAG || g_strcmp0(stanza->name, "iq") != 0)
		return FALSE;
	ns = xmlnode_get_namespace(stanza);
	return ns == NULL || strcmp(ns, SIM_NS_CLIENT) == 0;
}

static gboolean
iq_type_is(xmlnode *iq, const char *type)
{
	return g_strcmp0(xmlnode_get_attrib(iq, "type"), type) == 0;
}

/* The value of a <value/> element, trimmed; NULL when empty. g_free it. */
static char *
value_text(xmlnode *value)
{
	char *text = xmlnode_get_data(value);

	if (text != NULL && *g_strstrip(text) == '\0') {
		g_free(text);
		text = NULL;
	}
	return text;
}

/* ---- classification ---- */

static xmlnode *
ft_si(xmlnode *iq)
{
	xmlnode *si = child(iq, "si", SIM_NS_SI);

	if (si == NULL || g_strcmp0(xmlnode_get_attrib(si, "profile"), SIM_NS_SI_FT) != 0 ||
	    xmlnode_get_attrib(si, "id") == NULL)
		return NULL;
	return si;
}

static SimKind
classify_s5b(xmlnode *iq, xmlnode *query, SimStanzaInfo *info)
{
	info->sid = xmlnode_get_attrib(query, "sid");
	if (iq_type_is(iq, "error"))
		return SIM_KIND_S5B_ERROR;
	if (iq_type_is(iq, "result"))
		return child(query, "streamhost-used", SIM_NS_BYTESTREAMS)
		       ? SIM_KIND_S5B_USED : SIM_KIND_IQ_RESULT;
	if (!iq_type_is(iq, "set"))
		return SIM_KIND_OTHER;
	if (child(query, "activate", SIM_NS_BYTESTREAMS))
		return SIM_KIND_S5B_ACTIVATE;
	if (info->sid != NULL && child(query, "streamhost", SIM_NS_BYTESTREAMS))
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
		xmlnode *op = child(iq, ops[i].name, SIM_NS_IBB);

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

	if (iq_type_is(iq, "set") && (si = ft_si(iq)) != NULL &&
	    child(si, "feature", SIM_NS_FEATURE_NEG) != NULL) {
		info->sid = xmlnode_get_attrib(si, "id");
		return SIM_KIND_SI_OFFER;
	}
	if (iq_type_is(iq, "result") && child(iq, "si", SIM_NS_SI) != NULL)
		return SIM_KIND_SI_RESULT;
	if ((query = child(iq, "query", SIM_NS_BYTESTREAMS)) != NULL &&
	    (kind = classify_s5b(iq, query, info)) != SIM_KIND_OTHER)
		return kind;
	if (iq_type_is(iq, "set") && (kind = classify_ibb(iq, info)) != SIM_KIND_OTHER)
		return kind;
	if (iq_type_is(iq, "result"))
		return SIM_KIND_IQ_RESULT;
	if (iq_type_is(iq, "error"))
		return SIM_KIND_IQ_ERROR;
	return SIM_KIND_OTHER;
}

static SimKind
classify_message(xmlnode *msg, SimStanzaInfo *info)
{
	xmlnode *data = child(msg, "data", SIM_NS_IBB);
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
	if (is_iq(stanza))
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

	if (!is_iq(iq) || !iq_type_is(iq, "set") || (si = ft_si(iq)) == NULL ||
	    child(si, "feature", SIM_NS_FEATURE_NEG) == NULL)
		return NULL;
	return si;
}

gboolean
sim_offer_has_multiple(xmlnode *iq)
{
	xmlnode *si = offer_si(iq);

	return si != NULL && child(si, "si-multiple", SIM_NS_MULTIPLE) != NULL;
}

gboolean
sim_offer_add_multiple(xmlnode *iq)
{
	xmlnode *si = offer_si(iq);

	if (si == NULL)
		return FALSE;
	if (child(si, "si-multiple", SIM_NS_MULTIPLE) == NULL)
		new_child_ns(si, "si-multiple", SIM_NS_MULTIPLE);
	return TRUE;
}

/* The stream-method field of a feature form, or NULL. */
static xmlnode *
stream_method_field(xmlnode *si)
{
	xmlnode *x = child(child(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode *field;
	guint seen = 0;

	for (field = child(x, "field", SIM_NS_XDATA); field && seen < SIM_MAX_WIRE_VALUES;
	     field = next_twin(field), seen++)
		if (g_strcmp0(xmlnode_get_attrib(field, "var"), "stream-method") == 0)
			return field;
	return NULL;
}

/* Adds the method named by a <value/> to out; counts toward the cap. */
static void
add_value(xmlnode *value, SimMethodList *out)
{
	char *text = value_text(value);

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
	for (option = child(field, "option", SIM_NS_XDATA); option && seen < SIM_MAX_WIRE_VALUES;
	     option = next_twin(option), seen++)
		add_value(child(option, "value", SIM_NS_XDATA), out);
	return out->n > 0;
}

/* ---- replies ---- */

/* The <si> of a reply: the stanza itself or its child. */
static xmlnode *
reply_si(xmlnode *stanza)
{
	if (is_tag(stanza, "si", SIM_NS_SI))
		return stanza;
	return is_iq(stanza) ? child(stanza, "si", SIM_NS_SI) : NULL;
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
		if (is_tag(c, "value", SIM_NS_MULTIPLE))
			add_value(c, out);
		else if (is_tag(c, "option", SIM_NS_MULTIPLE))
			add_value(child(c, "value", SIM_NS_MULTIPLE), out);
	}
}

/* The first <value> of each stream-method field, as libpurple reads them. */
static void
parse_form_values(xmlnode *si, SimMethodList *out)
{
	xmlnode *x = child(child(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode *field;
	guint seen = 0;

	for (field = child(x, "field", SIM_NS_XDATA); field && seen < SIM_MAX_WIRE_VALUES;
	     field = next_twin(field), seen++)
		if (g_strcmp0(xmlnode_get_attrib(field, "var"), "stream-method") == 0)
			add_value(child(field, "value", SIM_NS_XDATA), out);
}

gboolean
sim_reply_parse_multiple(xmlnode *iq, const SimMethodList *offered, SimMethodList *out)
{
	xmlnode *si = reply_si(iq);
	xmlnode *multiple = child(si, "si-multiple", SIM_NS_MULTIPLE);

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
	for (i = 0; i < order->n; i++) {
		const char *ns = sim_method_ns(order->m[i]);

		if (ns != NULL)
			xmlnode_insert_data(xmlnode_new_child(multiple, "value"), ns, -1);
	}
	return multiple;
}

gboolean
sim_reply_make_multiple(xmlnode *iq, const SimMethodList *order)
{
	xmlnode *si;

	if (!is_iq(iq) || !iq_type_is(iq, "result") || (si = child(iq, "si", SIM_NS_SI)) == NULL ||
	    order->n == 0)
		return FALSE;
	remove_children(si, "feature", SIM_NS_FEATURE_NEG);
	remove_children(si, "si-multiple", SIM_NS_MULTIPLE);
	if (child(si, "file", SIM_NS_SI_FT) == NULL)
		new_child_ns(si, "file", SIM_NS_SI_FT);
	xmlnode_insert_child(si, sim_multiple_new(order));
	return TRUE;
}

static void
add_method_field(xmlnode *x, SimMethod m)
{
	xmlnode *field = xmlnode_new_child(x, "field");

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
	remove_children(si, "si-multiple", SIM_NS_MULTIPLE);
	remove_children(si, "feature", SIM_NS_FEATURE_NEG);
	x = new_child_ns(new_child_ns(si, "feature", SIM_NS_FEATURE_NEG), "x", SIM_NS_XDATA);
	xmlnode_set_attrib(x, "type", "submit");
	/* libpurple starts SOCKS5 whenever it reads a bytestreams field, even
	 * after IBB started: with IBB first, IBB must stand alone */
	for (i = 0; i < order->n; i++) {
		add_method_field(x, order->m[i]);
		if (order->m[i] == SIM_METHOD_IBB)
			break;
	}
	return TRUE;
}

/* ---- SOCKS5 bytestreams ---- */

void
sim_streamhost_free(SimStreamhost *sh)
{
	if (sh == NULL)
		return;
	g_free(sh->jid);
	g_free(sh->host);
	g_free(sh);
}

/* A port: 1-5 ASCII digits, 1..65535; 0 otherwise. */
static guint16
parse_port(const char *text)
{
	guint64 v;
	gsize len = text ? strlen(text) : 0;
	gsize i;

	if (len == 0 || len > 5)
		return 0;
	for (i = 0; i < len; i++)
		if (!g_ascii_isdigit(text[i]))
			return 0;
	v = g_ascii_strtoull(text, NULL, 10);
	return v >= 1 && v <= 65535 ? (guint16)v : 0;
}

static SimStreamhost *
parse_streamhost(xmlnode *node)
{
	const char *jid = xmlnode_get_attrib(node, "jid");
	const char *host = xmlnode_get_attrib(node, "host");
	guint16 port = parse_port(xmlnode_get_attrib(node, "port"));
	SimStreamhost *sh;

	if (jid == NULL || *jid == '\0' || host == NULL || *host == '\0' || port == 0)
		return NULL;
	sh = g_new0(SimStreamhost, 1);
	sh->jid = g_strdup(jid);
	sh->host = g_strdup(host);
	sh->port = port;
	return sh;
}

GPtrArray *
sim_s5b_parse_streamhosts(xmlnode *iq)
{
	xmlnode *query, *node;
	GPtrArray *hosts;
	guint seen = 0;

	if (!is_iq(iq) || !iq_type_is(iq, "set") ||
	    (query = child(iq, "query", SIM_NS_BYTESTREAMS)) == NULL)
		return NULL;
	hosts = g_ptr_array_new_with_free_func((GDestroyNotify)sim_streamhost_free);
	for (node = child(query, "streamhost", SIM_NS_BYTESTREAMS);
	     node != NULL && seen < SIM_MAX_WIRE_VALUES * 4 && hosts->len < SIM_MAX_STREAMHOSTS;
	     node = next_twin(node), seen++) {
		SimStreamhost *sh = parse_streamhost(node);

		if (sh != NULL)
			g_ptr_array_add(hosts, sh);
	}
	return hosts;
}

const char *
sim_s5b_used_jid(xmlnode *iq)
{
	xmlnode *used;

	if (!is_iq(iq) || !iq_type_is(iq, "result"))
		return NULL;
	used = child(child(iq, "query", SIM_NS_BYTESTREAMS), "streamhost-used", SIM_NS_BYTESTREAMS);
	return used ? xmlnode_get_attrib(used, "jid") : NULL;
}

static xmlnode *
iq_new(const char *type, const char *to, const char *id)
{
	xmlnode *iq = xmlnode_new("iq");

	xmlnode_set_attrib(iq, "type", type);
	if (to != NULL)
		xmlnode_set_attrib(iq, "to", to);
	if (id != NULL)
		xmlnode_set_attrib(iq, "id", id);
	return iq;
}

xmlnode *
sim_s5b_used_new(const char *to, const char *id, const char *sid, const char *streamhost_jid)
{
	xmlnode *iq = iq_new("result", to, id);
	xmlnode *query = new_child_ns(iq, "query", SIM_NS_BYTESTREAMS);

	if (sid != NULL)
		xmlnode_set_attrib(query, "sid", sid);
	xmlnode_set_attrib(xmlnode_new_child(query, "streamhost-used"), "jid", streamhost_jid);
	return iq;
}

/* ---- errors ---- */

xmlnode *
sim_iq_error_new(const char *to, const char *id, const char *condition,
                 const char *type, int code)
{
	xmlnode *iq = iq_new("error", to, id);
	xmlnode *error = xmlnode_new_child(iq, "error");

	xmlnode_set_attrib(error, "type", type);
	if (code > 0) {
		char buf[16];

		g_snprintf(buf, sizeof(buf), "%d", code);
		xmlnode_set_attrib(error, "code", buf);
	}
	new_child_ns(error, condition, SIM_NS_STANZAS);
	return iq;
}

const char *
sim_iq_error_condition(xmlnode *iq)
{
	xmlnode *error = NULL, *c;

	if (!is_iq(iq) || !iq_type_is(iq, "error"))
		return NULL;
	for (c = iq->child; c != NULL && error == NULL; c = c->next)
		if (c->type == XMLNODE_TYPE_TAG && strcmp(c->name, "error") == 0 &&
		    (effective_ns(c) == NULL || strcmp(effective_ns(c), SIM_NS_CLIENT) == 0))
			error = c;
	if (error == NULL)
		return NULL;
	for (c = error->child; c != NULL; c = c->next)
		if (c->type == XMLNODE_TYPE_TAG && is_tag(c, c->name, SIM_NS_STANZAS) &&
		    strcmp(c->name, "text") != 0)
			return c->name;
	return NULL;
}
