/*
 * report-html.c: report.html.  Every string from the data goes through
 * report_html_escape (event fields are attacker-controlled: a user name can
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
#include "report-html.h"
#include "report-json.h"
#include "report-plan.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"

#define REPORT_HTML_DAY	INT64_C(86400000000)

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
".badge.warn{background:#fff1dc;color:var(--warn)}\n"
".badge.bad{background:#fde7e5;color:var(--bad)}\n"
".badge.ok{background:#e3f3e5;color:var(--ok)}\n"
".muted{color:var(--muted)}\n"
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
"ol.steps li{margin-bottom:10px}\n"
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

static const char report_html_script[] =
"<script>\n"
"(function(){\n"
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
"})();\n"
"</script>\n";

void
report_html_escape(FILE *f, const char *s)
{
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if ((unsigned char)*s < 0x20 || *s == 0x7f)
				fputs(*s == '\n' || *s == '\t' ? " " :
				    "&#xFFFD;", f);
			else
				putc(*s, f);
		}
	}
}

static void
report_html_code(FILE *f, const char *s)
{
	if (s == NULL || *s == '\0') {
		fputs("<span class=\"muted\">-</span>", f);
		return;
	}
	fputs("<code>", f);
	report_html_escape(f, s);
	fputs("</code>", f);
}

static void
report_html_time(FILE *f, int64_t t)
{
	char	buf[UTIL_TIME_LEN];

	if (t == FLOWS_TIME_NONE) {
		fputs("-", f);
		return;
	}
	util_time_format(t, buf);
	buf[16] = '\0';
	buf[10] = ' ';
	fputs(buf, f);
}

/* A table cell with a time and its sort key. */
static void
report_html_time_cell(FILE *f, int64_t t)
{
	fprintf(f, "<td class=\"t\" data-v=\"%" PRId64 "\">",
	    t == FLOWS_TIME_NONE ?
	    (int64_t)0 : t / 1000000);
	report_html_time(f, t);
	fputs("</td>", f);
}

static const char *
report_html_kind(const struct report_plan_server *sp, const char **cls)
{
	*cls = "";
	if (!sp->known) {
		*cls = " warn";
		return ("not in the directory");
	}
	if (sp->rodc)
		return ("read-only DC");
	if (sp->dc) {
		*cls = " warn";
		return ("domain controller");
	}
	if (!sp->enabled) {
		*cls = " warn";
		return ("member, account disabled");
	}
	return ("member");
}

static const char *
report_html_list(enum report_plan_list l, const char **cls)
{
	*cls = l == REPORT_PLAN_PROPOSED ? "" : l == REPORT_PLAN_IN_FORCE ?
	    " ok" : " bad";
	return (report_plan_list_name(l));
}

static void
report_html_names(FILE *f, const struct sim_names *n)
{
	size_t	i;

	if (n->n == 0) {
		fputs("<span class=\"muted\">none in the events</span>", f);
		return;
	}
	for (i = 0; i < n->n; i++) {
		fputs(i > 0 ? ", " : "", f);
		report_html_code(f, n->names[i]);
		fprintf(f, " <span class=\"muted\">(%" PRIu64 ")</span>",
		    n->events[i]);
	}
	if (n->total > n->n)
		fprintf(f, " <span class=\"muted\">and %" PRIu64 " more "
		    "(blocked.csv lists all)</span>", n->total - n->n);
}

