#!/usr/bin/env bash
# test-catalogs - the translations keep up with the code (TAP):
#   1. po/POTFILES lists every source file with marked strings;
#   2. every message of the plugin has a translator comment;
#   3. each po/LANG.po holds every marked string, translated, none fuzzy;
#   4. each po/LANG.po is in sync with a template made now from the code
#      (same strings, same translator comments): `make update-po` fixes it.
# Needs gettext (xgettext, msgmerge, msgcmp, msgcat). Run from anywhere;
# finds the tree through SIM_SRCDIR, else the script's own location.
set -u
top=${SIM_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

langs=$(for f in po/*.po; do basename "$f" .po; done)
n=2
for l in $langs; do n=$((n + 2)); done
echo "1..$n"
i=0
ok() { i=$((i + 1)); echo "ok $i - $1"; }
not_ok() { i=$((i + 1)); echo "not ok $i - $1"; shift; printf '#   %s\n' "$@"; }

for tool in xgettext msgmerge msgcmp msgcat; do
	command -v "$tool" >/dev/null || { echo "Bail out! $tool missing (Debian package gettext)"; exit 1; }
done

# 1. files with _( N_( or g_dngettext( calls, against POTFILES
marked=$(grep -lE '(^|[^A-Za-z0-9_])(_|N_|g_dngettext)\(' src/*.c plugin/*.c | sort)
listed=$(sort po/POTFILES)
missing=$(comm -23 <(echo "$marked") <(echo "$listed"))
if [ -z "$missing" ]; then
	ok "po/POTFILES lists every source file with marked strings"
else
	not_ok "po/POTFILES lists every source file with marked strings" "missing: $missing"
fi

xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	--keyword=ngettext:1,2 --keyword=g_dngettext:2,3 --add-comments=TRANSLATORS: \
	--package-name=purple-si-multiple -o "$work/now.pot" $(cat po/POTFILES) 2>"$work/xgettext.err"

# 2. every entry from src/ (what the plugin tells the user) has a comment
uncommented=$(msgcat --no-wrap "$work/now.pot" | awk '
	/^$/ { if (src && !comm && id != "msgid \"\"") print id; src = 0; comm = 0; id = ""; next }
	/^#\./ { comm = 1 } /^#: src\// { src = 1 } /^msgid / { id = $0 }
	END { if (src && !comm) print id }')
if [ -z "$uncommented" ]; then
	ok "every message the plugin writes has a translator comment"
else
	not_ok "every message the plugin writes has a translator comment" "$uncommented"
fi

for l in $langs; do
	# 3. msgcmp counts untranslated and fuzzy entries as missing
	if msgcmp "po/$l.po" "$work/now.pot" 2>"$work/cmp.err"; then
		ok "po/$l.po translates every marked string (none missing, empty or fuzzy)"
	else
		not_ok "po/$l.po translates every marked string (none missing, empty or fuzzy)" \
			"$(head -20 "$work/cmp.err")"
	fi
	# 4. merged now, it must not change (locations aside)
	msgmerge -q --no-fuzzy-matching "po/$l.po" "$work/now.pot" -o "$work/$l.merged.po"
	# (the header, up to the first blank line, carries dates: not compared)
	msgcat --no-location --no-wrap --sort-output "po/$l.po" | awk 'h; /^$/ { h = 1 }' >"$work/$l.a"
	msgcat --no-location --no-wrap --sort-output "$work/$l.merged.po" | awk 'h; /^$/ { h = 1 }' >"$work/$l.b"
	if diff -u "$work/$l.a" "$work/$l.b" >"$work/$l.diff"; then
		ok "po/$l.po is in sync with the code's strings and translator comments"
	else
		not_ok "po/$l.po is in sync with the code's strings and translator comments (make update-po)" \
			"$(head -30 "$work/$l.diff")"
	fi
done
