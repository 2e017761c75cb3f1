#!/bin/sh
# Real Windows logs (testdata/evtx-samples: dirty files, logs from volume
# shadow copies, a forwarded event on a collector) read whole: ntlmplan
# reads every record python3-evtx renders, with the same EventRecordID,
# EventID, Computer, Channel, time and, for the events it uses, EventData
# values (tests/pyevtx-compare.py, for every event id), and every record
# its libevtx path reads.  Where python-evtx cannot render a record that
# ntlmplan reads, or renders one from zeros, the test says which.  The
# counts of every file are asserted: python-evtx's, evtxexport's and
# ntlmplan's.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

S=$TESTDATA/evtx-samples
DUMP=$top_builddir/tests/evtx-dump
[ -x "$DUMP" ] || skip_all "tests/evtx-dump not built"
PY=
for p in "${PYTHON3:-}" python3 /usr/bin/python3; do
	if [ -n "$p" ] && [ "$p" != no ] &&
	    "$p" -c 'import Evtx.Evtx' >/dev/null 2>&1; then
		PY=$p
		break
	fi
done
HAVE_EVTXEXPORT=no
command -v evtxexport >/dev/null 2>&1 && HAVE_EVTXEXPORT=yes

# file; python-evtx: rendered, failed, rendered from zeros; evtxexport's
# events; ntlmplan: records read (not from slack space), of them python-evtx
# cannot render; its records, used, skipped, unreadable.
while read -r f rend fail empty ee read ours recs used skip unr; do
	n=$f
	"$DUMP" "$S/$f" >"$T/native" 2>"$T/native.err"
	"$DUMP" -r libevtx "$S/$f" >"$T/libevtx" 2>/dev/null
	got=$(tail -n 1 "$T/native")
	if [ "$got" = "# $recs $used $skip $unr 0" ]; then
		pass "$n: $recs records: $used used, $skip skipped, $unr unreadable"
	else
		fail "$n: records used skipped unreadable duplicate: $got,\
 expected $recs $used $skip $unr 0"
		sed 's/^/# /' "$T/native.err" | head -10
	fi
	if [ "$HAVE_EVTXEXPORT" = yes ]; then
		got=$(evtxexport -f xml "$S/$f" 2>/dev/null | grep -c '<Event ' ||
		    :)
		if [ "$got" = "$ee" ] && [ "$read" -ge "$ee" ]; then
			pass "$n: evtxexport exports $ee, ntlmplan reads $read"
		else
			fail "$n: evtxexport exports $got, expected $ee"
		fi
	else
		skip "$n: evtxexport not installed"
	fi
	if [ -z "$PY" ]; then
		skip "$n: python3-evtx not installed"
		skip "$n: python3-evtx not installed"
		continue
	fi
	"$PY" "$top_srcdir/tests/pyevtx-compare.py" "$S/$f" "$T/native" \
	    "$T/libevtx" >"$T/cmp" 2>"$T/cmp.err" || :
	want="rendered $rend failed $fail read $read missing 0 differ 0"
	want="$want onlyours $ours"
	got=$(head -n 1 "$T/cmp")
	case $got in
	"$want libevtx "*" lmissing 0 empty $empty")
		pass "$n: every record of the $rend python-evtx renders read,\
 the same values; every one libevtx reads";;
	*)
		fail "$n: $got; expected $want ... lmissing 0 empty $empty"
		sed 's/^/# /' "$T/cmp.err" | head -10;;
	esac
	# Not silent: where the reference fails, say which.
	extra=$((read - rend + empty))
	if [ "$extra" -gt 0 ] || [ "$empty" -gt 0 ]; then
		pass "$n: ntlmplan reads $extra records python-evtx does not\
 render ($ours it cannot render, $((extra - ours)) it does not reach);\
 python-evtx renders $empty from zeros, which ntlmplan counts unreadable"
		grep '^# ours:' "$T/cmp" | head -3 |
		    sed 's/^# ours:/# python-evtx cannot render, ntlmplan reads:/'
		grep '^# empty:' "$T/cmp" | head -3
	else
		pass "$n: ntlmplan reads what python-evtx renders, no more"
	fi
