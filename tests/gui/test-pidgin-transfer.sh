#!/usr/bin/env bash
# test-pidgin-transfer - real transfers with real Pidgin (issue 11), both
# ways, under Xvfb, driven with keystrokes (xdotool), SOCKS5 black-holed:
#   - a private Prosody (finch-server) with alice and bob; Pidgin signs in as
#     alice@localhost/pidgin with the plugin enabled in its prefs.xml and
#     bob@localhost in its buddy list under the alias "Bob Example";
#   1. Pidgin receives: the headless peer (sim-peer, with the plugin) signs
#     in as bob@localhost/peer and sends a file, its every streamhost
#     pointing at a port that accepts and never answers ("s5b-blackhole"),
#     so Pidgin's plugin gives up the direct connection and the file comes
#     in-band; Pidgin's offer dialog is answered Alt+A (Accept), its "Save
#     File..." with the path typed in and Return;
#   2. Pidgin sends, in the same session: the peer signs in again as
#     bob@localhost/peer to receive, tells Pidgin it is online with a
#     directed presence (the accounts share no roster, and Pidgin sends files
#     only to contacts it sees online), and black-holes every streamhost
#     Pidgin offers on the way in ("s5b-blackhole-in"), its plugin's SOCKS5
#     attempt bound at 1 s; in the conversation with Bob, Conversation ->
#     Send File... (Alt+C, N), the file's name typed in the file chooser
#     (opened in the file's folder by prefs.xml) and Return;
#   - each time the file must arrive intact (the peer's result and
#     checksum), and the conversation with Bob and the File Transfers window
#     are kept as screenshots and read back with OCR (tesseract): the
#     conversation must show the plugin's sentence naming the contact by
#     alias with the reason and in-band (receiving: "Could not connect to Bob
#     Example directly (2 addresses did not answer); receiving in-band
#     ..."; sending: "Bob Example could not connect to you directly (2
#     addresses did not answer); sending in-band ...", the count the
#     peer's plugin reported); the File Transfers window the file's row
#     "Finished".
# The expected wording is in the variables below. Screenshots, OCR text and
# logs go to $SIM_ARTIFACT_DIR, by default $SIM_PLUGIN_DIR/artifacts:
#   pidgin-xfer-conversation.png / .txt   receiving: the conversation, its OCR
#   pidgin-xfer-transfers.png / .txt      receiving: File Transfers, its OCR
#   pidgin-send-conversation.png / .txt   sending: the conversation, its OCR
#   pidgin-send-transfers.png / .txt      sending: File Transfers, its OCR
#   pidgin-xfer-debug.log                 Pidgin's debug log
#   pidgin-xfer-screen.png                the whole screen, when a step failed
#
# TAP on stdout; any argument (run-tests passes --tap) is ignored. Skips (as
# "# SKIP", never as a pass) when pidgin, Xvfb, xdotool, xprop, ImageMagick,
# tesseract or Prosody are missing, or for a sanitizer build. Runs in a
# private network namespace when it can (root, or user namespaces):
# loopback only. Every wait is bounded; the run takes about 20 s (sending
# about 8 of them).
#
# Finds si-multiple.so in $SIM_PLUGIN_DIR (else the directory above its own),
# sim-peer, finch-server and gui-lib.sh (helpers shared with test-pidgin)
# beside itself (as built into $(B)/tests/). SIM_GUI_KEEP=1 keeps the work
# directory for a look.
set -u

# ---- what the plugin must say (case-insensitive extended regexes, matched
# against OCR text with whitespace squeezed to single spaces, one message
# of the conversation at a time: they are split at their timestamps) ----
alias_name="Bob Example"
# in the same message as the reason: the window's title and libpurple's
# own lines name Bob by alias too, and must not count
alias_re="Bob Example"
# the fallback sentence as Pidgin, the receiver, shows it: it could not
# connect directly, why (the black-holed addresses gave no answer), and
# that the file comes in-band instead
reason_re="could not connect to .{0,40}directly .{0,3}[0-9]+ addresses did not answer.{0,3} receiving in.?band"
file_name="holiday-photos.tar"
# the other way, Pidgin the sender: the receiver (Bob) could not connect to
# it directly, with the reason Bob's plugin reported, and the file goes
# in-band
send_reason_re="could not connect to you directly ?[({[][0-9]+ address(es)? did not answer[]})];? sending in.?band"
# the sentence starts with the alias: Bob is the one who could not connect
send_alias_re="$alias_name could not connect to you"
file_name2="garden-plans.tar"
# the transfer's state in the File Transfers window, on the file's row
finished_re="finished"

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=gui-lib.sh
. "$here/gui-lib.sh" || { echo "1..1"; echo "not ok 1 - $here/gui-lib.sh is missing"; exit 1; }
builddir=${SIM_PLUGIN_DIR:-$here/..}
plugin_so=$builddir/si-multiple.so
peer_bin=$here/sim-peer
server_bin=$here/finch-server
artifacts=${SIM_ARTIFACT_DIR:-$builddir/artifacts}

