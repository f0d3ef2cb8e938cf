# tests/deb/deb.mk - the Debian package (debian/, issue 12). `make deb`
# builds $(B)/deb/purple-si-multiple_$(VERSION)-1_ARCH.deb with
# dpkg-buildpackage from a scratch copy of the tree (tests/deb/build-deb.sh:
# nothing is written beside the source directory) and runs lintian on it
# when lintian is installed, failing on its errors.
# Debian packages: dpkg-dev debhelper lintian.
DEB_DIR  = $(B)/deb

.PHONY: deb
deb:
	tests/deb/build-deb.sh . $(DEB_DIR)
	@if command -v lintian >/dev/null 2>&1; then \
		echo "lintian $(DEB_DIR)/$(PACKAGE)_*.changes"; \
		lintian --fail-on error $(DEB_DIR)/$(PACKAGE)_*.changes; \
	else \
		echo "lintian is not installed (Debian package lintian): not checked"; \
	fi
