# purple-si-multiple - build, test and install.
# Layers: src/ (engine: codec, state machine, glue) -> plugin/ (entry, prefs,
# i18n) -> build/si-multiple.so. Unit tests: tests/unit/test-*.c, one binary
# each, linked against the engine. SAN=1 builds everything with ASan+UBSan
# into build-san/.

PACKAGE   = purple-si-multiple
VERSION   = 0.1.0
PLUGIN_ID = core-si-multiple
PKGS      = purple glib-2.0 libxml-2.0
PKG_CONFIG ?= pkg-config

ifeq ($(SAN),1)
B ?= build-san
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
B ?= build
SANFLAGS =
endif

CC      ?= cc
CFLAGS  ?= -O2 -g
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS))
PLUGINDIR  ?= $(shell $(PKG_CONFIG) --variable=plugindir purple)
PREFIX     ?= /usr
LOCALEDIR  ?= $(PREFIX)/share/locale
# Hardening; _FORTIFY_SOURCE needs optimisation, so only outside SAN builds.
HARDEN   = -fstack-protector-strong -fPIC -fvisibility=hidden
ifneq ($(SAN),1)
HARDEN  += -D_FORTIFY_SOURCE=2
endif
WARN     = -std=gnu11 -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wmissing-prototypes -Wstrict-prototypes
DEFS     = -DPURPLE_PLUGINS -DG_LOG_DOMAIN=\"si-multiple\" -DPACKAGE=\"$(PACKAGE)\" \
           -DVERSION=\"$(VERSION)\" -DGETTEXT_PACKAGE=\"$(PACKAGE)\" \
           -DLOCALEDIR=\"$(LOCALEDIR)\" -DSIM_PLUGIN_ID=\"$(PLUGIN_ID)\"
ALL_CFLAGS  = $(WARN) $(DEFS) $(HARDEN) $(SANFLAGS) -Isrc -Iplugin $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) -Wl,-z,relro -Wl,-z,now $(LDFLAGS)

ENGINE_SRC = $(sort $(wildcard src/*.c))
PLUGIN_SRC = $(sort $(wildcard plugin/*.c))
ENGINE_OBJ = $(ENGINE_SRC:%.c=$(B)/%.o)
PLUGIN_OBJ = $(PLUGIN_SRC:%.c=$(B)/%.o)
ENGINE_LIB = $(B)/libsim-engine.a
PLUGIN_SO  = $(B)/si-multiple.so

UNIT_SRC   = $(sort $(wildcard tests/unit/test-*.c))
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# Helpers shared by tests (tests/unit/testutil-*.c), linked into every test.
TESTUTIL_SRC = $(sort $(wildcard tests/unit/testutil*.c))
TESTUTIL_OBJ = $(TESTUTIL_SRC:%.c=$(B)/%.o)
UNIT_BIN  := $(filter-out $(B)/tests/testutil%,$(UNIT_BIN))

.SECONDARY:
.PHONY: all check check-unit clean install install-user uninstall deps
all: $(PLUGIN_SO)

$(B)/%.o: %.c $(wildcard src/*.h plugin/*.h tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(ENGINE_LIB): $(ENGINE_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(PLUGIN_SO): $(PLUGIN_OBJ) $(ENGINE_LIB)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(PLUGIN_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

$(B)/tests/%: $(B)/tests/unit/%.o $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PLUGIN_SO)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(TESTUTIL_OBJ) $(ENGINE_LIB) $(PKG_LIBS)

-include tests/e2e/e2e.mk
-include tests/valgrind/valgrind.mk
-include tests/gui/gui.mk
-include tests/finch/finch.mk
-include po/po.mk
-include tests/fuzz/fuzz.mk
-include tests/deb/deb.mk
# the committed fuzz corpus replayed through every target (fast); once is
# enough: the fuzz targets carry ASan and UBSan in every build
ifneq ($(SAN),1)
EXTRA_TEST_BINS += $(check-fuzz-regress)
endif

# Every test program is a GTest binary; scripts/run-tests runs each with
# --tap, counts the results and prints the closing "N passed, N failed" line.
# tests/e2e/e2e.mk appends its programs to EXTRA_TEST_BINS.
TEST_BINS = $(UNIT_BIN) $(EXTRA_TEST_BINS)

check-unit: $(UNIT_BIN)
	@scripts/run-tests $(B) $(UNIT_BIN)

check: $(TEST_BINS)
	@scripts/run-tests $(B) $(TEST_BINS)

# The hardening runs together (issue 6): the e2e spoofing, fault, unload and
# load scenarios, valgrind (skipped under SAN=1), the fuzz corpus replay and
# 10 s of fuzzing per target, with one closing line. `make fuzz` fuzzes
# for longer.
HARDENING_E2E = $(B)/tests/test-e2e-hardening
$(HARDENING_E2E): $(E2E_BIN)
	printf '#!/bin/sh\nexec "%s" -p /e2e/hostile -p /e2e/unload -p /e2e/load -p /e2e/faults "$$@"\n' \
		"$(CURDIR)/$(E2E_BIN)" > $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@

.PHONY: check-hardening
HARDENING_BINS = $(HARDENING_E2E) $(VALGRIND_TEST) $(FUZZ_REGRESS_BIN) $(FUZZ_SMOKE_BIN)
check-hardening: $(HARDENING_BINS)
	@scripts/run-tests $(B) $(HARDENING_BINS)

clean:
	rm -rf build build-san

# System-wide (Pidgin and Finch both look in libpurple's plugin dir) or for
# one user (~/.purple/plugins).
USER_PLUGINDIR ?= $(HOME)/.purple/plugins

install: all
	install -d $(DESTDIR)$(PLUGINDIR)
	install -m 644 $(PLUGIN_SO) $(DESTDIR)$(PLUGINDIR)/si-multiple.so
	for l in $(PO_LANGS); do \
		install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(B)/locale/$$l/LC_MESSAGES/$(PACKAGE).mo \
			$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/$(PACKAGE).mo || exit 1; \
	done

# Per user, the translations go to a locale/ folder beside the plugin file,
# where the plugin looks first (plugin/plugin.c).
USER_LOCALEDIR = $(USER_PLUGINDIR)/locale

install-user: all
	install -d $(USER_PLUGINDIR)
	install -m 644 $(PLUGIN_SO) $(USER_PLUGINDIR)/si-multiple.so
	for l in $(PO_LANGS); do \
		install -d $(USER_LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(B)/locale/$$l/LC_MESSAGES/$(PACKAGE).mo \
			$(USER_LOCALEDIR)/$$l/LC_MESSAGES/$(PACKAGE).mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(PLUGINDIR)/si-multiple.so $(USER_PLUGINDIR)/si-multiple.so
	for l in $(PO_LANGS); do \
		rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/$(PACKAGE).mo \
			$(USER_LOCALEDIR)/$$l/LC_MESSAGES/$(PACKAGE).mo; \
		rmdir $(USER_LOCALEDIR)/$$l/LC_MESSAGES $(USER_LOCALEDIR)/$$l 2>/dev/null || true; \
	done
	rmdir $(USER_LOCALEDIR) 2>/dev/null || true

deps:
	scripts/install-deps
