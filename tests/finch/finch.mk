# tests/finch/finch.mk - the Finch end-to-end test (issue 7): real Finch in
# tmux receives a file from sim-peer through its own dialogs, with the
# plugin (must arrive in the chosen folder) and without (must show Finch
# 2.14's accept-then-deny failure), plus quitting and unloading with the
# dialog open. Include it from the Makefile after tests/e2e/e2e.mk (it
# uses PEER_BIN). The script skips itself (TAP "# SKIP", never a pass) when
# finch, tmux or prosody are missing, and in SAN=1 builds.
FINCH_SERVER_BIN = $(B)/tests/finch-server
FINCH_TEST       = $(B)/tests/test-finch

$(B)/tests/finch/%.o: tests/finch/%.c $(wildcard tests/e2e/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -Itests/e2e -c $< -o $@

$(FINCH_SERVER_BIN): $(B)/tests/finch/finch-server.o $(B)/tests/e2e/server.o $(B)/tests/e2e/server-ejabberd.o $(B)/tests/unit/testutil-fs.o
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The test is a bash script; the copy in $(B)/tests/ is what run-tests runs
# (it finds the plugin, sim-peer and finch-server beside itself).
$(FINCH_TEST): tests/finch/test-finch.sh $(FINCH_SERVER_BIN) $(PEER_BIN) $(PLUGIN_SO)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

.PHONY: check-finch
check-finch: $(FINCH_TEST)
	@scripts/run-tests $(B) $(FINCH_TEST)

EXTRA_TEST_BINS += $(FINCH_TEST)