static void
report_html_header(FILE *f, const struct report_plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv = &r->levels[r->level];
	char			 buf[UTIL_TIME_LEN];

	fputs("<header><h1>NTLM restriction plan: ", f);
	report_html_escape(f, rp->in->domain_netbios);
	if (rp->in->domain_dns != NULL) {
		fputs(" <span style=\"font-weight:400\">(", f);
		report_html_escape(f, rp->in->domain_dns);
		fputs(")</span>", f);
	}
	fputs("</h1><p>", f);
	report_html_escape(f, r->policy->setting);
	fputs(" &middot; for the change-advisory board &middot; generated ",
	    f);
	if (rp->in->generated != FLOWS_TIME_NONE) {
		util_time_format(rp->in->generated, buf);
		buf[10] = '\0';
		fputs(buf, f);
	}
	fputs(" by ntlmplan</p></header>\n<main>\n<div class=\"cards\">", f);
	fputs("<div class=\"card level\"><b>", f);
	report_html_escape(f, r->policy->option);
	fprintf(f, "</b><span>recommended level (value %ld)</span></div>",
	    r->policy->value);
	fprintf(f, "<div class=\"card\"><b>%zu</b><span>servers to add to "
	    "the exception list</span></div>", lv->nexceptions);
	fprintf(f, "<div class=\"card\"><b>%" PRIu64 "</b><span>events "
	    "denied before exceptions (%.1f a day)</span></div>",
	    lv->blocked_events, report_plan_per_day(rp, lv->blocked_events));
	fprintf(f, "<div class=\"card %s\"><b>%" PRIu64 "</b><span>flows "
	    "still denied with the list</span></div>", lv->residual_flows > 0 ?
	    "bad" : "ok", lv->residual_flows);
	fprintf(f, "<div class=\"card%s\"><b>%zu</b><span>caveats</span>"
	    "</div></div>\n", r->ncaveats > 0 ? " bad" : "", r->ncaveats);
}

