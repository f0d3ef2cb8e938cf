# tests/e2e/e2e.mk - the end-to-end harness: sim-peer (a headless libpurple
# client) and test-e2e (the scenario driver), built into $(B)/tests/.
PEER_SRC  = tests/e2e/peer.c tests/e2e/peer-edge.c tests/e2e/peer-xfer.c tests/e2e/peer-gabble.c \
            tests/e2e/peer-attack.c tests/e2e/peer-chat.c
PEER_OBJ  = $(PEER_SRC:%.c=$(B)/%.o)
PEER_BIN  = $(B)/tests/sim-peer
E2E_SRC   = tests/e2e/test-e2e.c tests/e2e/wire.c tests/e2e/server.c tests/e2e/server-ejabberd.c \
            tests/e2e/scenario.c tests/e2e/relay.c tests/e2e/self-test.c
E2E_OBJ   = $(E2E_SRC:%.c=$(B)/%.o)
E2E_BIN   = $(B)/tests/test-e2e
# scenario tables leave their optional trailing fields out
E2E_CFLAGS = -Itests/unit -Itests/e2e -Wno-missing-field-initializers

$(B)/tests/e2e/%.o: tests/e2e/%.c $(wildcard tests/e2e/*.h tests/unit/*.h src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(E2E_CFLAGS) -c $< -o $@

$(PEER_BIN): $(PEER_OBJ) $(B)/tests/unit/testutil-fs.o $(B)/tests/unit/testutil-eventloop.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(E2E_BIN): $(E2E_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PEER_BIN) $(PLUGIN_SO)
	$(CC) $(ALL_LDFLAGS) -o $@ $(E2E_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

# E2E_SERVERS: the servers whose e2e rows `make check` runs, "prosody",
# "ejabberd" or both (the default; e.g. make check E2E_SERVERS=prosody).
# The ejabberd rows (/e2e/ejabberd/..., see tests/e2e/test-e2e.c) are a
# program of their own, test-e2e-ejabberd (test-e2e with
# SIM_E2E_SERVERS=ejabberd), which scripts/run-tests runs concurrently with
# the rest (SIM_TESTS_CONCURRENT): the two servers' rows in parallel, to
# stay within CI's time. Under SAN=1 the default is prosody alone, also
# for CI's time: the ejabberd rows run plugin code the Prosody rows run
# too. A server that cannot start has its rows skipped, with the reason.
ifeq ($(SAN),1)
E2E_SERVERS ?= prosody
else
E2E_SERVERS ?= prosody ejabberd
endif
E2E_EJABBERD = $(B)/tests/test-e2e-ejabberd
$(E2E_EJABBERD): $(E2E_BIN)
	printf '#!/bin/sh\nSIM_E2E_SERVERS=ejabberd exec "%s" "$$@"\n' "$(CURDIR)/$(E2E_BIN)" > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@

ifneq ($(filter prosody,$(E2E_SERVERS)),)
EXTRA_TEST_BINS += $(E2E_BIN)
endif
ifneq ($(filter ejabberd,$(E2E_SERVERS)),)
EXTRA_TEST_BINS += $(E2E_EJABBERD)
check: export SIM_TESTS_CONCURRENT = $(E2E_EJABBERD)
endif
# test-e2e itself, run by make check, holds the Prosody rows alone
check: export SIM_E2E_SERVERS = prosody

# make check-e2e-quick: one plugin and one stock scenario, in the
# environment run-tests gives them: does the harness still work?
.PHONY: check-e2e-quick
check-e2e-quick: $(E2E_BIN)
	SIM_PLUGIN_DIR=$(CURDIR)/$(B) SIM_SRCDIR=$(CURDIR) G_DEBUG=fatal-warnings,fatal-criticals \
	  $(E2E_BIN) -p /e2e/plugin-plugin/socks5-refused -p /e2e/stock-stock/socks5-refused


# The demo (make demo): reuses the harness's server and peers.
# DEMO_SIZE_KIB: the file sent (stock's in-band crawl sets the run's length).
DEMO_BIN = $(B)/demo/si-multiple-demo
DEMO_SIZE_KIB ?= 1024

$(B)/demo/%.o: demo/%.c $(wildcard demo/*.h tests/e2e/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(E2E_CFLAGS) -c $< -o $@

# scenario.o shapes links through relay.o
SERVER_OBJ = $(B)/tests/e2e/server.o $(B)/tests/e2e/server-ejabberd.o
DEMO_OBJ = $(patsubst %.c,$(B)/%.o,$(sort $(wildcard demo/*.c))) $(SERVER_OBJ) $(B)/tests/e2e/scenario.o $(B)/tests/e2e/relay.o

$(DEMO_BIN): $(DEMO_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PEER_BIN) $(PLUGIN_SO)
	$(CC) $(ALL_LDFLAGS) -o $@ $(DEMO_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

.PHONY: demo
demo: $(DEMO_BIN)
	SIM_PLUGIN_DIR=$(CURDIR)/$(B) SIM_SRCDIR=$(CURDIR) $(DEMO_BIN) $(DEMO_SIZE_KIB)

# The benchmark (make bench): stock and plugin transfers in one run, one table.
BENCH_BIN = $(B)/bench/si-multiple-bench

$(B)/bench/%.o: bench/%.c $(wildcard tests/e2e/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(E2E_CFLAGS) -c $< -o $@

BENCH_OBJ = $(B)/bench/bench.o $(SERVER_OBJ) $(B)/tests/e2e/scenario.o $(B)/tests/e2e/relay.o

$(BENCH_BIN): $(BENCH_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PEER_BIN) $(PLUGIN_SO)
	$(CC) $(ALL_LDFLAGS) -o $@ $(BENCH_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

.PHONY: bench
bench: $(BENCH_BIN)
	SIM_PLUGIN_DIR=$(CURDIR)/$(B) SIM_SRCDIR=$(CURDIR) $(BENCH_BIN)
