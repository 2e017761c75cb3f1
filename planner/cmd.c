/*
 * cmd.c: what the subcommands share: usage output, the per-host summary and
 * writing a flow file.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest.h"
#include "ingest-siem.h"
#include "ingest-evtx.h"
#include "log.h"
#include "outfile.h"
#include "util.h"
#include "xmalloc.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_collect_entry,
	&cmd_diff_entry,
	&cmd_directory_entry,
	&cmd_merge_entry,
	&cmd_plan_entry,
	&cmd_queries_entry,
	NULL
};

void
cmd_print_usage(const struct cmd_entry *e, FILE *f)
{
	fprintf(f, "usage: ntlmplan %s %s\n", e->name, e->usage);
	if (f == stdout && e->help != NULL)
		fprintf(f, "\n%s\n%s", e->summary, e->help);
}

int
cmd_usage_error(const struct cmd_entry *e)
{
	cmd_print_usage(e, stderr);
	return (EXIT_USAGE);
}

#define CMD_GAPS_SHOWN	5	/* gap lines per log */

/* A time for a message; "an unknown time" for none. */
static const char *
cmd_time(int64_t t, char *buf)
{
	if (t == UTIL_TIME_NONE)
		return ("an unknown time");
	return (util_time_format(t, buf));
}

/* The logs of host: window, ids held, and the gaps in them. */
static void
cmd_print_logs(struct flows *fl, const struct flows_host *h)
{
	const char		*host = h->name;
	const struct flows_log	*logs, *l;
	struct flows_gap	 g;
	size_t			 i, j, n;
	char			 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	n = flows_logs(fl, &logs);
	for (i = 0; i < n; i++) {
		l = &logs[i];
		if (host == NULL || strcasecmp(l->host, host) != 0)
			continue;
		if (l->first_time == UTIL_TIME_NONE)
			continue;
		if (l->untracked) {
			log_verbose("    log %s: records %s .. %s (%.1f days), "
			    "record ids too scattered to keep (more than %d "
			    "runs: a filtered export?): copies and gaps not "
			    "found", l->channel != NULL ? l->channel :
			    "(channel unknown)",
			    util_time_format(l->first_time, a),
			    util_time_format(l->last_time, b),
			    (double)(l->last_time - l->first_time) / UTIL_DAY,
			    FLOWS_LOG_RANGES_MAX);
			continue;
		}
		/* Said only when it adds to the events' window. */
		if (l->nranges == 0 && h->events > 0 &&
		    l->first_time >= h->first_seen &&
		    l->last_time <= h->last_seen)
			continue;
		if (l->nranges == 0)
			log_verbose("    log %s: records %s .. %s (%.1f days), "
			    "without record ids", l->channel != NULL ?
			    l->channel : "(channel unknown)",
			    util_time_format(l->first_time, a),
			    util_time_format(l->last_time, b),
			    (double)(l->last_time - l->first_time) / UTIL_DAY);
		else
			log_verbose("    log %s: records %s .. %s (%.1f days), "
			    "ids %" PRIu64 "..%" PRIu64 ", %" PRIu64 " held, %"
			    PRIu64 " lost", l->channel != NULL ? l->channel :
			    "(channel unknown)",
			    util_time_format(l->first_time, a),
			    util_time_format(l->last_time, b),
			    (double)(l->last_time - l->first_time) / UTIL_DAY,
			    l->ranges[0].first, l->ranges[l->nranges - 1].last,
			    flows_log_held(l), flows_log_lost(l));
		for (j = 0; j + 1 < l->nranges; j++) {
			if (j == CMD_GAPS_SHOWN) {
				log_verbose("    %zu more gaps",
				    l->nranges - 1 - j);
				break;
			}
			flows_log_gap(l, j, &g);
			log_verbose("    gap: %" PRIu64 " record%s lost (ids %"
			    PRIu64 "..%" PRIu64 ") between %s and %s: log "
			    "rollover or an export missing", g.lost,
			    g.lost == 1 ? "" : "s", g.after + 1, g.before - 1,
			    cmd_time(g.from, a), cmd_time(g.to, b));
		}
	}
}

