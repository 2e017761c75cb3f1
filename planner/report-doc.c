/*
 * report-doc.c: the document interface's two renderers.  Each keeps a
 * stack of the open blocks.  HTML maps blocks to elements one to one.
 * Markdown (GitHub flavour) writes through md_putc, which starts every line
 * with the prefix its open blocks need ("> " in a verdict, the marker's
 * width in a list item), so that nested blocks stay inside their parents.
 *
 * Escaping, once per renderer: HTML escapes &<>"' and replaces control
 * characters; Markdown backslash-escapes punctuation in text, writes code
 * spans with a fence longer than any backtick run (and "|" escaped inside
 * tables), and turns control characters into spaces.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "report-doc.h"
#include "util.h"
#include "xmalloc.h"

#define DOC_DEPTH	16

enum doc_block {
	DOC_B_HEADER,
	DOC_B_SECTION,
	DOC_B_HEADING,
	DOC_B_PARA,
	DOC_B_LIST,
	DOC_B_ITEM,
	DOC_B_TABLE,
	DOC_B_ROW,
	DOC_B_CELL,
	DOC_B_VERDICT
};

struct doc_open {
	enum doc_block	 kind;
	int		 n;		/* list: items so far; heading: level;
					   item: marker width */
	int		 ordered;
};

struct doc {
	FILE			*f;
	enum doc_format		 fmt;
	doc_hook_fn		*hook;
	void			*arg;
	struct doc_open		 open[DOC_DEPTH];
	size_t			 depth;
	enum doc_style		 styles[DOC_DEPTH];
	size_t			 nstyles;
	int			 bol;		/* Markdown: at a line start */
	int			 main;		/* HTML: <main> open */
	const struct doc_column	*cols;		/* of the open table */
	size_t			 ncols;
	size_t			 col;		/* cells so far in the row */
};

struct doc *
doc_create(FILE *f, enum doc_format fmt)
{
	struct doc	*d;

	d = xcalloc(1, sizeof *d);
	d->f = f;
	d->fmt = fmt;
	d->bol = 1;
	return (d);
}

void
doc_free(struct doc *d)
{
	if (d == NULL)
		return;
	if (d->main)
		fputs("</main>\n", d->f);
	free(d);
}

enum doc_format
doc_format(const struct doc *d)
{
	return (d->fmt);
}

void
doc_set_hook(struct doc *d, doc_hook_fn *fn, void *arg)
{
	d->hook = fn;
	d->arg = arg;
}

void
doc_hook(struct doc *d, const char *name)
{
	if (d->fmt == DOC_HTML && d->hook != NULL)
		d->hook(d->f, name, d->arg);
}

static void
doc_push(struct doc *d, enum doc_block kind, int n, int ordered)
{
	if (d->depth >= DOC_DEPTH)
		abort();		/* a writer's bug */
	d->open[d->depth].kind = kind;
	d->open[d->depth].n = n;
	d->open[d->depth].ordered = ordered;
	d->depth++;
}

static struct doc_open *
doc_top(struct doc *d)
{
	return (d->depth > 0 ? &d->open[d->depth - 1] : NULL);
}

/* Close the innermost block, which must be of kind. */
static struct doc_open
doc_pop(struct doc *d, enum doc_block kind)
{
	if (d->depth == 0 || d->open[d->depth - 1].kind != kind)
		abort();		/* a writer's bug */
	return (d->open[--d->depth]);
}

static int
doc_inside(const struct doc *d, enum doc_block kind)
{
	size_t	i;

	for (i = 0; i < d->depth; i++)
		if (d->open[i].kind == kind)
			return (1);
	return (0);
}

/* HTML. */

void
doc_html_escape(FILE *f, const char *s)
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

/* Markdown: every byte goes through here. */

static void
md_prefix(struct doc *d, int blank)
{
	size_t	i;
	int	k;

	for (i = 0; i < d->depth; i++) {
		if (d->open[i].kind == DOC_B_VERDICT)
			fputs(blank ? ">" : "> ", d->f);
		else if (d->open[i].kind == DOC_B_ITEM && !blank)
			for (k = 0; k < d->open[i].n; k++)
				putc(' ', d->f);
	}
}

