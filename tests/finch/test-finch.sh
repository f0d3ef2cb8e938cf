#!/usr/bin/env bash
# test-finch - issue 7 as a person would try it: the real Finch, in tmux,
# receives a file from a headless peer (sim-peer) over a private Prosody, and
# the script answers Finch's own dialogs with keystrokes: Accept, choose the
# folder "Downloads" in "Save File...", Select.
#   1. With the plugin: the file must arrive intact in Downloads, and Finch
#      must quit cleanly with the plugin loaded.
#   2. Without it (control run): Finch 2.14 must show its old failure, the
#      offer accepted and denied in the same instant, nothing received.
#   3. With it, Finch quits (Alt+Q) while "Save File..." is open: it must
#      exit cleanly (stock Finch 2.14 crashes there).
#   4. With it, the plugin is unloaded from Finch's Plugins window while
#      "Save File..." is open: the offer is declined, the dialog goes, and
#      Finch quits cleanly afterwards (nothing left pointing into the
#      plugin).
# TAP on stdout; any argument (run-tests passes --tap) is ignored. Skips (as
# "# SKIP", never as a pass) when finch, tmux or Prosody are missing. Runs in
# private network and PID namespaces when it can (root, or user
# namespaces): loopback only, and every process it started dies with it.
#
# Finds si-multiple.so in $SIM_PLUGIN_DIR (else the directory above its own)
# and sim-peer, finch-server beside itself (as built into $(B)/tests/).
# SIM_FINCH_KEEP=1 keeps the work directory (logs, screens) for a look.
set -u

here=$(cd "$(dirname "$0")" && pwd)
plugin_so=${SIM_PLUGIN_DIR:-$here/..}/si-multiple.so
peer_bin=$here/sim-peer
server_bin=$here/finch-server
n_tests=9
names=(
	"with the plugin: Finch signs on and the plugin guards its file dialogs"
	"with the plugin: the offer is accepted through Finch's dialogs and the sender completes"
	"with the plugin: the file is intact in the chosen folder, not in Finch's working directory"
	"with the plugin: Finch quits cleanly (Alt+Q) with the plugin loaded"
	"without the plugin: Finch 2.14 accepts and at once denies the offer (the bug worked around)"
	"without the plugin: nothing arrives in the chosen folder"
	"with the plugin: quitting Finch while Save File... is open exits cleanly (stock Finch 2.14 crashes)"
	"unloading the plugin (Plugins window) while Save File... is open declines the offer; Finch carries on"
	"Finch's Plugins window lists the plugin enabled; Configure Plugin shows its preferences"
)

skip_all() {
	local i
	echo "1..$n_tests"
	for i in $(seq 1 $n_tests); do
		echo "ok $i - ${names[$((i - 1))]} # SKIP $1"
	done
	exit 0
}

# ---- prerequisites ----
for tool in finch tmux prosody prosodyctl; do
	command -v "$tool" >/dev/null 2>&1 || skip_all "$tool is not installed"
done
for f in "$plugin_so" "$peer_bin" "$server_bin"; do
	[ -e "$f" ] || skip_all "$f is not built"
done
# A sanitizer build of the plugin cannot load into the distribution's Finch
# (the ASan runtime must come first), and Finch hangs at start with it
# preloaded: the plain build runs this test.
if ldd "$plugin_so" 2>/dev/null | grep -q 'libasan\.so'; then
	skip_all "sanitizer build: Finch cannot load it (the plain build runs this test)"
fi

# ---- private namespaces: re-run this script inside them ----
if [ -z "${SIM_FINCH_NS:-}" ]; then
	export SIM_FINCH_NS=1
	ns_opts=(--net --pid --mount-proc --fork --kill-child)
	[ "$(id -u)" -eq 0 ] || ns_opts+=(--map-root-user)
	if unshare "${ns_opts[@]}" true 2>/dev/null; then
		exec unshare "${ns_opts[@]}" "$0" "$@"
	fi
	echo "# cannot make private namespaces; using the host's loopback"
	SIM_FINCH_NS=host
fi
if [ "$SIM_FINCH_NS" = 1 ]; then
	ip link set lo up || skip_all "cannot bring up loopback in the private namespace"
fi

