#!/bin/sh
# tests/bench/directory.sh: the directory case of the benchmark ("make
# bench-directory").  Loads BENCH_COMPUTERS computers (default 100,000)
# into a throw-away slapd (tests/cli/slapd.sh), then times "ntlmplan
# directory" (paged, 1000 a page) against "ldapsearch -E pr=1000/noprompt"
# of the same search to a file, alternately, BENCH_RUNS times each (default
# 3), and prints the best time and peak RSS of each and the ratio.  Target:
# ntlmplan within 1.5x of ldapsearch.  The figures are kept in BENCH_DIR
# and printed beside the previous run's (history.sh).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${NTLMPLAN:=$top_srcdir/ntlmplan}"
: "${PYTHON3:=python3}"
: "${BENCH_COMPUTERS:=100000}"
: "${BENCH_RUNS:=3}"
: "${BENCH_DIR:=${TMPDIR:-/tmp}/ntlmplan-bench}"
[ "$PYTHON3" = no ] && PYTHON3=python3
TESTDATA=$top_srcdir/testdata
export LC_ALL=C TZ=UTC
T=$(mktemp -d "${TMPDIR:-/tmp}/ntlmplan-bench.XXXXXX")
_at_exit=""
at_exit() { _at_exit="$1; $_at_exit"; }
trap 'eval "$_at_exit"; rm -rf "$T"' EXIT
trap 'exit 129' HUP INT TERM
skip_all() { echo "bench: directory: skipped: $1"; exit 0; }
. "$top_srcdir/tests/cli/slapd.sh"
. "$top_srcdir/tests/bench/history.sh"
hist_begin "$BENCH_DIR/history-directory.tsv"

echo "bench: directory: loading $BENCH_COMPUTERS workstations into slapd"
s=$(date +%s)
slapd_init "$BENCH_COMPUTERS"
echo "bench: directory: loaded in $(($(date +%s) - s)) s" \
    "($(($(wc -c <"$SD/domain.ldif") / 1048576)) MiB of LDIF)"
slapd_start
printf 'Plan-NTLM-0ut' >"$SD/password-nonl"
chmod 600 "$SD/password-nonl"
ATTRS="objectClass sAMAccountName dNSHostName userAccountControl
    primaryGroupID operatingSystem operatingSystemVersion servicePrincipalName
    lastLogonTimestamp objectSid nCName nETBIOSName dnsRoot flatName
    trustPartner trustDirection trustAttributes trustType"

# measure CMD...: "seconds peak-RSS-KiB exit-status" of CMD (stdout to
# $T/out, stderr to $T/err).
measure() {
	"$PYTHON3" - "$@" <<'PY'
import os, resource, subprocess, sys, time
t = time.monotonic()
with open(os.environ["OUT"], "w") as out, open(os.environ["ERR"], "w") as err:
    rc = subprocess.run(sys.argv[1:], stdout=out, stderr=err).returncode
secs = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%.3f %d %d" % (secs, rss, rc))
PY
}
OUT=$T/out ERR=$T/err
export OUT ERR

best_np=999999 best_ls=999999 rss_np=0 rss_ls=0
i=0
while [ $i -lt "$BENCH_RUNS" ]; do
	i=$((i + 1))
	set -- $(measure "$NTLMPLAN" directory -H "$LDAP_URI" -D "$BIND_DN" \
	    -y "$BIND_PW_FILE" --page-size 1000 -o "$T/snapshot.json")
	[ "$3" -eq 0 ] || { cat "$T/err"; exit 1; }
	printf 'bench: directory: run %d: ntlmplan directory %8.3f s  peak RSS %7d KiB\n' "$i" "$1" "$2"
	best_np=$(awk -v a="$best_np" -v b="$1" 'BEGIN { print (b < a ? b : a) }')
	rss_np=$2
	set -- $(measure ldapsearch -x -LLL -H "$LDAP_URI" -D "$BIND_DN" \
	    -y "$SD/password-nonl" -E pr=1000/noprompt -b DC=lab,DC=example \
	    '(objectClass=computer)' $ATTRS)
	[ "$3" -eq 0 ] || { cat "$T/err"; exit 1; }
	mv "$T/out" "$T/ldapsearch.ldif"
	printf 'bench: directory: run %d: ldapsearch          %8.3f s  peak RSS %7d KiB\n' "$i" "$1" "$2"
	best_ls=$(awk -v a="$best_ls" -v b="$1" 'BEGIN { print (b < a ? b : a) }')
	rss_ls=$2
done
n=$(grep -c '"name": "' "$T/snapshot.json" || :)
e=$(grep -c '^dn: ' "$T/ldapsearch.ldif" || :)
echo "bench: directory: snapshot $n computers ($(($(wc -c <"$T/snapshot.json") / 1024)) KiB)," \
    "ldapsearch $e entries ($(($(wc -c <"$T/ldapsearch.ldif") / 1024)) KiB)"
awk -v a="$best_np" -v b="$best_ls" 'BEGIN {
	printf "bench: directory: best of runs: ntlmplan %.3f s, ldapsearch %.3f s: ratio %.2f (target <= 1.50)\n", a, b, a / b }'
hist "ntlmplan directory s" "$best_np" "s"
hist "ldapsearch s" "$best_ls" "s"
hist "ratio" "$(awk -v a="$best_np" -v b="$best_ls" \
    'BEGIN { printf "%.2f", a / b }')" "x"
hist_end
