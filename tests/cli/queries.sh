#!/bin/sh
# ntlmplan queries: the forwarding subscription is well-formed XML, and so
# is the query list it holds; the files the build writes under share/ are
# what the command prints; usage errors.  (t-queries checks the XPath
# against the event table, and every query's ids and columns.)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"

ok "queries wef" ntlmplan queries wef
cp "$T/.out" "$T/wef.xml"
ok "the subscription is well-formed, its query list too" "$PYTHON3" -c '
import sys, xml.etree.ElementTree as E
ns = "{http://schemas.microsoft.com/2006/03/windows/events/subscription}"
s = E.parse(sys.argv[1]).getroot()
assert s.tag == ns + "Subscription", s.tag
assert s.find(ns + "SubscriptionType").text == "SourceInitiated"
q = E.fromstring(s.find(ns + "Query").text.strip())
assert q.tag == "QueryList"
paths = sorted(x.get("Path") for x in q.iter("Select"))
assert "Security" in paths and "Microsoft-Windows-NTLM/Operational" in paths, paths' "$T/wef.xml"
if command -v xmllint >/dev/null 2>&1; then
	ok "xmllint: well-formed" xmllint --noout "$T/wef.xml"
else
	skip "xmllint not installed"
fi
same "share/ntlmplan/wef/ntlm.xml is the command's" \
    "$top_builddir/share/ntlmplan/wef/ntlm.xml" "$T/wef.xml"
for k in kql spl esql; do
	ok "queries $k" ntlmplan queries $k
	same "share/ntlmplan/queries/ntlm.$k is the command's" \
	    "$top_builddir/share/ntlmplan/queries/ntlm.$k" "$T/.out"
done
ok "queries: the three" ntlmplan queries
grep_ok "queries: each named" '^==> esql <==$' "$T/.out"
ok "queries --help" ntlmplan queries --help
grep_ok "--help names the kinds" '^wef ' "$T/.out"
exits "an unknown kind: usage error" 2 ntlmplan queries sql
grep_ok "an unknown kind: named" 'queries: kql, spl, esql or wef, not sql' "$T/.err"
exits "two kinds: usage error" 2 ntlmplan queries kql spl
done_testing