names=(
	"Pidgin starts under Xvfb with the plugin and signs in to the private server"
	"the peer's offer reaches Pidgin, accepted with Alt+A, saved by typing a path in Save File..."
	"the file arrives intact where it was saved, in-band (the peer says completed, same sha256)"
	"the conversation shows the plugin's fallback sentence (direct connection, in-band): OCR of pidgin-xfer-conversation.png"
	"that sentence names the contact by its alias \"$alias_name\""
	"the File Transfers window shows $file_name finished: OCR of pidgin-xfer-transfers.png"
	"Pidgin sends a file to the peer, which tells it it is online: Conversation -> Send File..., the name typed in the file chooser"
	"the file arrives intact at the peer, in-band (the peer says completed, same sha256)"
	"the conversation shows the plugin's sender-side sentence (Bob could not connect to you directly, why, in-band): OCR of pidgin-send-conversation.png"
	"that sentence names the contact by its alias \"$alias_name\""
	"the File Transfers window shows $file_name2 finished: OCR of pidgin-send-transfers.png"
	"no warning or critical from the plugin in Pidgin's log"
)
n_tests=${#names[@]}

# ---- prerequisites ----
for f in "$plugin_so" "$peer_bin" "$server_bin"; do
	[ -e "$f" ] || skip_all "$f is not built"
done
for tool in pidgin:pidgin Xvfb:xvfb xdotool:xdotool xprop:x11-utils import:imagemagick \
	convert:imagemagick tesseract:tesseract-ocr prosody:prosody; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || skip_all "${tool%%:*} is not installed (Debian package ${tool#*:})"
done
skip_sanitizer_build "$plugin_so"

# ---- a private network namespace: re-run this script inside it ----
enter_private_netns "$@"
if [ "$SIM_GUI_NS" = 1 ]; then
	ip link set lo up || skip_all "cannot bring up loopback in the private namespace"
fi

# ---- the run's own world ----
work=$(mktemp -d "${TMPDIR:-/tmp}/sim-gui-xfer.XXXXXX")
xvfb_pid="" pidgin_pid="" server_pid="" peer_pid=""
cleanup() {
	local p
	for p in "$peer_pid" "$pidgin_pid" "$server_pid" "$xvfb_pid" "${ocr_pids[@]}"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null
	done
	for p in "$peer_pid" "$pidgin_pid" "$server_pid" "$xvfb_pid" "${ocr_pids[@]}"; do
		[ -n "$p" ] && wait "$p" 2>/dev/null
	done
	if [ -n "${SIM_GUI_KEEP:-}" ]; then
		echo "# work directory kept: $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$artifacts" "$work/home" "$work/run" "$work/peer"
chmod 700 "$work/run"
# the peer's scratch home too: it is stopped with a signal at worst
export TMPDIR=$work

# Pidgin is not ours: run-tests' G_DEBUG=fatal-warnings would stop it at its
# own first GTK warning (the plugin's are looked for in its log instead).
unset LC_ALL LC_MESSAGES LANGUAGE SESSION_MANAGER
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache
export XDG_DATA_HOME=$work/home/.local/share XDG_RUNTIME_DIR=$work/run
export DBUS_SESSION_BUS_ADDRESS=unix:path=$work/no-bus NO_AT_BRIDGE=1 GTK_MODULES=
export LANG=C.UTF-8

# ---- TAP ----
echo "1..$n_tests"
tapn=0
failures=0
ok() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]}"; }
notok() {
	tapn=$((tapn + 1)); failures=$((failures + 1))
	echo "not ok $tapn - ${names[$((tapn - 1))]}"
	local line
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
	return 0
}
skip() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]} # SKIP $1"; }
skip_upto() { while [ "$tapn" -lt "$1" ]; do skip "$2"; done; }
# give_up SKIP_REASON DIAGNOSTIC...: the next test fails, the rest are
# skipped for SKIP_REASON, and the run ends
give_up() {
	local why=$1; shift
	notok "$@"
	timeout 10 import -window root "$artifacts/pidgin-xfer-screen.png" 2>/dev/null
	save_artifacts
	skip_upto "$n_tests" "$why"
	exit 1
}

