#!/usr/bin/env bash
# test-valgrind.sh - end-to-end scenarios with both peers under valgrind
# memcheck, with the third-party suppressions (third-party.supp: glibc's
# loader, GLib's, libpurple's and the libraries its own plugins load). A
# scenario fails on any memory error left, and on any definitely-lost block
# whose allocation stack holds a frame of the plugin; other leaks left are
# printed. TAP output for run-tests.
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
	/e2e/ibb/plugin-stock-window
	/e2e/unload/sender-during-transfer
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

# A frame of the plugin: its file, or one of its source files (valgrind
# runs with --fullpath-after=, so a frame names its file's whole path).
plugin_frames='si-multiple\.so|/(src|plugin)/[a-z0-9-]+\.c:[0-9]+\)'
# Prints "plugin-errors plugin-lost other-errors other-lost" for one log:
# the reports left after suppression, memory errors and definitely-lost
# blocks, split by whether their stacks hold a frame of the plugin.
attribute() {
	# the pattern goes through the environment: awk -v would eat its \.
	PLUGIN_FRAMES=$plugin_frames awk '
		BEGIN { pe = 0; pl = 0; oe = 0; ol = 0; pat = ENVIRON["PLUGIN_FRAMES"] }
		{ sub(/^==[0-9]+== ?/, "") }
		/^$/ { flush(); next }
		{ rec = rec "\n" $0; if (head == "") head = $0 }
		END { flush(); print pe, pl, oe, ol }
		function flush() {
			if (head ~ /definitely lost in loss record/) {
				if (rec ~ pat) pl++; else ol++
			} else if (head ~ /^(Invalid |Conditional jump|Use of uninitialised|Syscall param|Mismatched free|Source and destination overlap|Argument .* fishy)/) {
				if (rec ~ pat) pe++; else oe++
			}
			rec = ""; head = ""
		}' "$1"
}

export PURPLE_LEAKCHECK_HELP=1 SIM_KEEP_RUNS=1
supp=${SIM_SRCDIR:?}/tests/valgrind/third-party.supp
export SIM_PEER_WRAPPER="valgrind --leak-check=full --num-callers=40 --child-silent-after-fork=yes --errors-for-leak-kinds=definite --fullpath-after= --suppressions=$supp"
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
		log=$dir/$role.log
		read -r pe pl oe ol < <(attribute "$log")
		summary=$(grep -E "ERROR SUMMARY|definitely lost:|suppressed:" "$log" | sed 's/^==[0-9]*== *//' | tr -s ' ' | tr '\n' ' ')
		echo "# $s $role: plugin errors $pe, plugin definitely-lost blocks $pl; other errors $oe, other definitely-lost blocks $ol; after suppressions: $summary"
		# any memory error fails (the plugin may misuse libpurple's memory
		# far from its own frames); a leak fails when the plugin allocated it
		[ "$pe" -eq 0 ] && [ "$pl" -eq 0 ] && [ "$oe" -eq 0 ] || verdict="not ok"
		if [ $((pe + pl + oe + ol)) -gt 0 ]; then
			grep -E -A8 '^==[0-9]+== (Invalid |Conditional jump|Use of uninit|Syscall param|Mismatched|[0-9,]+ .*bytes in .* definitely lost)' \
				"$log" | sed 's/^==[0-9]*==/#/' | head -60
		fi
	done
	echo "$verdict $n - $s: no memory error, no definitely-lost block from the plugin"
	[ "$verdict" = ok ] || status=1
	rm -rf "$dir"
done
exit $status
