/* testutil-codec.h - method lists for the codec and state machine tests. */
#ifndef SIM_TESTUTIL_CODEC_H
#define SIM_TESTUTIL_CODEC_H

#include "si-codec.h"

/* The list [a, b] (NONE entries left out). */
SimMethodList sim_test_methods(SimMethod a, SimMethod b);
/* Asserts that `l` is exactly [a, b] (NONE entries left out). */
void sim_test_assert_methods(const SimMethodList *l, SimMethod a, SimMethod b);

#endif