# ---- waiting (wait_for and the X helpers are in gui-lib.sh) ----
in_log() { grep -Eq -- "$2" "$1" 2>/dev/null; }
# in_log_since LINE FILE REGEX: in the lines after LINE only
in_log_since() { tail -n "+$(($1 + 1))" "$2" 2>/dev/null | grep -Eq -- "$3"; }

# ---- the server and the peer ----
start_server() {
	"$server_bin" alice bob >"$work/ports" 2>"$work/server.err" &
	server_pid=$!
	wait_for 20 test -s "$work/ports"
	read -r c2s_port _ <"$work/ports" 2>/dev/null
	[ -n "${c2s_port:-}" ]
}
# send_file: bob@localhost/peer (the plugin loaded, its streamhosts black-
# holed) offers the payload to Pidgin
send_file() {
	"$peer_bin" --jid bob@localhost/peer --port "$c2s_port" --plugin-dir "$builddir" \
		--fault s5b-blackhole --send "$payload" --to alice@localhost/pidgin \
		--timeout 40 --result "$work/peer/result" >"$work/peer/out" 2>&1 &
	peer_pid=$!
}
# receive_file: bob@localhost/peer again, now to receive (the plugin
# loaded, its SOCKS5 attempt bound at 1 s), every streamhost Pidgin offers
# black-holed on the way in ("s5b-blackhole-in"); it tells Pidgin it is
# online with a directed presence (the accounts share no roster)
receive_file() {
	mkdir -p "$work/peer/in"
	"$peer_bin" --jid bob@localhost/peer --port "$c2s_port" --plugin-dir "$builddir" \
		--fault s5b-blackhole-in --pref socks5_timeout=1 --receive "$work/peer/in" \
		--presence-to alice@localhost/pidgin \
		--timeout 40 --result "$work/peer/result2" >"$work/peer/out2" 2>&1 &
	peer_pid=$!
}
stop_peer() {
	[ -n "$peer_pid" ] || return 0
	kill "$peer_pid" 2>/dev/null
	wait "$peer_pid" 2>/dev/null
	peer_pid=""
}
result=$work/peer/result
peer_says() { sed -n "s/^$1=//p" "$result" 2>/dev/null; }
peer_done() { [ -n "$(peer_says outcome)" ]; }

