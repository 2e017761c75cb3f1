/*
 * report-text.h: the change-advisory report's prose, written once through
 * the document interface (report-doc.h) for report.html and report.md.
 * Each section is one function in the table report_text_sections, in the
 * order the report shows them; a new section is a report-text-<topic>.c
 * with its function and one line in that table.  The text only words what
 * report_plan_build and the simulation judged; it judges nothing itself.
 */
#ifndef REPORT_TEXT_H
#define REPORT_TEXT_H

#include <stddef.h>
#include <stdint.h>

struct doc;
struct plan;
struct sim_level;

struct report_text_section {
	const char	*id;		/* HTML anchor of the section */
	void		(*write)(struct doc *, const struct plan *);
};

/* The sections, in report order, ended by a { NULL, NULL } entry. */
extern const struct report_text_section report_text_sections[];

/* Write the whole report: title block, then every section. */
void	report_text_write(struct doc *, const struct plan *);

/* Sections of report-text.c. */
void	report_text_summary(struct doc *, const struct plan *);
void	report_text_levels(struct doc *, const struct plan *);
void	report_text_servers(struct doc *, const struct plan *);
void	report_text_residual(struct doc *, const struct plan *);
void	report_text_rules(struct doc *, const struct plan *);
void	report_text_caveats(struct doc *, const struct plan *);
void	report_text_rollout(struct doc *, const struct plan *);

/* Sections of report-text-events.c. */
void	report_text_ntlmv1(struct doc *, const struct plan *);
void	report_text_blind(struct doc *, const struct plan *);
void	report_text_relay(struct doc *, const struct plan *);
/* Server i's activity and heatmap, after its evidence. */
void	report_text_events_card(struct doc *, const struct plan *,
	    size_t);
/* report-text-remediate.c: fix instead of except. */
void	report_text_remediate(struct doc *, const struct plan *);

/* report-text-smb.c: the SMB client's block and the dated changes. */
void	report_text_smb(struct doc *, const struct plan *);
void	report_text_changes(struct doc *, const struct plan *);
/* The SMB block's row of the decision table, of ncols columns. */
void	report_text_smb_row(struct doc *, const struct plan *, size_t);
/* The SMB block's part of the rollout. */
void	report_text_smb_rollout(struct doc *, const struct plan *);
/*
 * report-text-size.c: the caps that keep the report small at any size
 * (ntlmplan-plan(5), REPORT SIZE); blocked.csv, remediation.csv, plan.json
 * and the exception list keep every row.
 */
#define REPORT_TEXT_ROWS	100	/* rows of a table per host, server */
#define REPORT_TEXT_NAMES	20	/* names in a sentence or a cell */
#define REPORT_TEXT_CARDS	100	/* servers with their evidence */
#define REPORT_TEXT_LINE	1000	/* bytes of a template line shown */
/*
 * The rows to show of n weighted w: all if n <= cap, else the cap heaviest
 * (ties: the first), in their order; *out (caller frees) holds the indexes.
 */
size_t	report_text_top(const uint64_t *, size_t, size_t, size_t **);
/* " and N more (FILE lists all)" after shown of total names; or nothing. */
void	report_text_more(struct doc *, size_t, size_t, const char *);
/*
 * A note under a cut table: "Shown: the SHOWN NOUN BY, of TOTAL", the
 * caller's counts of the rest, then "; FILE lists all.".
 */
void	report_text_rows_begin(struct doc *, size_t, size_t, const char *,
	    const char *);
void	report_text_rows_end(struct doc *, const char *);
/* doc_pre, each line over REPORT_TEXT_LINE cut with a note naming FILE. */
void	report_text_pre(struct doc *, const char *, char *const *, size_t,
	    const char *);

/* "ready", "ready, with warnings" or "NOT READY: kind, ..." (caller frees). */
char	*report_text_verdict_line(const struct sim_level *);
/* The plan's summary on the log: the fixes, the level's counts, verdict. */
void	report_text_log(const struct plan *, const char *);

#endif
