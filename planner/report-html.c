/*
 * report-html.c: report.html.  Every string from the data goes through
 * doc_html_escape (event fields are attacker-controlled: a user name can
 * hold markup); no data is ever written inside the script or style.
 * Charts are SVG drawn here with fixed-precision coordinates, so the same
 * plan gives the same bytes.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "flows.h"
#include "policy.h"
#include "report-doc.h"
#include "report-html.h"
#include "report-json.h"
#include "report-plan.h"
#include "report-text.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"

static const char *report_html_colors[] = {
	"#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b"
};

static const char report_html_style[] =
"<style>\n"
":root{--ink:#1d2733;--muted:#5b6875;--line:#d8dee6;--bg:#f4f6f9;"
"--accent:#1f5fa8;--warn:#b35c00;--bad:#b3261e;--ok:#2e7d32}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,sans-serif;color:var(--ink);background:var(--bg)}\n"
"header{background:#16324f;color:#fff;padding:28px 40px 22px}\n"
"header h1{margin:0 0 4px;font-size:26px;font-weight:600}\n"
"header p{margin:0;color:#c9d6e3}\n"
"main{max-width:1180px;margin:0 auto;padding:8px 40px 40px}\n"
"section{background:#fff;border:1px solid var(--line);border-radius:6px;"
"padding:18px 24px;margin:18px 0}\n"
"h2{font-size:20px;margin:0 0 12px;color:#16324f}\n"
"h3{font-size:16px;margin:18px 0 6px}\n"
".cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0 0}\n"
".card{flex:1 1 180px;background:#fff;border:1px solid var(--line);"
"border-radius:6px;padding:12px 16px}\n"
".card b{display:block;font-size:24px;color:var(--accent)}\n"
".card span{color:var(--muted);font-size:13px}\n"
".card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}\n"
".card.level{flex:2 1 300px}.card.level b{font-size:18px}\n"
"table{border-collapse:collapse;width:100%;margin:8px 0 4px;"
"font-size:14px}\n"
"th,td{border-bottom:1px solid var(--line);padding:5px 7px;"
"text-align:left;vertical-align:top}\n"
"th{background:#eef2f7;font-weight:600;font-size:13px}\n"
".wide{overflow-x:auto}\n"
"#decision td:nth-child(2){min-width:190px}\n"
"td.t{white-space:nowrap}\n"
"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
"tr.planned td{background:#eaf2fc;font-weight:600}\n"
"code,.mono{font-family:ui-monospace,\"Cascadia Mono\",Consolas,"
"\"DejaVu Sans Mono\",monospace;font-size:13px}\n"
"pre{background:#f6f8fa;border:1px solid var(--line);border-radius:4px;"
"padding:10px 12px;overflow-x:auto;white-space:pre-wrap;"
"word-break:break-all}\n"
".badge{display:inline-block;border-radius:10px;padding:0 8px;"
"font-size:12px;font-weight:600;background:#e5e9ef;color:#34404d}\n"
"td.warn,.badge.warn{background:#fff1dc;color:var(--warn)}\n"
".badge.bad{background:#fde7e5;color:var(--bad)}\n"
".badge.ok{background:#e3f3e5;color:var(--ok)}\n"
".muted,p.note{color:var(--muted)}\n"
"td.danger,.badge.danger{background:#fde7e5;color:var(--bad)}\n"
".verdict{border-radius:6px;padding:12px 18px;margin:18px 0;border:2px solid}\n"
".verdict.ready{border-color:var(--ok);background:#eef8ef}\n"
".verdict.not-ready{border-color:var(--bad);background:#fdf0ef}\n"
"header code{color:#fff;background:none}\n"
"ol li{margin-bottom:10px}\n"
".server{border-top:1px solid var(--line);padding-top:6px}\n"
".server dl{display:grid;grid-template-columns:200px 1fr;gap:2px 12px;"
"margin:6px 0}\n"
".server dt{color:var(--muted)}.server dd{margin:0}\n"
"figure{margin:12px 0}figcaption{color:var(--muted);font-size:13px}\n"
"svg text{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,"
"sans-serif}\n"
"input.filter{margin:4px 0;padding:4px 8px;border:1px solid var(--line);"
"border-radius:4px;width:280px;font:inherit}\n"
"th[data-sort]{cursor:pointer}th[data-sort]:after{content:\"\\2195\";"
"color:#9aa5b1;font-size:11px;padding-left:2px}\n"
"footer{color:var(--muted);font-size:13px;text-align:center;"
"padding:0 0 30px}\n"
"@media print{body{background:#fff;font-size:11pt}"
"header{background:#fff;color:#000;padding:0 0 8px;"
"border-bottom:2px solid #000}header p{color:#333}"
"main{max-width:none;padding:0}section{border:0;padding:0;"
"margin:14pt 0;break-inside:auto}h2{break-after:avoid}"
"tr,figure,.server,pre{break-inside:avoid}input.filter{display:none}"
"th[data-sort]:after{content:\"\"}tr.planned td{background:#eee}"
".wide{overflow:visible}table{font-size:9pt}"
"a{color:#000}}\n"
"</style>\n";

/* The text of the one <script>; the policy allows it by its hash. */
static const char report_html_script[] =
"\n(function(){\n"
"function key(c){var v=c.getAttribute('data-v');"
"if(v===null)v=c.textContent;var n=parseFloat(v);"
"return isNaN(n)||!/^\\s*-?[0-9.]/.test(v)?v.toLowerCase():n;}\n"
"function sortBy(t,i,th){var b=t.tBodies[0];"
"var rows=Array.prototype.slice.call(b.rows);"
"var d=th.getAttribute('aria-sort')==='ascending'?-1:1;"
"rows.sort(function(x,y){var a=key(x.cells[i]),c=key(y.cells[i]);"
"if(typeof a!==typeof c){a=String(a);c=String(c);}"
"return a<c?-d:a>c?d:0;});"
"rows.forEach(function(r){b.appendChild(r);});"
"Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){"
"h.removeAttribute('aria-sort');});"
"th.setAttribute('aria-sort',d===1?'ascending':'descending');}\n"
"Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),"
"function(t){var hs=t.tHead.rows[0].cells;"
"Array.prototype.forEach.call(hs,function(th,i){"
"th.setAttribute('data-sort','');th.setAttribute('tabindex','0');"
"th.addEventListener('click',function(){sortBy(t,i,th);});"
"th.addEventListener('keydown',function(e){if(e.key==='Enter')"
"sortBy(t,i,th);});});"
"var f=document.createElement('input');f.type='search';"
"f.className='filter';f.placeholder='Filter rows\\u2026';"
"f.setAttribute('aria-label','Filter rows');"
"f.addEventListener('input',function(){var q=f.value.toLowerCase();"
"Array.prototype.forEach.call(t.tBodies[0].rows,function(r){"
"r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';"
"});});"
"t.parentNode.insertBefore(f,t);t.setAttribute('data-sortable','ready');"
"});\n"
"document.documentElement.setAttribute('data-script','ready');\n"
"})();\n";