static void
md_putc(struct doc *d, int c)
{
	if (c == '\n') {
		if (d->bol)
			md_prefix(d, 1);
		putc('\n', d->f);
		d->bol = 1;
		return;
	}
	if (d->bol)
		md_prefix(d, 0);
	d->bol = 0;
	putc((unsigned char)c < 0x20 || c == 0x7f ? ' ' : c, d->f);
}

static void
md_puts(struct doc *d, const char *s)
{
	for (; *s != '\0'; s++)
		md_putc(d, *s);
}

/* End the current line if something is on it. */
static void
md_eol(struct doc *d)
{
	if (!d->bol)
		md_putc(d, '\n');
}

static void
md_text(struct doc *d, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>|&~", *s) != NULL)
			md_putc(d, '\\');
		md_putc(d, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

static void
md_code(struct doc *d, const char *s)
{
	size_t	run = 0, max = 0, i;
	int	pad, table = doc_inside(d, DOC_B_CELL);

	for (i = 0; s[i] != '\0'; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	pad = s[0] == '`' || s[i - 1] == '`' || s[0] == ' ';
	for (i = 0; i <= max; i++)
		md_putc(d, '`');
	if (pad)
		md_putc(d, ' ');
	for (; *s != '\0'; s++) {
		if (*s == '|' && table)
			md_putc(d, '\\');
		md_putc(d, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
	if (pad)
		md_putc(d, ' ');
	for (i = 0; i <= max; i++)
		md_putc(d, '`');
}

/* Blocks. */

void
doc_header_begin(struct doc *d)
{
	doc_push(d, DOC_B_HEADER, 0, 0);
	if (d->fmt == DOC_HTML)
		fputs("<header>", d->f);
}

void
doc_header_end(struct doc *d)
{
	doc_pop(d, DOC_B_HEADER);
	if (d->fmt == DOC_HTML) {
		fputs("</header>\n<main>\n", d->f);
		d->main = 1;
	}
}

/* An HTML opening tag's id attribute, if there is one. */
static void
doc_html_id(struct doc *d, const char *id)
{
	if (id != NULL) {
		fputs(" id=\"", d->f);
		doc_html_escape(d->f, id);
		fputc('"', d->f);
	}
}

void
doc_section_begin(struct doc *d, const char *id)
{
	doc_push(d, DOC_B_SECTION, 0, 0);
	if (d->fmt != DOC_HTML)
		return;
	fputs("<section", d->f);
	doc_html_id(d, id);
	fputs(">\n", d->f);
}

void
doc_section_end(struct doc *d)
{
	doc_pop(d, DOC_B_SECTION);
	if (d->fmt == DOC_HTML)
		fputs("</section>\n", d->f);
}

void
doc_heading_begin(struct doc *d, int level)
{
	int	i;

	if (level < 1)
		level = 1;
	if (level > 4)
		level = 4;
	if (d->fmt == DOC_HTML)
		fprintf(d->f, "<h%d>", level);
	else {
		md_eol(d);
		for (i = 0; i < level; i++)
			md_putc(d, '#');
		md_putc(d, ' ');
	}
	doc_push(d, DOC_B_HEADING, level, 0);
}

void
doc_heading_end(struct doc *d)
{
	struct doc_open	o = doc_pop(d, DOC_B_HEADING);

	if (d->fmt == DOC_HTML)
		fprintf(d->f, "</h%d>\n", o.n);
	else {
		md_putc(d, '\n');
		md_putc(d, '\n');
	}
}

void
doc_heading(struct doc *d, int level, const char *text)
{
	doc_heading_begin(d, level);
	doc_text(d, text);
	doc_heading_end(d);
}

void
doc_para_begin(struct doc *d, const char *cls)
{
	doc_push(d, DOC_B_PARA, 0, 0);
	if (d->fmt == DOC_HTML) {
		fputs("<p", d->f);
		if (cls != NULL) {
			fputs(" class=\"", d->f);
			doc_html_escape(d->f, cls);
			fputs("\"", d->f);
		}
		fputs(">", d->f);
	} else
		md_eol(d);
}

void
doc_para_end(struct doc *d)
{
	doc_pop(d, DOC_B_PARA);
	if (d->fmt == DOC_HTML)
		fputs("</p>\n", d->f);
	else {
		md_putc(d, '\n');
		md_putc(d, '\n');
	}
}

void
doc_list_begin(struct doc *d, int ordered)
{
	if (d->fmt == DOC_HTML)
		fputs(ordered ? "<ol>\n" : "<ul>\n", d->f);
	else
		md_eol(d);
	doc_push(d, DOC_B_LIST, 0, ordered);
}

void
doc_item_begin(struct doc *d)
{
	struct doc_open	*l = doc_top(d);
	char		 mark[32];

	if (l == NULL || l->kind != DOC_B_LIST)
		abort();
	l->n++;
	if (d->fmt == DOC_HTML) {
		fputs("<li>", d->f);
		doc_push(d, DOC_B_ITEM, 0, 0);
		return;
	}
	md_eol(d);
	if (l->ordered)
		snprintf(mark, sizeof mark, "%d. ", l->n);
	else
		snprintf(mark, sizeof mark, "- ");
	md_puts(d, mark);
	doc_push(d, DOC_B_ITEM, (int)strlen(mark), 0);
}

void
doc_item_end(struct doc *d)
{
	doc_pop(d, DOC_B_ITEM);
	if (d->fmt == DOC_HTML)
		fputs("</li>\n", d->f);
	else
		md_eol(d);
}

void
doc_list_end(struct doc *d)
{
	struct doc_open	o = doc_pop(d, DOC_B_LIST);

	if (d->fmt == DOC_HTML)
		fputs(o.ordered ? "</ol>\n" : "</ul>\n", d->f);
	else if (!doc_inside(d, DOC_B_ITEM)) {
		md_eol(d);
		md_putc(d, '\n');
	}
}

void
doc_table_begin(struct doc *d, const char *id, const struct doc_column *cols,
    size_t ncols)
{
	size_t	i;

	doc_push(d, DOC_B_TABLE, 0, 0);
	d->cols = cols;
	d->ncols = ncols;
	if (d->fmt == DOC_HTML) {
		fputs("<div class=\"wide\"><table class=\"sortable\"", d->f);
		doc_html_id(d, id);
		fputs("><thead><tr>", d->f);
		for (i = 0; i < ncols; i++) {
			fputs(cols[i].align == DOC_RIGHT ? "<th class=\"n\">" :
			    "<th>", d->f);
			doc_html_escape(d->f, cols[i].title);
			fputs("</th>", d->f);
		}
		fputs("</tr></thead><tbody>\n", d->f);
		return;
	}
	md_eol(d);
	md_putc(d, '|');
	for (i = 0; i < ncols; i++) {
		md_putc(d, ' ');
		md_text(d, cols[i].title);
		md_puts(d, " |");
	}
	md_putc(d, '\n');
	md_putc(d, '|');
	for (i = 0; i < ncols; i++)
		md_puts(d, cols[i].align == DOC_RIGHT ? "--:|" : "---|");
	md_putc(d, '\n');
}

void
doc_table_end(struct doc *d)
{
	doc_pop(d, DOC_B_TABLE);
	d->cols = NULL;
	d->ncols = 0;
	if (d->fmt == DOC_HTML)
		fputs("</tbody></table></div>\n", d->f);
	else
		md_putc(d, '\n');
}

void
doc_row_begin(struct doc *d, const char *cls)
{
	doc_push(d, DOC_B_ROW, 0, 0);
	d->col = 0;
	if (d->fmt == DOC_HTML) {
		fputs("<tr", d->f);
		if (cls != NULL) {
			fputs(" class=\"", d->f);
			doc_html_escape(d->f, cls);
			fputs("\"", d->f);
		}
		fputs(">", d->f);
	} else
		md_putc(d, '|');
}

void
doc_row_end(struct doc *d)
{
	doc_pop(d, DOC_B_ROW);
	if (d->fmt == DOC_HTML)
		fputs("</tr>\n", d->f);
	else
		md_putc(d, '\n');
}

void
doc_cell_begin(struct doc *d, const char *cls, const char *key)
{
	int	num = d->cols != NULL && d->col < d->ncols &&
		    d->cols[d->col].align == DOC_RIGHT;

	doc_push(d, DOC_B_CELL, 0, 0);
	d->col++;
	if (d->fmt != DOC_HTML) {
		md_putc(d, ' ');
		return;
	}
	fputs("<td", d->f);
	if (num || cls != NULL) {
		fputs(" class=\"", d->f);
		fputs(num ? "n" : "", d->f);
		if (cls != NULL) {
			fputs(num ? " " : "", d->f);
			doc_html_escape(d->f, cls);
		}
		fputs("\"", d->f);
	}
	if (key != NULL) {
		fputs(" data-v=\"", d->f);
		doc_html_escape(d->f, key);
		fputs("\"", d->f);
	}
	fputs(">", d->f);
}

void
doc_cell_end(struct doc *d)
{
	doc_pop(d, DOC_B_CELL);
	if (d->fmt == DOC_HTML)
		fputs("</td>", d->f);
	else
		md_puts(d, " |");
}

void
doc_cell_time(struct doc *d, int64_t t)
{
	char	key[32];

	snprintf(key, sizeof key, "%" PRId64, t == UTIL_TIME_NONE ?
	    (int64_t)0 : t / 1000000);
	doc_cell_begin(d, "t", key);
	doc_time(d, t);
	doc_cell_end(d);
}

void
doc_pre(struct doc *d, const char *lang, char *const *lines, size_t n)
{
	size_t	i, j, run, max = 2;

	if (d->fmt == DOC_HTML) {
		fputs("<pre>", d->f);
		for (i = 0; i < n; i++) {
			doc_html_escape(d->f, lines[i]);
			fputs("\n", d->f);
		}
		fputs("</pre>\n", d->f);
		return;
	}
	for (i = 0; i < n; i++) {
		for (j = 0, run = 0; lines[i][j] != '\0'; j++) {
			run = lines[i][j] == '`' ? run + 1 : 0;
			if (run > max)
				max = run;
		}
	}
	md_eol(d);
	for (j = 0; j <= max; j++)
		md_putc(d, '`');
	if (lang != NULL)
		md_puts(d, lang);
	md_putc(d, '\n');
	for (i = 0; i < n; i++) {
		for (j = 0; lines[i][j] != '\0'; j++)
			md_putc(d, lines[i][j] == '\n' ? ' ' : lines[i][j]);
		md_putc(d, '\n');
	}
	for (j = 0; j <= max; j++)
		md_putc(d, '`');
	md_putc(d, '\n');
	if (!doc_inside(d, DOC_B_ITEM))
		md_putc(d, '\n');
}

void
doc_verdict_begin(struct doc *d, int ready)
{
	if (d->fmt == DOC_HTML)
		fprintf(d->f, "<div class=\"verdict %s\">\n",
		    ready ? "ready" : "not-ready");
	else
		md_eol(d);
	doc_push(d, DOC_B_VERDICT, 0, 0);
}

void
doc_verdict_end(struct doc *d)
{
	doc_pop(d, DOC_B_VERDICT);
	if (d->fmt == DOC_HTML)
		fputs("</div>\n", d->f);
	else {
		md_eol(d);
		md_putc(d, '\n');
	}
}

/* Inline runs. */

void
doc_text(struct doc *d, const char *s)
{
	if (s == NULL)
		return;
	if (d->fmt == DOC_HTML)
		doc_html_escape(d->f, s);
	else
		md_text(d, s);
}

static void	doc_vtextf(struct doc *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
doc_vtextf(struct doc *d, const char *fmt, va_list ap)
{
	char	*s;

	xvasprintf(&s, fmt, ap);
	doc_text(d, s);
	free(s);
}

void
doc_textf(struct doc *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	doc_vtextf(d, fmt, ap);
	va_end(ap);
}

void
doc_cellf(struct doc *d, const char *fmt, ...)
{
	va_list	 ap;

	doc_cell_begin(d, NULL, NULL);
	va_start(ap, fmt);
	doc_vtextf(d, fmt, ap);
	va_end(ap);
	doc_cell_end(d);
}

static const char *
doc_style_mark(enum doc_style st, int html, int end)
{
	if (html) {
		if (st == DOC_EM)
			return (end ? "</em>" : "<em>");
		return (end ? "</strong>" : "<strong>");
	}
	return (st == DOC_EM ? "*" : "**");
}

void
doc_style_begin(struct doc *d, enum doc_style st)
{
	if (d->nstyles >= DOC_DEPTH)
		abort();
	d->styles[d->nstyles++] = st;
	if (d->fmt == DOC_HTML)
		fputs(doc_style_mark(st, 1, 0), d->f);
	else
		md_puts(d, doc_style_mark(st, 0, 0));
}

void
doc_style_end(struct doc *d)
{
	enum doc_style	st;

	if (d->nstyles == 0)
		abort();
	st = d->styles[--d->nstyles];
	if (d->fmt == DOC_HTML)
		fputs(doc_style_mark(st, 1, 1), d->f);
	else
		md_puts(d, doc_style_mark(st, 0, 1));
}

void
doc_em(struct doc *d, const char *s)
{
	doc_style_begin(d, DOC_EM);
	doc_text(d, s);
	doc_style_end(d);
}

void
doc_strong(struct doc *d, const char *s)
{
	doc_style_begin(d, DOC_STRONG);
	doc_text(d, s);
	doc_style_end(d);
}

void
doc_code(struct doc *d, const char *s)
{
	if (s == NULL || *s == '\0') {
		if (d->fmt == DOC_HTML)
			fputs("<span class=\"muted\">-</span>", d->f);
		else
			md_putc(d, '-');
		return;
	}
	if (d->fmt == DOC_HTML) {
		fputs("<code>", d->f);
		doc_html_escape(d->f, s);
		fputs("</code>", d->f);
	} else
		md_code(d, s);
}

void
doc_link(struct doc *d, const char *text, const char *href)
{
	const char	*p;

	if (d->fmt == DOC_HTML) {
		fputs("<a href=\"", d->f);
		doc_html_escape(d->f, href);
		fputs("\">", d->f);
		doc_html_escape(d->f, text);
		fputs("</a>", d->f);
		return;
	}
	md_putc(d, '[');
	md_text(d, text);
	md_puts(d, "](");
	for (p = href; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f ||
		    strchr("()<>\\`", *p) != NULL) {
			char	hex[4];

			snprintf(hex, sizeof hex, "%%%02X", (unsigned char)*p);
			md_puts(d, hex);
		} else
			md_putc(d, *p);
	}
	md_putc(d, ')');
}

void
doc_tag(struct doc *d, const char *cls, const char *text)
{
	if (d->fmt == DOC_HTML) {
		fputs("<span class=\"badge", d->f);
		if (cls != NULL) {
			fputs(" ", d->f);
			doc_html_escape(d->f, cls);
		}
		fputs("\">", d->f);
		doc_html_escape(d->f, text);
		fputs("</span>", d->f);
		return;
	}
	md_putc(d, '*');
	md_text(d, text);
	md_putc(d, '*');
}

void
doc_time(struct doc *d, int64_t t)
{
	char	buf[UTIL_TIME_LEN];

	if (t == UTIL_TIME_NONE) {
		doc_text(d, "-");
		return;
	}
	doc_text(d, util_time_readable(t, buf));
}

void
doc_count(struct doc *d, uint64_t n, const char *one, const char *many)
{
	if (n == 1)
		doc_textf(d, "1 %s", one);
	else if (many != NULL)
		doc_textf(d, "%" PRIu64 " %s", n, many);
	else
		doc_textf(d, "%" PRIu64 " %ss", n, one);
}