# ---- the run's own world ----
# Finch is not ours: run-tests' G_DEBUG=fatal-warnings would stop it at its
# own first warning (the plugin's are looked for in the log instead).
finch_env="env -u G_DEBUG"
export LANG=C.UTF-8 LC_ALL=C.UTF-8
unset LANGUAGE TMUX DISPLAY
export DBUS_SESSION_BUS_ADDRESS=disabled:
work=$(mktemp -d /tmp/sim-finch-XXXXXX)
# the peer's and Finch's scratch files too: the peer is stopped with a
# signal, which leaves its home behind; cleanup removes all of it
export TMPDIR=$work
sock=$work/tmux.sock
server_pid=
peer_pid=

cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null
	[ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	wait 2>/dev/null
	if [ -n "${SIM_FINCH_KEEP:-}" ]; then
		echo "# work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

t=0
failed=0
result() { # result OK|FAIL [diagnostic...]
	local status=$1
	shift
	t=$((t + 1))
	if [ "$status" = OK ]; then
		echo "ok $t - ${names[$((t - 1))]}"
	else
		failed=$((failed + 1))
		echo "not ok $t - ${names[$((t - 1))]}"
	fi
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}
skip() { t=$((t + 1)); echo "ok $t - ${names[$((t - 1))]} # SKIP $1"; }

# ---- Finch in tmux ----
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t fin 2>/dev/null; }
screen_esc() { tm capture-pane -e -p -t fin 2>/dev/null; }
key() { tm send-keys -t fin "$@"; sleep 0.3; }

# Text of the first run drawn in the highlight colour (white on blue) in
# the given screen lines: a focused tree's selected row, a focused button,
# the focused window's entry in the task bar.
highlighted() {
	sed 's/\x1b\[[0-9;]*44m/\n@@/g' | sed -n 's/^@@\([^\x1b│]*\).*/\1/p' | sed 's/ *$//' | head -1
}
focused_window() { screen_esc | tail -1 | highlighted; }
# inside the dialog: everything but its title line and the task bar
dialog_highlight() { screen_esc | sed '$d' | grep -v 'Save File' | highlighted; }

wait_screen() { # PATTERN SECONDS
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.2
	done
	return 1
}
wait_taskbar() { # TITLE SECONDS
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		screen | tail -1 | grep -qF -- "$1" && return 0
		sleep 0.2
	done
	return 1
}
wait_log() { # PATTERN SECONDS
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		grep -qE -- "$1" "$log" 2>/dev/null && return 0
		sleep 0.2
	done
	return 1
}
# Alt+N through the windows until WANT has the focus (Finch does not give
# new windows the focus while another one has it).
focus_window() { press_until focused_window "$1" M-n 8; }
# Down through the focused tree until NAME is selected.
select_row() { press_until dialog_highlight "$1" Down 30; }
# Tab through the dialog until the button NAME has the focus.
focus_button() { press_until dialog_highlight "$1" Tab 8; }
# press_until READER WANTED KEY TRIES: KEY until READER prints WANTED.
press_until() {
	local i
	for i in $(seq 1 "$4"); do
		[ "$($1)" = "$2" ] && return 0
		key "$3"
	done
	return 1
}

# start_finch DIR WITH_PLUGIN: a new user's home with the XMPP account
# alice@localhost/finch (and the plugin enabled if asked); Finch runs in
# DIR/cwd so that a file saved under a bare name would show up there.
start_finch() {
	local dir=$1 with_plugin=$2 loaded=""
	home=$dir/home
	log=$dir/finch.log
	mkdir -p "$home/.purple/plugins" "$home/Downloads" "$dir/cwd"
	cat >"$home/.purple/accounts.xml" <<-EOF
	<?xml version='1.0' encoding='UTF-8' ?>
	<account version='1.0'>
	 <account>
	  <protocol>prpl-jabber</protocol>
	  <name>alice@localhost/finch</name>
	  <password>pw</password>
	  <settings>
	   <setting name='connect_server' type='string'>127.0.0.1</setting>
	   <setting name='port' type='int'>$c2s_port</setting>
	   <setting name='connection_security' type='string'>opportunistic_tls</setting>
	   <setting name='auth_plain_in_clear' type='bool'>1</setting>
	  </settings>
	  <settings ui='gnt-purple'>
	   <setting name='auto-login' type='bool'>1</setting>
	  </settings>
	 </account>
	</account>
	EOF
	if [ "$with_plugin" = yes ]; then
		ln -s "$plugin_so" "$home/.purple/plugins/si-multiple.so"
		loaded="<item value='$home/.purple/plugins/si-multiple.so'/>"
	fi
	cat >"$home/.purple/prefs.xml" <<-EOF
	<?xml version='1.0' encoding='UTF-8' ?>
	<pref version='1' name='/'>
	 <pref name='purple'>
	  <pref name='network'>
	   <pref name='auto_ip' type='bool' value='0'/>
	   <pref name='public_ip' type='string' value='127.0.0.1'/>
	   <pref name='map_ports' type='bool' value='0'/>
	  </pref>
	 </pref>
	 <pref name='finch'>
	  <pref name='plugins'>
	   <pref name='loaded' type='pathlist'>$loaded</pref>
	  </pref>
	 </pref>
	</pref>
	EOF
	# TERM=screen: with tmux's own default TERM Finch ignores arrow keys
	tm -f /dev/null new-session -d -x 120 -y 40 -s fin \
		"cd '$dir/cwd' && HOME='$home' TERM=screen $finch_env finch -c '$home/.purple' -d 2>'$log'; echo \$? >'$dir/finch.status'"
}

