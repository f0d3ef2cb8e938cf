#!/usr/bin/env bash
# run-fuzz.sh BINDIR CORPUS SECONDS PARALLEL "EXTRA-ARGS" TARGET... - fuzzes
# each target ($BINDIR/fuzz-TARGET) for SECONDS, PARALLEL targets at a
# time, starting from a scratch copy of CORPUS/TARGET (the repository's
# corpus is never written). Prints one TAP line per target with its
# executions and crashes, then "N passed, N failed". Exit status 1 when any
# target crashed, leaked, broke an invariant or could not run.
#
# Logs: BINDIR/TARGET.log; crashing inputs: BINDIR/artifacts-TARGET/.
# Extra knobs (environment): FUZZ_SECONDS_<target> (dashes as underscores,
# e.g. FUZZ_SECONDS_s5b_race) overrides SECONDS for one target; FUZZ_JOBS=N
# runs N libFuzzer processes per target (-fork=N); FUZZ_MAX_LEN sets
# -max_len for every target; FUZZ_ARGS_<target> adds libFuzzer flags to one
# target (defaults: -max_len=512 for the two machines, i.e. scripts of up to
# ~500 events, and -max_len=4096 for the codec; both keep them fast).
set -u
bindir=$1 corpus=$2 seconds=$3 parallel=$4 extra=$5
shift 5
here=$(cd "$(dirname "$0")" && pwd)
jobs_per_target=${FUZZ_JOBS:-1}

# the same sanitizer settings as scripts/run-tests, plus libFuzzer's own
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/../lsan.supp:print_suppressions=0}

run_one() {
	local t=$1
	local bin=$bindir/fuzz-$t work=$bindir/corpus-$t art=$bindir/artifacts-$t/
	local log=$bindir/$t.log
	local var=FUZZ_SECONDS_${t//-/_}
	local secs=${!var:-$seconds}
	local args=(-max_total_time="$secs" -rss_limit_mb=2048 -timeout=25
	            -print_final_stats=1 -artifact_prefix="$art")
	mkdir -p "$work" "$art"
	# seeds (and reproducers of past crashes) into the scratch corpus
	if [ -d "$corpus/$t" ]; then
		cp -n "$corpus/$t"/* "$work"/ 2>/dev/null
	fi
	[ -f "$here/$t.dict" ] && args+=(-dict="$here/$t.dict")
	[ -n "${FUZZ_MAX_LEN:-}" ] && args+=(-max_len="$FUZZ_MAX_LEN")
	local avar=FUZZ_ARGS_${t//-/_} targs
	case $t in
	fallback|s5b-race) targs=${!avar:--max_len=512} ;;
	codec) targs=${!avar:--max_len=4096} ;;
	*) targs=${!avar:-} ;;
	esac
	[ "$jobs_per_target" -gt 1 ] && args+=(-fork="$jobs_per_target" -ignore_crashes=0)
	# crash files from earlier runs are not this run's findings
	local before
	before=$(ls "$art" 2>/dev/null | wc -l)
	# shellcheck disable=SC2086
	"$bin" "${args[@]}" $targs $extra "$work" >"$log" 2>&1
	local rc=$?
	local after
	after=$(ls "$art" 2>/dev/null | wc -l)
	echo "$rc $((after - before)) $secs" >"$bindir/$t.status"
}

i=0
for t in "$@"; do
	run_one "$t" &
	i=$((i + 1))
	if [ "$i" -ge "$parallel" ]; then
		wait -n 2>/dev/null || true
		i=$((i - 1))
	fi
done
wait

n=0 passed=0 failed=0
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	log=$bindir/$t.log
	read -r rc crashes secs <"$bindir/$t.status" || { rc=1; crashes=0; secs=?; }
	# -print_final_stats: one line per process (summed in fork mode); in fork
	# mode the parent also reports the total as "#N ... DONE"
	execs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{s += $2} END {print s + 0}')
	if [ "$jobs_per_target" -gt 1 ]; then
		forked=$(grep -E '^#[0-9]+: .*DONE' "$log" | tail -1 | sed -E 's/^#([0-9]+):.*/\1/')
		[ -n "$forked" ] && execs=$forked
	fi
	# the time it really took ("Done N runs in S second(s)"): -runs may end
	# a target before its time is up
	took=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log" | tail -1)
	[ -n "$took" ] && secs=$took
	if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ]; then
		echo "ok $n - fuzz-$t: $execs executions, 0 crashes in ${secs}s"
		passed=$((passed + 1))
	else
		echo "not ok $n - fuzz-$t: $execs executions, $crashes crash files, exit $rc in ${secs}s (log: $log)"
		grep -E 'ERROR: |SUMMARY: |invariant violated|GLib log|Test unit written' "$log" | head -20 | sed 's/^/# /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
