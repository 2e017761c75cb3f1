#!/bin/sh
# tests/cli/regpol.sh: the Registry.pol of the SMB client's NTLM block, read
# back by an independent reader: Samba's GPPolParser (Debian's python3-samba)
# must find the PReg header and the same keys, value names, types and data
# that were written (REG_DWORD 1, REG_MULTI_SZ of the names in order).
. "$(dirname "$0")/setup.sh"

WRITER=$top_builddir/tests/unit/t-report-regpol
# A python with python3-samba: configure's, then Debian's own.
PY=
for p in "${PYTHON3:-}" python3 /usr/bin/python3; do
	[ -n "$p" ] && [ "$p" != no ] || continue
	if "$p" -c 'import samba.gp_parse.gp_pol' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || skip_all "python3-samba not installed (tests/deps)"

cat >"$T/read.py" <<'PYEOF'
import sys
from samba.gp_parse.gp_pol import GPPolParser
p = GPPolParser()
p.parse(open(sys.argv[1], 'rb').read())
f = p.pol_file
print("signature %s version %d entries %d" % (f.header.signature,
    f.header.version, f.num_entries))
for e in f.entries:
    t = p.map_reg_type(e.type)
    if t == "REG_MULTI_SZ":
        v = bytes(e.data).decode('utf-16le').split('\0')
        assert v[-2:] == ['', ''], v
        data = "|".join(v[:-2])
    else:
        data = str(e.data)
    print("%s\t%s\t%s\t%d\t%s" % (e.keyname, e.valuename, t, e.size, data))
PYEOF

ok "write: three names" "$WRITER" --write "$T/Registry.pol" \
    NAS01 nas01.corp.example 10.1.2.3
ok "samba reads it" "$PY" "$T/read.py" "$T/Registry.pol"
cp "$T/.out" "$T/three.txt"
golden "the same keys, types and values" "$T/three.txt" \
    "$GOLDEN/regpol-three.txt"

ok "write: one IPv6 name" "$WRITER" --write "$T/one.pol" fe80::1
ok "samba reads it" "$PY" "$T/read.py" "$T/one.pol"
grep_ok "the IPv6 literal as written" \
    'BlockNTLMServerExceptionList	REG_MULTI_SZ	18	fe80::1$' "$T/.out"

# A file that is not one: the reader is not lenient.
printf 'PReg\001\000\000\000[\000' >"$T/bad.pol"
if "$PY" "$T/read.py" "$T/bad.pol" >/dev/null 2>&1; then
	fail "samba refuses a truncated file"
else
	pass "samba refuses a truncated file"
fi
done_testing