void
cmd_print_hosts(struct flows *fl)
{
	struct flows_host	*h;
	size_t			 i, n;
	char			 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	n = flows_hosts(fl, &h);
	for (i = 0; i < n; i++) {
		if (h[i].events == 0)
			log_verbose("  %s: no NTLM event", h[i].name);
		else
			log_verbose("  %s: %" PRIu64 " event%s, %s .. %s (%.1f "
			    "days)", h[i].name != NULL ? h[i].name :
			    "(unknown host)", h[i].events, h[i].events == 1 ?
			    "" : "s", util_time_format(h[i].first_seen, a),
			    util_time_format(h[i].last_seen, b),
			    (double)(h[i].last_seen - h[i].first_seen) /
			    UTIL_DAY);
		cmd_print_logs(fl, &h[i]);
	}
	free(h);
}

#define CMD_NAMED	3	/* repeated warnings named before a count */

int
cmd_print_overlaps(struct flows *fl, const char *cmd)
{
	struct flows_overlap	*o;
	size_t			 i, n;

	n = flows_overlaps(fl, &o);
	for (i = 0; i < n; i++) {
		if (i == CMD_NAMED && !log_verbose_enabled()) {
			log_warnx("%s: and %zu more logs whose record ids "
			    "are in more than one input (%s)", cmd, n - i,
			    strcmp(cmd, "plan") == 0 ? "see report.md" :
			    "-v names them");
			break;
		}
		log_warnx("%s: %s, log %s: record ids %" PRIu64 "..%" PRIu64
		    " are in more than one input: their events are counted "
		    "twice (collect the raw logs together to count them once)",
		    cmd, o[i].host, o[i].channel != NULL ? o[i].channel :
		    "(channel unknown)", o[i].first, o[i].last);
	}
	free(o);
	return ((int)n);
}

