#!/usr/bin/env bash
# build-deb SRCDIR OUTDIR - builds the Debian package (debian/) with
# `dpkg-buildpackage -us -uc -b` from a scratch copy of the source tree in
# OUTDIR/src, so that the .deb, .buildinfo and .changes files it writes into
# the parent directory land in OUTDIR and nowhere else. The copy holds the
# files git knows of (tracked, or new and not ignored) or, outside a git
# checkout, everything but build output; it is removed after a successful
# build and kept (for a look) after a failed one. The build log is
# OUTDIR/build.log. Needs dpkg-dev, debhelper and the Build-Depends.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 SRCDIR OUTDIR" >&2; exit 2; }
src=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
scratch=$out/src
log=$out/build.log

rm -rf "$scratch"
rm -f "$out"/*.deb "$out"/*.ddeb "$out"/*.buildinfo "$out"/*.changes "$log"
mkdir -p "$scratch"

# the file list, NUL-separated, relative to $src
list_files() {
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$src" ls-files -z --cached --others --exclude-standard
	else
		(cd "$src" && find . -path ./.git -prune -o -path './build*' -prune -o \
			\( -type f -o -type l \) -print0)
	fi
}
# files deleted in the work tree but still in git's index are left out
list_files | while IFS= read -r -d '' f; do
	if [ -e "$src/$f" ] || [ -L "$src/$f" ]; then printf '%s\0' "$f"; fi
done | tar -C "$src" --null -T - -cf - | tar -C "$scratch" -xf -

# A clean environment for the package build: nothing of a calling make
# (SAN=1 or B=... on its command line would reach debian/rules' make
# through MAKEFLAGS) and no test-suite settings.
opts=${DEB_BUILD_OPTIONS:-}
case " $opts " in *" parallel="*) ;; *) opts="$opts parallel=2" ;; esac
case " $opts " in *" nocheck "*) ;; *) opts="$opts nocheck" ;; esac
echo "build-deb: dpkg-buildpackage -us -uc -b in $scratch (log: $log)"
if ! (cd "$scratch" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		-u SAN -u B -u CFLAGS -u CPPFLAGS -u LDFLAGS -u G_DEBUG \
		DEB_BUILD_OPTIONS="${opts# }" \
		dpkg-buildpackage -us -uc -b) >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "build-deb: dpkg-buildpackage failed; full log $log, sources kept in $scratch" >&2
	exit 1
fi
rm -rf "$scratch"
ls "$out"/*.deb
