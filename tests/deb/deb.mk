# tests/deb/deb.mk - the Debian package (debian/, issue 12). `make deb`
# builds $(B)/deb/purple-si-multiple_$(VERSION)-1_ARCH.deb with
# dpkg-buildpackage from a scratch copy of the tree (tests/deb/build-deb.sh:
# nothing is written beside the source directory) and runs lintian on it
# when lintian is installed, failing on its errors. make check runs
# test-deb: it builds the package the same way, unpacks it, checks its
# files, loads the plugin from there into headless libpurple (deb-load) and
# runs lintian; skipped where dpkg-buildpackage or debhelper are missing
# and in sanitizer builds (SAN=1: the package is never a sanitizer build).
# Debian packages: dpkg-dev debhelper lintian.
DEB_DIR  = $(B)/deb
DEB_TEST = $(B)/tests/test-deb
DEB_LOAD = $(B)/tests/deb-load
DEB_LOAD_OBJ = $(B)/tests/deb/deb-load.o $(B)/tests/unit/testutil-purple.o \
               $(B)/tests/unit/testutil-eventloop.o $(B)/tests/unit/testutil-fs.o

.PHONY: deb
deb:
	tests/deb/build-deb.sh . $(DEB_DIR)
	@if command -v lintian >/dev/null 2>&1; then \
		echo "lintian $(DEB_DIR)/$(PACKAGE)_*.changes"; \
		lintian --fail-on error $(DEB_DIR)/$(PACKAGE)_*.changes; \
	else \
		echo "lintian is not installed (Debian package lintian): not checked"; \
	fi

$(B)/tests/deb/%.o: tests/deb/%.c $(wildcard tests/unit/testutil*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -c $< -o $@

$(DEB_LOAD): $(DEB_LOAD_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# run-tests runs the copy in $(B)/tests/; the plugin is a prerequisite only
# so the script can tell a sanitizer build by it
$(DEB_TEST): tests/deb/test-deb.sh $(DEB_LOAD) $(PLUGIN_SO)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

.PHONY: check-deb
check-deb: $(DEB_TEST)
	@scripts/run-tests $(B) $(DEB_TEST)

EXTRA_TEST_BINS += $(DEB_TEST)
