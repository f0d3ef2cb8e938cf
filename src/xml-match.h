/* xml-match.h - helpers of the stanza codec: find and build elements by
 * name and namespace. libpurple's parser gives every element its resolved
 * namespace, while nodes built in code often carry none and inherit their
 * parent's when serialised; so an element's namespace here is its own, or
 * else the nearest ancestor's: the namespace it has on the wire. */
#ifndef SIM_XML_MATCH_H
#define SIM_XML_MATCH_H

#include <glib.h>
#include <xmlnode.h>

const char *sim_xml_effective_ns(xmlnode *node);
gboolean sim_xml_is_tag(xmlnode *node, const char *name, const char *ns);
/* The first child element named `name` in namespace `ns` (NULL parent: NULL). */
xmlnode *sim_xml_child(xmlnode *parent, const char *name, const char *ns);
/* The next sibling element named like `node`, in the same namespace. */
xmlnode *sim_xml_next_twin(xmlnode *node);
/* Unlinks and frees every child element `name` in `ns`. */
void sim_xml_remove_children(xmlnode *parent, const char *name, const char *ns);
xmlnode *sim_xml_new_child_ns(xmlnode *parent, const char *name, const char *ns);
/* An <iq/> whose own namespace is unset (built) or jabber:client (parsed). */
gboolean sim_xml_is_iq(xmlnode *stanza);
gboolean sim_xml_iq_type_is(xmlnode *iq, const char *type);
/* The text of an element, trimmed; NULL when empty or when value is NULL.
 * g_free it. */
char *sim_xml_value_text(xmlnode *value);
/* A stand-in for an incoming stanza the plugin consumed: an empty iq
 * result (jabber:client) with an id nobody asked, which libpurple counts
 * like any stanza and then drops without an answer. */
xmlnode *sim_xml_placeholder_new(void);
/* A new <iq type to id/> (to and id may be NULL). */
xmlnode *sim_xml_iq_new(const char *type, const char *to, const char *id);

#endif
