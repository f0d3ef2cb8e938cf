/* ibb-codec.c - in-band bytestream stanzas (see ibb-codec.h). */
#include "ibb-codec.h"

#include <util.h>

#include "xml-match.h"

#define SIM_NS_PING "urn:xmpp:ping"

/* <iq type=set to id> holding <name xmlns=ibb sid=…/>. */
static xmlnode *
ibb_iq(const char *to, const char *id, const char *name, const char *sid, xmlnode **op)
{
	xmlnode *iq = sim_xml_iq_new("set", to, id);

	*op = sim_xml_new_child_ns(iq, name, SIM_NS_IBB);
	xmlnode_set_attrib(*op, "sid", sid);
	return iq;
}

xmlnode *
sim_ibb_open_new(const char *to, const char *id, const char *sid, guint block)
{
	xmlnode *open;
	xmlnode *iq = ibb_iq(to, id, "open", sid, &open);
	char size[12];

	g_snprintf(size, sizeof size, "%u", MIN(block, SIM_IBB_MAX_BLOCK));
	xmlnode_set_attrib(open, "block-size", size);
	xmlnode_set_attrib(open, "stanza", "iq");
	return iq;
}

xmlnode *
sim_ibb_data_new(const char *to, const char *id, const char *sid, guint16 seq,
                 const guchar *data, gsize len)
{
	xmlnode *op;
	xmlnode *iq = ibb_iq(to, id, "data", sid, &op);
	char num[8];
	char *b64 = purple_base64_encode(data, len);

	g_snprintf(num, sizeof num, "%u", (guint)seq);
	xmlnode_set_attrib(op, "seq", num);
	xmlnode_insert_data(op, b64, -1);
	g_free(b64);
	return iq;
}

xmlnode *
sim_ibb_close_new(const char *to, const char *id, const char *sid)
{
	xmlnode *op;

	return ibb_iq(to, id, "close", sid, &op);
}

static xmlnode *
open_of(xmlnode *iq)
{
	if (!sim_xml_is_iq(iq) || !sim_xml_iq_type_is(iq, "set"))
		return NULL;
	return sim_xml_child(iq, "open", SIM_NS_IBB);
}

gboolean
sim_ibb_open_set_block(xmlnode *iq, guint block)
{
	xmlnode *open = open_of(iq);
	char size[12];

	if (open == NULL)
		return FALSE;
	g_snprintf(size, sizeof size, "%u", MIN(block, SIM_IBB_MAX_BLOCK));
	xmlnode_set_attrib(open, "block-size", size);
	return TRUE;
}

gboolean
sim_ibb_open_neutralise(xmlnode *iq)
{
	if (open_of(iq) == NULL)
		return FALSE;
	sim_xml_remove_children(iq, "open", SIM_NS_IBB);
	xmlnode_set_attrib(iq, "type", "get");
	sim_xml_new_child_ns(iq, "ping", SIM_NS_PING);
	return TRUE;
}

gboolean
sim_ibb_error_is_resource_constraint(xmlnode *iq)
{
	return g_strcmp0(sim_iq_error_condition(iq), "resource-constraint") == 0;
}