static void
report_html_summary(FILE *f, const struct report_plan *rp)
{
	const struct sim_result		*r = rp->r;
	const struct sim_level		*lv = &r->levels[r->level];
	const struct policy		*p = r->policy;
	const struct report_json_inputs	*in = rp->in;
	const struct sim_host		*h;
	double				 days, longest = 0;
	size_t				 i;

	fputs("<section id=\"summary\"><h2>Summary</h2>\n<p><strong>"
	    "Recommendation:</strong> set <em>", f);
	report_html_escape(f, p->setting);
	fputs("</em> to <strong>", f);
	report_html_escape(f, p->option);
	fprintf(f, "</strong> (value %ld)", p->value);
	if (p->exceptions_key != NULL) {
		fprintf(f, ", with %zu server%s on <em>", rp->ngpo,
		    rp->ngpo == 1 ? "" : "s");
		report_html_escape(f, p->exceptions_setting != NULL ?
		    p->exceptions_setting : "the exception list");
		fputs("</em>", f);
		if (rp->ngpo > 0)
			fputs(": ", f);
		for (i = 0; i < rp->ngpo; i++) {
			fputs(i > 0 ? ", " : "", f);
			report_html_code(f, rp->gpo[i]);
		}
	} else
		fputs(". This setting has no exception list: servers that "
		    "still need NTLM must be left out of the GPO's scope", f);
	fputs(".</p>\n", f);
	if (!lv->answered)
		fputs("<p><span class=\"badge warn\">lower bound</span> "
		    "<strong>The audit data cannot answer for this level"
		    "</strong> (see the caveats): its figures are a lower "
		    "bound.</p>\n", f);
	fprintf(f, "<p>At this level %" PRIu64 " flows (%" PRIu64 " events, "
	    "about %.1f a day) would be denied before exceptions, on %" PRIu64
	    " server%s, for %" PRIu64 " account%s from %" PRIu64 " client%s. "
	    "%zu server%s need%s a new exception, %zu %s already covered by "
	    "the list in force, and %" PRIu64 " flow%s (%" PRIu64 " events) "
	    "would still be denied with both lists.</p>\n", lv->blocked_flows,
	    lv->blocked_events, report_plan_per_day(rp, lv->blocked_events),
	    lv->servers, lv->servers == 1 ? "" : "s", lv->accounts,
	    lv->accounts == 1 ? "" : "s", lv->clients,
	    lv->clients == 1 ? "" : "s", lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nexceptions == 1 ? "s" : "",
	    lv->nalready, lv->nalready == 1 ? "is" : "are",
	    lv->residual_flows, lv->residual_flows == 1 ? "" : "s",
	    lv->residual_events);
	fprintf(f, "<p><strong>What was analysed:</strong> %" PRIu64 " NTLM "
	    "audit events (%" PRIu64 " distinct flows) logged by %zu host%s "
	    "from ", r->input.events, r->input.flows, r->nhosts,
	    r->nhosts == 1 ? "" : "s");
	report_html_time(f, r->first_seen);
	fputs(" to ", f);
	report_html_time(f, r->last_seen);
	fprintf(f, " UTC (%zu day%s); the directory of ", rp->ndays,
	    rp->ndays == 1 ? "" : "s");
	report_html_code(f, in->domain_netbios);
	fprintf(f, " with %zu computers and %zu trust%s. Flow files: ",
	    in->computers, in->trusts, in->trusts == 1 ? "" : "s");
	for (i = 0; i < in->nflows; i++) {
		fputs(i > 0 ? ", " : "", f);
		report_html_code(f, in->flows[i]);
	}
	fputs("; directory snapshot: ", f);
	report_html_code(f, in->directory);
	if (in->exceptions_path != NULL) {
		fputs("; list in force: ", f);
		report_html_code(f, in->exceptions_path);
	}
	if (in->rules_path != NULL) {
		fputs("; site rules: ", f);
		report_html_code(f, in->rules_path);
	}
	fputs(".</p>\n", f);
	if (r->audit != NULL) {
		fputs("<p><strong>Audit level of the data:</strong> ", f);
		report_html_escape(f, r->audit->audit_option != NULL ?
		    r->audit->audit_option : r->audit->option);
		fprintf(f, " (%ld, %s). Levels that deny more than it logs "
		    "are marked <span class=\"badge warn\">lower bound</span> "
		    "below.</p>\n", r->audit->audit_key != NULL ?
		    r->audit->audit_value : r->audit->off, r->audit_inferred ?
		    "inferred from the data" : "as stated");
	}
	fputs("<h3>Time window per logging host</h3>\n<p class=\"muted\">"
	    "Short retention makes &ldquo;no NTLM seen&rdquo; untrustworthy: "
	    "a host logged for a few days says little about the rest.</p>\n"
	    "<div class=\"wide\"><table class=\"sortable\" id=\"hosts\">"
	    "<thead><tr><th>Host</th>"
	    "<th class=\"n\">Events</th><th>First event (UTC)</th>"
	    "<th>Last event (UTC)</th><th class=\"n\">Days</th></tr></thead>"
	    "<tbody>\n", f);
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (h->first_seen != FLOWS_TIME_NONE &&
		    (double)(h->last_seen - h->first_seen) > longest)
			longest = (double)(h->last_seen - h->first_seen);
	}
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		days = h->first_seen == FLOWS_TIME_NONE ? 0.0 :
		    (double)(h->last_seen - h->first_seen) / 86400e6;
		fputs("<tr><td>", f);
		report_html_code(f, h->name != NULL ? h->name :
		    "(unknown host)");
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td>", h->events);
		report_html_time_cell(f, h->first_seen);
		report_html_time_cell(f, h->last_seen);
		fprintf(f, "<td class=\"n\" data-v=\"%.1f\">%.1f%s</td></tr>\n",
		    days, days, days * 86400e6 * 2 < longest ?
		    " <span class=\"badge warn\">short</span>" : "");
	}
	fputs("</tbody></table></div>\n</section>\n", f);
}

