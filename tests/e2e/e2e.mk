# tests/e2e/e2e.mk - the end-to-end harness: sim-peer (a headless libpurple
# client) and test-e2e (the scenario driver), built into $(B)/tests/.
PEER_SRC  = tests/e2e/peer.c tests/e2e/peer-edge.c tests/e2e/peer-xfer.c tests/e2e/peer-gabble.c \
            tests/e2e/peer-attack.c tests/e2e/peer-chat.c
PEER_OBJ  = $(PEER_SRC:%.c=$(B)/%.o)
PEER_BIN  = $(B)/tests/sim-peer
E2E_SRC   = tests/e2e/test-e2e.c tests/e2e/wire.c tests/e2e/server.c tests/e2e/server-ejabberd.c \
            tests/e2e/scenario.c tests/e2e/relay.c
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

EXTRA_TEST_BINS += $(E2E_BIN)

# make check-e2e-quick: one plugin and one stock scenario, in the
# environment run-tests gives them: does the harness still work?
.PHONY: check-e2e-quick
check-e2e-quick: $(E2E_BIN)
	SIM_PLUGIN_DIR=$(CURDIR)/$(B) SIM_SRCDIR=$(CURDIR) G_DEBUG=fatal-warnings,fatal-criticals \
	  $(E2E_BIN) -p /e2e/plugin-plugin/socks5-refused -p /e2e/stock-stock/socks5-refused


# The demo (make demo): reuses the harness's server and peers.
DEMO_BIN = $(B)/demo/si-multiple-demo
DEMO_SIZE_MIB ?= 5

$(B)/demo/%.o: demo/%.c $(wildcard tests/e2e/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(E2E_CFLAGS) -c $< -o $@

# scenario.o shapes links through relay.o
SERVER_OBJ = $(B)/tests/e2e/server.o $(B)/tests/e2e/server-ejabberd.o
DEMO_OBJ = $(B)/demo/demo.o $(SERVER_OBJ) $(B)/tests/e2e/scenario.o $(B)/tests/e2e/relay.o

$(DEMO_BIN): $(DEMO_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PEER_BIN) $(PLUGIN_SO)
	$(CC) $(ALL_LDFLAGS) -o $@ $(DEMO_OBJ) $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

.PHONY: demo
demo: $(DEMO_BIN)
	SIM_PLUGIN_DIR=$(CURDIR)/$(B) SIM_SRCDIR=$(CURDIR) $(DEMO_BIN) $(DEMO_SIZE_MIB)

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