# ---- Pidgin ----
# write_pidgin_config: a new user's .purple: the account (signs in at
# start), Bob in the buddy list with an alias, the plugin enabled, loopback
# only, the File Transfers window kept open with finished transfers in it
# (Pidgin's defaults close it and clear them), the plugin's direct
# connection bound at 1 s (the shortest) to keep the test quick, and not
# remembering that SOCKS5 failed with Bob (the second transfer would skip
# it, and say nothing about it); "Send File..." opens in $work/outbox
write_pidgin_config() {
	cfg=$work/purple
	mkdir -p "$cfg/plugins" "$work/Downloads" "$work/outbox"
	cp "$plugin_so" "$cfg/plugins/si-multiple.so"
	cat >"$cfg/accounts.xml" <<-EOF
	<?xml version='1.0' encoding='UTF-8' ?>
	<account version='1.0'>
	 <account>
	  <protocol>prpl-jabber</protocol>
	  <name>alice@localhost/pidgin</name>
	  <password>pw</password>
	  <settings>
	   <setting name='connect_server' type='string'>127.0.0.1</setting>
	   <setting name='port' type='int'>$c2s_port</setting>
	   <setting name='connection_security' type='string'>opportunistic_tls</setting>
	   <setting name='auth_plain_in_clear' type='bool'>1</setting>
	  </settings>
	  <settings ui='gtk-gaim'>
	   <setting name='auto-login' type='bool'>1</setting>
	  </settings>
	 </account>
	</account>
	EOF
	cat >"$cfg/blist.xml" <<-EOF
	<?xml version='1.0' encoding='UTF-8' ?>
	<purple version='1.0'>
	 <blist>
	  <group name='Buddies'>
	   <contact>
	    <buddy account='alice@localhost/pidgin' proto='prpl-jabber'>
	     <name>bob@localhost</name>
	     <alias>$alias_name</alias>
	    </buddy>
	   </contact>
	  </group>
	 </blist>
	</purple>
	EOF
	cat >"$cfg/prefs.xml" <<-EOF
	<?xml version='1.0' encoding='UTF-8' ?>
	<pref version='1' name='/'>
	 <pref name='purple'>
	  <pref name='network'>
	   <pref name='auto_ip' type='bool' value='0'/>
	   <pref name='public_ip' type='string' value='127.0.0.1'/>
	   <pref name='map_ports' type='bool' value='0'/>
	   <pref name='stun_server' type='string' value=''/>
	  </pref>
	 </pref>
	 <pref name='pidgin'>
	  <pref name='filelocations'>
	   <pref name='last_open_folder' type='path' value='$work/outbox'/>
	  </pref>
	  <pref name='filetransfer'>
	   <pref name='keep_open' type='bool' value='1'/>
	   <pref name='clear_finished' type='bool' value='0'/>
	  </pref>
	  <pref name='plugins'>
	   <pref name='loaded' type='pathlist'>
	    <item value='$cfg/plugins/si-multiple.so'/>
	   </pref>
	  </pref>
	 </pref>
	 <pref name='plugins'>
	  <pref name='core'>
	   <pref name='si-multiple'>
	    <pref name='socks5_timeout' type='int' value='1'/>
	    <pref name='remember_failures' type='bool' value='0'/>
	   </pref>
	  </pref>
	 </pref>
	</pref>
	EOF
}
start_pidgin() {
	log=$work/pidgin.log
	env -u G_DEBUG pidgin --config="$cfg" --debug >"$log" 2>&1 &
	pidgin_pid=$!
	blist=$(find_window "^Buddy List\$" 20) || return 1
	wait_for 20 in_log "$log" 'connection: Activating keepalive'
}
# offer_window: the offer's dialog, titled "Pidgin" like Pidgin's hidden
# helper windows (an icon, a 10 x 10 one): the mapped one larger than those
offer_window() {
	local w width
	for w in $(xdotool search --onlyvisible --name '^Pidgin$' 2>/dev/null); do
		width=$(xdotool getwindowgeometry --shell "$w" 2>/dev/null | sed -n 's/^WIDTH=//p')
		[ "${width:-0}" -gt 100 ] && { echo "$w"; return 0; }
	done
	return 1
}
# accept_offer: Alt+A (Accept) in the offer; in "Save File...", the path
# typed in the name field and Return
accept_offer() {
	local offer="" save
	step="the offer did not reach Pidgin within 20 s"
	wait_for 20 in_log "$log" "jabber: Recv .*<si .*si/profile/file-transfer" || return 1
	step="no offer dialog within 10 s of the offer"
	wait_for 10 offer_window >/dev/null || return 1
	offer=$(offer_window)
	keys "$offer" alt+a
	step="no \"Save File...\" dialog after Alt+A"
	save=$(find_window '^Save File\.\.\.$' 10) || return 1
	sleep 0.3
	# the whole path in the name field (the dialog opens in "Recently
	# Used", whatever folder prefs.xml names)
	keys "$save" ctrl+a
	timeout 10 xdotool type --delay 20 "$work/Downloads/$file_name"
	sleep 0.3
	keys "$save" Return
	step="Pidgin did not accept the file (no \"xfer: request accepted\" in its log)"
	wait_for 5 in_log "$log" "xfer: request accepted" || return 1
	step=""
}
# open_transfers: the File Transfers window, opened with Ctrl+T (Tools ->
# File Transfers) in the buddy list unless it is open
open_transfers() {
	find_window '^File Transfers$' 1 && return 0
	keys "$blist" ctrl+t
	find_window '^File Transfers$' 5
}
# send_from_pidgin: once Bob shows online (his presence in Pidgin's log),
# Conversation -> Send File... (Alt+C, N) in the conversation with him, the
# file's whole path typed in the file chooser (Ctrl+L opens its location
# field) and Return
# (in Pidgin's log after line $mark, taken before the peer started)
send_from_pidgin() {
	local chooser
	step="no presence from bob@localhost/peer in Pidgin's log within 20 s"
	wait_for 20 in_log_since "$mark" "$log" "jabber: Recv .*<presence [^>]*from=.bob@localhost/peer" || return 1
	step="no conversation window with Bob to send from"
	[ -n "$conv" ] || return 1
	sleep 0.3   # the conversation's menu follows Bob's presence
	keys "$conv" alt+c
	sleep 0.3
	# the menu is open and has the keyboard: its mnemonic, no focusing
	timeout 5 xdotool key n
	step="no file chooser (\"Open File...\") after Conversation -> Send File..."
	chooser=$(find_window '^(Open File\.\.\.|Select a file)$' 10) || return 1
	sleep 0.3
	# the name only: the chooser's location field, typed into quickly,
	# loses characters of a whole path to its completion
	keys "$chooser" ctrl+l
	sleep 0.2
	timeout 10 xdotool type --delay 20 "$file_name2"
	sleep 0.3
	keys "$chooser" Return
	step="Pidgin did not offer the file (no SI offer to bob@localhost/peer in its log)"
	wait_for 10 in_log_since "$mark" "$log" "jabber: Sending .*<iq [^>]*=.set.[^>]*><si .*si/profile/file-transfer" || return 1
	step=""
}
# read_screens TAG: the conversation with Bob and the File Transfers window,
# side by side (no window manager: they would overlap), kept as
# pidgin-TAG-conversation.png and pidgin-TAG-transfers.png and read with OCR
# into the .txt beside them
read_screens() {
	xfers=$(open_transfers)
	sleep 0.5   # the last lines and the final state drawn
	conv_png=$artifacts/pidgin-$1-conversation.png
	xfers_png=$artifacts/pidgin-$1-transfers.png
	conv_txt=$artifacts/pidgin-$1-conversation.txt
	xfers_txt=$artifacts/pidgin-$1-transfers.txt
	rm -f "$conv_png" "$xfers_png" "$conv_txt" "$xfers_txt"
	[ -n "$conv" ] && place "$conv" 0 0 900 520
	[ -n "$xfers" ] && place "$xfers" 0 540 900 420
	sleep 0.8
	local conv_ocr="" xfers_ocr=""
	conv_ok=0 xfers_ok=0
	[ -n "$conv" ] && shot "$conv" "$conv_png" && ocr_start "$conv_png" "$conv_txt" && conv_ocr=$ocr_pid
	[ -n "$xfers" ] && shot "$xfers" "$xfers_png" && ocr_start "$xfers_png" "$xfers_txt" && xfers_ocr=$ocr_pid
	# both read at once
	ocr_done "$conv_ocr" && conv_ok=1
	ocr_done "$xfers_ocr" && xfers_ok=1
}
# check_sentence REGEX ALIAS_REGEX: two tests, a message of the
# conversation matching REGEX (the last such), and ALIAS_REGEX, Bob's alias,
# in that message
check_sentence() {
	local sentence
	if [ -z "$conv" ]; then
		notok "no conversation window named \"$alias_name\""
		skip "no conversation window"
	elif [ "$conv_ok" -eq 0 ]; then
		notok "no usable screenshot or OCR of the conversation"
		skip "no OCR text of the conversation"
	else
		sentence=$(messages "$conv_txt" | grep -Ei -- "$1" | tail -1)
		if [ -n "$sentence" ]; then
			ok
			echo "# the sentence: $sentence"
			if grep -Eqi -- "$2" <<<"$sentence"; then
				ok
			else
				notok "no /$2/ in it: the contact is not named by alias"
			fi
		else
			notok "no /$1/ in the conversation; OCR text:" "$(flat "$conv_txt")"
			skip "no fallback sentence to look in"
		fi
	fi
}
# check_row FILE: the File Transfers window has a row with FILE finished
check_row() {
	if [ -z "$xfers" ]; then
		notok "no \"File Transfers\" window"
	elif [ "$xfers_ok" -eq 0 ]; then
		notok "no usable screenshot or OCR of the File Transfers window"
	elif grep -Eqi -- "$(regex_quote "$1").*$finished_re" "$xfers_txt"; then
		# one row (OCR line): not the "Clear finished transfers" box below
		ok
	else
		notok "no row with \"$1\" and /$finished_re/ in the File Transfers window; OCR text:" "$(cat "$xfers_txt")"
	fi
}
quit_pidgin() {
	keys "$blist" ctrl+q
	if wait_for 10 eval '! kill -0 "$pidgin_pid" 2>/dev/null'; then
		wait "$pidgin_pid" 2>/dev/null
		pidgin_pid=""
	fi
}
save_artifacts() { cp "$work/pidgin.log" "$artifacts/pidgin-xfer-debug.log" 2>/dev/null; }

