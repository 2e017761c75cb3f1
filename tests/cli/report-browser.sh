#!/bin/sh
# report.html of the sample domain in a real browser: headless Chromium
# (Debian's chromium package) renders it; the test asserts on the DOM after
# the inline script ran, on a screenshot's pixels (decoded with Python's
# zlib) and on a printed PDF.  Without a Chromium that starts, it skips.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200
: "${PYTHON3:=python3}"

CHROMIUM=
for c in chromium chromium-browser; do
	if command -v "$c" >/dev/null 2>&1; then
		CHROMIUM=$c
		break
	fi
done
[ -n "$CHROMIUM" ] || skip_all "chromium is not installed"
command -v "$PYTHON3" >/dev/null 2>&1 || skip_all "no python3"
# Every call is bounded, offline and in a throw-away profile.
browse() {
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T/prof" "$@" 2>>"$T/chromium.log"
}
ntlmplan collect -o "$T/demo.flows" "$D/logs" 2>/dev/null
ntlmplan directory -o "$T/dir.json" --ldif "$D/domain.ldif" "$D/config.ldif" 2>/dev/null
plan_st=0
ntlmplan plan --flows "$T/demo.flows" --directory "$T/dir.json" -o "$T/plan" \
    >"$T/plan.out" 2>"$T/plan.err" || plan_st=$?
URL="file://$T/plan/report.html"

# Chromium starts once per check: a probe page is rendered only when the
# report's rendering fails, to tell "cannot start here" (skip) from a
# failure.
dom_st=0
browse --dump-dom "$URL" >"$T/dom.html" || dom_st=$?
if [ "$dom_st" -ne 0 ] || ! [ -s "$T/dom.html" ]; then
	printf '<!DOCTYPE html><title>t</title><p id="probe">up</p>\n' >"$T/probe.html"
	if ! browse --dump-dom "file://$T/probe.html" >"$T/probe.dom" ||
	    ! grep -q 'id="probe"' "$T/probe.dom"; then
		skip_all "chromium cannot start here"
	fi
	dom_st=1
fi
if [ "$plan_st" -eq 0 ]; then pass "plan"; else fail "plan"
	sed 's/^/# /' "$T/plan.err" | head -20; fi
if [ "$dom_st" -eq 0 ]; then pass "chromium renders the DOM"
else fail "chromium renders the DOM"; fi
# Counts in the rendered DOM: python's html.parser, no regex on markup.
"$PYTHON3" - "$T/dom.html" >"$T/dom.txt" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.c = {}; s.stack = []; s.decision_rows = 0
        s.in_decision_body = False; s.table = None
    def bump(s, k): s.c[k] = s.c.get(k, 0) + 1
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'html' and a.get('data-script') == 'ready': s.bump('script-ready')
        if tag == 'table' and 'sortable' in (a.get('class') or ''):
            s.bump('sortable')
            if a.get('data-sortable') == 'ready': s.bump('sortable-ready')
            s.table = a.get('id')
        if tag == 'tbody' and s.table == 'decision': s.in_decision_body = True
        if tag == 'tr' and s.in_decision_body: s.decision_rows += 1
        if tag == 'input' and a.get('class') == 'filter': s.bump('filter')
        if tag == 'th' and 'data-sort' in a: s.bump('th-sort')
        if tag in ('svg', 'polyline', 'rect', 'script', 'img', 'link', 'iframe'): s.bump(tag)
    def handle_endtag(s, tag):
        if tag == 'tbody': s.in_decision_body = False
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
p.c['decision-rows'] = p.decision_rows
for k in sorted(p.c): print(k, p.c[k])
PY
val() { awk -v k="$1" '$1 == k { print $2 }' "$T/dom.txt"; }
ok "the inline script ran" test "$(val script-ready)" = 1
ok "a decision table row per level (4) and the SMB block's" \
    test "$(val decision-rows)" = 5
ok "every table made sortable" test "$(val sortable-ready)" = "$(val sortable)" -a "$(val sortable)" -ge 3
ok "a filter box per table" test "$(val filter)" = "$(val sortable)"
ok "sortable headers" test "$(val th-sort)" -ge 20
ok "two SVG charts" test "$(val svg)" = 2
ok "a line per top server (5)" test "$(val polyline)" = 5
ok "no image, stylesheet or frame fetched" test -z "$(val img)$(val link)$(val iframe)"

# The script at work: a copy of the report with a few lines appended that
# click a header twice and type into a filter box, as a user would (the
# copy's policy lets inline scripts run: the report's allows its own only).
sed -e "s|script-src 'sha256-[^']*'|script-src 'unsafe-inline'|" \
    -e 's|</body>|<script>\
var d = document.getElementById("decision");\
d.tHead.rows[0].cells[2].click(); d.tHead.rows[0].cells[2].click();\
var f = document.querySelector("#server-table").previousElementSibling;\
f.value = "dc01"; f.dispatchEvent(new Event("input"));\
</script></body>|' "$T/plan/report.html" >"$T/plan/clicked.html"
ok "chromium renders the clicked copy" browse --dump-dom "file://$T/plan/clicked.html"
"$PYTHON3" - "$T/.out" >"$T/clicked.txt" <<'PY'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.table = None; s.cell = -1; s.order = []
        s.shown = 0; s.hidden = 0; s.sort = None
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'table': s.table = a.get('id')
        if tag == 'th' and s.table == 'decision' and 'aria-sort' in a:
            s.sort = a['aria-sort']
        if tag == 'tr' and s.table == 'decision': s.cell = -1
        if tag == 'td' and s.table == 'decision' and s.cell < 99: s.cell += 1
        if tag == 'tr' and s.table == 'server-table' and 'style' not in a:
            s.shown += 1
        if tag == 'tr' and s.table == 'server-table' and 'none' in a.get('style', ''):
            s.hidden += 1
    def handle_data(s, d):
        if s.table == 'decision' and s.cell == 0 and d.strip():
            s.order.append(d.strip()); s.cell = 99
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
print('order', ','.join(p.order)); print('sort', p.sort)
print('shown', p.shown - 1); print('hidden', p.hidden)
PY
cv() { awk -v k="$1" '$1 == k { print $2 }' "$T/clicked.txt"; }
ok "two clicks sort by blocked flows, descending ($(cv order))" test "$(cv order)" = "5,7,1,3,-" -a "$(cv sort)" = descending
ok "the filter leaves the DC01 row ($(cv shown) shown, $(cv hidden) hidden)" test "$(cv shown)" = 1 -a "$(cv hidden)" = 9