/* Blocked events per level, split by what covers them. */
/*
 * The width a label of n characters may take at font size 13: 0.65 em a
 * character, more than the widest digits and lower-case letters of the
 * sans-serif faces browsers pick (DejaVu Sans, Arial, Helvetica), so that a
 * chart sized by it never clips its labels.
 */
#define REPORT_HTML_CHAR	8.5

/* The width of the value label right of a level's bar. */
static double
report_html_label_width(const struct sim_level *lv)
{
	char	buf[64];
	int	n;

	n = snprintf(buf, sizeof buf, "%" PRIu64 "%s", lv->blocked_events,
	    lv->answered ? "" : " (lower bound)");
	return (REPORT_HTML_CHAR * (n > 0 ? n : 0));
}

static void
report_html_chart_levels(FILE *f, const struct plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv;
	uint64_t		 max = 1, prop;
	double			 x0 = 380, w = 420, x, bw, left, right;
	double			 width = 900, end;
	size_t			 i;
	int			 y;
	char			 buf[32];

	for (i = 0; i < r->nlevels; i++) {
		if (r->levels[i].blocked_events > max)
			max = r->levels[i].blocked_events;
	}
	/* Room for the longest labels: wider than 900 only when needed. */
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		left = REPORT_HTML_CHAR * (double)(strlen(lv->policy->option) +
		    (size_t)snprintf(buf, sizeof buf, " (%ld)",
		    lv->policy->value));
		if (left + 20 > x0)
			x0 = left + 20;
	}
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		right = x0 + w * (double)lv->blocked_events / (double)max + 6 +
		    report_html_label_width(lv) + 4;
		if (right > width)
			width = right;
	}
	end = x0 - 380 + 900;
	if (end > width)
		width = end;
	width = (double)(long)(width + 0.999);
	fprintf(f, "<figure id=\"chart-levels\"><svg xmlns=\"http://www.w3.org"
	    "/2000/svg\" role=\"img\" aria-label=\"Blocked events per level\" "
	    "viewBox=\"0 0 %.0f %zu\" width=\"100%%\" style=\"max-width:"
	    "%.0fpx\">\n", width, r->nlevels * 34 + 46, width);
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		y = (int)i * 34 + 8;
		prop = lv->blocked_events - lv->excepted_events -
		    lv->residual_events;
		fprintf(f, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"13\"%s>", x0 - 10, y + 17, i == r->level ?
		    " font-weight=\"700\"" : "");
		doc_html_escape(f, lv->policy->option);
		fprintf(f, " (%ld)</text>\n", lv->policy->value);
		x = x0;
		bw = w * (double)lv->excepted_events / (double)max;
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"24\" fill=\"#9aa5b1\"/>", x, y, bw);
		x += bw;
		bw = w * (double)prop / (double)max;
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"24\" fill=\"#1f5fa8\"/>", x, y, bw);
		x += bw;
		bw = w * (double)lv->residual_events / (double)max;
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		    "height=\"24\" fill=\"#c0392b\"/>", x, y, bw);
		x += bw;
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"13\">%"
		    PRIu64 "%s</text>\n", x + 6, y + 17, lv->blocked_events,
		    lv->answered ? "" : " (lower bound)");
	}
	y = (int)r->nlevels * 34 + 22;
	fprintf(f, "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#9aa5b1\"/><text x=\"%.0f\" y=\"%d\" font-size=\"12\">"
	    "allowed by the list in force</text>"
	    "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#1f5fa8\"/><text x=\"%.0f\" y=\"%d\" font-size=\"12\">"
	    "allowed by the proposed list</text>"
	    "<rect x=\"%.0f\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#c0392b\"/><text x=\"%.0f\" y=\"%d\" font-size=\"12\">"
	    "still denied</text>\n", x0, y, x0 + 18, y + 10, x0 + 200, y,
	    x0 + 218, y + 10, x0 + 410, y, x0 + 428, y + 10);
	fputs("</svg><figcaption>Events each level would deny in the data, "
	    "before exceptions, and what would allow them again.</figcaption>"
	    "</figure>\n", f);
}