/* Blocked events per level, split by what covers them. */
static void
report_html_chart_levels(FILE *f, const struct report_plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv;
	uint64_t		 max = 1, prop;
	double			 x0 = 380, w = 420, x, bw;
	size_t			 i;
	int			 y;

	for (i = 0; i < r->nlevels; i++) {
		if (r->levels[i].blocked_events > max)
			max = r->levels[i].blocked_events;
	}
	fprintf(f, "<figure id=\"chart-levels\"><svg xmlns=\"http://www.w3.org"
	    "/2000/svg\" role=\"img\" aria-label=\"Blocked events per level\" "
	    "viewBox=\"0 0 900 %zu\" width=\"100%%\" style=\"max-width:900px\">"
	    "\n", r->nlevels * 34 + 46);
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		y = (int)i * 34 + 8;
		prop = lv->blocked_events - lv->excepted_events -
		    lv->residual_events;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		    "font-size=\"13\"%s>", 370, y + 17, i == r->level ?
		    " font-weight=\"700\"" : "");
		report_html_escape(f, lv->policy->option);
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
	fprintf(f, "<rect x=\"380\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#9aa5b1\"/><text x=\"398\" y=\"%d\" font-size=\"12\">"
	    "allowed by the list in force</text>"
	    "<rect x=\"580\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#1f5fa8\"/><text x=\"598\" y=\"%d\" font-size=\"12\">"
	    "allowed by the proposed list</text>"
	    "<rect x=\"790\" y=\"%d\" width=\"12\" height=\"12\" "
	    "fill=\"#c0392b\"/><text x=\"808\" y=\"%d\" font-size=\"12\">"
	    "still denied</text>\n", y, y + 10, y, y + 10, y, y + 10);
	fputs("</svg><figcaption>Events each level would deny in the data, "
	    "before exceptions, and what would allow them again.</figcaption>"
	    "</figure>\n", f);
}

static void
report_html_levels(FILE *f, const struct report_plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv;
	size_t			 i;

	fputs("<section id=\"levels\"><h2>Decision table</h2>\n<p>Every "
	    "option of the setting, simulated on the same data. Events per "
	    "day: the blocked events over the days of the data. Exceptions "
	    "needed: servers to add to the list in force.</p>\n"
	    "<div class=\"wide\"><table class=\"sortable\" id=\"decision\">"
	    "<thead><tr>"
	    "<th class=\"n\">Value</th><th>Option</th>"
	    "<th class=\"n\">Blocked flows</th><th class=\"n\">Events/day</th>"
	    "<th class=\"n\">Servers</th><th class=\"n\">Accounts</th>"
	    "<th class=\"n\">Clients</th><th class=\"n\">Exceptions needed</th>"
	    "<th class=\"n\">Already excepted</th>"
	    "<th class=\"n\">Still denied flows</th><th>Data</th></tr></thead>"
	    "<tbody>\n", f);
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		fprintf(f, "<tr%s><td class=\"n\">%ld</td><td>",
		    i == r->level ? " class=\"planned\"" : "",
		    lv->policy->value);
		report_html_escape(f, lv->policy->option);
		if (i == r->level)
			fputs(" <span class=\"badge ok\">planned</span>", f);
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td>"
		    "<td class=\"n\">%.1f</td><td class=\"n\">%" PRIu64 "</td>"
		    "<td class=\"n\">%" PRIu64 "</td><td class=\"n\">%" PRIu64
		    "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
		    "<td class=\"n\">%" PRIu64 "</td><td>%s</td></tr>\n",
		    lv->blocked_flows,
		    report_plan_per_day(rp, lv->blocked_events), lv->servers,
		    lv->accounts, lv->clients, lv->nexceptions, lv->nalready,
		    lv->residual_flows, lv->answered ? "answers" :
		    "<span class=\"badge warn\">lower bound</span>");
	}
	fputs("</tbody></table></div>\n", f);
	report_html_chart_levels(f, rp);
	fputs("</section>\n", f);
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
report_html_chart_days(FILE *f, const struct report_plan *rp)
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
	    "2000/svg\" role=\"img\" aria-label=\"Estimated NTLM events per "
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
		report_plan_day(rp->day0 + (int64_t)d * REPORT_HTML_DAY, day);
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
		report_html_escape(f, sp->s->name);
		fputs("</text>\n", f);
	}
	fputs("</svg><figcaption>NTLM events per day that the planned level "
	    "would deny, for the servers with most of them. Estimated: a flow "
	    "file keeps only a count and the first and last time of each flow,"
	    " so each flow's events are spread evenly over the days from its "
	    "first to its last event.</figcaption></figure>\n", f);
}

