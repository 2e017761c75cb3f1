/*
 * report-events.h: what the report says of the events beyond a flow's
 * count, judged once from the flows and the plan: each listed server's
 * time profile (weekday x hour, UTC) and whether its activity looks weekly
 * or monthly in a log window too short to show it again; who still uses
 * NTLMv1 and what BlockNtlmv1SSO enforcement would break; the hosts
 * Credential Guard made blind (4013, 4014); the flows exposed to relay
 * (no MIC or no channel binding), by server.
 *
 * Ownership: a struct report_events owns its arrays; names are borrowed
 * from the flows and the simulation result, which must outlive it.
 */
#ifndef REPORT_EVENTS_H
#define REPORT_EVENTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plan;

#define REPORT_EVENTS_WEEKLY_DAYS	28	/* a window shorter: short */
#define REPORT_EVENTS_MONTHLY_DAYS	62

enum report_events_pattern {
	REPORT_EVENTS_NONE = 0,
	REPORT_EVENTS_WEEKLY,		/* on one weekday only */
	REPORT_EVENTS_MONTHLY		/* on one day of the month only */
};

/* An hour of the week with events: weekday * 24 + hour, Monday 00h first. */
struct report_events_hour {
	uint64_t			 events;
	uint8_t				 hour;
};

/*
 * One listed server's time profile, parallel to report_plan's servers.
 * Its hours with events are kept, not all 168 (a plan holds every denied
 * server's).
 */
struct report_events_server {
	const char			*name;	    /* NetBIOS */
	const struct report_events_hour	*hours;	    /* nhours, in order of
						       the hour; in the
						       report_events */
	size_t				 nhours;
	uint64_t			 profiled;  /* events in hours */
	uint64_t			 unknown;   /* without a profile */
	size_t				 active_days;
	int				 weekday;   /* of a weekly pattern */
	int				 mday;	    /* of a monthly pattern */
	int				 peak;	    /* busiest weekday x hour */
	uint64_t			 peak_events;
	double				 window;    /* days the shortest log
						       of its hosts covers */
	enum report_events_pattern	 pattern;
	int				 warn;	    /* pattern, window short */
};

/* NTLMv1 evidence kinds, in report order. */
enum report_events_v1 {
	REPORT_EVENTS_V1_4624,		/* Security 4624 "NTLM V1" */
	REPORT_EVENTS_V1_ENHANCED,	/* NtlmVersion of 4020-4033 */
	REPORT_EVENTS_V1_4013,		/* NTLMv1 refused */
	REPORT_EVENTS_V1_4024,		/* v1-derived SSO, audited */
	REPORT_EVENTS_V1_4025,		/* v1-derived SSO, blocked */
	REPORT_EVENTS_V1__COUNT
};

struct report_events_v1row {
	const char	*domain;
	const char	*user;
	const char	*client;
	const char	*server;
	uint64_t	 events;
	uint64_t	 kind[REPORT_EVENTS_V1__COUNT];
	int64_t		 last_seen;
};

struct report_events_blind {
	const char	*host;
	uint64_t	 refused_v1;	/* 4013 */
	uint64_t	 refused_cg;	/* 4014 */
	const char	*images[5];	/* 4014 image names, the first */
	size_t		 nimages;
	size_t		 more_images;
	int64_t		 first_seen;
	int64_t		 last_seen;
};

struct report_events_relay {
	const char	*server;
	uint64_t	 flows;
	uint64_t	 events;
	uint64_t	 no_mic;	/* events without a MIC */
	uint64_t	 no_cb;		/* events without channel binding */
};

struct report_events {
	struct report_events_server	*servers;	/* nservers of rp */
	size_t				 nservers;
	struct report_events_hour	*hours;		/* the servers' */
	uint64_t			 unknown;	/* denied events, no
							   profile */
	struct report_events_v1row	*v1;	/* most events first */
	size_t				 nv1;
	uint64_t			 v1_events;
	uint64_t			 sso_events;	/* 4024: enforcement
							   breaks these */
	uint64_t			 sso_flows;
	struct report_events_blind	*blind;		/* by host */
	size_t				 nblind;
	struct report_events_relay	*relay;	/* most events first */
	size_t				 nrelay;
};

/* Judge rp's events (after report_plan_build's servers); never NULL. */
struct report_events	*report_events_build(const struct plan *);
void			 report_events_free(struct report_events *);
/* The member "ntlm_events" of plan.json (no comma around it). */
void			 report_events_json(FILE *,
			     const struct report_events *);
/* "Monday" .. "Sunday" for 0..6. */
const char		*report_events_weekday(int);
/* What an NTLMv1 evidence kind is ("4624 NTLM V1" ...). */
const char		*report_events_v1_name(enum report_events_v1);

#endif