/* A round upper bound for an axis: 1, 2 or 5 times a power of ten. */
static double
report_html_nice(double v)
{
	double	p = 1;

	while (p * 10 <= v)
		p *= 10;
	if (v <= p)
		return (p);
	if (v <= 2 * p)
		return (2 * p);
	if (v <= 5 * p)
		return (5 * p);
	return (10 * p);
}

/* Estimated denied events per day of the top servers. */
static void
report_html_chart_days(FILE *f, const struct plan *rp)
{
	const struct report_plan_server	*sp;
	double				 max = 0, top, x, y, xs;
	double				 L = 60, R = 880, T = 16, B = 236;
	char				 day[16];
	size_t				 i, d, step;

	if (rp->ntop == 0 || rp->ndays == 0)
		return;
	for (i = 0; i < rp->ntop; i++) {
		sp = &rp->servers[rp->top[i]];
		for (d = 0; d < rp->ndays; d++)
			if (sp->perday[d] > max)
				max = sp->perday[d];
	}
	top = report_html_nice(max > 0 ? max : 1);
	xs = rp->ndays > 1 ? (R - L) / (double)(rp->ndays - 1) : 0;
	fprintf(f, "<figure id=\"chart-days\"><svg xmlns=\"http://www.w3.org/"
	    "2000/svg\" role=\"img\" aria-label=\"NTLM events per "
	    "day, top servers\" viewBox=\"0 0 900 290\" width=\"100%%\" "
	    "style=\"max-width:900px\">\n");
	for (i = 0; i <= 4; i++) {
		y = B - (B - T) * (double)i / 4;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#e3e8ee\"/><text x=\"%.1f\" "
		    "y=\"%.1f\" text-anchor=\"end\" font-size=\"11\" "
		    "fill=\"#5b6875\">%g</text>\n", L, y, R, y, L - 6, y + 4,
		    top * (double)i / 4);
	}
	step = rp->ndays / 8 + 1;
	for (d = 0; d < rp->ndays; d += step) {
		x = L + xs * (double)d;
		report_plan_day(rp->day0 + (int64_t)d * UTIL_DAY, day);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		    "font-size=\"11\" fill=\"#5b6875\">%s</text>\n", x, B + 16,
		    day + 5);
	}
	for (i = 0; i < rp->ntop; i++) {
		sp = &rp->servers[rp->top[i]];
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
		    "stroke-width=\"2\" points=\"", report_html_colors[i]);
		for (d = 0; d < rp->ndays; d++)
			fprintf(f, "%s%.1f,%.1f", d > 0 ? " " : "",
			    L + xs * (double)d,
			    B - (B - T) * sp->perday[d] / top);
		fputs("\"/>\n", f);
		fprintf(f, "<rect x=\"%.1f\" y=\"262\" width=\"12\" height=\"12\""
		    " fill=\"%s\"/><text x=\"%.1f\" y=\"272\" font-size=\"12\">",
		    L + (double)i * 165, report_html_colors[i],
		    L + (double)i * 165 + 18);
		doc_html_escape(f, sp->s->name);
		fputs("</text>\n", f);
	}
	fputs("</svg><figcaption>NTLM events per UTC day that the planned "
	    "level would deny, for the servers with most of them, from the "
	    "flows' time profiles.", f);
	if (rp->uncharted > 0)
		fprintf(f, " %" PRIu64 " of their events have no day here "
		    "(flow files of version 1, or days older than a profile "
		    "keeps): they are left out, not estimated.",
		    rp->uncharted);
	fputs("</figcaption></figure>\n", f);
}