# send_file DIR: sim-peer (stock libpurple) offers the payload to Finch.
send_file() {
	"$peer_bin" --jid bob@localhost/peer --port "$c2s_port" --send "$payload" \
		--to alice@localhost/finch --timeout 60 --result "$1/peer.result" \
		>"$1/peer.out" 2>&1 &
	peer_pid=$!
}
peer_outcome() { sed -n 's/^outcome=//p' "$1/peer.result" 2>/dev/null; }
wait_peer() { # DIR SECONDS: until the sender has a result
	local end=$((SECONDS + $2))
	while [ $SECONDS -lt $end ]; do
		[ -n "$(peer_outcome "$1")" ] && return 0
		sleep 0.2
	done
	return 1
}
stop_peer() {
	[ -n "$peer_pid" ] && kill "$peer_pid" 2>/dev/null && wait "$peer_pid" 2>/dev/null
	peer_pid=
}
# quit_finch DIR: Alt+Q, then at most 15 s for Finch to exit.
quit_finch() {
	local end=$((SECONDS + 15))
	key M-q
	while [ $SECONDS -lt $end ] && [ ! -s "$1/finch.status" ]; do
		sleep 0.2
	done
	tm kill-server 2>/dev/null
	sleep 0.2
}

# receive DIR: the person's part. Returns 0 once Select was pressed in
# "Save File..." with Downloads chosen; a step that fails says which.
step=""
accept_offer() {
	step="the offer's window did not appear in Finch's task bar"
	wait_taskbar "<gnt>" 20 || return 1        # the offer has no title
	step="could not focus the offer's window"
	focus_window "<gnt>" || return 1
	step="the focused window is not the offer"
	wait_screen "wants to send you $(basename "$payload")" 5 || return 1
	key Enter                                  # Accept
	step="no Save File... dialog after Accept"
	wait_screen "Save File..." 10 || return 1
}
receive() {
	accept_offer "$1" || return 1
	step="could not select Downloads in the directory list"
	select_row Downloads || return 1
	key Enter                                  # into Downloads
	step="the dialog did not enter Downloads"
	wait_screen "$home/Downloads/" 10 || return 1  # the location entry
	step="could not reach the Select button"
	focus_button Select || return 1
	key Enter                                  # Select
	step=""
}

# Alt+A (Finch's actions), "Plugins", then Space on the plugin's checked row.
highlighted_is() { screen_esc | grep -q $'\e\\[[0-9;]*44m'"$1"; }
unload_plugin() {
	local i
	key M-a
	step="no Plugins entry in the Actions list"
	for i in $(seq 1 25); do highlighted_is Plugins && break; key Down; done
	highlighted_is Plugins || return 1
	key Enter
	step="the plugin is not checked in the Plugins window"
	wait_screen "You can (un)load plugins" 10 || return 1
	for i in $(seq 1 40); do highlighted_is "\[X\] File Transfer Fallback" && break; key Down; done
	highlighted_is "\[X\] File Transfer Fallback" || return 1
	key Space
	step=""
}

keep_screen() { screen >"$1/screen.txt" 2>/dev/null; }

