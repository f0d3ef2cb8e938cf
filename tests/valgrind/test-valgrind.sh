#!/usr/bin/env bash
# test-valgrind.sh - end-to-end scenarios with both peers under valgrind
# memcheck; counts the errors and definitely-lost blocks whose stack holds a
# frame of the plugin. libpurple's, GLib's and glibc's own reports are
# counted separately and printed, not failed on. TAP output for run-tests.
set -u
build=${SIM_PLUGIN_DIR:?}
e2e=$build/tests/test-e2e
scenarios=(
	/e2e/plugin-plugin/fine
	/e2e/plugin-plugin/socks5-blackholed
	/e2e/plugin-plugin/nothing-works
	/e2e/plugin-plugin/memory-second-transfer-in-band
	/e2e/unload/receiver-during-socks5-race
	/e2e/stock-plugin/socks5-refused
)
echo "1..${#scenarios[@]}"
if ! command -v valgrind >/dev/null; then
	for i in "${!scenarios[@]}"; do echo "ok $((i + 1)) # SKIP valgrind is not installed"; done
	exit 0
fi
if ldd "$build/tests/sim-peer" | grep -q libasan; then
	for i in "${!scenarios[@]}"; do echo "ok $((i + 1)) # SKIP sanitizer build (valgrind cannot run it)"; done
	exit 0
fi

plugin_frames='si-multiple\.so|src/[a-z0-9-]+\.c:|plugin/[a-z0-9-]+\.c:'
# Prints "errors lost" attributable to the plugin in one valgrind log.
attribute() {
	awk -v pat="$plugin_frames" '
		/^==[0-9]+== $/ { flush(); next }
		{ rec = rec "\n" $0 }
		END { flush(); print errs, lost }
		function flush() {
			if (rec ~ pat) {
				if (rec ~ /definitely lost/) lost++
				else if (rec ~ /Invalid|uninitialised|Mismatched|Syscall param|invalid free/) errs++
			}
			rec = ""
		}
		BEGIN { errs = 0; lost = 0 }' "$1"
}

export PURPLE_LEAKCHECK_HELP=1 SIM_KEEP_RUNS=1
export SIM_PEER_WRAPPER="valgrind --leak-check=full --num-callers=40 --child-silent-after-fork=yes"
n=0; status=0
for s in "${scenarios[@]}"; do
	n=$((n + 1))
	out=$(timeout 300 "$e2e" -p "$s" 2>&1)
	rc=$?
	dir=$(echo "$out" | sed -n 's/.*run files kept in \(.*\)$/\1/p' | head -1)
	if [ $rc -ne 0 ] || [ -z "$dir" ]; then
		echo "not ok $n - $s: scenario failed under valgrind"
		echo "$out" | grep -E "ERROR|Bail" | sed 's/^/# /'
		status=1
		[ -n "$dir" ] && rm -rf "$dir"
		continue
	fi
	verdict=ok
	for role in sender receiver; do
		read -r errs lost < <(attribute "$dir/$role.log")
		summary=$(grep -E "ERROR SUMMARY|definitely lost:" "$dir/$role.log" | sed 's/^==[0-9]*== *//' | tr '\n' ' ')
		echo "# $s $role: plugin errors $errs, plugin definitely-lost $lost; whole process: $summary"
		[ "$errs" -eq 0 ] && [ "$lost" -eq 0 ] || verdict="not ok"
	done
	echo "$verdict $n - $s: 0 valgrind errors and 0 definitely-lost blocks from the plugin"
	[ "$verdict" = ok ] || status=1
	rm -rf "$dir"
done
exit $status
