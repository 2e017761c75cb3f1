/*
 * changes.h: the dated changes of Windows that affect a plan (the Kerberos
 * RC4 hardening, BlockNtlmv1SSO, NTLM off by default ...), kept as data in
 * changes.data in the policy directory (ntlmplan-changes(5)), each with its
 * source and whether its date is confirmed.  The report's caveats say,
 * as of the plan's time, which are in force, which may be, which are to
 * come.
 *
 * Ownership: a struct changes owns every change and string in it.
 */
#ifndef CHANGES_H
#define CHANGES_H

#include <stddef.h>
#include <stdint.h>

#define CHANGES_FILE	"changes.data"

enum changes_precision {
	CHANGES_DAY,
	CHANGES_MONTH,		/* the month only: from its first day */
	CHANGES_UNDATED
};

enum changes_status {
	CHANGES_CONFIRMED,	/* dated by the vendor */
	CHANGES_ANNOUNCED,	/* announced by the vendor, not dated */
	CHANGES_UNCONFIRMED	/* dated by others only */
};

enum changes_affects {
	CHANGES_KERBEROS,	/* fixes that move a flow to Kerberos */
	CHANGES_NTLMV1,
	CHANGES_NTLM		/* every NTLM flow */
};

/* A change as of a time. */
enum changes_state {
	CHANGES_IN_FORCE,	/* confirmed, dated on or before it */
	CHANGES_MAYBE,		/* unconfirmed and dated on or before it:
				   "may already be in force" */
	CHANGES_COMING,		/* dated after it */
	CHANGES_NOT_DATED	/* announced without a date */
};

struct change {
	char			*name;		/* owned: [change NAME] */
	int			 line;		/* of its header */
	int64_t			 date;		/* us since 1970, or NONE */
	enum changes_precision	 precision;
	int64_t			 announced;	/* or NONE */
	enum changes_precision	 announced_precision;
	enum changes_status	 status;
	enum changes_affects	 affects;
	char			*what;		/* owned */
	char			*source;	/* owned */
	char			*url;		/* owned, or NULL */
	char			*kb;		/* owned, or NULL */
	char			*cve;		/* owned, or NULL */
};

struct changes {
	struct change	*v;		/* owned, by date (undated last),
					   then name */
	size_t		 n;
};

/* Read a changes file; NULL with *cause ("file:line: what") on error. */
struct changes	*changes_load(const char *, char **);
/* Free c; NULL is a no-op. */
void		 changes_free(struct changes *);
/* The changes file of a policy directory (static buffer). */
const char	*changes_path(const char *);
/* Where c stands at time t (us since 1970). */
enum changes_state changes_state(const struct change *, int64_t);
/* Short stable codes for plan.json ("confirmed", "kerberos", ...). */
const char	*changes_status_code(enum changes_status);
const char	*changes_affects_code(enum changes_affects);
const char	*changes_state_code(enum changes_state);
/* The date as the file gives it ("2026-04-14", "2026-04", "none"). */
char		*changes_date_format(int64_t, enum changes_precision, char *,
		     size_t);

#endif
