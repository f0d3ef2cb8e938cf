# tests/gui/gui.mk - the Pidgin check (issue "The user's side"): real Pidgin
# under Xvfb, driven with keystrokes (xdotool), finds the plugin in Tools ->
# Plugins, enables it, opens "Configure Plugin", in English and in German;
# screenshots go to $(B)/artifacts/. The script skips itself (TAP "# SKIP",
# never a pass) when pidgin, Xvfb, xdotool, xprop or ImageMagick's import
# are missing, and for sanitizer builds (SAN=1).
# Debian packages: pidgin xvfb xdotool x11-utils imagemagick.
PIDGIN_TEST = $(B)/tests/test-pidgin
# the German run needs the .mo files; listed here rather than through
# po/po.mk's MO_FILES so the order of the includes does not matter
PIDGIN_TEST_MO = $(patsubst po/%.po,$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo,$(wildcard po/*.po))

# The test is a bash script; the copy in $(B)/tests/ is what run-tests runs
# (it finds the plugin and locale/ through SIM_PLUGIN_DIR, else in $(B)).
$(PIDGIN_TEST): tests/gui/test-pidgin.sh $(PLUGIN_SO) $(PIDGIN_TEST_MO)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

.PHONY: check-pidgin
check-pidgin: $(PIDGIN_TEST)
	@scripts/run-tests $(B) $(PIDGIN_TEST)

EXTRA_TEST_BINS += $(PIDGIN_TEST)
