#!/usr/bin/env bash
# test-deb - the Debian package, as a user would get it:
#   1. `dpkg-buildpackage -us -uc -b` builds it from a scratch copy of the
#      tree (tests/deb/build-deb.sh, the same as `make deb`), into
#      $SIM_PLUGIN_DIR/deb;
#   2. its control fields: name, version (the Makefile's VERSION, Debian
#      revision 1), this machine's architecture, libpurple0 in Depends;
#   3. unpacked with `dpkg -x` into a scratch root, it holds the plugin in
#      libpurple's plugin directory (pkg-config --variable=plugindir purple),
#      a .mo file in /usr/share/locale for every po/*.po, the documentation
#      and lintian overrides and nothing else; the plugin looks for its translations in
#      /usr/share/locale (its built-in LOCALEDIR);
#   4. deb-load loads and unloads that plugin file in a real headless
#      libpurple; asked for German (LANGUAGE=de) with an empty locale/
#      folder beside it, it is named in English: it reads its translations
#      from the folder beside it and nowhere else (not from an installed
#      copy of the package either);
#   5. with that locale/ a symlink to the unpacked usr/share/locale, the
#      German name is found: the package's own catalog works;
#   6. lintian (when installed) reports no error on the .changes, the .deb
#      and the .buildinfo; its whole output is shown as TAP comments.
# The symlink stands in for /usr/share/locale, which a test cannot replace:
# the plugin looks for locale/ beside its file before its LOCALEDIR, and
# test 3 checks that LOCALEDIR is /usr/share/locale. A bindtextdomain()
# call in the loader would not do: the plugin binds its domain again
# itself when probed.
#
# TAP on stdout; any argument (run-tests passes --tap) is ignored. Skips (as
# "# SKIP", never as a pass) when dpkg-buildpackage or debhelper are
# missing, and in sanitizer builds (SAN=1): the package is built without
# sanitizers whatever the test build is, so there is nothing of SAN=1 to
# test. Every step has a time limit; about 10 s in all.
set -u

here=$(cd "$(dirname "$0")" && pwd)
builddir=${SIM_PLUGIN_DIR:-$here/..}
srcdir=${SIM_SRCDIR:-$here/../..}
deb_dir=$builddir/deb
loader=$builddir/tests/deb-load
[ -x "$loader" ] || loader=$here/deb-load
name_en="File Transfer Fallback (si-multiple)"
name_de="Ausweichverfahren für Dateiübertragungen (si-multiple)"

names=(
	"dpkg-buildpackage -us -uc -b builds the package from a scratch copy of the tree"
	"its control fields: purple-si-multiple, the Makefile's version with revision 1, this architecture, Depends on libpurple0"
	"dpkg -x: the plugin in libpurple's plugin directory, a .mo for every po/*.po, nothing unexpected; LOCALEDIR /usr/share/locale"
	"the unpacked plugin loads and unloads in headless libpurple; with an empty locale/ beside it, LANGUAGE=de leaves it English"
	"with locale/ beside it pointing to the unpacked usr/share/locale, its German name is \"$name_de\""
	"lintian finds no error in the package"
)
n_tests=${#names[@]}

skip_all() {
	local i
	echo "1..$n_tests"
	for ((i = 1; i <= n_tests; i++)); do
		echo "ok $i - ${names[$((i - 1))]} # SKIP $1"
	done
	exit 0
}

# ---- prerequisites ----
command -v dpkg-buildpackage >/dev/null 2>&1 || skip_all "dpkg-buildpackage is not installed (Debian package dpkg-dev)"
command -v dh >/dev/null 2>&1 || skip_all "debhelper is not installed (Debian package debhelper)"
[ -x "$loader" ] || skip_all "$loader is not built"
if { readelf -d "$builddir/si-multiple.so" 2>/dev/null || ldd "$builddir/si-multiple.so" 2>/dev/null; } |
		grep -Eq 'lib(asan|ubsan)\.so'; then
	skip_all "sanitizer build: the package is built without sanitizers, there is nothing of SAN=1 to test"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sim-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- TAP ----
echo "1..$n_tests"
tapn=0
failures=0
ok() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]}"; }
notok() {
	tapn=$((tapn + 1)); failures=$((failures + 1))
	echo "not ok $tapn - ${names[$((tapn - 1))]}"
	local line
	for line in "$@"; do echo "# $line"; done
	return 0
}
skip() { tapn=$((tapn + 1)); echo "ok $tapn - ${names[$((tapn - 1))]} # SKIP $1"; }
skip_rest() { while [ "$tapn" -lt "$n_tests" ]; do skip "$1"; done; exit 1; }
# comment FILE: the file's lines as TAP comments
comment() { sed 's/^/# /' "$1"; }

