/*
 * plandiff.h: one plan compared with the last (ntlmplan diff).  Two
 * plan.json files are read and compared per level: servers that joined and
 * left the exception list, new accounts, clients and processes, flows still
 * denied, fixes done, verdict changes, and evidence windows that do not
 * overlap.  The comparison is codes, names and counts; the command writes
 * them.
 *
 * Ownership: a struct plandiff owns every array and string in it.  Names
 * are sorted case-insensitively (then bytewise) and unique.
 */
#ifndef PLANDIFF_H
#define PLANDIFF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plandiff_names {
	char		**v;		/* owned, each owned */
	size_t		  n;
};

struct plandiff_side {
	char		*path;		/* owned: the plan.json read */
	long long	 format_version; /* -1: not in the file */
	int64_t		 plan_time;	/* UTIL_TIME_NONE: not in the file */
	int		 time_generated; /* plan_time is "generated" */
	char		*level;		/* owned: the planned level, or NULL */
	int64_t		 first_seen;	/* the evidence window */
	int64_t		 last_seen;
};

/* A level's verdict: -1 absent from that plan. */
struct plandiff_level {
	char			*name;		/* owned */
	int			 in_old;
	int			 in_new;
	int			 planned;	/* the new plan's level */
	int			 ready_old;
	int			 ready_new;
	struct plandiff_names	 blockers_added;	/* kinds */
	struct plandiff_names	 blockers_removed;
	struct plandiff_names	 list_old;
	struct plandiff_names	 list_new;
	struct plandiff_names	 joined;
	struct plandiff_names	 left;
	long long		 blocked_flows[2];	/* old, new; -1 */
	long long		 blocked_events[2];
	long long		 residual_flows[2];
	long long		 residual_events[2];
	struct plandiff_names	 new_accounts;
	struct plandiff_names	 new_clients;
	struct plandiff_names	 new_processes;
};

/* A ranked fix of the old plan whose flows are gone from the new one. */
struct plandiff_fix {
	long long	 rank;
	char		*fix;		/* owned */
	char		*class;		/* owned, or NULL */
	long long	 events;
};

enum plandiff_host_change {
	PLANDIFF_HOST_GONE,		/* logged in the old plan only */
	PLANDIFF_HOST_NEW,		/* in the new plan only */
	PLANDIFF_HOST_APART		/* in both, windows do not overlap */
};

struct plandiff_host {
	char			*name;		/* owned */
	enum plandiff_host_change change;
	int64_t			 old_first, old_last;	/* or NONE */
	int64_t			 new_first, new_last;
};

struct plandiff {
	struct plandiff_side	 old;
	struct plandiff_side	 new;
	int			 windows_overlap; /* -1: a window unknown */
	struct plandiff_level	*levels;	/* owned, old plan's order,
						   then new levels */
	size_t			 nlevels;
	int			 fixes_compared; /* same planned level */
	struct plandiff_fix	*fixes_done;	/* owned, by rank */
	size_t			 nfixes_done;
	struct plandiff_host	*hosts;		/* owned, by name */
	size_t			 nhosts;
	int			 list_grew;	/* planned level: a server
						   joined its list */
};

/*
 * Read two plans (a plan.json, or a directory holding one) and compare
 * them.  NULL with *cause (caller frees) if either cannot be read or is not
 * a plan.
 */
struct plandiff	*plandiff_create(const char *, const char *, char **);
void		 plandiff_free(struct plandiff *);
/* The comparison as text (ntlmplan(1), diff). */
void		 plandiff_write_text(FILE *, const struct plandiff *);
/* The comparison as one JSON object (ntlmplan(1), diff --json). */
void		 plandiff_write_json(FILE *, const struct plandiff *);
/* A code for a host change ("gone", "new", "apart"). */
const char	*plandiff_host_code(enum plandiff_host_change);

#endif