ok "screenshot" browse --screenshot="$T/shot.png" --window-size=1280,2400 "$URL"
"$PYTHON3" - "$T/shot.png" >"$T/pixels.txt" <<'PY'
import sys, zlib, struct
from collections import Counter
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
i, idat = 8, b''
while i < len(d):
    n, t = struct.unpack('>I4s', d[i:i + 8]); c = d[i + 8:i + 8 + n]; i += 12 + n
    if t == b'IHDR': w, h, depth, ctype = struct.unpack('>IIBB', c[:10])
    elif t == b'IDAT': idat += c
assert depth == 8 and ctype in (2, 6), 'unexpected PNG type'
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat); stride = w * bpp
# Bytewise sums mod 256 on whole rows at once (SWAR on Python integers).
m7 = int.from_bytes(b'\x7f' * stride, 'big'); m8 = int.from_bytes(b'\x80' * stride, 'big')
def addrow(u, v):
    a = int.from_bytes(u, 'big'); b = int.from_bytes(v, 'big')
    return bytearray((((a & m7) + (b & m7)) ^ ((a ^ b) & m8)).to_bytes(stride, 'big'))
prev = bytearray(stride); p = 0; colours = set(); nonwhite = 0; header = 0
white = (255, 255, 255)
for y in range(h):
    f = raw[p]; line = bytearray(raw[p + 1:p + 1 + stride]); p += 1 + stride
    if f == 2: line = addrow(line, prev)
    elif f == 1:
        for x in range(bpp, stride): line[x] = (line[x] + line[x - bpp]) & 255
    elif f == 3:
        for x in range(stride):
            line[x] = (line[x] + ((line[x - bpp] if x >= bpp else 0) + prev[x]) // 2) & 255
    elif f == 4:
        for x in range(bpp): line[x] = (line[x] + prev[x]) & 255
        for x in range(bpp, stride):
            a = line[x - bpp]; b = prev[x]; c = prev[x - bpp]
            pa = b - c if b > c else c - b; pb = a - c if a > c else c - a
            pc = a + b - c - c
            if pc < 0: pc = -pc
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    step = bpp * 2
    row = Counter(zip(line[0::step], line[1::step], line[2::step]))
    colours.update(row); nonwhite += sum(row.values()) - row[white]
    if y < 40:
        header += sum(n for (r, g, b), n in row.items() if b < 110 and r < 60)
    prev = line
print('size', w, h)
print('colours', len(colours))
print('nonwhite', int(100 * nonwhite / (h * w // 2)))
print('header', header)
PY
pv() { awk -v k="$1" '$1 == k { print $2 }' "$T/pixels.txt"; }
ok "screenshot decoded (1280 wide)" test "$(pv size)" = 1280
ok "many colours: text, badges, charts ($(pv colours))" test "$(pv colours)" -gt 200
ok "not blank: $(pv nonwhite)% of pixels not white" test "$(pv nonwhite)" -gt 20
ok "the dark header band is drawn (CSS applied)" test "$(pv header)" -gt 10000
ok "prints to PDF" browse --print-to-pdf="$T/report.pdf" --no-pdf-header-footer "$URL"
pages=$(grep -ao '/Count [0-9]*' "$T/report.pdf" | awk '$2 > n { n = $2 } END { print n + 0 }')
ok "the PDF has several pages ($pages)" test "$pages" -ge 3
# The decision chart never clips a label: in the rendered SVG each text's
# box lies inside the viewBox ("3466 (lower bound)" was cut at 900).  The
# policy allows the report's own script only: this copy allows inline ones.
sed -e "s|script-src 'sha256-[^']*'|script-src 'unsafe-inline'|" -e 's|</body>|<script>\
var s = document.querySelector("#chart-levels svg"), v = s.viewBox.baseVal;\
var bad = [], n = 0;\
s.querySelectorAll("text").forEach(function (t) { var b = t.getBBox(); n++;\
if (b.x < 0 \|\| b.x + t.getComputedTextLength() > v.width + 0.5)\
bad.push(t.textContent); });\
document.documentElement.setAttribute("data-labels", n + (bad.length ?\
" clipped: " + bad.join("; ") : " fit"));\
</script></body>|' "$T/plan/report.html" >"$T/plan/labels.html"
browse --dump-dom "file://$T/plan/labels.html" >"$T/labels.dom" || :
labels=$(sed -n 's/.*data-labels="\([^"]*\)".*/\1/p' "$T/labels.dom")
ok "the decision chart's labels fit its box ($labels)" \
    test "$labels" = "11 fit"
done_testing