# ======== the run ========
pick_display || give_up "no X server" "Xvfb did not start on any free display (:20 to :99)" "$(tail -3 "$work/xvfb.log")"
echo "# Xvfb on $DISPLAY"
start_server || give_up "no server" "Prosody did not start: $(cat "$work/server.err")"
payload=$work/$file_name
head -c 400000 /dev/urandom >"$payload"
write_pidgin_config
t0=$SECONDS
if start_pidgin && in_log "$log" 'si-multiple: loading '; then
	ok
else
	give_up "Pidgin did not start" "Pidgin did not show its buddy list, load the plugin or sign in within 20 s" \
		"$(grep -E 'si-multiple|connection|jabber: .*(error|fail)' "$log" | tail -6)"
fi

send_file
if accept_offer; then
	ok
else
	give_up "the offer was not accepted" "$step" "peer: $(cat "$work/peer/out")"
fi

got=$work/Downloads/$file_name
wait_for 30 peer_done
# Pidgin closes the file right after the last block
wait_for 5 cmp -s "$payload" "$got"
if [ "$(peer_says outcome)" = completed ] && [ "$(peer_says method)" = ibb ] && cmp -s "$payload" "$got" &&
	[ "$(sha256sum <"$got" | cut -d' ' -f1)" = "$(peer_says sha256)" ]; then
	ok
