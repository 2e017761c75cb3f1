#!/bin/sh
# End to end on the sample domain (testdata/demo): collect its EVTX and
# JSON logs, read its directory from LDIF, plan.  The exception list and
# the enforce template are compared with golden files, and the caveats that
# the scenario plants must all be reported: among them WS015's SMB to the
# NAS by its IP address (the SMB client's NTLM block, its Registry.pol read
# back by Samba's parser when python3-samba is there) and the service
# accounts without AES keys (svc-sql RC4 only, svc-intranet's password older
# than the domain's AES keys) behind fixes that move flows to Kerberos.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z

ok "collect the demo logs" ntlmplan collect -v -o "$T/demo.flows" "$D/logs"
grep_ok "every record used" '^ntlmplan: collect: 15 inputs, 3608 records: 3608 used, 0 skipped, 0 unreadable' "$T/.err"
grep_ok "PRN01's short window shown" '^ntlmplan:   PRN01.corp.example: 48 events, .* (2.0 days)$' "$T/.err"
ok "directory from LDIF" ntlmplan directory -o "$T/dir.json" --ldif "$D/domain.ldif" "$D/config.ldif"
ok "plan" ntlmplan plan --flows "$T/demo.flows" --directory "$T/dir.json" -o "$T/plan"
grep_ok "ready, with warnings" '; ready, with warnings; written to ' "$T/.err"
golden "exception list" "$T/plan/exceptions.txt" "$G/demo-exceptions.txt"
iconv -f UTF-16LE -t UTF-8 "$T/plan/GptTmpl-enforce.inf" >"$T/enforce.txt"
golden "enforce template" "$T/enforce.txt" "$G/demo-enforce.inf.txt"
for kind in audit-level-inferred short-window absent-from-directory \
    disabled-computer anomaly; do
	grep_ok "caveat $kind" "\"kind\": \"$kind\"" "$T/plan/plan.json"
