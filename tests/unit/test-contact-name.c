/* test-contact-name.c - naming a contact the way Pidgin does: the buddy's
 * alias (user's, else the roster's), else the bare JID; the resource only
 * when the contact has several devices online (presence tracking). */
#include <purple.h>

#include "contact-name.h"
#include "contact-resources.h"
#include "report.h"
#include "testutil-purple.h"
#include "testutil.h"

static void
test_jid_parts(void)
{
	char *bare = sim_jid_bare("bob@example.org/laptop");

	g_assert_cmpstr(bare, ==, "bob@example.org");
	g_free(bare);
	bare = sim_jid_bare("bob@example.org");
	g_assert_cmpstr(bare, ==, "bob@example.org");
	g_free(bare);
	g_assert_cmpstr(sim_jid_resource("bob@example.org/laptop/x"), ==, "laptop/x");
	g_assert_null(sim_jid_resource("bob@example.org"));
	g_assert_null(sim_jid_resource("bob@example.org/"));
	g_assert_null(sim_jid_bare(NULL));
}

static void
check_name(const char *alias, const char *jid, gboolean with_resource, const char *expected)
{
	char *name = sim_contact_name(alias, jid, with_resource);

	g_assert_cmpstr(name, ==, expected);
	g_free(name);
}

static void
test_name_forms(void)
{
	check_name("Bob Example", "bob@example.org/laptop", FALSE, "Bob Example");
	check_name(NULL, "bob@example.org/laptop", FALSE, "bob@example.org");
	check_name("", "bob@example.org/laptop", FALSE, "bob@example.org");
	check_name("Bob Example", "bob@example.org/laptop", TRUE, "Bob Example (laptop)");
	check_name(NULL, "bob@example.org/phone", TRUE, "bob@example.org (phone)");
	/* nothing to tell apart without a resource */
	check_name("Bob", "bob@example.org", TRUE, "Bob");
	check_name(NULL, NULL, FALSE, "?");
}

static int conn_a, conn_b;

static void
test_resources_follow_presence(void)
{
	sim_resources_presence(&conn_a, "bob@x/laptop", NULL);
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, 1);
	sim_resources_presence(&conn_a, "bob@x/phone", "");
	sim_resources_presence(&conn_a, "bob@x/phone", NULL); /* again: still two */
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x/anything"), ==, 2);
	g_assert_cmpuint(sim_resources_others_online(&conn_a, "bob@x/phone"), ==, 1);
	g_assert_cmpuint(sim_resources_others_online(&conn_a, "bob@x/tablet"), ==, 2);
	g_assert_cmpuint(sim_resources_others_online(&conn_a, "nobody@x/tablet"), ==, 0);
	/* per connection */
	g_assert_cmpuint(sim_resources_online(&conn_b, "bob@x"), ==, 0);
	/* error and subscription types change nothing; a bare JID has no device */
	sim_resources_presence(&conn_a, "bob@x/phone", "error");
	sim_resources_presence(&conn_a, "bob@x/phone", "unsubscribed");
	sim_resources_presence(&conn_a, "bob@x", NULL);
	sim_resources_presence(&conn_a, NULL, NULL);
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, 2);
	sim_resources_presence(&conn_a, "bob@x/phone", "unavailable");
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, 1);
	sim_resources_presence(&conn_a, "bob@x/laptop", "unavailable");
	sim_resources_presence(&conn_b, "bob@x/laptop", "unavailable"); /* unknown: no-op */
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, 0);
	sim_resources_shutdown();
}

/* The wire sets no size: contacts and resources are capped. */
static void
test_resources_capped(void)
{
	guint i;

	for (i = 0; i < SIM_RESOURCES_MAX_PER_CONTACT + 10; i++) {
		char *jid = g_strdup_printf("bob@x/r%u", i);

		sim_resources_presence(&conn_a, jid, NULL);
		g_free(jid);
	}
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, SIM_RESOURCES_MAX_PER_CONTACT);
	for (i = 0; i < SIM_RESOURCES_MAX_CONTACTS + 10; i++) {
		char *jid = g_strdup_printf("c%u@x/r", i);

		sim_resources_presence(&conn_a, jid, NULL);
		g_free(jid);
	}
	g_assert_cmpuint(sim_resources_online(&conn_a, "c1@x"), ==, 1);
	g_assert_cmpuint(sim_resources_online(&conn_a, "c1030@x"), ==, 0);
	sim_resources_drop_connection(&conn_a);
	g_assert_cmpuint(sim_resources_online(&conn_a, "bob@x"), ==, 0);
	sim_resources_shutdown();
}

static void
check_glue(PurpleAccount *account, const char *jid, const char *expected)
{
	char *name = sim_report_contact_name(account, &conn_a, jid);

	g_assert_cmpstr(name, ==, expected);
	g_free(name);
}

/* The glue over a real libpurple buddy list. */
static void
test_names_from_buddy_list(void)
{
	PurpleAccount *account;
	PurpleGroup *group;
	PurpleBuddy *bob, *carol;

	sim_test_purple_init();
	account = purple_account_new("alice@localhost/r", "prpl-jabber");
	purple_accounts_add(account);
	group = purple_group_new("Friends");
	purple_blist_add_group(group, NULL);
	bob = purple_buddy_new(account, "bob@localhost", "Bob Example");
	carol = purple_buddy_new(account, "carol@localhost", NULL);
	purple_blist_add_buddy(bob, NULL, group, NULL);
	purple_blist_add_buddy(carol, NULL, group, NULL);

	check_glue(account, "bob@localhost/laptop", "Bob Example");
	check_glue(account, "carol@localhost/phone", "carol@localhost");
	check_glue(account, "dave@localhost/phone", "dave@localhost"); /* not a buddy */
	/* the roster's name when the user set none */
	purple_blist_server_alias_buddy(carol, "Carol C.");
	check_glue(account, "carol@localhost/phone", "Carol C.");
	/* two of bob's devices online: say which */
	sim_resources_presence(&conn_a, "bob@localhost/laptop", NULL);
	check_glue(account, "bob@localhost/laptop", "Bob Example");
	sim_resources_presence(&conn_a, "bob@localhost/phone", NULL);
	check_glue(account, "bob@localhost/laptop", "Bob Example (laptop)");
	sim_resources_presence(&conn_a, "bob@localhost/phone", "unavailable");
	check_glue(account, "bob@localhost/laptop", "Bob Example");
	/* the device we talk to is online whether or not its presence came */
	sim_resources_presence(&conn_a, "bob@localhost/laptop", "unavailable");
	sim_resources_presence(&conn_a, "bob@localhost/phone", NULL);
	check_glue(account, "bob@localhost/laptop", "Bob Example (laptop)");
	sim_resources_shutdown();
	sim_test_purple_quit();
}

int
main(int argc, char **argv)
{
	sim_test_init(&argc, &argv);
	g_test_add_func("/names/jid-parts", test_jid_parts);
	g_test_add_func("/names/forms", test_name_forms);
	g_test_add_func("/names/resources-follow-presence", test_resources_follow_presence);
	g_test_add_func("/names/resources-capped", test_resources_capped);
	g_test_add_func("/names/from-buddy-list", test_names_from_buddy_list);
	return g_test_run();
}