int
cmd_write_file(const char *path, void (*fn)(FILE *, void *), void *arg)
{
	struct outfile	*of;
	char		*cause;

	if ((of = outfile_open(path, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	fn(outfile_stream(of), arg);
	if (outfile_commit(of, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

static void
cmd_save_flows(FILE *f, void *arg)
{
	flows_save(arg, f);
}

int
cmd_write_flows(struct flows *fl, const char *path)
{
	return (cmd_write_file(path, cmd_save_flows, fl));
}

static int
cmd_skip_compare(const void *a, const void *b)
{
	const struct source_skip	*x = a, *y = b;

	return ((x->id > y->id) - (x->id < y->id));
}

void
cmd_print_skipped(const struct flows *fl)
{
	struct source_skip	*all = NULL;
	const struct source	*src;
	size_t			 n = 0, a = 0, i, j, k;
	char			*line = NULL, *tmp;

	for (k = 0; k < flows_source_count(fl); k++) {
		src = flows_source(fl, k);
		for (i = 0; i < src->nskips; i++) {
			for (j = 0; j < n && all[j].id != src->skips[i].id; j++)
				;
			if (j == n) {
				all = xgrow(all, n, &a, sizeof *all);
				all[n].id = src->skips[i].id;
				all[n++].count = 0;
			}
			all[j].count += src->skips[i].count;
		}
	}
	if (n == 0)
		return;
	qsort(all, n, sizeof *all, cmd_skip_compare);
	for (i = 0; i < n; i++) {
		xasprintf(&tmp, "%s%s%d (%" PRIu64 ")", line == NULL ? "" :
		    line, i > 0 ? ", " : "", all[i].id, all[i].count);
		free(line);
		line = tmp;
	}
	log_info("collect: skipped by event id: %s", line);
	free(line);
	free(all);
}

/*
 * One line per input with -v: its counts, and whether it gave nothing.
 * Without -v only the inputs that gave nothing, the first CMD_NAMED named.
 */
static void
cmd_print_sources(const struct flows *fl)
{
	const struct source	*src;
	size_t			 i, empty = 0;
	char			 dup[64];

	for (i = 0; i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		if (!log_verbose_enabled() && src->used == 0 &&
		    empty++ >= CMD_NAMED)
			continue;
		if (!log_verbose_enabled() && src->used > 0)
			continue;
		dup[0] = '\0';
		if (src->duplicate > 0)
			snprintf(dup, sizeof dup, ", %" PRIu64 " duplicate",
			    src->duplicate);
		log_info("  input %s: %" PRIu64 " record%s: %" PRIu64 " used, %"
		    PRIu64 " skipped%s, %" PRIu64 " unreadable%s",
		    strcmp(src->path, "-") == 0 ? "- (stdin)" : src->path,
		    src->records, src->records == 1 ? "" : "s", src->used,
		    src->skipped, dup, src->unreadable,
		    src->records == 0 ? ": nothing read" : src->used > 0 ? "" :
		    src->duplicate > 0 ? ": its NTLM audit events all read "
		    "before (a copy)" : ": no NTLM audit event");
	}
	if (empty > CMD_NAMED)
		log_info("  and %zu more inputs that gave no NTLM audit event "
		    "(-v names them)", empty - CMD_NAMED);
}

int
cmd_read_inputs(char *const *args, int nargs, int njobs, int keep_going,
    struct flows **out, struct ingest_totals *tp)
{
	struct ingest_totals	 t;
	struct flows		*fl;
	struct source		*src;
	uint64_t		 records = 0, used = 0, skipped = 0;
	uint64_t		 unreadable = 0, duplicate = 0;
	size_t			 k;
	char			 dup[64];

	fl = ingest_inputs(args, nargs, njobs, keep_going, tp);
	t = *tp;
	*out = fl;
	if (fl == NULL && t.operands > 0 && !keep_going) {
		log_warnx("%d input%s could not be read: nothing done "
		    "(--keep-going reads the others)", t.operands,
		    t.operands == 1 ? "" : "s");
		return (EXIT_INPUT);
	}
	if (fl == NULL) {
		log_warnx("collect: nothing could be read");
		return (EXIT_FAILURE_GENERIC);
	}
	flows_sort(fl);
	for (k = 0; k < flows_source_count(fl); k++) {
		src = flows_source(fl, k);
		records += src->records;
		used += src->used;
		skipped += src->skipped;
		unreadable += src->unreadable;
		duplicate += src->duplicate;
	}
	dup[0] = '\0';
	if (duplicate > 0)
		snprintf(dup, sizeof dup, ", %" PRIu64 " duplicate "
		    "(read before)", duplicate);
	log_info("collect: %zu input%s, %" PRIu64 " records: %" PRIu64
	    " used, %" PRIu64 " skipped%s, %" PRIu64 " unreadable; %zu "
	    "flows, %" PRIu64 " events%s", t.inputs,
	    t.inputs == 1 ? "" : "s", records, used, skipped, dup,
	    unreadable, flows_count(fl), flows_events(fl),
	    t.problems > 0 ? "; see warnings above" : "");
	cmd_print_sources(fl);
	cmd_print_skipped(fl);
	cmd_print_hosts(fl);
	ingest_siem_warn_mixed(fl, "collect");
	return (EXIT_OK);
}

int
cmd_names_option(const char *s)
{
	if (strcmp(s, "netbios") == 0)
		return (0);
	if (strcmp(s, "both") == 0)
		return (1);
	if (strcasecmp(s, "fqdn") == 0 || strcasecmp(s, "dns") == 0)
		log_warnx("--names %s: refused: the exception list (\"Add "
		    "server exceptions in this domain\") takes NetBIOS names; "
		    "--names both writes each NetBIOS name and its FQDN", s);
	else
		log_warnx("--names %s: netbios or both", s);
	return (-1);
}

int
cmd_evtx_reader(const char *cmd, const char *arg)
{
	if (strcmp(arg, "native") == 0)
		ingest_evtx_set_reader(INGEST_EVTX_READER_NATIVE);
	else if (strcmp(arg, "libevtx") == 0)
		ingest_evtx_set_reader(INGEST_EVTX_READER_LIBEVTX);
	else {
		log_warnx("%s: --evtx-reader: native or libevtx, not %s", cmd,
		    arg);
		return (-1);
	}
	return (0);
}
