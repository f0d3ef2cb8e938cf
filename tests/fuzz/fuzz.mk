# tests/fuzz/fuzz.mk - libFuzzer targets for the pure parts of the engine:
# the stanza codec, the per-transfer state machine, the SOCKS5 race and the
# in-band sender with its window.
# Built with clang (ASan + UBSan + libFuzzer) into $(B)/fuzz/, from the
# engine's sources compiled again there (the rest of the build uses $(CC)).
#
#   make fuzz                 each target for FUZZ_SECONDS (default 60)
#   make fuzz-smoke           each target for 10 s (CI)
#   make check-fuzz-regress   the committed corpus through each target once
#                             (part of make check)
#
# FUZZ_PARALLEL=N runs N targets at a time (default 1); FUZZ_ARGS adds
# libFuzzer flags; FUZZ_SECONDS_codec, FUZZ_SECONDS_fallback,
# FUZZ_SECONDS_s5b_race and FUZZ_SECONDS_ibb_send override FUZZ_SECONDS for
# one target (the codec runs about 3 times slower than the machines); each
# target adds FUZZ_SECONDS (10 s in fuzz-smoke). For example, >= 10 million
# executions each in about 30 minutes on 2 cores:
#   make fuzz FUZZ_PARALLEL=2 FUZZ_SECONDS=600 FUZZ_SECONDS_codec=1800
# GLib criticals and warnings are findings (fatal); SIM_FUZZ_IGNORE_LOG=<part
# of a message> keeps fuzzing past a known one (see tests/fuzz/fuzz-common.h).
# The corpus's crash-* files are reproducers of fixed bugs, kept as
# regression inputs (the first: xmlnode_get_data(NULL), fixed in 0ce01ef). The seed corpus in tests/fuzz/corpus/<target>/ is copied
# into $(B)/fuzz/corpus-<target>/ and fuzzed there, so the repository's
# corpus is never modified; crashes land in $(B)/fuzz/artifacts-<target>/.
# A crash, a leak or a violated invariant makes the target exit non-zero.

FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 60
FUZZ_PARALLEL ?= 1
FUZZ_ARGS     ?=
FUZZ_TARGETS   = codec fallback s5b-race ibb-send
FUZZ_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS    = -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes \
                 -g -O1 $(FUZZ_SAN) $(DEFS) -Isrc -Itests/fuzz $(PKG_CFLAGS)
# the engine's pure sources the targets exercise
FUZZ_ENGINE_SRC = src/si-codec.c src/s5b-codec.c src/xml-match.c src/fallback.c src/s5b-race.c \
                  src/ibb-window.c src/ibb-send.c
FUZZ_ENGINE_OBJ = $(FUZZ_ENGINE_SRC:%.c=$(B)/fuzz/%.o)
FUZZ_BINS       = $(FUZZ_TARGETS:%=$(B)/fuzz/fuzz-%)
# run-fuzz.sh gives the two older machines -max_len=512; the in-band
# sender's scripts are the same kind (one byte a step, ~500 steps)
export FUZZ_ARGS_ibb_send ?= -max_len=512
# A TAP program for scripts/run-tests (append it to EXTRA_TEST_BINS to have
# `make check` replay the committed corpus): one "ok N - target" line each.
FUZZ_REGRESS_BIN = $(B)/tests/fuzz-regress
check-fuzz-regress = $(FUZZ_REGRESS_BIN)
# The same for the 10 s smoke pass (make check-hardening runs it this way).
FUZZ_SMOKE_BIN = $(B)/tests/fuzz-smoke

# engine objects: instrumented for coverage, no libFuzzer main
$(B)/fuzz/src/%.o: src/%.c $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(B)/fuzz/fuzz-%.o: tests/fuzz/fuzz-%.c tests/fuzz/fuzz-common.h $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -c $< -o $@

$(B)/fuzz/fuzz-%: $(B)/fuzz/fuzz-%.o $(FUZZ_ENGINE_OBJ)
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

$(FUZZ_REGRESS_BIN): tests/fuzz/replay.sh $(FUZZ_BINS)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec "%s/tests/fuzz/replay.sh" --bindir "%s/$(B)/fuzz" --corpus "%s/tests/fuzz/corpus" "$$@"\n' \
		"$(CURDIR)" "$(CURDIR)" "$(CURDIR)" > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@

# run-tests appends --tap; the fuzz output is TAP already, so it is dropped
$(FUZZ_SMOKE_BIN): tests/fuzz/run-fuzz.sh $(FUZZ_BINS)
	@mkdir -p $(dir $@)
	printf '#!/bin/sh\nexec "%s/tests/fuzz/run-fuzz.sh" "%s/$(B)/fuzz" "%s/tests/fuzz/corpus" 10 1 "" $(FUZZ_TARGETS)\n' \
		"$(CURDIR)" "$(CURDIR)" "$(CURDIR)" > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@

.PHONY: fuzz fuzz-smoke fuzz-bins check-fuzz-regress
fuzz-bins: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@tests/fuzz/run-fuzz.sh $(B)/fuzz tests/fuzz/corpus $(FUZZ_SECONDS) $(FUZZ_PARALLEL) \
		"$(FUZZ_ARGS)" $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS)
	@tests/fuzz/run-fuzz.sh $(B)/fuzz tests/fuzz/corpus 10 $(FUZZ_PARALLEL) \
		"$(FUZZ_ARGS)" $(FUZZ_TARGETS)

check-fuzz-regress: $(FUZZ_REGRESS_BIN)
	@scripts/run-tests $(B) $(FUZZ_REGRESS_BIN)
