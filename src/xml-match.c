/* xml-match.c - matching and building libpurple xmlnode trees by name AND
 * namespace, for the stanza codec (see xml-match.h). */
#include "xml-match.h"

#include <string.h>

#include "si-codec.h"

const char *
sim_xml_effective_ns(xmlnode *node)
{
	for (; node != NULL; node = node->parent) {
		const char *ns = xmlnode_get_namespace(node);

		if (ns != NULL)
			return ns;
	}
	return NULL;
}

gboolean
sim_xml_is_tag(xmlnode *node, const char *name, const char *ns)
{
	return node != NULL && node->type == XMLNODE_TYPE_TAG &&
	       g_strcmp0(node->name, name) == 0 && g_strcmp0(sim_xml_effective_ns(node), ns) == 0;
}

/* The first child element named `name` in namespace `ns`. */
xmlnode *
sim_xml_child(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c;

	if (parent == NULL)
		return NULL;
	for (c = parent->child; c != NULL; c = c->next)
		if (sim_xml_is_tag(c, name, ns))
			return c;
	return NULL;
}

/* The next sibling element named like `node`, in the same namespace. */
xmlnode *
sim_xml_next_twin(xmlnode *node)
{
	const char *ns = sim_xml_effective_ns(node);
	xmlnode *c;

	for (c = node->next; c != NULL; c = c->next)
		if (sim_xml_is_tag(c, node->name, ns))
			return c;
	return NULL;
}

/* One pass over the children: a hostile reply may carry thousands. */
void
sim_xml_remove_children(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c, *next, *prev = NULL;

	if (parent == NULL)
		return;
	for (c = parent->child; c != NULL; c = next) {
		next = c->next;
		if (!sim_xml_is_tag(c, name, ns)) {
			prev = c;
			continue;
		}
		if (prev != NULL)
			prev->next = next;
		else
			parent->child = next;
		if (parent->lastchild == c)
			parent->lastchild = prev;
		/* detached, so xmlnode_free() does not search the list again */
		c->next = NULL;
		c->parent = NULL;
		xmlnode_free(c);
	}
}

xmlnode *
sim_xml_new_child_ns(xmlnode *parent, const char *name, const char *ns)
{
	xmlnode *c = xmlnode_new_child(parent, name);

	xmlnode_set_namespace(c, ns);
	return c;
}

/* The stanza's own namespace must be unset (built) or jabber:client (parsed). */
gboolean
sim_xml_is_iq(xmlnode *stanza)
{
	const char *ns;

	if (stanza == NULL || stanza->type != XMLNODE_TYPE_TAG || g_strcmp0(stanza->name, "iq") != 0)
		return FALSE;
	ns = xmlnode_get_namespace(stanza);
	return ns == NULL || strcmp(ns, SIM_NS_CLIENT) == 0;
}

gboolean
sim_xml_iq_type_is(xmlnode *iq, const char *type)
{
	return g_strcmp0(xmlnode_get_attrib(iq, "type"), type) == 0;
}

/* The value of a <value/> element, trimmed; NULL when empty or absent (an
 * <option/> or field without its <value/>). g_free it. */
char *
sim_xml_value_text(xmlnode *value)
{
	char *text = value != NULL ? xmlnode_get_data(value) : NULL;

	if (text != NULL && *g_strstrip(text) == '\0') {
		g_free(text);
		text = NULL;
	}
	return text;
}

xmlnode *
sim_xml_iq_new(const char *type, const char *to, const char *id)
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
sim_xml_placeholder_new(void)
{
	xmlnode *iq = sim_xml_iq_new("result", NULL, "si-multiple-consumed");

	xmlnode_set_namespace(iq, "jabber:client");
	return iq;
}
