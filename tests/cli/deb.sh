#!/bin/sh
# The Debian package from the tree: dpkg-buildpackage -us -uc -b builds it
# from a copy of the source tree, lintian finds no error, and the package's
# files alone, unpacked with dpkg -x into a scratch directory, plan the
# sample domain exactly as the build tree's binary does: the unpacked binary
# finds its policy files relative to itself.  Nothing is installed: "make
# check" never changes the machine.  The package is kept in the build tree
# (tests/deb/) for "make check-install" (DEB_INSTALL=yes, CI), which installs
# it with dpkg -i, runs it and reads its man page from another directory,
# and removes it: as root, when no ntlmplan package is installed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
KEEP=$top_builddir/tests/deb
D=$TESTDATA/demo
# One time for every plan below, so that their outputs compare whole (each
# file's "generated:" line is the plan's time).
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
if [ "${DEB_INSTALL:-no}" = yes ]; then
	deb=$(ls "$KEEP"/ntlmplan_*_*.deb 2>/dev/null | head -1)
	[ -n "$deb" ] || skip_all "no package in $KEEP: run make check first"
	ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" \
	    --ldif "$D/config.ldif" -o "$T/tree-plan" 2>/dev/null || :
	if [ "$(id -u)" -ne 0 ] || dpkg-query -W ntlmplan >/dev/null 2>&1 ||
	    ! command -v man >/dev/null 2>&1; then
		skip_all "dpkg -i needs root, man(1) and no ntlmplan package installed"
	fi
	at_exit "dpkg -r ntlmplan >/dev/null 2>&1"
	ok "dpkg -i" dpkg -i "$deb"
	ok "ntlmplan from any directory" sh -c "cd / && ntlmplan plan \
	    '$D/logs' --ldif '$D/domain.ldif' --ldif '$D/config.ldif' \
	    -o '$T/inst-plan'"
	same "installed: same exception list" "$T/inst-plan/exceptions.txt" \
	    "$T/tree-plan/exceptions.txt"
	(cd / && MANPAGER=cat man ntlmplan 2>&1) >"$T/man.txt" || true
	grep_ok "man ntlmplan" "plan Restrict NTLM from audit evidence" "$T/man.txt"
	ok "dpkg -r" dpkg -r ntlmplan
	done_testing
	exit
fi

command -v dpkg-buildpackage >/dev/null 2>&1 ||
    skip_all "dpkg-buildpackage not installed (tests/deps installs it)"
[ -f "$top_srcdir/debian/control" ] || skip_all "no debian/ in the source tree"
dpkg-checkbuilddeps "$top_srcdir/debian/control" >/dev/null 2>&1 ||
    skip_all "build dependencies of debian/control missing"

# A copy of the tree: its tracked files when it is a git checkout's top,
# else (a dist tarball, even one unpacked inside a checkout) everything but
# build directories.
mkdir "$T/src"
if [ "$(git -C "$top_srcdir" rev-parse --show-toplevel 2>/dev/null)" = \
    "$(cd "$top_srcdir" && pwd -P)" ]; then
	(cd "$top_srcdir" && git ls-files -z --cached --others \
	    --exclude-standard | xargs -0 sh -c 'for f; do
	    [ -e "$f" ] && printf "%s\n" "$f"; done' sh |
	    tar -cf - -T -) | tar -C "$T/src" -xf -
else
	tar -C "$top_srcdir" --exclude=./_build --exclude=./_inst --exclude=./build \
	    --exclude=./build-san --exclude='./ntlmplan-*' -cf - . |
	    tar -C "$T/src" -xf -
fi
ok "dpkg-buildpackage -us -uc -b" sh -c "cd '$T/src' &&
    DEB_BUILD_OPTIONS='nocheck noautodbgsym parallel=2' dpkg-buildpackage -us -uc -b"
deb=$(ls "$T"/ntlmplan_*_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { fail "a .deb was built"; done_testing; exit; }
if command -v lintian >/dev/null 2>&1; then
	ok "lintian: no error" lintian --fail-on error "$deb"
else
	skip "lintian not installed"
fi

rm -rf "$KEEP"
mkdir -p "$KEEP"
cp "$deb" "$KEEP/"

ok "dpkg -x" dpkg -x "$deb" "$T/root"
rm -rf "$T/src"		# nothing of the tree's copy may be used
bin=$T/root/usr/bin/ntlmplan
mkdir "$T/cwd"
unset NTLMPLAN_POLICIES || true
ok "the unpacked ntlmplan plans the sample domain" sh -c "cd '$T/cwd' &&
    '$bin' plan '$D/logs' --ldif '$D/domain.ldif' --ldif '$D/config.ldif' \
    -o '$T/deb-plan'"
ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" --ldif "$D/config.ldif" \
    -o "$T/tree-plan" 2>/dev/null
for f in exceptions.txt GptTmpl-audit.inf GptTmpl-enforce.inf blocked.csv \
    report.md; do
	same "$f as the build tree's" "$T/deb-plan/$f" "$T/tree-plan/$f"
done
# The policies came from the package: without one of its files, the level
# that file defines is unknown.
rm "$T/root/usr/share/ntlmplan/policies/deny-all.policy"
exits "the unpacked policies are the ones read" 2 sh -c "cd '$T/cwd' &&
    '$bin' plan '$D/logs' --ldif '$D/domain.ldif' --level deny-all \
    -o '$T/p2'"
ok "copyright file packaged: ISC, the ntlmplan authors" sh -c "
    grep -q '^License: ISC' '$T/root/usr/share/doc/ntlmplan/copyright' &&
    grep -q 'The ntlmplan authors' '$T/root/usr/share/doc/ntlmplan/copyright'"
for f in ntlmplan.1 ntlmplan-flows.5 ntlmplan-directory.5 ntlmplan-plan.5 \
    ntlmplan-policy.5 ntlmplan-events.7; do
	s=${f##*.}
	ok "man page $f packaged" test -s "$T/root/usr/share/man/man$s/$f.gz"
done

done_testing
