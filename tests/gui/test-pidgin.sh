#!/usr/bin/env bash
# test-pidgin - the plugin in real Pidgin, under Xvfb, driven as a person
# would with keystrokes (xdotool):
#   1. English: Tools -> Plugins (Ctrl+U) lists "File Transfer Fallback
#      (si-multiple)"; the plugin is found by typing its name in the list and
#      ticked with Space; "Configure Plugin" (Alt+U) opens its preferences,
#      saved as a screenshot; Pidgin quits (Ctrl+Q) and remembers the plugin
#      as loaded in its prefs.xml.
#   2. German (LANGUAGE=de): the same dialog ("Erweiterungen") lists the
#      plugin under its German name, and its preferences window is titled
#      "Ausweichverfahren für Dateiübertragungen (si-multiple)".
# Screenshots (PNG) and Pidgin's debug logs go to $SIM_ARTIFACT_DIR, by
# default $SIM_PLUGIN_DIR/artifacts:
#   pidgin-plugins.png         the plugin list, our plugin ticked
#   pidgin-prefs.png           its preferences window, widened to show all
#   pidgin-prefs-default.png   the same at the size Pidgin opens it
#   pidgin-prefs-de.png        the preferences in German
#
# TAP on stdout; any argument (run-tests passes --tap) is ignored. Skips (as
# "# SKIP", never as a pass) when pidgin, Xvfb, xdotool, xprop or import
# (ImageMagick) are missing, or when the plugin is a sanitizer build (an
# ASan plugin cannot load into a non-ASan Pidgin). Runs in a private network
# namespace when it can (root, or user namespaces): no network at all. Every
# wait is bounded; the whole run takes about 20 s.
#
# Finds si-multiple.so and locale/ in $SIM_PLUGIN_DIR (else the directory
# above its own). SIM_GUI_KEEP=1 keeps the work directory for a look.
set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=gui-lib.sh
. "$here/gui-lib.sh" || { echo "1..1"; echo "not ok 1 - $here/gui-lib.sh is missing"; exit 1; }
builddir=${SIM_PLUGIN_DIR:-$here/..}
plugin_so=$builddir/si-multiple.so
localedir=$builddir/locale
artifacts=${SIM_ARTIFACT_DIR:-$builddir/artifacts}
name_en="File Transfer Fallback (si-multiple)"
name_de="Ausweichverfahren für Dateiübertragungen (si-multiple)"

