/* contact-name.c - names contacts for the user (see contact-name.h). */
#include "contact-name.h"

#include <string.h>

#include <glib/gi18n-lib.h>

char *
sim_jid_bare(const char *jid)
{
	const char *slash = jid != NULL ? strchr(jid, '/') : NULL;

	return slash != NULL ? g_strndup(jid, slash - jid) : g_strdup(jid);
}

const char *
sim_jid_resource(const char *jid)
{
	const char *slash = jid != NULL ? strchr(jid, '/') : NULL;

	return slash != NULL && slash[1] != '\0' ? slash + 1 : NULL;
}

char *
sim_contact_name(const char *alias, const char *full_jid, gboolean with_resource)
{
	const char *resource = with_resource ? sim_jid_resource(full_jid) : NULL;
	char *base = alias != NULL && *alias != '\0' ? g_strdup(alias) : sim_jid_bare(full_jid);
	char *name;

	if (base == NULL)
		return g_strdup("?");
	if (resource == NULL)
		return base;
	/* TRANSLATORS: a contact with several devices online: first %s is the
	   contact's name, second the device (XMPP resource), e.g. "Bob (laptop)" */
	name = g_strdup_printf(_("%s (%s)"), base, resource);
	g_free(base);
	return name;
}