# Alt+A, "Plugins", select the plugin's checked row, "Configure Plugin".
show_prefs() {
	local i
	key M-a
	step="no Plugins entry in the Actions list"
	for i in $(seq 1 25); do highlighted_is Plugins && break; key Down; done
	highlighted_is Plugins || return 1
	key Enter
	step="the plugin is not listed as loaded in the Plugins window"
	wait_screen "You can (un)load plugins" 10 || return 1
	for i in $(seq 1 40); do highlighted_is "\[X\] File Transfer Fallback" && break; key Down; done
	highlighted_is "\[X\] File Transfer Fallback" || return 1
	step="no Configure Plugin button for it"
	wait_screen "Name: File Transfer Fallback" 5 || return 1
	# the window's title line is highlighted too: look below it
	for i in $(seq 1 8); do
		[ "$(screen_esc | sed '$d' | sed 1d | highlighted)" = "Configure Plugin" ] && break
		key Tab
	done
	[ "$(screen_esc | sed '$d' | sed 1d | highlighted)" = "Configure Plugin" ] || return 1
	key Enter
	step="its preferences did not show"
	wait_screen "Fall back between transfer methods (si-multiple)" 10 || return 1
	step=""
}

# ---- server and payload ----
echo "1..$n_tests"
echo "# $(finch -v 2>/dev/null | head -1), libgnt $(dpkg-query -W -f='${Version}' libgnt0 2>/dev/null || echo '?'), tmux $(tmux -V 2>/dev/null)"
"$server_bin" alice bob >"$work/ports" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
	[ -s "$work/ports" ] && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.2
done
read -r c2s_port _ <"$work/ports" 2>/dev/null
if [ -z "${c2s_port:-}" ]; then
	for i in $(seq 1 $n_tests); do result FAIL; done
	echo "# Prosody did not start: $(cat "$work/server.err")"
	exit 1
fi
payload=$work/holiday-photos.tar
head -c 3000000 /dev/urandom >"$payload"

# ---- 1. with the plugin ----
A=$work/with-plugin
mkdir -p "$A"
start_finch "$A" yes
if wait_log "connection: Activating keepalive" 20 && grep -q "finch-compat: guarding" "$log"; then
	result OK
else
	result FAIL "Finch log: $log" "$(grep -E 'si-multiple|plugins: .*si-multiple' "$log" | tail -5)"
fi
send_file "$A"
if receive "$A"; then
	wait_peer "$A" 30
	if [ "$(peer_outcome "$A")" = completed ]; then
		result OK
	else
		result FAIL "sender: $(cat "$A/peer.out")" "$(grep -E 'xfer:|finch-compat' "$log" | tail -6)"
	fi
else
	keep_screen "$A"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$A/screen.txt")"
fi
sleep 0.5 # the receiver closes and flushes the file right after the sender ends
got=$home/Downloads/$(basename "$payload")
stray=$A/cwd/$(basename "$payload")
if [ -f "$got" ] && cmp -s "$payload" "$got" && [ ! -e "$stray" ]; then
	result OK
else
	result FAIL "in Downloads: $(ls -l "$home/Downloads")" "in Finch's working directory: $(ls "$A/cwd")"
fi
stop_peer
quit_finch "$A"
status=$(cat "$A/finch.status" 2>/dev/null)
complaints=$(grep -E "(si-multiple-)?(CRITICAL|WARNING|ERROR) \*\*|AddressSanitizer|runtime error" "$log" | grep -iE "si-multiple|Sanitizer|runtime error")
if [ "$status" = 0 ] && [ -z "$complaints" ]; then
	result OK
else
	result FAIL "Finch exit status: ${status:-none (did not exit in 15 s)}" "$complaints" "$(tail -3 "$log")"
fi

# ---- 2. without the plugin (control) ----
B=$work/without-plugin
mkdir -p "$B"
start_finch "$B" no
if ! wait_log "connection: Activating keepalive" 20; then
	result FAIL "Finch did not sign on: $log"
	result FAIL
elif ! send_file "$B" || ! receive "$B"; then
	keep_screen "$B"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$B/screen.txt")"
	result FAIL
