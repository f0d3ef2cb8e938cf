/* deb-load.c - loads si-multiple.so from a plugin directory (the package
 * unpacked with dpkg -x) into a real headless libpurple:
 *
 *     deb-load DIR
 *
 * Exits 0 when DIR/si-multiple.so is probed as core-si-multiple without an
 * error, loads (its XMPP dependency met) and unloads, and prints its name,
 * translated as the environment asks (LANGUAGE), on a line "name: ...".
 * Otherwise says why on stderr and exits 1.
 *
 * The plugin is picked by its file, not by its id alone: libpurple also
 * probes its own plugin directory, where an installed copy of the package
 * has the same id. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <purple.h>

#include "testutil-purple.h"

static PurplePlugin *
find_by_path(const char *path)
{
	GList *l;

	for (l = purple_plugins_get_all(); l != NULL; l = l->next) {
		PurplePlugin *p = l->data;

		if (p->path != NULL && strcmp(p->path, path) == 0)
			return p;
	}
	return NULL;
}

static int
check(const char *dir)
{
	char *path = g_build_filename(dir, "si-multiple.so", NULL);
	PurplePlugin *plugin;
	int rc = 1;

	purple_plugins_add_search_path(dir);
	purple_plugins_probe(G_MODULE_SUFFIX);
	plugin = find_by_path(path);
	if (plugin == NULL)
		fprintf(stderr, "deb-load: %s was not probed as a plugin\n", path);
	else if (plugin->error != NULL)
		fprintf(stderr, "deb-load: %s: %s\n", path, plugin->error);
	else if (plugin->info == NULL || g_strcmp0(plugin->info->id, "core-si-multiple") != 0)
		fprintf(stderr, "deb-load: %s is not core-si-multiple\n", path);
	else if (!purple_plugin_load(plugin) || !purple_plugin_is_loaded(plugin))
		fprintf(stderr, "deb-load: %s does not load: %s\n", path,
		        plugin->error != NULL ? plugin->error : "no reason given");
	else if (!purple_plugin_unload(plugin) || purple_plugin_is_loaded(plugin))
		fprintf(stderr, "deb-load: %s does not unload\n", path);
	else {
		printf("name: %s\n", plugin->info->name);
		rc = 0;
	}
	g_free(path);
	return rc;
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s PLUGIN-DIR\n", argv[0]);
		return 2;
	}
	setlocale(LC_ALL, "");
	sim_test_purple_init();
	rc = check(argv[1]);
	sim_test_purple_quit();
	return rc;
}
