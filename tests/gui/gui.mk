# tests/gui/gui.mk - the Pidgin checks, real Pidgin under Xvfb driven with
# keystrokes (xdotool); screenshots go to $(B)/artifacts/.
#   test-pidgin (issue "The user's side"): finds the plugin in Tools ->
#     Plugins, enables it, opens "Configure Plugin", in English and German.
#   test-pidgin-transfer (issue 11): Pidgin receives a file from sim-peer,
#     then sends one to it (Conversation -> Send File...), through the e2e
#     harness's private Prosody (finch-server) with SOCKS5 black-holed
#     (sim-peer's faults s5b-blackhole and s5b-blackhole-in); each transfer
#     must finish in-band, and OCR (tesseract) of the conversation and the
#     File Transfers window must show the plugin's sentence for that side
#     (receiving / sending in-band) with its reason, naming the contact by
#     alias, and the file's row "Finished".
# Both source tests/gui/gui-lib.sh (Xvfb, windows, keys, screenshots, OCR),
# installed beside them.
# The scripts skip themselves (TAP "# SKIP", never a pass) when pidgin,
# Xvfb, xdotool, xprop or ImageMagick are missing (the transfer test: also
# tesseract or Prosody), and for sanitizer builds (SAN=1). Include it after
# tests/e2e/e2e.mk (PEER_BIN).
# Debian packages: pidgin xvfb xdotool x11-utils imagemagick tesseract-ocr.
PIDGIN_TEST = $(B)/tests/test-pidgin
# the German run needs the .mo files; listed here rather than through
# po/po.mk's MO_FILES so the order of the includes does not matter
PIDGIN_TEST_MO = $(patsubst po/%.po,$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo,$(wildcard po/*.po))

# The tests are bash scripts; the copies in $(B)/tests/ are what run-tests
# runs (they find the plugin and locale/ through SIM_PLUGIN_DIR, else in
# $(B)), and they source their shared helpers from beside themselves.
PIDGIN_GUI_LIB = $(B)/tests/gui-lib.sh
$(PIDGIN_GUI_LIB): tests/gui/gui-lib.sh
	@mkdir -p $(dir $@)
	install -m 644 $< $@

$(PIDGIN_TEST): tests/gui/test-pidgin.sh $(PLUGIN_SO) $(PIDGIN_TEST_MO) $(PIDGIN_GUI_LIB)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

# finch-server is named here, not as $(FINCH_SERVER_BIN): tests/finch/finch.mk
# is included after this file, and prerequisites are expanded as read
PIDGIN_XFER_TEST = $(B)/tests/test-pidgin-transfer
$(PIDGIN_XFER_TEST): tests/gui/test-pidgin-transfer.sh $(PLUGIN_SO) $(PEER_BIN) $(B)/tests/finch-server \
		$(PIDGIN_GUI_LIB)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

.PHONY: check-pidgin
check-pidgin: $(PIDGIN_TEST) $(PIDGIN_XFER_TEST)
	@scripts/run-tests $(B) $(PIDGIN_TEST) $(PIDGIN_XFER_TEST)

EXTRA_TEST_BINS += $(PIDGIN_TEST) $(PIDGIN_XFER_TEST)
