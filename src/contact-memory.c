/* contact-memory.c - per-contact memory of SOCKS5 failures (see .h).
 * File format: a GKeyFile with one group "socks5-failed" whose keys are
 * "<account> <contact>" (both URI-escaped) and values the failure time. */
#include "contact-memory.h"

#include <string.h>

#define GROUP "socks5-failed"

struct SimMemory {
	char *path;
	GHashTable *failed; /* "account contact" -> gint64* time */
};

/* "account contact" with the resource dropped, both escaped, lower-cased
 * domain part kept as given (JIDs arrive normalised from libpurple). */
static char *
make_key(const char *account, const char *contact)
{
	char *bare_acc = g_strndup(account, strcspn(account, "/"));
	char *bare = g_strndup(contact, strcspn(contact, "/"));
	char *a = g_uri_escape_string(bare_acc, NULL, FALSE);
	char *c = g_uri_escape_string(bare, NULL, FALSE);
	char *key = g_strdup_printf("%s %s", a, c);

	g_free(bare_acc);
	g_free(bare);
	g_free(a);
	g_free(c);
	return key;
}

static void
load(SimMemory *m)
{
	GKeyFile *kf = g_key_file_new();
	char **keys;
	gsize n = 0, i;

	if (!g_key_file_load_from_file(kf, m->path, G_KEY_FILE_NONE, NULL)) {
		g_key_file_free(kf);
		return;
	}
	keys = g_key_file_get_keys(kf, GROUP, &n, NULL);
	for (i = 0; keys != NULL && i < n && i < SIM_MEMORY_MAX_ENTRIES; i++) {
		GError *err = NULL;
		gint64 t = g_key_file_get_int64(kf, GROUP, keys[i], &err);

		if (err == NULL && strchr(keys[i], ' ') != NULL && t > 0)
			g_hash_table_insert(m->failed, g_strdup(keys[i]), g_memdup2(&t, sizeof t));
		g_clear_error(&err);
	}
	g_strfreev(keys);
	g_key_file_free(kf);
}

static void
save(SimMemory *m)
{
	GKeyFile *kf = g_key_file_new();
	GHashTableIter it;
	gpointer k, v;
	GError *err = NULL;

	g_hash_table_iter_init(&it, m->failed);
	while (g_hash_table_iter_next(&it, &k, &v))
		g_key_file_set_int64(kf, GROUP, k, *(gint64 *)v);
	if (!g_key_file_save_to_file(kf, m->path, &err)) {
		g_message("cannot save %s: %s", m->path, err->message);
		g_error_free(err);
	}
	g_key_file_free(kf);
}

SimMemory *
sim_memory_new(const char *path)
{
	SimMemory *m = g_new0(SimMemory, 1);

	m->path = g_strdup(path);
	m->failed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	load(m);
	return m;
}

void
sim_memory_free(SimMemory *m)
{
	if (m == NULL)
		return;
	g_hash_table_destroy(m->failed);
	g_free(m->path);
	g_free(m);
}

static void
drop_oldest(SimMemory *m)
{
	GHashTableIter it;
	gpointer k, v, oldest = NULL;
	gint64 t = G_MAXINT64;

	g_hash_table_iter_init(&it, m->failed);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		if (*(gint64 *)v < t) {
			t = *(gint64 *)v;
			oldest = k;
		}
	}
	if (oldest != NULL)
		g_hash_table_remove(m->failed, oldest);
}

void
sim_memory_note_failure(SimMemory *m, const char *account, const char *contact, gint64 now)
{
	char *key = make_key(account, contact);

	if (!g_hash_table_contains(m->failed, key) &&
	    g_hash_table_size(m->failed) >= SIM_MEMORY_MAX_ENTRIES)
		drop_oldest(m);
	g_hash_table_insert(m->failed, key, g_memdup2(&now, sizeof now));
	save(m);
}

void
sim_memory_note_success(SimMemory *m, const char *account, const char *contact)
{
	char *key = make_key(account, contact);

	if (g_hash_table_remove(m->failed, key))
		save(m);
	g_free(key);
}

gboolean
sim_memory_failed_recently(SimMemory *m, const char *account, const char *contact,
                           gint64 now, gint64 expiry_s)
{
	char *key = make_key(account, contact);
	gint64 *t = g_hash_table_lookup(m->failed, key);

	g_free(key);
	return t != NULL && now >= *t && now - *t < expiry_s;
}

void
sim_memory_forget_all(SimMemory *m)
{
	g_hash_table_remove_all(m->failed);
	save(m);
}

guint
sim_memory_size(SimMemory *m)
{
	return g_hash_table_size(m->failed);
}