names=(
	"Pidgin starts under Xvfb with a private config and shows its buddy list"
	"Tools -> Plugins (Ctrl+U) opens Pidgin's plugin dialog"
	"the plugin is listed, found by its name and enabled from the dialog"
	"Configure Plugin opens a window titled \"$name_en\""
	"its preferences render: screenshot artifacts/pidgin-prefs.png"
	"the plugin list is kept as a screenshot: artifacts/pidgin-plugins.png"
	"no warning or critical from the plugin in Pidgin's log"
	"Pidgin quits cleanly (Ctrl+Q) and remembers the plugin as loaded (prefs.xml)"
	"German (LANGUAGE=de): the plugin is listed under its German name in \"Erweiterungen\" and enabled"
	"German: its preferences window is titled \"$name_de\" (screenshot pidgin-prefs-de.png)"
)
n_tests=${#names[@]}

# ---- prerequisites ----
[ -e "$plugin_so" ] || skip_all "$plugin_so is not built"
for tool in pidgin:pidgin Xvfb:xvfb xdotool:xdotool xprop:x11-utils import:imagemagick; do
	command -v "${tool%%:*}" >/dev/null 2>&1 || skip_all "${tool%%:*} is not installed (Debian package ${tool#*:})"
done
skip_sanitizer_build "$plugin_so"

# ---- a private network namespace: re-run this script inside it ----
enter_private_netns "$@"
if [ "$SIM_GUI_NS" = 1 ]; then
	ip link set lo up 2>/dev/null || true   # Pidgin needs none; X uses unix sockets
fi

# ---- the run's own world ----
work=$(mktemp -d "${TMPDIR:-/tmp}/sim-gui.XXXXXX")
xvfb_pid=""
pidgin_pid=""
cleanup() {
	[ -n "$pidgin_pid" ] && kill "$pidgin_pid" 2>/dev/null
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
	[ -n "$pidgin_pid" ] && wait "$pidgin_pid" 2>/dev/null
	[ -n "$xvfb_pid" ] && wait "$xvfb_pid" 2>/dev/null
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
mkdir -p "$artifacts" "$work/home" "$work/run"
chmod 700 "$work/run"

# Pidgin is not ours: run-tests' G_DEBUG=fatal-warnings would stop it at its
# own first GTK warning (the plugin's are looked for in its log instead).
unset G_DEBUG LC_ALL LC_MESSAGES LANGUAGE SESSION_MANAGER
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_CACHE_HOME=$work/home/.cache
export XDG_DATA_HOME=$work/home/.local/share XDG_RUNTIME_DIR=$work/run
export DBUS_SESSION_BUS_ADDRESS=unix:path=$work/no-bus NO_AT_BRIDGE=1 GTK_MODULES=
export LANG=C.UTF-8
export PURPLE_SI_MULTIPLE_LOCALEDIR=$localedir

# ---- TAP ----
echo "1..$n_tests"
tapn=0
ok() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]}"; }
failures=0
notok() {
	tapn=$((tapn + 1)); failures=$((failures + 1))
	echo "not ok $tapn - ${names[$((tapn - 1))]}"
	[ $# -gt 0 ] && echo "# $*"
	return 0
}
skip() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]} # SKIP $1"; }
# skip_upto N REASON: the tests up to number N are skipped
skip_upto() { while [ "$tapn" -lt "$1" ]; do skip "$2"; done; }

# ---- X ----
if ! pick_display; then
	sed 's/^/# xvfb: /' "$work/xvfb.log"
	notok "Xvfb did not start on any free display (:20 to :99)"
	skip_upto "$n_tests" "no X server"
	exit 1
fi
echo "# Xvfb on $DISPLAY"

