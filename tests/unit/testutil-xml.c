/* testutil-xml.c - XPath and XML Schema helpers for the tests. */
#include "testutil-xml.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xmlversion.h>
#include <libxml/xpathInternals.h>

/* public libpurple API, declared by hand: its header needs D-Bus's headers */
void purple_dbus_init_ids(void);

void
sim_test_xml_init(void)
{
	purple_dbus_init_ids();
}

static const char *const prefixes[][2] = {
	{ "c", "jabber:client" },
	{ "si", "http://jabber.org/protocol/si" },
	{ "ft", "http://jabber.org/protocol/si/profile/file-transfer" },
	{ "fn", "http://jabber.org/protocol/feature-neg" },
	{ "x", "jabber:x:data" },
	{ "sm", "http://telepathy.freedesktop.org/xmpp/si-multiple" },
	{ "bs", "http://jabber.org/protocol/bytestreams" },
	{ "ibb", "http://jabber.org/protocol/ibb" },
	{ "st", "urn:ietf:params:xml:ns:xmpp-stanzas" },
	{ "rep", "urn:x-purple-si-multiple:s5b-report:0" },
};

static char *
source_path(const char *dir, const char *name)
{
	const char *top = g_getenv("SIM_SRCDIR");

	return g_build_filename(top ? top : ".", "tests", dir, name, NULL);
}

static xmlXPathObjectPtr
eval(const char *xml, const char *expr, xmlDocPtr *doc_out)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "stanza.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr obj;
	guint i;

	g_assert_nonnull(doc);
	ctx = xmlXPathNewContext(doc);
	for (i = 0; i < G_N_ELEMENTS(prefixes); i++)
		xmlXPathRegisterNs(ctx, BAD_CAST prefixes[i][0], BAD_CAST prefixes[i][1]);
	obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	g_assert_nonnull(obj);
	xmlXPathFreeContext(ctx);
	*doc_out = doc;
	return obj;
}

int
sim_test_xpath_count(const char *xml, const char *expr)
{
	xmlDocPtr doc;
	xmlXPathObjectPtr obj = eval(xml, expr, &doc);
	int n;

	g_assert_cmpint(obj->type, ==, XPATH_NODESET);
	n = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(obj);
	xmlFreeDoc(doc);
	return n;
}

char *
sim_test_xpath_string(const char *xml, const char *expr)
{
	xmlDocPtr doc;
	char *wrapped = g_strdup_printf("string(%s)", expr);
	xmlXPathObjectPtr obj = eval(xml, wrapped, &doc);
	char *s = g_strdup((const char *)obj->stringval);

	xmlXPathFreeObject(obj);
	xmlFreeDoc(doc);
	g_free(wrapped);
	return s;
}

int
sim_test_node_xpath_count(xmlnode *node, const char *expr)
{
	char *xml = xmlnode_to_str(node, NULL);
	int n = sim_test_xpath_count(xml, expr);

	g_free(xml);
	return n;
}

char *
sim_test_node_xpath_string(xmlnode *node, const char *expr)
{
	char *xml = xmlnode_to_str(node, NULL);
	char *s = sim_test_xpath_string(xml, expr);

	g_free(xml);
	return s;
}

/* Schema errors go to the test log (--verbose), not stderr: tests also
 * check that invalid documents fail. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *SimXmlError;
#else
typedef xmlErrorPtr SimXmlError;
#endif

static void
log_schema_error(void *data, SimXmlError error)
{
	(void)data;
	g_test_message("schema: line %d: %s", error->line, error->message ? error->message : "?");
}

gboolean
sim_test_validate(const char *xml, const char *xsd)
{
	char *path = source_path("schema", xsd);
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewParserCtxt(path);
	xmlSchemaPtr schema = xmlSchemaParse(pctx);
	xmlSchemaValidCtxtPtr vctx;
	xmlDocPtr doc;
	int rc;

	g_assert_nonnull(schema);
	vctx = xmlSchemaNewValidCtxt(schema);
	xmlSchemaSetValidStructuredErrors(vctx, log_schema_error, NULL);
	doc = xmlReadMemory(xml, (int)strlen(xml), "emitted.xml", NULL, XML_PARSE_NONET);
	g_assert_nonnull(doc);
	rc = xmlSchemaValidateDoc(vctx, doc);
	if (rc != 0)
		g_test_message("not valid against %s: %s", xsd, xml);
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vctx);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pctx);
	g_free(path);
	return rc == 0;
}

gboolean
sim_test_node_valid(xmlnode *node, const char *xsd)
{
	char *xml = xmlnode_to_str(node, NULL);
	gboolean ok = sim_test_validate(xml, xsd);

	g_free(xml);
	return ok;
}

char *
sim_test_fixture(const char *name)
{
	char *path = source_path("fixtures", name);
	char *text = NULL;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_free(path);
	return text;
}

xmlnode *
sim_test_node(const char *xml)
{
	xmlnode *node = xmlnode_from_str(xml, -1);

	g_assert_nonnull(node);
	return node;
}

xmlnode *
sim_test_fixture_node(const char *name)
{
	char *text = sim_test_fixture(name);
	xmlnode *node = sim_test_node(text);

	g_free(text);
	return node;
}
