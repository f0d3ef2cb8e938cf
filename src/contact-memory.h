/* contact-memory.h - remembers, per account and contact, that SOCKS5 failed,
 * so the next transfer skips the doomed attempt. Kept in a small key file
 * (under the purple user dir in the plugin), entries expire after a set
 * time, and a SOCKS5 success with the contact clears its entry. The clock is
 * passed in, so tests control time. */
#ifndef SIM_CONTACT_MEMORY_H
#define SIM_CONTACT_MEMORY_H

#include <glib.h>

/* Entries beyond this many are dropped, oldest first. */
#define SIM_MEMORY_MAX_ENTRIES 1000

typedef struct SimMemory SimMemory;

/* Loads `path` if it exists (a missing or unreadable file is an empty
 * memory; an unreadable one is not overwritten until the next change). */
SimMemory *sim_memory_new(const char *path);
void sim_memory_free(SimMemory *m);

/* `contact` is a bare JID; a full JID's resource is ignored. Times are
 * seconds since the epoch. Each change is saved at once. */
void sim_memory_note_failure(SimMemory *m, const char *account, const char *contact, gint64 now);
void sim_memory_note_success(SimMemory *m, const char *account, const char *contact);
/* TRUE when SOCKS5 failed with the contact less than expiry_s ago. */
gboolean sim_memory_failed_recently(SimMemory *m, const char *account, const char *contact,
                                    gint64 now, gint64 expiry_s);
void sim_memory_forget_all(SimMemory *m);
guint sim_memory_size(SimMemory *m);

#endif