# ---- helpers (the shared ones in gui-lib.sh) ----
# log_wait FILE REGEX [SECONDS]: wait for a line in Pidgin's debug log
log_wait() {
	local i
	for i in $(seq 1 $((${3:-10} * 10))); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# msg DOMAIN MSGID: the message in the current language, MSGID without gettext
msg() {
	if command -v gettext >/dev/null 2>&1; then
		gettext -d "$1" "$2"
	else
		printf '%s' "$2"
	fi
}
# mnemonic LABEL: the key after the underscore, lower case ("Pl_ugin" -> u)
mnemonic() { local m=${1#*_}; printf '%s' "${m:0:1}" | tr '[:upper:]' '[:lower:]'; }

# start_pidgin TAG: a fresh Pidgin with its own config directory, no accounts
# (it makes no network traffic), the plugin in that directory's plugins/.
# Sets cfg, log, blist. Closes the Accounts window Pidgin opens when there is
# no account.
start_pidgin() {
	cfg=$work/cfg-$1
	log=$work/pidgin-$1.log
	mkdir -p "$cfg/plugins"
	cp "$plugin_so" "$cfg/plugins/si-multiple.so"
	pidgin --config="$cfg" --nologin --debug >"$log" 2>&1 &
	pidgin_pid=$!
	blist=$(find_window "^$(msg pidgin 'Buddy List')\$" 20) || return 1
	local accounts
	accounts=$(find_window "^$(msg pidgin 'Accounts')\$" 5) &&
		keys "$accounts" Escape
	# without a window manager the Accounts window would cover the others
	sleep 0.3
	return 0
}
stop_pidgin() {
	local i
	[ -n "$blist" ] && keys "$blist" ctrl+q
	for i in $(seq 1 100); do
		kill -0 "$pidgin_pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pidgin_pid" 2>/dev/null; then
		kill "$pidgin_pid" 2>/dev/null; wait "$pidgin_pid" 2>/dev/null
		pidgin_pid=""
		return 1
	fi
	wait "$pidgin_pid"; local rc=$?
	pidgin_pid=""
	[ "$rc" -eq 0 ]
}
# open_plugins: Ctrl+U in the buddy list (once more if the first is lost);
# sets plugins_win
open_plugins() {
	local title try
	title=$(msg pidgin Plugins)
	for try in 1 2; do
		keys "$blist" ctrl+u
		plugins_win=$(find_window "^$title\$" 5) && return 0
	done
	return 1
}
# enable_plugin TEXT: type TEXT in the plugin list (GTK's type-ahead search
# puts the cursor on the first plugin whose name starts with it), Return
# ends the search, Space ticks the row's "Enabled" box. If TEXT does not name
# our plugin, another plugin is ticked and ours never loads.
enable_plugin() {
	type_text "$plugins_win" "$1"
	sleep 0.4
	keys "$plugins_win" Return
	sleep 0.3
	keys "$plugins_win" space
	log_wait "$log" '^\([0-9:]+\) si-multiple: loading ' 10
}
# open_prefs: "Configure Plugin" by its mnemonic; sets prefs_win
open_prefs() {
	local key
	key=$(mnemonic "$(msg pidgin 'Configure Pl_ugin')")
	keys "$plugins_win" "alt+${key:-u}"
	prefs_win=$(find_window '\(si-multiple\)$' 10)
}
save_log() { cp "$log" "$artifacts/$1" 2>/dev/null; }

# ======== English ========
cfg="" log="" blist="" plugins_win="" prefs_win="" loaded_ok=0 plugins_shot=1
if start_pidgin en; then
	ok
else
	notok "no buddy list window within 20 s"
	sed 's/^/# pidgin: /' "$log" | tail -20
	save_log pidgin-debug.log
	skip_upto 8 "Pidgin did not start"
	blist=""
fi

if [ "$tapn" -lt 2 ]; then
	if open_plugins; then ok; else notok "no \"Plugins\" window"; fi
fi
if [ "$tapn" -lt 3 ]; then
	if [ -z "$plugins_win" ]; then
		skip_upto 6 "no plugin dialog"
	else
		grep -q "plugins: probing $cfg/plugins/si-multiple.so" "$log" ||
			echo "# Pidgin did not probe $cfg/plugins/si-multiple.so"
		loaded_ok=0
		if enable_plugin "File Transfer Fallback"; then
			ok; loaded_ok=1
		else
			notok "the plugin did not load (no \"si-multiple: loading\" in Pidgin's log)"
			grep -E 'si-multiple|plugins: .*(error|fail)' "$log" | sed 's/^/# pidgin: /' | tail -10
		fi
		shot "$plugins_win" "$work/plugins.png"; plugins_shot=$?

		if [ "$loaded_ok" -eq 0 ]; then
			skip_upto 5 "the plugin is not enabled"
		elif open_prefs; then
			title=$(window_title "$prefs_win")
			if [ "$title" = "$name_en" ]; then ok; else notok "window title: \"$title\""; fi
			# as Pidgin opens it (about 400 x 400)...
			shot "$prefs_win" "$artifacts/pidgin-prefs-default.png" >/dev/null
			# ...and widened, as a person would, to show every control
			timeout 5 xdotool windowsize "$prefs_win" 1000 450 2>/dev/null
			timeout 5 xdotool windowmove "$prefs_win" 0 0 2>/dev/null
			sleep 0.8
			if shot "$prefs_win" "$artifacts/pidgin-prefs.png"; then
				ok
			else
				notok "no usable screenshot of the preferences window"
			fi
		else
			notok "no window named \"... (si-multiple)\" after Configure Plugin"
			skip "no preferences window"
		fi
		if [ "$plugins_shot" -eq 0 ] && cp "$work/plugins.png" "$artifacts/pidgin-plugins.png"; then
			ok
		else
			notok "no usable screenshot of the plugin dialog"
		fi
	fi
fi
if [ "$tapn" -lt 7 ]; then
	if grep -Eq 'si-multiple-(WARNING|CRITICAL)|si-multiple: .*(warning|critical)' "$log"; then
		notok "$(grep -E 'si-multiple-(WARNING|CRITICAL)' "$log" | head -3)"
	else
		ok
	fi
fi
if [ "$tapn" -lt 8 ]; then
	quit_ok=0
	stop_pidgin || quit_ok=1
	loaded=$(xmllint --xpath "//pref[@name='pidgin']/pref[@name='plugins']/pref[@name='loaded']/item/@value" \
		"$cfg/prefs.xml" 2>/dev/null ||
		grep -o "value='[^']*si-multiple.so'" "$cfg/prefs.xml" 2>/dev/null)
	if [ "$quit_ok" -ne 0 ]; then
		notok "Pidgin did not exit cleanly within 10 s of Ctrl+Q"
	elif [ "${loaded_ok:-0}" -eq 0 ]; then
		skip "the plugin is not enabled"
	elif ! grep -q "$cfg/plugins/si-multiple.so" <<<"$loaded"; then
		notok "prefs.xml /pidgin/plugins/loaded: $loaded"
	else
		ok
	fi
fi
save_log pidgin-debug.log
if [ -n "$pidgin_pid" ]; then
	kill "$pidgin_pid" 2>/dev/null; wait "$pidgin_pid" 2>/dev/null; pidgin_pid=""
fi

# ======== German ========
# glibc honours LANGUAGE with LANG=C.UTF-8 (2.35 and later); older ones need
# a real German locale, used when one is installed.
de_env=(LANGUAGE=de LANG=C.UTF-8)
de_ok() { env "${de_env[@]}" TEXTDOMAINDIR="$localedir" gettext -d purple-si-multiple "$name_en"; }
if ! [ -e "$localedir/de/LC_MESSAGES/purple-si-multiple.mo" ]; then
	skip_upto 10 "$localedir/de/LC_MESSAGES/purple-si-multiple.mo is not built"
elif ! command -v gettext >/dev/null 2>&1; then
	skip_upto 10 "gettext is not installed, cannot tell whether German works here"
elif [ "$(de_ok)" != "$name_de" ]; then
	de_loc=$(locale -a 2>/dev/null | grep -iE '^de_[A-Z]+\.utf-?8$' | head -1)
	[ -n "$de_loc" ] && de_env=(LANGUAGE=de LANG="$de_loc")
	[ "$(de_ok)" = "$name_de" ] || skip_upto 10 "no German-capable locale (LANG=C.UTF-8 LANGUAGE=de gives English here, and no de_*.UTF-8 locale)"
fi
if [ "$tapn" -lt 10 ]; then
	export "${de_env[@]}"
	echo "# German: ${de_env[*]}"
	blist="" plugins_win="" prefs_win=""
	if ! start_pidgin de; then
		notok "German Pidgin showed no \"$(msg pidgin 'Buddy List')\" window"
		skip "German Pidgin did not start"
	elif ! open_plugins; then
		notok "no \"$(msg pidgin Plugins)\" window"
		skip "no German plugin dialog"
	else
		if enable_plugin "Ausweichverfahren"; then
			ok
		else
			notok "the plugin was not found under its German name"
		fi
		if open_prefs; then
			title=$(window_title "$prefs_win")
			timeout 5 xdotool windowsize "$prefs_win" 1000 450 2>/dev/null
			timeout 5 xdotool windowmove "$prefs_win" 0 0 2>/dev/null
			sleep 0.8
			shot "$prefs_win" "$artifacts/pidgin-prefs-de.png" >/dev/null
			if [ "$title" = "$name_de" ]; then ok; else notok "window title: \"$title\""; fi
		else
			notok "no German preferences window"
		fi
	fi
	[ -n "$pidgin_pid" ] && { stop_pidgin || echo "# German Pidgin did not quit cleanly"; }
	save_log pidgin-debug-de.log
fi
echo "# artifacts in $artifacts"
[ "$failures" -eq 0 ]
