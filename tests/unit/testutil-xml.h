/* testutil-xml.h - libxml2 helpers for asserting on XML the plugin emits:
 * XPath with the XMPP namespaces bound to prefixes, and XML Schema
 * validation against the schemas in tests/schema/.
 * Prefixes: c (jabber:client), si, ft, fn (feature-neg), x (jabber:x:data),
 * sm (si-multiple), bs (bytestreams), ibb, st (xmpp-stanzas). */
#ifndef SIM_TESTUTIL_XML_H
#define SIM_TESTUTIL_XML_H

#include <glib.h>
#include <xmlnode.h>

/* Makes libpurple's xmlnode usable without a full core: xmlnodes register
 * with libpurple's D-Bus id map, which must exist. Call once in main. */
void sim_test_xml_init(void);

/* Number of nodes `expr` selects in `xml` (asserts that both parse). */
int sim_test_xpath_count(const char *xml, const char *expr);
/* string(expr) evaluated on `xml`; g_free it. */
char *sim_test_xpath_string(const char *xml, const char *expr);
/* Same, on a libpurple node (serialised first). */
int sim_test_node_xpath_count(xmlnode *node, const char *expr);
char *sim_test_node_xpath_string(xmlnode *node, const char *expr);
/* TRUE when the document `xml` is valid against tests/schema/<xsd>
 * (asserts that both parse). */
gboolean sim_test_validate(const char *xml, const char *xsd);
/* TRUE when `node` (serialised alone) is valid against tests/schema/<xsd>. */
gboolean sim_test_node_valid(xmlnode *node, const char *xsd);
/* Contents of tests/fixtures/<name>; g_free it. */
char *sim_test_fixture(const char *name);
/* A libpurple node parsed from a string or a fixture (asserts it parses). */
xmlnode *sim_test_node(const char *xml);
xmlnode *sim_test_fixture_node(const char *name);

#endif