else
	notok "peer: $(cat "$work/peer/out")" "in Downloads: $(ls -l "$work/Downloads")" \
		"$(grep -E 'si-multiple|xfer' "$log" | tail -6)"
fi
echo "# peer tried: $(peer_says tried)"

# ---- Pidgin's part 1: what it shows ----
conv=$(find_window "^$alias_name\$" 5 || find_window 'bob@localhost' 2)
read_screens xfer
check_sentence "$reason_re" "$alias_re"
check_row "$file_name"

# ======== part 2: Pidgin sends ========
# the first peer is gone (it quits once its result is written)
wait_for 5 eval '! kill -0 "$peer_pid" 2>/dev/null'
stop_peer
payload2=$work/outbox/$file_name2
head -c 300000 /dev/urandom >"$payload2"
t1=$SECONDS
mark=$(wc -l <"$log")
receive_file
if send_from_pidgin; then
	ok
else
	give_up "Pidgin did not send the file" "$step" "peer: $(cat "$work/peer/out2")" \
		"$(grep -E 'si-multiple|xfer|jabber: .*(error|fail)' "$log" | tail -6)"
fi
result=$work/peer/result2
wait_for 30 peer_done
if [ "$(peer_says outcome)" = completed ] && [ "$(peer_says method)" = ibb ] &&
	[ "$(peer_says sha256)" = "$(sha256sum <"$payload2" | cut -d' ' -f1)" ]; then
	ok
else
	notok "peer: $(cat "$work/peer/out2")" "$(grep -E 'si-multiple|xfer' "$log" | tail -6)"
fi
echo "# peer tried: $(peer_says tried)"
read_screens send
check_sentence "$send_reason_re" "$send_alias_re"
check_row "$file_name2"

if grep -Eq 'si-multiple-(WARNING|CRITICAL)|si-multiple: .*(warning|critical)' "$log"; then
	notok "$(grep -E 'si-multiple-(WARNING|CRITICAL)|si-multiple: .*(warning|critical)' "$log" | head -3)"
else
	ok
fi
quit_pidgin
save_artifacts
echo "# Pidgin's part took $((SECONDS - t0)) s (sending: $((SECONDS - t1)) s); artifacts in $artifacts"
[ "$failures" -eq 0 ]
