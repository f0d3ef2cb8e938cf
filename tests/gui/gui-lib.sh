# gui-lib.sh - helpers shared by the Pidgin checks (test-pidgin,
# test-pidgin-transfer), sourced from beside them: a private Xvfb, finding
# and driving windows with xdotool, screenshots (ImageMagick) and their OCR
# (tesseract). Every wait is bounded. The scripts set $work (their private
# directory) before calling anything here; pick_display sets xvfb_pid and
# DISPLAY, and the script's own cleanup stops that Xvfb.

# wait_for SECONDS COMMAND...: until COMMAND succeeds, polled every 0.1 s
wait_for() {
	local end=$((SECONDS + $1)); shift
	while :; do
		"$@" && return 0
		[ "$SECONDS" -ge "$end" ] && return 1
		sleep 0.1
	done
}

# ---- X ----
# A display number free on the host: no lock file, no socket, and Xvfb's own
# lock (/tmp/.X<n>-lock) settles a race with another run. Not -displayfd's
# own choice: from a private network namespace every number looks free to
# it, and it would replace the socket file of a display in use on the host.
# -displayfd only tells when the server is ready.
xvfb_ready() { [ -s "$work/display" ] || ! kill -0 "$xvfb_pid" 2>/dev/null; }
start_xvfb() {
	local n=$1
	[ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && return 1
	: >"$work/display"
	Xvfb ":$n" -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp \
		3>"$work/display" >"$work/xvfb.log" 2>&1 &
	xvfb_pid=$!
	wait_for 10 xvfb_ready && [ -s "$work/display" ] && return 0
	kill "$xvfb_pid" 2>/dev/null; wait "$xvfb_pid" 2>/dev/null
	xvfb_pid=""
	return 1
}
# pick_display: Xvfb on the first free display from one that depends on
# this process (parallel runs spread out), :20 to :99; exports DISPLAY
pick_display() {
	local first=$((20 + $$ % 60)) n
	for n in $(seq "$first" 99) $(seq 20 $((first - 1))); do
		if start_xvfb "$n"; then export DISPLAY=:$n; return 0; fi
	done
	return 1
}

# ---- windows ----
# find_window REGEX [SECONDS]: the id of the first mapped window whose name
# matches, waiting up to SECONDS (default 10)
find_window() {
	local w
	w=$(timeout "${2:-10}" xdotool search --sync --onlyvisible --name "$1" 2>/dev/null | head -1)
	[ -n "$w" ] && echo "$w"
}
window_title() { LC_ALL=C.UTF-8 xprop -id "$1" _NET_WM_NAME 2>/dev/null | sed -n 's/^_NET_WM_NAME(UTF8_STRING) = "\(.*\)"$/\1/p'; }
focus() {
	timeout 5 xdotool windowfocus --sync "$1" 2>/dev/null || xdotool windowfocus "$1" 2>/dev/null
	sleep 0.2
}
# keys WINDOW KEY...: focus WINDOW and press the keys, as a person types
keys() {
	local w=$1; shift
	focus "$w"
	timeout 5 xdotool key --delay 60 "$@"
}
# type_text WINDOW TEXT...: focus WINDOW and type the text
type_text() {
	local w=$1; shift
	focus "$w"
	timeout 10 xdotool type --delay 40 "$*"
}
# place WINDOW X Y W H: without a window manager, windows overlap where
# Pidgin maps them; a screenshot of a covered window shows the cover
place() {
	timeout 5 xdotool windowsize "$1" "$4" "$5" 2>/dev/null
	timeout 5 xdotool windowmove "$1" "$2" "$3" 2>/dev/null
	timeout 5 xdotool windowraise "$1" 2>/dev/null
}

# ---- pictures ----
# shot WINDOW FILE: a PNG of the window; true when it is a real picture (a
# PNG with more than a handful of colours, as a rendered window has)
shot() {
	rm -f "$2"
	timeout 10 import -window "$1" "$2" 2>/dev/null || return 1
	[ "$(head -c 8 "$2" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || return 1
	local colours
	colours=$(timeout 10 identify -format '%k' "$2" 2>/dev/null || echo 0)
	echo "# $(basename "$2"): $(identify -format '%wx%h' "$2" 2>/dev/null), $colours colours"
	[ "${colours:-0}" -gt 8 ]
}
# ocr_start PNG TXT: the text in the picture, read at three times the size
# (tesseract misses the small print of a 96 dpi screen) into TXT by a
# tesseract in the background, one thread: two of them read two pictures at
# once. Sets ocr_pid; ocr_pids lists them all, for the script's cleanup.
ocr_pids=()
ocr_start() {
	local in
	in=$work/ocr-$(basename "$1")
	ocr_pid=""
	timeout 20 convert "$1" -resize 300% -colorspace Gray "$in" 2>/dev/null || return 1
	OMP_THREAD_LIMIT=1 timeout 30 tesseract "$in" stdout >"$2" 2>/dev/null &
	ocr_pid=$!
	ocr_pids+=("$ocr_pid")
}
# ocr_done PID: true when that reading succeeded
ocr_done() { [ -n "$1" ] && wait "$1"; }
# ocr PNG TXT: the same, waited for
ocr() { ocr_start "$1" "$2" && ocr_done "$ocr_pid"; }
regex_quote() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }
# flat TXT: the OCR text on one line, whitespace squeezed
flat() { tr -s '[:space:]' ' ' <"$1"; }
# messages TXT: the conversation's messages one a line; each starts at its
# timestamp "(12:34:56)" (lines wrap, messages may take several)
messages() {
	flat "$1" | sed -E 's/\(([0-9]{1,2}[:.][0-9]{2}([:.][0-9]{2})?( ?[AP]M)?)\)/\n&/g'
}

# ---- set-up shared by the scripts (they define names and n_tests) ----

# Every test of the script reported as skipped, for the reason $1 (TAP
# "# SKIP", never a pass), and the script ends.
skip_all() {
	local i
	echo "1..$n_tests"
	for i in $(seq 1 "$n_tests"); do
		echo "ok $i - ${names[$((i - 1))]} # SKIP $1"
	done
	exit 0
}

# Skips the whole script for a plugin built with sanitizers: an ASan
# plugin cannot load into a non-ASan Pidgin.
skip_sanitizer_build() {
	if { readelf -d "$1" 2>/dev/null || ldd "$1" 2>/dev/null; } | grep -Eq 'lib(asan|ubsan)\.so'; then
		skip_all "sanitizer build of the plugin: it cannot load into a non-ASan Pidgin"
	fi
}

# Re-runs the script (with its arguments) in a private network namespace
# when it can; sets SIM_GUI_NS to 1 there, or to "host" when it cannot.
# Network only, not PID: Xvfb tells a stale display lock (/tmp/.X<n>-lock,
# shared with the host) by whether its PID is alive, which it cannot see
# from a PID namespace; it would take over a display in use on the host.
enter_private_netns() {
	local ns_opts=(--net)

	[ -n "${SIM_GUI_NS:-}" ] && return 0
	export SIM_GUI_NS=1
	[ "$(id -u)" -eq 0 ] || ns_opts+=(--map-root-user)
	if unshare "${ns_opts[@]}" true 2>/dev/null; then
		exec unshare "${ns_opts[@]}" "$0" "$@"
	fi
	echo "# cannot make private namespaces; using the host's loopback"
	SIM_GUI_NS=host
}
