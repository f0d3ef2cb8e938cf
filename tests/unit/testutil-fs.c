/* testutil-fs.c - file helpers shared by the tests and the e2e harness. */
#include "testutil-fs.h"

#include <glib.h>
#include <glib/gstdio.h>

void
sim_test_remove_tree(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	const char *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		char *child = g_build_filename(path, name, NULL);

		if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			sim_test_remove_tree(child);
		else
			g_unlink(child);
		g_free(child);
	}
	if (dir != NULL)
		g_dir_close(dir);
	g_rmdir(path);
}
