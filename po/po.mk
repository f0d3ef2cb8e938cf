# po/po.mk - translations: `make pot` extracts the template, every po/LANG.po
# is compiled to $(B)/locale/LANG/LC_MESSAGES/$(PACKAGE).mo by `all`.
POT_FILE  = po/$(PACKAGE).pot
PO_FILES  = $(sort $(wildcard po/*.po))
PO_LANGS  = $(PO_FILES:po/%.po=%)
MO_FILES  = $(PO_LANGS:%=$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo)

all: $(MO_FILES)

.PHONY: pot
pot: $(POT_FILE)

$(POT_FILE): $(shell cat po/POTFILES)
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
		--keyword=ngettext:1,2 --keyword=g_dngettext:2,3 --add-comments=TRANSLATORS: \
		--package-name=$(PACKAGE) --package-version=$(VERSION) \
		--msgid-bugs-address=https://github.com/purple-si-multiple/purple-si-multiple/issues \
		-o $@ $(shell cat po/POTFILES)

$(B)/locale/%/LC_MESSAGES/$(PACKAGE).mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

# the end-to-end tests check the translated messages
$(E2E_BIN): $(MO_FILES)
# test-load checks the German plugin name through $(B)/locale
$(B)/tests/test-load: $(MO_FILES)
# test-report-text checks the German and French sentences through $(B)/locale
$(B)/tests/test-report-text: $(MO_FILES)

# make update-po: the template from the code, merged into every catalog
.PHONY: update-po
update-po:
	rm -f $(POT_FILE) && $(MAKE) pot
	for po in $(PO_FILES); do msgmerge -q --no-fuzzy-matching --no-wrap --update --backup=none $$po $(POT_FILE) || exit 1; done

# The catalogs keep up with the code (po/test-catalogs.sh), in make check.
CATALOG_TEST = $(B)/tests/test-catalogs
$(CATALOG_TEST): po/test-catalogs.sh
	@mkdir -p $(dir $@)
	install -m 755 $< $@
EXTRA_TEST_BINS += $(CATALOG_TEST)