done
grep_ok "APP03 absent from the directory" '"APP03"' "$T/plan/plan.json"
# APP03 logs 8003 as app03.corp.example: a member by its own events, on
# the list and marked "not in the directory" in every output.
grep_ok "APP03 on the list" '^APP03$' "$T/plan/exceptions.txt"
grep_ok "exceptions.txt marks APP03" '^# APP03: not in the directory, a domain member by its own events$' "$T/plan/exceptions.txt"
grep_ok "plan.json marks APP03" '"name": "APP03", .*"in_directory": false, "member_by_events": true' "$T/plan/plan.json"
grep_ok "blocked.csv marks APP03" '^APP03,.*,domain,no,yes,,,allowed-proposed,no' "$T/plan/blocked.csv"
grep_ok "report.md marks APP03" '^| `APP03` | .* | \*not in the directory\* |' "$T/plan/report.md"
grep_ok "report.html marks APP03" '<code>APP03</code>.*not in the directory' "$T/plan/report.html"
grep_ok "OLDAPP01 disabled" 'OLDAPP01: 352 events' "$T/plan/plan.json"
# The same plan whatever the grouping of the inputs.
ntlmplan collect -o "$T/a.flows" "$D/logs/fs01.evtx" "$D/logs/dc-8004.ndjson" 2>/dev/null
ntlmplan collect -o "$T/b.flows" $(ls "$D"/logs/*.evtx | grep -v fs01) 2>/dev/null
ok "plan from two flow files" ntlmplan plan --flows "$T/a.flows" --flows "$T/b.flows" \
    --directory "$T/dir.json" -o "$T/plan2"
grep -v '^# data:' "$T/plan2/exceptions.txt" >"$T/shards.txt"
grep -v '^# data:' "$G/demo-exceptions.txt" >"$T/whole.txt"
same "same exception list from shards" "$T/shards.txt" "$T/whole.txt"
# The DCs' 8004 events for a server that logs 8003 itself: the caveat says
# the volumes may count the same logons twice.
printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,"provider_name":"Microsoft-Windows-Security-Netlogon","computer_name":"DC01.corp.example","event_data":{"SChannelName":"FS01","UserName":"svc-scan","DomainName":"CORP","WorkstationName":"\\\\MFP-2F","SChannelType":"2"}}}' >"$T/dc01-fs01.ndjson"
ok "plan with 8003 and 8004 for FS01" ntlmplan plan "$D/logs" "$T/dc01-fs01.ndjson" \
    --directory "$T/dir.json" -o "$T/twice"
grep_ok "double-counted caveat" '"kind": "double-counted"' "$T/twice/plan.json"
grep_ok "names FS01" 'FS01: [0-9]* events logged by the server, 1 by domain controllers' "$T/twice/plan.json"
if grep -q '"double-counted"' "$T/plan/plan.json"; then
	fail "no double-counted caveat without overlap"
else
	pass "no double-counted caveat without overlap"
fi

# The SMB client's NTLM block: WS015 maps \\10.1.2.40 (8001, cifs/10.1.2.40).
grep_ok "plan.json: WS015 to the NAS by IP, blocked" \
    '"client": "WS015.corp.example", "target": "10.1.2.40", .*"event_id": 8001, .*"verdict": "blocked"' \
    "$T/plan/plan.json"
grep_ok "plan.json: the IP on the SMB list" '{"name": "10.1.2.40", "seen": true' \
    "$T/plan/plan.json"
grep_ok "decision table: the SMB block's row" \
    '^| - | SMB client: Block NTLM (LM, NTLM, NTLMv2) \*its own policy\* | 3 | .* | 4 | - | 0 | \*no audit mode\* |$' \
    "$T/plan/report.md"
grep_ok "report: WS015's flow to the NAS" \
    '^| `WS015.corp.example` | `10.1.2.40` | CORP\\\\user15 | 8001 | 20 | blocked unless listed |$' \
    "$T/plan/report.md"
grep_ok "report: no audit mode" 'It has no audit mode and logs no event of its own' \
    "$T/plan/report.md"
grep_ok "report: the clients that logged neither" \
    '^\*\*Clients that logged neither\*\* .* with logs read `APP01`, .*`FS01`' \
    "$T/plan/report.md"
grep_ok "rollout: Set-GPRegistryValue with the list" \
    "^Set-GPRegistryValue -Name 'NTLM - SMB client block' -Key 'HKLM\\\\Software\\\\Policies\\\\Microsoft\\\\Windows\\\\LanmanWorkstation' -ValueName 'BlockNTLMServerExceptionList' -Type MultiString -Value '10.1.2.20','10.1.2.40','APP01','app01.corp.example'$" \
    "$T/plan/report.md"
ok "Machine-Registry-smb.pol written" test -s "$T/plan/Machine-Registry-smb.pol"
SAMBA_PY=
for p in "${PYTHON3:-}" python3 /usr/bin/python3; do
	[ -n "$p" ] && [ "$p" != no ] || continue
	if "$p" -c 'import samba.gp_parse.gp_pol' 2>/dev/null; then
		SAMBA_PY=$p
		break
	fi
done
if [ -n "$SAMBA_PY" ]; then
	cat >"$T/pol.py" <<'PYEOF'
import sys
from samba.gp_parse.gp_pol import GPPolParser
p = GPPolParser()
p.parse(open(sys.argv[1], 'rb').read())
for e in p.pol_file.entries:
    d = e.data
    if p.map_reg_type(e.type) == "REG_MULTI_SZ":
        d = "|".join(bytes(d).decode('utf-16le').split('\0')[:-2])
    print("%s\t%s\t%s\t%s" % (e.keyname, e.valuename,
        p.map_reg_type(e.type), d))
PYEOF
	ok "Samba reads the plan's Registry.pol" "$SAMBA_PY" "$T/pol.py" \
	    "$T/plan/Machine-Registry-smb.pol"
	grep_ok "Registry.pol: the block on" \
	    '^Software\\Policies\\Microsoft\\Windows\\LanmanWorkstation	BlockNTLM	REG_DWORD	1$' \
	    "$T/.out"
	grep_ok "Registry.pol: the list with the NAS's IP" \
	    '	BlockNTLMServerExceptionList	REG_MULTI_SZ	10.1.2.20|10.1.2.40|APP01|app01.corp.example$' \
	    "$T/.out"
else
	skip "python3-samba not installed (tests/deps)"
	skip "python3-samba not installed (tests/deps)"
	skip "python3-samba not installed (tests/deps)"
fi

# An SMB list over the 65,535 bytes a Registry.pol value holds (1,700 file
# servers by FQDN, and their NetBIOS names): no list is written, the file
# sets the block off, and the report says why.
i=0
while [ $i -lt 1700 ]; do
	printf '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8001,"provider_name":"Microsoft-Windows-NTLM","computer_name":"WS015.corp.example","event_data":{"TargetName":"cifs/srv%04d.corp.example","UserName":"user15","DomainName":"CORP","ProcessName":"System"}}}\n' $i
	i=$((i + 1))
done >"$T/many-smb.ndjson"
ok "plan with 1,700 SMB servers" ntlmplan plan --flows "$T/demo.flows" \
    "$T/many-smb.ndjson" --directory "$T/dir.json" -o "$T/many"
grep_ok "plan.json: the list too large" '"list_too_large": true' \
    "$T/many/plan.json"
grep_ok "report: the list does not fit, the block set off" \
    'The exception list is over the 65,535 bytes a Registry.pol value can hold: the file sets the block off (0)' \
    "$T/many/report.md"
ok "Registry.pol: the header and BlockNTLM 0 only (160 bytes)" \
    test "$(wc -c <"$T/many/Machine-Registry-smb.pol")" -eq 160
grep_ok "rollout: BlockNTLM 0" "-ValueName 'BlockNTLM' -Type DWord -Value 0\$" \
    "$T/many/report.md"

# Fixes that move flows to Kerberos, and whether the account can get AES
# tickets: svc-sql (MSSQLSvc/SQL01) is RC4 only, svc-intranet (HTTP/APP01)
# probably has no AES keys; the computers' accounts are fine.
grep_ok "report: svc-sql RC4 only, with its step" \
    '^| [0-9]* | `client=SQL02` | client-chooses-ntlm .*\*RC4 only: no ticket since the RC4 hardening\* \*\*First set msDS-SupportedEncryptionTypes of svc-sql to 0x18 (AES)\.\*\* Then: ' \
    "$T/plan/report.md"
grep_ok "report: svc-intranet probably without AES keys, said to be a heuristic" \
    '\*probably no AES keys (a heuristic: pwdLastSet older than the Read-only Domain Controllers group)\* \*\*First reset the password of svc-intranet twice' \
    "$T/plan/report.md"
grep_ok "report: a computer's account is fine" '\*AES tickets: fine\*' \
    "$T/plan/report.md"
grep_ok "plan.json: the fix's Kerberos class" \
    '"kerberos": {"class": "rc4-only", "heuristic": false, "needs_step": true, "account": "svc-sql", "steps": \["set-aes"\]}' \
    "$T/plan/plan.json"
grep_ok "remediation.csv: the step per flow" \
    ',rc4-only,First set msDS-SupportedEncryptionTypes of svc-sql to 0x18 (AES)\.' \
    "$T/plan/remediation.csv"

# The dated changes as of the plan's time, each with its source.
grep_ok "caveats: RC4 hardening's audit phase in force" \
    '^- \*in force\* \*\*rc4-audit\*\* (2026-01-13): .* Status: confirmed\. Source: Microsoft Support' \
    "$T/plan/report.md"
grep_ok "caveats: BlockNtlmv1SSO unconfirmed" \
    '^- \*to come\* \*\*ntlmv1-sso-enforce\*\* (2026-10): .* Status: unconfirmed\.' \
    "$T/plan/report.md"
grep_ok "plan.json: format_version and plan_time" \
    '^{"format": "ntlmplan-plan", "format_version": 2, "version": 2,$' \
    "$T/plan/plan.json"
grep_ok "plan.json: plan_time" '^ "plan_time": "2026-03-16T00:00:00.000000Z"' \
    "$T/plan/plan.json"
# A policy directory without changes.data: the plan says so.
mkdir "$T/pol"
cp "$top_srcdir"/policies/*.policy "$top_srcdir"/policies/remediation.rules \
    "$T/pol/"
ok "plan without changes.data" ntlmplan plan --flows "$T/demo.flows" \
    --directory "$T/dir.json" --policies "$T/pol" -o "$T/nochanges"
grep_ok "report: the changes not read, and why" \
    '^Not read: .*changes.data' "$T/nochanges/report.md"
grep_ok "plan.json: changes null, with the error" \
    '"changes": null, "changes_error": ".*changes.data' \
    "$T/nochanges/plan.json"
# Later, the unconfirmed date passed: "may already be enforced".
exits "plan as of November 2026 (stale data: not ready)" 10 \
    ntlmplan plan --flows "$T/demo.flows" --directory "$T/dir.json" \
    --now 2026-11-02T00:00:00Z -o "$T/november"
grep_ok "caveats: may already be enforced" \
    '^- \*may already be enforced (date not confirmed)\* \*\*ntlmv1-sso-enforce\*\*' \
    "$T/november/report.md"
grep_ok "plan.json: state maybe" '"name": "ntlmv1-sso-enforce", .*"state": "may-be-in-force"' \
    "$T/november/plan.json"

# Two plans written by this plan command, compared: a fortnight later, the
# NAS mapped by name (WS015's log left out) and FS01 no longer logging.
ls "$D"/logs/* | grep -v -e ws015 -e 'fs01\.evtx' >"$T/later.list"
ok "plan a fortnight later" ntlmplan plan $(cat "$T/later.list") \
    --directory "$T/dir.json" --max-age 60 --now 2026-03-30T00:00:00Z \
    -o "$T/later"
exits "diff: nothing joined the list: exit 0" 0 ntlmplan diff "$T/plan" "$T/later"
grep_ok "diff reads format_version and plan_time" \
    'format version 2, plan time 2026-03-16 00:00 UTC' "$T/.out"
grep_ok "diff: the new plan's time" 'format version 2, plan time 2026-03-30 00:00 UTC' \
    "$T/.out"
exits "diff --json: exit 0" 0 ntlmplan diff --json "$T/plan" "$T/later"
grep_ok "diff --json: plan_time, not generated" '"plan_time_is_generated":	false' \
    "$T/.out"

# One command: the logs and the LDIF export straight into plan.
ok "plan in one command" ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" \
    --ldif "$D/config.ldif" -o "$T/one"
grep_ok "one command: the data line names the input" '^# data: .*, 3608 events in 1 input$' "$T/one/exceptions.txt"
grep -v '^# data:' "$T/one/exceptions.txt" >"$T/one.txt"
same "one command: the same exception list" "$T/one.txt" "$T/whole.txt"

# "--ldif FILE...": an LDIF operand is read as directory input, by content.
ok "plan --ldif a.ldif b.ldif" ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" \
    "$D/config.ldif" -o "$T/two"
grep_ok "the LDIF operand is said to be read as directory input" \
    "config.ldif is LDIF: read as directory input" "$T/.err"
grep -v '^# data:' "$T/two/exceptions.txt" >"$T/two.txt"
same "an LDIF operand: the same exception list" "$T/two.txt" "$T/whole.txt"
# A missing operand: exit 3 before anything is written, unless --keep-going.
exits "plan: a missing operand exits 3" 3 ntlmplan plan "$D/logs" "$T/no-such.evtx" \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o "$T/miss"
ok "plan: nothing written" test ! -e "$T/miss/plan.json"
exits "plan --keep-going reads the others; the missing one makes it not ready" \
    10 ntlmplan plan --keep-going "$D/logs" "$T/no-such.evtx" \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o "$T/miss"
ok "plan --keep-going: the plan written" test -s "$T/miss/plan.json"
done_testing