static void
report_html_servers(FILE *f, const struct report_plan *rp)
{
	const struct report_plan_server	*sp;
	const struct sim_server		*s;
	const char			*what, *cls, *lcls, *kind, *list;
	size_t				 i, j;

	fputs("<section id=\"servers\"><h2>Servers on the list: the "
	    "evidence</h2>\n", f);
	if (rp->nservers == 0) {
		fputs("<p>No server receives NTLM that this level denies."
		    "</p></section>\n", f);
		return;
	}
	report_html_chart_days(f, rp);
	fputs("<div class=\"wide\"><table class=\"sortable\" "
	    "id=\"server-table\"><thead><tr>"
	    "<th>Server</th><th>FQDN</th><th>List</th><th>Kind</th>"
	    "<th>Operating system</th><th class=\"n\">Denied events</th>"
	    "<th class=\"n\">Flows</th><th>First seen</th><th>Last seen</th>"
	    "</tr></thead><tbody>\n", f);
	for (i = 0; i < rp->nservers; i++) {
		sp = &rp->servers[i];
		s = sp->s;
		kind = report_html_kind(sp, &cls);
		list = report_html_list(sp->list, &lcls);
		fputs("<tr><td>", f);
		report_html_code(f, s->name);
		fputs("</td><td>", f);
		report_html_code(f, s->fqdn);
		fprintf(f, "</td><td><span class=\"badge%s\">%s</span></td>"
		    "<td><span class=\"badge%s\">%s</span></td><td>", lcls,
		    list, cls, kind);
		if (sp->os != NULL)
			report_html_escape(f, sp->os);
		else
			fputs("<span class=\"muted\">unknown</span>", f);
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td>"
		    "<td class=\"n\">%" PRIu64 "</td>", s->events, s->flows);
		report_html_time_cell(f, s->first_seen);
		report_html_time_cell(f, s->last_seen);
		fputs("</tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	for (i = 0; i < rp->nservers && i < REPORT_PLAN_CARDS; i++) {
		sp = &rp->servers[i];
		s = sp->s;
		kind = report_html_kind(sp, &cls);
		list = report_html_list(sp->list, &lcls);
		fputs("<div class=\"server\"><h3>", f);
		report_html_escape(f, s->name);
		fprintf(f, " <span class=\"badge%s\">%s</span> "
		    "<span class=\"badge%s\">%s</span></h3><dl>", lcls, list,
		    cls, kind);
		fputs("<dt>Operating system</dt><dd>", f);
		if (sp->os != NULL) {
			report_html_escape(f, sp->os);
			if (sp->os_version != NULL) {
				fputs(" ", f);
				report_html_escape(f, sp->os_version);
			}
		} else
			fputs("<span class=\"muted\">unknown</span>", f);
		fprintf(f, "</dd><dt>Volume</dt><dd>%" PRIu64 " events in %"
		    PRIu64 " flow%s, ", s->events, s->flows,
		    s->flows == 1 ? "" : "s");
		report_html_time(f, s->first_seen);
		fputs(" to ", f);
		report_html_time(f, s->last_seen);
		fputs(" UTC</dd><dt>Services (process)</dt><dd>", f);
		if (s->processes.n == 0)
			fputs("<span class=\"muted\">no process name in the "
			    "events (a DC's 8004 events carry none)</span>", f);
		for (j = 0; j < s->processes.n; j++) {
			fputs(j > 0 ? "<br>" : "", f);
			report_html_code(f, s->processes.names[j]);
			if ((what = report_plan_service(
			    s->processes.names[j])) != NULL)
				fprintf(f, " &ndash; %s", what);
			fprintf(f, " <span class=\"muted\">(%" PRIu64
			    ")</span>", s->processes.events[j]);
		}
		fputs("</dd><dt>Accounts</dt><dd>", f);
		report_html_names(f, &s->accounts);
		fputs("</dd><dt>Clients</dt><dd>", f);
		report_html_names(f, &s->clients);
		fputs("</dd>", f);
		if (s->entry != NULL) {
			fputs("<dt>Entry in force</dt><dd>", f);
			report_html_code(f, s->entry);
			fputs("</dd>", f);
		}
		fputs("</dl></div>\n", f);
	}
	if (rp->nservers > REPORT_PLAN_CARDS)
		fprintf(f, "<p class=\"muted\">The evidence of the first %d "
		    "of %zu servers; the table above lists all, plan.json has "
		    "the evidence of each.</p>\n", REPORT_PLAN_CARDS,
		    rp->nservers);
	fputs("</section>\n", f);
}

