/* s5b-codec.c - the SOCKS5 bytestreams (XEP-0065) and iq error parts of
 * the stanza codec (see si-codec.h). Pure: xmlnode trees only. */
#include "si-codec.h"

#include <string.h>

#include "xml-match.h"

void
sim_streamhost_free(SimStreamhost *sh)
{
	if (sh == NULL)
		return;
	g_free(sh->jid);
	g_free(sh->host);
	g_free(sh);
}

/* Junk entries are skipped, but only this many elements are looked at. */
#define MAX_STREAMHOSTS_EXAMINED (SIM_MAX_STREAMHOSTS * 4)

/* A port: 1-5 ASCII digits (surrounding blanks allowed, as xs:int does),
 * 1..65535; 0 otherwise. No sign, no hex, no trailing junk. */
static guint16
parse_port(const char *text)
{
	char *t = g_strstrip(g_strdup(text ? text : ""));
	gsize len = strlen(t);
	guint64 v = 0;

	if (len >= 1 && len <= 5 && strspn(t, "0123456789") == len)
		v = g_ascii_strtoull(t, NULL, 10);
	g_free(t);
	return v <= 65535 ? (guint16)v : 0;
}

static SimStreamhost *
parse_streamhost(xmlnode *node)
{
	const char *jid = xmlnode_get_attrib(node, "jid");
	const char *raw_host = xmlnode_get_attrib(node, "host");
	char *host = g_strstrip(g_strdup(raw_host ? raw_host : ""));
	guint16 port = parse_port(xmlnode_get_attrib(node, "port"));
	SimStreamhost *sh = NULL;

	if (jid != NULL && *jid != '\0' && *host != '\0' && port != 0) {
		sh = g_new0(SimStreamhost, 1);
		sh->jid = g_strdup(jid);
		sh->host = g_steal_pointer(&host);
		sh->port = port;
	}
	g_free(host);
	return sh;
}

GPtrArray *
sim_s5b_parse_streamhosts(xmlnode *iq)
{
	xmlnode *query, *node;
	GPtrArray *hosts;
	guint seen = 0;

	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "set") ||
	    (query = sim_xml_child(iq, "query", SIM_NS_BYTESTREAMS)) == NULL)
		return NULL;
	hosts = g_ptr_array_new_with_free_func((GDestroyNotify)sim_streamhost_free);
	for (node = sim_xml_child(query, "streamhost", SIM_NS_BYTESTREAMS);
	     node != NULL && seen < MAX_STREAMHOSTS_EXAMINED && hosts->len < SIM_MAX_STREAMHOSTS;
	     node = sim_xml_next_twin(node), seen++) {
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

	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "result"))
		return NULL;
	used = sim_xml_child(sim_xml_child(iq, "query", SIM_NS_BYTESTREAMS), "streamhost-used", SIM_NS_BYTESTREAMS);
	return used ? xmlnode_get_attrib(used, "jid") : NULL;
}

xmlnode *
sim_s5b_used_new(const char *to, const char *id, const char *sid, const char *streamhost_jid)
{
	xmlnode *iq = sim_xml_iq_new("result", to, id);
	xmlnode *query = sim_xml_new_child_ns(iq, "query", SIM_NS_BYTESTREAMS);

	if (sid != NULL)
		xmlnode_set_attrib(query, "sid", sid);
	xmlnode_set_attrib(xmlnode_new_child(query, "streamhost-used"), "jid",
	                   streamhost_jid ? streamhost_jid : "");
	return iq;
}

/* ---- errors ---- */

xmlnode *
sim_iq_error_new(const char *to, const char *id, const char *condition,
                 const char *type, int code)
{
	xmlnode *iq = sim_xml_iq_new("error", to, id);
	xmlnode *error = xmlnode_new_child(iq, "error");

	xmlnode_set_attrib(error, "type", type ? type : "cancel");
	if (code > 0) {
		char buf[16];

		g_snprintf(buf, sizeof(buf), "%d", code);
		xmlnode_set_attrib(error, "code", buf);
	}
	sim_xml_new_child_ns(error, condition ? condition : "undefined-condition", SIM_NS_STANZAS);
	return iq;
}

/* The <error/> of an iq error, in the stream's namespace, or NULL. */
static xmlnode *
error_element(xmlnode *iq)
{
	xmlnode *c;

	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "error"))
		return NULL;
	for (c = iq->child; c != NULL; c = c->next)
		if (c->type == XMLNODE_TYPE_TAG && strcmp(c->name, "error") == 0 &&
		    (sim_xml_effective_ns(c) == NULL || strcmp(sim_xml_effective_ns(c), SIM_NS_CLIENT) == 0))
			return c;
	return NULL;
}

const char *
sim_iq_error_condition(xmlnode *iq)
{
	xmlnode *error = error_element(iq), *c;

	if (error == NULL)
		return NULL;
	for (c = error->child; c != NULL; c = c->next)
		if (c->type == XMLNODE_TYPE_TAG && sim_xml_is_tag(c, c->name, SIM_NS_STANZAS) &&
		    strcmp(c->name, "text") != 0)
			return c->name;
	return NULL;
}

void
sim_s5b_error_add_report(xmlnode *iq, guint tried, guint refused)
{
	xmlnode *error = error_element(iq), *report;
	char buf[16];

	if (error == NULL)
		return;
	report = sim_xml_new_child_ns(error, "streamhosts-failed", SIM_NS_S5B_REPORT);
	g_snprintf(buf, sizeof(buf), "%u", MIN(tried, SIM_MAX_STREAMHOSTS));
	xmlnode_set_attrib(report, "tried", buf);
	g_snprintf(buf, sizeof(buf), "%u", MIN(MIN(refused, tried), SIM_MAX_STREAMHOSTS));
	xmlnode_set_attrib(report, "refused", buf);
}

/* A count attribute: one to three decimal digits, capped; anything else
 * is malformed. */
static gboolean
count_attrib(xmlnode *node, const char *name, guint *out)
{
	const char *v = xmlnode_get_attrib(node, name);
	guint64 n;

	if (v == NULL || *v == '\0' || strlen(v) > 3 || strspn(v, "0123456789") != strlen(v))
		return FALSE;
	n = g_ascii_strtoull(v, NULL, 10);
	*out = (guint)MIN(n, SIM_MAX_STREAMHOSTS);
	return TRUE;
}

gboolean
sim_s5b_error_report(xmlnode *iq, guint *tried, guint *refused)
{
	xmlnode *report;
	guint t, r;

	/* an application condition goes with a defined one (RFC 6120 8.3.2) */
	if (sim_iq_error_condition(iq) == NULL)
		return FALSE;
	report = sim_xml_child(error_element(iq), "streamhosts-failed", SIM_NS_S5B_REPORT);
	if (report == NULL || !count_attrib(report, "tried", &t) || !count_attrib(report, "refused", &r) ||
	    t == 0)
		return FALSE;
	*tried = t;
	*refused = MIN(r, t);
	return TRUE;
}