/* The key figures under the title, from the same data as the text. */
static void
report_html_cards(FILE *f, const struct plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv = &r->levels[r->level];

	fprintf(f, "<div class=\"cards\"><div class=\"card level%s\"><b>",
	    lv->ready ? " ok" : " bad");
	doc_html_escape(f, r->policy->option);
	fprintf(f, "</b><span>%s (value %ld)</span></div>", lv->ready ?
	    "planned level: ready" : "planned level: NOT READY",
	    r->policy->value);
	fprintf(f, "<div class=\"card\"><b>%zu</b><span>servers to add to "
	    "the exception list</span></div>", lv->nexceptions);
	fprintf(f, "<div class=\"card\"><b>%" PRIu64 "</b><span>events "
	    "denied before exceptions (%.1f a day)</span></div>",
	    lv->blocked_events, report_plan_per_day(rp, lv->blocked_events));
	fprintf(f, "<div class=\"card %s\"><b>%" PRIu64 "</b><span>flows "
	    "still denied with the list</span></div>", lv->residual_flows > 0 ?
	    "bad" : lv->ready ? "ok" : "", lv->residual_flows);
	fprintf(f, "<div class=\"card%s\"><b>%zu</b><span>caveats</span>"
	    "</div></div>\n", r->ncaveats > 0 ? " bad" : "", r->ncaveats);
}

static const struct {
	const char	*name;
	void		(*draw)(FILE *, const struct plan *);
} report_html_hooks[] = {
	{ "cards", report_html_cards },
	{ "chart-levels", report_html_chart_levels },
	{ "chart-days", report_html_chart_days },
};

static void
report_html_hook(FILE *f, const char *name, void *arg)
{
	size_t	i;

	for (i = 0; i < sizeof report_html_hooks /
	    sizeof report_html_hooks[0]; i++) {
		if (strcmp(name, report_html_hooks[i].name) == 0) {
			report_html_hooks[i].draw(f, arg);
			return;
		}
	}
}

void
report_html_write(FILE *f, const struct plan *rp)
{
	struct doc	*d;
	unsigned char	 hash[32];
	char		 b64[48];

	/* The script runs by its SHA-256 (CSP level 2), no other does. */
	util_sha256(report_html_script, sizeof report_html_script - 1, hash);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'sha256-", f);
	fputs(util_base64(hash, sizeof hash, b64), f);
	fputs("'; img-src data:\">\n<title>NTLM restriction plan: ", f);
	doc_html_escape(f, rp->dom->netbios);
	fputs("</title>\n", f);
	fputs(report_html_style, f);
	fputs("</head>\n<body>\n", f);
	d = doc_create(f, DOC_HTML);
	doc_set_hook(d, report_html_hook, (void *)rp);
	report_text_write(d, rp);
	doc_free(d);
	fputs("<footer>Written by ntlmplan plan.</footer>\n", f);
	fputs("<script>", f);
	fputs(report_html_script, f);
	fputs("</script>\n</body>\n</html>\n", f);
}
