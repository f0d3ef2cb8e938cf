#!/usr/bin/env bash
# replay.sh [--tap] [--bindir DIR] [--corpus DIR] [TARGET...] - runs every
# input of the committed corpus (tests/fuzz/corpus/TARGET/) through its
# libFuzzer target once (-runs=0, no fuzzing), as a regression test. Prints
# TAP: "ok N - fuzz-TARGET (K inputs)" or "not ok N - ..." with the reason.
# --tap is accepted and ignored (the output is always TAP), so
# scripts/run-tests can run it like the GTest programs. Exit status 1 when
# any target failed.
#
# DIR defaults to $SIM_FUZZ_BINDIR, else build/fuzz; targets default to the
# corpus's subdirectories. The build's wrapper ($(B)/tests/fuzz-regress,
# from tests/fuzz/fuzz.mk) passes --bindir and --corpus.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bindir=${SIM_FUZZ_BINDIR:-$here/../../build/fuzz}
corpus=$here/corpus
targets=()
while [ $# -gt 0 ]; do
	case $1 in
	--tap) ;;
	--bindir) bindir=$2; shift ;;
	--corpus) corpus=$2; shift ;;
	-*) echo "replay.sh: unknown option $1" >&2; exit 2 ;;
	*) targets+=("$1") ;;
	esac
	shift
done
if [ ${#targets[@]} -eq 0 ]; then
	for d in "$corpus"/*/; do
		targets+=("$(basename "$d")")
	done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}

echo "1..${#targets[@]}"
n=0 failed=0
for t in "${targets[@]}"; do
	n=$((n + 1))
	bin=$bindir/fuzz-$t
	dir=$corpus/$t
	if [ ! -x "$bin" ]; then
		echo "not ok $n - fuzz-$t: $bin not built (make fuzz-bins)"
		failed=$((failed + 1))
		continue
	fi
	count=$(find "$dir" -maxdepth 1 -type f | wc -l)
	log=$(mktemp)
	# a scratch artifact prefix: a failing input must not be written back
	art=$(mktemp -d)
	"$bin" -runs=0 -timeout=25 -rss_limit_mb=2048 -artifact_prefix="$art/" "$dir" >"$log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - fuzz-$t ($count inputs)"
	else
		echo "not ok $n - fuzz-$t ($count inputs): exit $rc"
		grep -E '^==[0-9]+==ERROR|^SUMMARY: |invariant violated|^GLib log' "$log" | head -8 | sed 's/^/# /'
		# libFuzzer names the failing input's copy after its SHA-1
		for a in "$art"/*; do
			[ -f "$a" ] || continue
			sum=$(sha1sum <"$a" | cut -d' ' -f1)
			for f in "$dir"/*; do
				[ "$(sha1sum <"$f" | cut -d' ' -f1)" = "$sum" ] && echo "# failing input: $f"
			done
		done
		failed=$((failed + 1))
	fi
	rm -rf "$log" "$art"
done
[ "$failed" -eq 0 ]
