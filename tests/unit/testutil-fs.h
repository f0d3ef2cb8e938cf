/* testutil-fs.h - file helpers shared by the tests and the e2e harness. */
#ifndef SIM_TESTUTIL_FS_H
#define SIM_TESTUTIL_FS_H

/* Removes a directory tree (symlinks are removed, not followed). */
void sim_test_remove_tree(const char *path);

#endif