done <<'EOF2'
2-system-Microsoft-Windows-LiveId%4Operational.evtx 399 0 0 399 399 0 408 0 399 9
2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx 1910 2 0 1910 1910 0 2133 0 1951 182
2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx 1774 1 0 1774 1795 0 2043 0 2040 3
2-vss_7-System.evtx 1160 0 0 1160 1160 0 1185 0 1160 25
Application_no_crc32.evtx 17 0 0 17 17 0 51 0 17 34
E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx 0 459 0 89 436 436 473 0 436 37
E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx 0 340 0 24 337 337 340 0 337 3
E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx 1146 0 0 1146 1146 0 1274 0 1272 2
MSExchange_Management_wec.evtx 0 1 0 0 1 1 10 0 1 9
Microsoft-Windows-HelloForBusiness%4Operational.evtx 6 0 1 5 5 0 20 0 5 15
Microsoft-Windows-LanguagePackSetup%4Operational.evtx 16 1 0 16 16 0 35 0 16 19
Security_short_selected.evtx 7 0 0 7 7 0 15 1 6 8
Security_with_size_t.evtx 636 0 0 636 636 0 636 30 606 0
new-user-security.evtx 4 0 0 4 4 0 4 0 4 0
post-Security.evtx 126 0 0 126 126 0 126 2 124 0
sample-with-irregular-bool-values.evtx 3028 0 0 3028 3028 0 3132 0 3028 104
sample-with-zero-data-size-event.evtx 335 0 0 335 449 0 483 0 449 34
sample_with_a_bad_chunk_magic.evtx 270 0 1 267 300 0 517 0 350 167
security.evtx 2261 0 0 2261 2261 0 2291 39 2222 30
security_bad_string_cache.evtx 2261 0 0 2261 2261 0 2291 39 2222 30
sysmon.evtx 358 0 0 358 358 0 358 0 358 0
system.evtx 1881 0 0 1881 1881 0 1960 0 1881 79
EOF2

# The forwarded event of a collector, which neither libevtx nor python-evtx
# reads: its System values as the Rust evtx crate renders them.
"$DUMP" "$S/MSExchange_Management_wec.evtx" 2>/dev/null | grep -v '^#' \
    >"$T/wec"
printf 'skipped\t1\t3229\t1\t1637340783836551\tWEC.ave.local\tMSExchange Management\n' \
    >"$T/wec.want"
same "the forwarded event: EventRecordID 3229, event 1 of WEC.ave.local" \
    "$T/wec" "$T/wec.want"
# A collector's forwarded NTLM events without a template instance, written
# by the test writer (tests/evtx-spec/forwarded-raw.spec): read natively,
# EventData included; libevtx reads none of them.
if [ -n "$PY" ]; then
	"$PY" "$top_srcdir/tests/evtxgen.py" \
	    "$top_srcdir/tests/evtx-spec/forwarded-raw.spec" "$T/fwd.evtx"
	st=0
	ntlmplan collect -v -j 1 -o "$T/fwd.json" "$T/fwd.evtx" 2>"$T/fwd.err" ||
	    st=$?
	[ "$st" -eq 0 ] && pass "forwarded, no template: collect exits 0" ||
	    fail "forwarded, no template: collect exits $st"
	sed "s|$T/||" "$T/fwd.json" >"$T/fwd.flows"
	sed "s|$T/||" "$T/fwd.err" >"$T/fwd.msg"
	golden "forwarded, no template: flows" "$T/fwd.flows" \
	    "$GOLDEN/evtx-forwarded-raw.json"
	golden "forwarded, no template: messages" "$T/fwd.msg" \
	    "$GOLDEN/evtx-forwarded-raw.err"
	ntlmplan collect -v -j 1 --evtx-reader=libevtx -o "$T/fwdl.json" \
	    "$T/fwd.evtx" 2>"$T/fwdl.err" || :
	grep_ok "forwarded, no template: libevtx reads none" \
	    '7 records: 0 used, 0 skipped, 7 unreadable' "$T/fwdl.err"
else
	skip "no python3 to run the writer"
	skip "no python3 to run the writer"
	skip "no python3 to run the writer"
	skip "no python3 to run the writer"
fi
# All of them at once, natively and by two threads: the same flows.
ok "every sample at once: collect -j 1" ntlmplan collect -v -j 1 \
    -o "$T/j1.flows" "$S"
ok "every sample at once: collect -j 2" ntlmplan collect -j 2 \
    -o "$T/j2.flows" "$S"
same "-j 2 reads as -j 1" "$T/j2.flows" "$T/j1.flows"
done_testing
