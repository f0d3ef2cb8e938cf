# tests/valgrind/valgrind.mk - e2e scenarios under valgrind memcheck, run by
# make check (skipped in sanitizer builds).
VALGRIND_TEST = $(B)/tests/test-valgrind

$(VALGRIND_TEST): tests/valgrind/test-valgrind.sh $(E2E_BIN)
	@mkdir -p $(dir $@)
	install -m 755 $< $@

EXTRA_TEST_BINS += $(VALGRIND_TEST)