else
	wait_log "xfer: xfer .* denied" 10
	sleep 3 # time for a transfer, if one were going to happen
	accepted=$(grep -n "xfer: request accepted" "$log" | head -1 | cut -d: -f1)
	denied=$(grep -nE "xfer: xfer .* denied" "$log" | head -1 | cut -d: -f1)
	if [ -n "$accepted" ] && [ -n "$denied" ] && [ "$denied" -gt "$accepted" ]; then
		result OK
	elif ! finch -v 2>/dev/null | grep -q '^Finch 2\.14\.'; then
		skip "this Finch is not 2.14: its dialog may well be fixed"
	else
		result FAIL "expected Finch 2.14's accept-then-deny; sender: $(peer_outcome "$B")" \
			"$(grep -E 'xfer:' "$log" | tail -4)"
	fi
	if [ -z "$(ls -A "$home/Downloads")" ] && [ "$(peer_outcome "$B")" != completed ]; then
		result OK
	else
		result FAIL "in Downloads: $(ls "$home/Downloads"); sender: $(peer_outcome "$B")"
	fi
fi
stop_peer
quit_finch "$B"

# ---- 3. with the plugin, Finch quits while the dialog is open ----
# (stock Finch 2.14 answers "cancel" for a request libpurple has already
# torn down, and crashes here)
C=$work/quit-with-dialog
mkdir -p "$C"
start_finch "$C" yes
if ! wait_log "connection: Activating keepalive" 20; then
	result FAIL "Finch did not sign on: $log"
elif ! send_file "$C" || ! accept_offer "$C"; then
	keep_screen "$C"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$C/screen.txt")"
else
	quit_finch "$C"
	status=$(cat "$C/finch.status" 2>/dev/null)
	if [ "$status" = 0 ] && grep -q "finch-compat: libpurple closed an open file dialog" "$log"; then
		result OK
	else
		result FAIL "Finch exit status: ${status:-none}" \
			"$(grep -E 'finch-compat|xfer:' "$log" | tail -4)"
	fi
fi
stop_peer

# ---- 4. the plugin is unloaded while the dialog is open ----
# Alt+A, "Plugins", uncheck the plugin with Space: its guard must cancel the
# open dialog (the sender hears "declined"), leave nothing of it in Finch,
# and Finch must go on and quit cleanly after the plugin's code is gone.
D=$work/unload-with-dialog
mkdir -p "$D"
start_finch "$D" yes
if ! wait_log "connection: Activating keepalive" 20; then
	result FAIL "Finch did not sign on: $log"
elif ! send_file "$D" || ! accept_offer "$D"; then
	keep_screen "$D"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$D/screen.txt")"
elif ! unload_plugin; then
	keep_screen "$D"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$D/screen.txt")"
else
	wait_log "si-multiple: unloaded" 5
	wait_peer "$D" 10
	dialog_gone=yes
	screen | grep -qF "Save File..." && dialog_gone=no
	quit_finch "$D"
	status=$(cat "$D/finch.status" 2>/dev/null)
	if [ "$status" = 0 ] && [ "$dialog_gone" = yes ] && [ "$(peer_outcome "$D")" = cancelled ] &&
		grep -q "finch-compat: cancelling an open file dialog at unload" "$log"; then
		result OK
	else
		result FAIL "Finch exit status: ${status:-none}; dialog gone: $dialog_gone; sender: $(peer_outcome "$D")" \
			"$(grep -E 'finch-compat|xfer:|si-multiple: unloaded' "$log" | tail -5)"
	fi
fi
stop_peer

# ---- 5. the plugin in Finch's own windows ----
P=$work/prefs
mkdir -p "$P"
start_finch "$P" yes
if ! wait_log "connection: Activating keepalive" 20; then
	result FAIL "Finch did not sign on: $log"
elif ! show_prefs; then
	keep_screen "$P"
	result FAIL "$step" "screen:" "$(sed 's/^/  /' "$P/screen.txt")"
else
	keep_screen "$P"
	# all six settings, and the Finch fix that only Finch shows
	missing=""
	for label in "Transfer methods" "Explain fallbacks and failures" "Direct connection time limit" \
		"Skip direct connections that failed before" "Remember failures for (hours)" \
		"Fix Finch 2.14's Save File dialog"; do
		grep -qF "$label" "$P/screen.txt" || missing="$missing [$label]"
	done
	if [ -z "$missing" ]; then
		result OK
	else
		result FAIL "missing in the preferences:$missing" "screen:" "$(sed 's/^/  /' "$P/screen.txt")"
	fi
fi
quit_finch "$P"
[ "$failed" -eq 0 ]
