/* contact-resources.c - online resources per contact (contact-resources.h). */
#include "contact-resources.h"

#include "contact-name.h"

/* conn -> (bare JID -> set of resources) */
static GHashTable *by_conn;

static GHashTable *
contacts_of(gconstpointer conn, gboolean create)
{
	GHashTable *contacts;

	if (by_conn == NULL) {
		if (!create)
			return NULL;
		by_conn = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
		                                (GDestroyNotify)g_hash_table_unref);
	}
	contacts = g_hash_table_lookup(by_conn, conn);
	if (contacts == NULL && create) {
		contacts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                 (GDestroyNotify)g_hash_table_unref);
		g_hash_table_insert(by_conn, (gpointer)conn, contacts);
	}
	return contacts;
}

static void
add_resource(GHashTable *contacts, char *bare, const char *resource)
{
	GHashTable *set = g_hash_table_lookup(contacts, bare);

	if (set == NULL) {
		if (g_hash_table_size(contacts) >= SIM_RESOURCES_MAX_CONTACTS) {
			g_free(bare);
			return;
		}
		set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		g_hash_table_insert(contacts, bare, set);
	} else {
		g_free(bare);
	}
	if (g_hash_table_size(set) < SIM_RESOURCES_MAX_PER_CONTACT)
		g_hash_table_add(set, g_strdup(resource));
}

static void
remove_resource(GHashTable *contacts, char *bare, const char *resource)
{
	GHashTable *set = g_hash_table_lookup(contacts, bare);

	if (set != NULL && g_hash_table_remove(set, resource) && g_hash_table_size(set) == 0)
		g_hash_table_remove(contacts, bare);
	g_free(bare);
}

void
sim_resources_presence(gconstpointer conn, const char *from, const char *type)
{
	const char *resource = sim_jid_resource(from);
	gboolean available = type == NULL || *type == '\0';

	if (resource == NULL || (!available && g_strcmp0(type, "unavailable") != 0))
		return;
	if (available)
		add_resource(contacts_of(conn, TRUE), sim_jid_bare(from), resource);
	else if (contacts_of(conn, FALSE) != NULL)
		remove_resource(contacts_of(conn, FALSE), sim_jid_bare(from), resource);
}

static GHashTable *
resources_of(gconstpointer conn, const char *contact)
{
	GHashTable *contacts = contacts_of(conn, FALSE), *set;
	char *bare;

	if (contacts == NULL || contact == NULL)
		return NULL;
	bare = sim_jid_bare(contact);
	set = g_hash_table_lookup(contacts, bare);
	g_free(bare);
	return set;
}

guint
sim_resources_online(gconstpointer conn, const char *contact)
{
	GHashTable *set = resources_of(conn, contact);

	return set != NULL ? g_hash_table_size(set) : 0;
}

guint
sim_resources_others_online(gconstpointer conn, const char *full_jid)
{
	GHashTable *set = resources_of(conn, full_jid);
	const char *own = sim_jid_resource(full_jid);

	if (set == NULL)
		return 0;
	return g_hash_table_size(set) - (own != NULL && g_hash_table_contains(set, own) ? 1 : 0);
}

void
sim_resources_drop_connection(gconstpointer conn)
{
	if (by_conn != NULL)
		g_hash_table_remove(by_conn, conn);
}

void
sim_resources_shutdown(void)
{
	if (by_conn != NULL)
		g_hash_table_unref(by_conn);
	by_conn = NULL;
}
