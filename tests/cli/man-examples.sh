#!/bin/sh
# The EXAMPLES of ntlmplan(1), run on the sample domain: every "$ ntlmplan"
# line of the page (continuation lines joined) must succeed, except those
# that need an LDAP server or a Kerberos ticket, which are skipped.  A plan
# may exit 10 (written, not ready) where the page says so; the one-command
# plan of the sample domain must be ready.  The plans are made as of the
# day after the sample logs were exported, as make demo does.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
D=$TESTDATA/demo
cp -R "$D/logs" "$T/logs"
cp "$D/domain.ldif" "$D/config.ldif" "$T/"
cp "$TESTDATA/json/powershell.json" "$T/srv3.json"
# The example lines, from the source: "\e" joins a line with the next.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$top_srcdir/man/ntlmplan.1" |
    sed -e ':a' -e '/\\e$/{N;s/\\e\n */ /;ba' -e '}' |
    sed -n 's/^\$ //p' >"$T/examples"
n=$(wc -l <"$T/examples")
[ "$n" -ge 8 ] && pass "EXAMPLES has $n commands" || fail "EXAMPLES has $n commands"
cd "$T"
while IFS= read -r cmd; do
	case $cmd in
	*ldap://*|kinit*) skip "needs a server: $cmd"; continue ;;
	esac
	st=0
	eval "$VALGRIND $(echo "$cmd" | sed "s|^ntlmplan|\"$NTLMPLAN\"|")" \
	    >"$T/.out" 2>"$T/.err" </dev/null || st=$?
	case $st,$cmd in
	0,*|10,"ntlmplan plan "*--level\ 7*) pass "$cmd" ;;
	*)
		fail "$cmd (exit $st)"; sed 's/^/# /' "$T/.err" | head -10 ;;
	esac
done <"$T/examples"
grep_ok "the one-command plan of the sample domain is ready" '"ready": true,' plan/plan.json
for f in all.flows srv3.flows dir.json stage1/exceptions.txt \
    stage2/GptTmpl-enforce.inf plan/plan.json; do
	ok "wrote $f" test -s "$f"
done
done_testing