static void
report_html_residual(FILE *f, const struct report_plan *rp)
{
	const struct sim_level	*lv = &rp->r->levels[rp->r->level];
	const struct flow	*fw;
	size_t			 i, n = 0;

	fputs("<section id=\"residual\"><h2>What would still break with the "
	    "list in force</h2>\n", f);
	if (lv->residual_flows == 0) {
		fputs("<p>Nothing in the data: with the proposed list in "
		    "force, every flow this level denies is allowed by an "
		    "exception. Remember the caveats: what was not logged "
		    "cannot be shown.</p></section>\n", f);
		return;
	}
	fprintf(f, "<p>%" PRIu64 " flows (%" PRIu64 " events) would still be "
	    "denied: their servers are kept off the list by a remediate rule."
	    " Fix them (Kerberos: SPNs, names instead of addresses) before "
	    "enforcing.</p>\n<div class=\"wide\"><table class=\"sortable\" "
	    "id=\"residual-table\">"
	    "<thead><tr><th>Server</th><th>Account</th><th>Client</th>"
	    "<th>Process</th><th class=\"n\">Events</th><th>Last seen</th>"
	    "<th>Rule</th></tr></thead><tbody>\n", lv->residual_flows,
	    lv->residual_events);
	for (i = 0; i < rp->nblocked; i++) {
		if (rp->blocked[i].in_force || rp->blocked[i].proposed)
			continue;
		if (n++ == REPORT_PLAN_RESIDUAL)
			break;
		fw = flows_flow(rp->fl, rp->blocked[i].flow);
		fputs("<tr><td>", f);
		report_html_code(f, rp->blocked[i].server);
		fputs("</td><td>", f);
		report_html_code(f, fw->key.domain);
		fputs(" ", f);
		report_html_code(f, fw->key.user);
		fputs("</td><td>", f);
		report_html_code(f, fw->key.workstation);
		fputs("</td><td>", f);
		report_html_code(f, fw->key.process);
		fprintf(f, "</td><td class=\"n\">%" PRIu64 "</td>", fw->count);
		report_html_time_cell(f, fw->last_seen);
		fputs("<td>", f);
		if (rp->blocked[i].rule != NULL) {
			fprintf(f, "line %u: ", rp->blocked[i].rule->line);
			report_html_escape(f, rp->blocked[i].rule->reason);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody></table></div>\n", f);
	if (lv->residual_flows > REPORT_PLAN_RESIDUAL)
		fprintf(f, "<p class=\"muted\">The first %d of %" PRIu64
		    " flows; blocked.csv lists all (outcome denied).</p>\n",
		    REPORT_PLAN_RESIDUAL, lv->residual_flows);
	fputs("</section>\n", f);
}

static void
report_html_caveats(FILE *f, const struct report_plan *rp)
{
	const struct sim_caveat	*cv;
	size_t			 i, j;

	fputs("<section id=\"caveats\"><h2>Caveats</h2>\n", f);
	if (rp->r->ncaveats == 0)
		fputs("<p>None.</p>\n", f);
	else
		fputs("<ul>\n", f);
	for (i = 0; i < rp->r->ncaveats; i++) {
		cv = &rp->r->caveats[i];
		fputs("<li><span class=\"badge warn\">", f);
		report_html_escape(f, cv->kind);
		fputs("</span> ", f);
		report_html_escape(f, cv->text);
		if (cv->nitems > 0)
			fputs("<ul>", f);
		for (j = 0; j < cv->nitems; j++) {
			fputs("<li>", f);
			report_html_escape(f, cv->items[j]);
			fputs("</li>", f);
		}
		fputs(cv->nitems > 0 ? "</ul></li>\n" : "</li>\n", f);
	}
	if (rp->r->ncaveats > 0)
		fputs("</ul>\n", f);
	fputs("</section>\n", f);
}

static void
report_html_pre(FILE *f, char *const *lines, size_t n)
{
	size_t	i;

	fputs("<pre>", f);
	for (i = 0; i < n; i++) {
		report_html_escape(f, lines[i]);
		fputs("\n", f);
	}
	fputs("</pre>\n", f);
}

static void
report_html_rollout(FILE *f, const struct report_plan *rp)
{
	const struct policy	*p = rp->r->policy;

	fputs("<section id=\"rollout\"><h2>Staged rollout</h2>\n<p>Import "
	    "each template into the GPO that applies the setting (Group "
	    "Policy Management: Security Settings, Import Policy), or apply "
	    "it with <code>secedit /configure /db ntlm.sdb /cfg FILE /areas "
	    "SECURITYPOLICY</code>.</p>\n<ol class=\"steps\">\n"
	    "<li><strong>Audit with the list</strong> "
	    "(<code>GptTmpl-audit.inf</code>): audit at the planned level, "
	    "deny nothing, the exception list in place.\n", f);
	report_html_pre(f, rp->audit, rp->naudit);
	fputs("</li>\n<li><strong>Review</strong>: collect the NTLM logs "
	    "again after some weeks and plan with <code>--exceptions "
	    "GptTmpl-audit.inf</code>: what is left denied must be fixed or "
	    "excepted before enforcing.</li>\n<li><strong>Enforce</strong> "
	    "(<code>GptTmpl-enforce.inf</code>): deny at the planned level, "
	    "keep auditing everything.\n", f);
	report_html_pre(f, rp->enforce, rp->nenforce);
	fputs("</li>\n</ol>\n<p><strong>Rollback</strong>: set <em>", f);
	report_html_escape(f, p->setting);
	fprintf(f, "</em> back to its off value, %ld (Disable, Allow all): "
	    "auditing and the list stay.</p>\n", p->off);
	report_html_pre(f, rp->rollback, rp->nrollback);
	fputs("</section>\n", f);
}

void
report_html_write(FILE *f, const struct report_plan *rp)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'; "
	    "script-src 'unsafe-inline'; img-src data:\">\n<title>"
	    "NTLM restriction plan: ", f);
	report_html_escape(f, rp->in->domain_netbios);
	fputs("</title>\n", f);
	fputs(report_html_style, f);
	fputs("</head>\n<body>\n", f);
	report_html_header(f, rp);
	report_html_summary(f, rp);
	report_html_levels(f, rp);
	report_html_servers(f, rp);
	report_html_residual(f, rp);
	report_html_caveats(f, rp);
	report_html_rollout(f, rp);
	fputs("</main>\n<footer>Written by ntlmplan plan. Companion files: "
	    "exceptions.txt, GptTmpl-audit.inf, GptTmpl-enforce.inf, "
	    "blocked.csv (every denied flow), plan.json.</footer>\n", f);
	fputs(report_html_script, f);
	fputs("</body>\n</html>\n", f);
}
