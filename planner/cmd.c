/*
 * cmd.c: what the subcommands share: usage output, the per-host summary and
 * writing a flow file.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "log.h"
#include "outfile.h"
#include "util.h"

const struct cmd_entry *cmd_table[] = {
	&cmd_collect_entry,
	&cmd_directory_entry,
	&cmd_merge_entry,
	&cmd_plan_entry,
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

void
cmd_print_hosts(const struct flows *fl)
{
	struct flows_host	*h;
	size_t			 i, n;
	char			 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	n = flows_hosts(fl, &h);
	for (i = 0; i < n; i++) {
		log_info("  %s: %" PRIu64 " event%s, %s .. %s (%.1f days)",
		    h[i].name != NULL ? h[i].name : "(unknown host)",
		    h[i].events, h[i].events == 1 ? "" : "s",
		    util_time_format(h[i].first_seen, a),
		    util_time_format(h[i].last_seen, b),
		    (double)(h[i].last_seen - h[i].first_seen) / 86400e6);
	}
	free(h);
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
