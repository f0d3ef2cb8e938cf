/* testutil-codec.c - method lists for the codec and state machine tests. */
#include "testutil-codec.h"

SimMethodList
sim_test_methods(SimMethod a, SimMethod b)
{
	SimMethodList l;

	sim_method_list_clear(&l);
	sim_method_list_add(&l, a);
	sim_method_list_add(&l, b);
	return l;
}

void
sim_test_assert_methods(const SimMethodList *l, SimMethod a, SimMethod b)
{
	SimMethodList want = sim_test_methods(a, b);
	guint i;

	g_assert_cmpuint(l->n, ==, want.n);
	for (i = 0; i < want.n; i++)
		g_assert_cmpint(l->m[i], ==, want.m[i]);
}
