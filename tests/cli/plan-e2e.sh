#!/bin/sh
# End to end: EVTX written by the test-only writer from
# testdata/plan/e2e-events.spec -> ntlmplan collect -> ntlmplan directory
# against a throw-away slapd (the LAB domain of testdata/ldap) -> ntlmplan
# plan at each level of the domain setting.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
. "$top_srcdir/tests/cli/slapd.sh"

[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
slapd_init 100
slapd_start
SOURCE_DATE_EPOCH=1773500000
export SOURCE_DATE_EPOCH

ok "EVTX from the spec" "$PYTHON3" "$top_srcdir/tests/evtxgen.py" \
    "$TESTDATA/plan/e2e-events.spec" "$T/e2e.evtx"
ok "collect" ntlmplan collect -o "$T/flows.json" "$T/e2e.evtx"
grep_ok "collect read every record" '10 records: 10 used' "$T/.err"
ok "directory from slapd" ntlmplan directory -H "$LDAP_URI" -D "$BIND_DN" \
    -y "$BIND_PW_FILE" -o "$T/dir.json"
grep_ok "the LAB domain" '"netbios": "LABCORP"' "$T/dir.json"

# names FILE: the names of an exceptions.txt, on one line.
names() { grep -v '^#' "$1" | tr '\n' ' '; }
# is_names NAME FILE WANT
is_names() { _got=$(names "$2"); if [ "$_got" = "$3" ]; then pass "$1"
	else fail "$1"; echo "# got '$_got', want '$3'"; fi; }

# The data logs domain servers only (NAS01, missing from the directory, is a
# member by its 8004 over a member's secure channel): audit level 5 is
# inferred, so 3 and 7 are written but not ready (exit 10).
for l in 1 5; do
	ok "plan at $l" ntlmplan plan --flows "$T/flows.json" \
	    --directory "$T/dir.json" --level $l -o "$T/p$l"
done
for l in 3 7; do
	exits "plan at $l: written, not ready" 10 ntlmplan plan \
	    --flows "$T/flows.json" --directory "$T/dir.json" --level $l \
	    -o "$T/p$l"
done
is_names "1: domain accounts to domain servers" "$T/p1/exceptions.txt" \
    "NAS01 SRV0001 SRV0003 SRV0005 WS00097 "
is_names "3: and to servers outside the directory" "$T/p3/exceptions.txt" \
    "NAS01 SRV0001 SRV0003 SRV0005 WS00097 "
is_names "5: and trusted accounts to domain servers" "$T/p5/exceptions.txt" \
    "NAS01 SRV0001 SRV0002 SRV0003 SRV0005 WS00097 "
is_names "7: all of them" "$T/p7/exceptions.txt" \
    "NAS01 SRV0001 SRV0002 SRV0003 SRV0005 WS00097 "
grep_ok "NAS01 absent from the directory" '"absent-from-directory"' "$T/p1/plan.json"
grep_ok "disabled WS00097 still receives NTLM" 'WS00097: 1 events' "$T/p1/plan.json"
grep_ok "anonymous logon is an anomaly" '"anomaly"' "$T/p1/plan.json"
grep_ok "NAS01 a member by its own events" '"member-not-in-directory"' "$T/p1/plan.json"
grep_ok "audit level inferred: domain servers" '"audit_level": {"name": "Enable for domain servers", "value": 5, "inferred": true}' "$T/p1/plan.json"

exits "plan with the enforce template in force (not ready at 7)" 10 \
    ntlmplan plan --flows "$T/flows.json" --directory "$T/dir.json" \
    --level 7 --exceptions "$T/p7/GptTmpl-enforce.inf" -o "$T/again"
is_names "the complete list again" "$T/again/exceptions.txt" \
    "NAS01 SRV0001 SRV0002 SRV0003 SRV0005 WS00097 "
grep_ok "nothing new to except" '0 new$' "$T/again/exceptions.txt"
grep_ok "no flow still denied" '"residual_flows": 0' "$T/again/plan.json"

# One command: raw EVTX collected on the fly, the directory fetched over
# LDAP with StartTLS: the same plan as collect, directory, plan.
ok "plan in one command (EVTX, -H -ZZ)" ntlmplan plan "$T/e2e.evtx" \
    -H "$LDAP_URI" -ZZ --cacert "$SD/ca.crt" -D "$BIND_DN" -y "$BIND_PW_FILE" \
    --level 1 -o "$T/one"
grep_ok "one command: collect summary" '^ntlmplan: collect: 1 input, 10 records: 10 used' "$T/.err"
grep_ok "one command: directory summary" '^ntlmplan: directory: LABCORP' "$T/.err"
grep -v '^# data:' "$T/one/exceptions.txt" >"$T/one.txt"
grep -v '^# data:' "$T/p1/exceptions.txt" >"$T/three.txt"
golden "one command = three steps: exceptions.txt" "$T/one.txt" "$T/three.txt"
golden "one command = three steps: enforce template" \
    "$T/one/GptTmpl-enforce.inf" "$T/p1/GptTmpl-enforce.inf"
exits "plan needs the directory once" 2 ntlmplan plan "$T/e2e.evtx" \
    --directory "$T/dir.json" -H "$LDAP_URI" -o "$T/x"
exits "plan: a wrong password is the bind's exit status" 7 ntlmplan plan \
    "$T/e2e.evtx" -H "$LDAP_URI" -D "$BIND_DN" -y "$T/e2e.evtx" -o "$T/x"
ok "plan: nothing written after a failed bind" test ! -e "$T/x"
done_testing