# ---- 1. build ----
version=$(sed -n 's/^VERSION *= *//p' "$srcdir/Makefile")
arch=$(dpkg --print-architecture)
deb=$deb_dir/purple-si-multiple_${version}-1_${arch}.deb
changes=$deb_dir/purple-si-multiple_${version}-1_${arch}.changes
start=$(date +%s)
if timeout --kill-after=10 300 "$srcdir/tests/deb/build-deb.sh" "$srcdir" "$deb_dir" >"$work/build.out" 2>&1 &&
		[ -f "$deb" ] && [ -f "$changes" ]; then
	ok
	echo "# built $deb in $(($(date +%s) - start)) s"
else
	notok "no $deb; the build said:"
	comment "$work/build.out"
	skip_rest "the package did not build"
fi

# ---- 2. control fields ----
field() { dpkg-deb --field "$deb" "$1"; }
problems=()
[ "$(field Package)" = purple-si-multiple ] || problems+=("Package: $(field Package)")
[ "$(field Version)" = "${version}-1" ] || problems+=("Version: $(field Version), the Makefile says $version")
[ "$(field Architecture)" = "$arch" ] || problems+=("Architecture: $(field Architecture), not $arch")
grep -Eq '(^|, )libpurple0( |,|$)' <<<"$(field Depends)" || problems+=("Depends: $(field Depends)")
if [ ${#problems[@]} -eq 0 ]; then ok; else notok "${problems[@]}"; fi

# ---- 3. the files ----
root=$work/root
plugindir=$(pkg-config --variable=plugindir purple)
if ! dpkg -x "$deb" "$root" 2>"$work/x.err"; then
	notok "dpkg -x failed:"
	comment "$work/x.err"
	skip_rest "the package could not be unpacked"
fi
expected=("${plugindir#/}/si-multiple.so")
for po in "$srcdir"/po/*.po; do
	[ -e "$po" ] || continue
	lang=$(basename "$po" .po)
	expected+=("usr/share/locale/$lang/LC_MESSAGES/purple-si-multiple.mo")
done
problems=()
for f in "${expected[@]}"; do
	[ -f "$root/$f" ] && [ -s "$root/$f" ] || problems+=("missing: /$f")
done
# besides those, only the documentation directory's files
while IFS= read -r f; do
	case "$f" in
	usr/share/doc/purple-si-multiple/* | usr/share/lintian/overrides/purple-si-multiple) continue ;;
	esac
	printf '%s\n' "${expected[@]}" | grep -qxF "$f" || problems+=("unexpected: /$f")
done < <(cd "$root" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort)
[ -f "$root/usr/share/doc/purple-si-multiple/copyright" ] || problems+=("missing: the copyright file")
so=$root/${plugindir#/}/si-multiple.so
[ -f "$so" ] && ! grep -aqF /usr/share/locale "$so" && problems+=("the plugin's LOCALEDIR is not /usr/share/locale")
if [ ${#problems[@]} -eq 0 ]; then
	ok
	echo "# ${#expected[@]} files besides the documentation: ${expected[*]}"
else
	notok "${problems[@]}"
fi

# ---- 4, 5. the plugin in libpurple ----
# load LOCALE-TARGET: runs the loader in German, the plugin's locale/
# folder pointing to LOCALE-TARGET; its output in $work/load.out
load() {
	rm -rf "${so%/*}/locale"
	ln -s "$1" "${so%/*}/locale"
	env -u PURPLE_SI_MULTIPLE_LOCALEDIR -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 LANGUAGE=de \
		timeout --kill-after=5 30 "$loader" "${so%/*}" >"$work/load.out" 2>&1
}
mkdir -p "$work/empty-locale"
if [ ! -f "$so" ]; then
	notok "no plugin in the package"
elif load "$work/empty-locale" && grep -qxF "name: $name_en" "$work/load.out"; then
	ok
else
	notok "deb-load said:"
	comment "$work/load.out"
fi
# relative, as it would be inside the unpacked tree
rel=$(realpath --relative-to="${so%/*}" "$root/usr/share/locale" 2>/dev/null)
if [ ! -f "$so" ]; then
	notok "no plugin in the package"
elif load "${rel:-$root/usr/share/locale}" && grep -qxF "name: $name_de" "$work/load.out"; then
	ok
else
	notok "deb-load said:"
	comment "$work/load.out"
fi

# ---- 6. lintian ----
if ! command -v lintian >/dev/null 2>&1; then
	skip "lintian is not installed (Debian package lintian)"
else
	start=$(date +%s)
	timeout --kill-after=10 120 lintian --fail-on error -I --pedantic "$changes" >"$work/lintian.out" 2>&1
	rc=$?
	# lintian's own remark about running as root is no finding
	grep -v '^running with root privileges is not recommended!$' "$work/lintian.out" >"$work/lintian.txt"
	if [ "$rc" -eq 0 ] && ! grep -q '^E:' "$work/lintian.txt"; then
		ok
		echo "# lintian took $(($(date +%s) - start)) s; what it reported, if anything, follows"
	else
		notok "lintian exited with status $rc:"
	fi
	comment "$work/lintian.txt"
fi
[ "$failures" -eq 0 ]
