/*
 * report-doc.h: a tiny document interface, so that a report's prose is
 * written once and rendered twice (HTML for report.html, Markdown for
 * report.md).  A writer calls blocks (header, section, heading, paragraph,
 * list, table, code block, verdict) and inline runs (text, emphasis,
 * strong, code, link, tag, time, count) in document order; the renderer
 * escapes every string once, so that no event field can add markup.
 *
 * Blocks nest as HTML's do: a section holds headings, paragraphs, lists,
 * tables, code blocks and verdicts; a verdict holds paragraphs and lists; a
 * list item holds inline runs and then, optionally, code blocks and nested
 * lists; a table cell holds inline runs only.  What only one format can
 * show (HTML's SVG charts, its script) is a named hook: doc_hook calls the
 * renderer's hook function, set by the report module that knows the data;
 * the Markdown renderer has none.
 *
 * Ownership: a struct doc borrows its FILE and hook argument; strings are
 * written at once and never kept.
 */
#ifndef REPORT_DOC_H
#define REPORT_DOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct doc;

enum doc_format {
	DOC_HTML,
	DOC_MARKDOWN
};

enum doc_style {
	DOC_EM,
	DOC_STRONG
};

enum doc_align {
	DOC_LEFT,
	DOC_RIGHT		/* numbers */
};

struct doc_column {
	const char	*title;
	enum doc_align	 align;
};

/* Called by doc_hook in the HTML renderer: name says which extra. */
typedef void	 doc_hook_fn(FILE *, const char *, void *);

/* A document written to f in format fmt; never NULL. */
struct doc	*doc_create(FILE *, enum doc_format);
/* Free d; NULL is a no-op.  Every block must be closed. */
void		 doc_free(struct doc *);
/* The format d renders. */
enum doc_format	 doc_format(const struct doc *);
/* Set the function doc_hook calls (HTML only; Markdown ignores hooks). */
void		 doc_set_hook(struct doc *, doc_hook_fn *, void *);
/* A renderer's extra, such as a chart, at this point of the document. */
void		 doc_hook(struct doc *, const char *);

/* The title block: a level-1 heading and a byline paragraph. */
void		 doc_header_begin(struct doc *);
void		 doc_header_end(struct doc *);
/* A section; id (may be NULL) is its HTML anchor. */
void		 doc_section_begin(struct doc *, const char *);
void		 doc_section_end(struct doc *);
/* A heading of level 1..4, its inline runs in between. */
void		 doc_heading_begin(struct doc *, int);
void		 doc_heading_end(struct doc *);
/* A heading of plain text. */
void		 doc_heading(struct doc *, int, const char *);
/* A paragraph; class (may be NULL: "note" is a side remark). */
void		 doc_para_begin(struct doc *, const char *);
void		 doc_para_end(struct doc *);
/* A list, bulleted or (ordered != 0) numbered, and its items. */
void		 doc_list_begin(struct doc *, int);
void		 doc_item_begin(struct doc *);
void		 doc_item_end(struct doc *);
void		 doc_list_end(struct doc *);
/* A table: id (may be NULL), the header row's columns. */
void		 doc_table_begin(struct doc *, const char *,
		     const struct doc_column *, size_t);
void		 doc_table_end(struct doc *);
/* A row; class (may be NULL, "planned" marks the row of the plan). */
void		 doc_row_begin(struct doc *, const char *);
void		 doc_row_end(struct doc *);
/*
 * A cell; class (may be NULL; "danger", "warn", "ok" colour it in HTML),
 * key (may be NULL) the value the HTML table sorts it by.
 */
void		 doc_cell_begin(struct doc *, const char *, const char *);
void		 doc_cell_end(struct doc *);
/* A cell holding one time, sorted by it. */
void		 doc_cell_time(struct doc *, int64_t);
/* A cell, without class or sort key, holding the formatted text. */
void		 doc_cellf(struct doc *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/* A code block of lines; lang (may be NULL) names their syntax. */
void		 doc_pre(struct doc *, const char *, char *const *, size_t);
/* A verdict: ready or not, its paragraphs and lists in between. */
void		 doc_verdict_begin(struct doc *, int);
void		 doc_verdict_end(struct doc *);

/* Inline runs: plain text (NULL writes nothing). */
void		 doc_text(struct doc *, const char *);
void		 doc_textf(struct doc *, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/* Emphasis or strong around the runs up to doc_style_end. */
void		 doc_style_begin(struct doc *, enum doc_style);
void		 doc_style_end(struct doc *);
void		 doc_em(struct doc *, const char *);
void		 doc_strong(struct doc *, const char *);
/* A name, path or command as code; NULL or "" is written as "-". */
void		 doc_code(struct doc *, const char *);
/* A link to href with text. */
void		 doc_link(struct doc *, const char *, const char *);
/* A short label ("planned", "short"); class as for cells. */
void		 doc_tag(struct doc *, const char *, const char *);
/* A time as "2026-03-02 00:07 UTC"; no time is "-". */
void		 doc_time(struct doc *, int64_t);
/* A count and its noun in agreement: "1 flow", "2 flows". */
void		 doc_count(struct doc *, uint64_t, const char *, const char *);

/* Write s escaped for HTML text and attribute values (the HTML rule). */
void		 doc_html_escape(FILE *, const char *);

#endif
