/*
 * cmd-collect.c: "ntlmplan collect": read EVTX and JSON inputs into one flow
 * file.  N worker threads each take the next input and fill a private flow
 * table; the tables are merged at the end, so the result does not depend on
 * which thread read what.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest.h"
#include "ingest-evtx.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static int	cmd_collect_exec(int, char **);

const struct cmd_entry cmd_collect_entry = {
	"collect",
	"[-o FILE] [-j N] [--evtx-reader R] [--strict] INPUT...",
	"Read NTLM audit events (EVTX, JSON) and aggregate them into flows.",
	"  -o, --output FILE  write the flow file to FILE (default: stdout)\n"
	"  -j, --jobs N       read with N threads (default: CPUs): N inputs in\n"
	"                     parallel, the chunks of one EVTX file split\n"
	"                     across threads when there are fewer inputs\n"
	"      --evtx-reader R\n"
	"                     native (default: ntlmplan's own, libevtx where\n"
	"                     it declines) or libevtx\n"
	"      --strict       fail (exit 3, no output) on any input error\n"
	"  -h, --help         show this help\n"
	"INPUT is an .evtx or JSON file, a directory (every .evtx, .json,\n"
	".jsonl, .ndjson below it) or - for JSON on stdin.\n",
	cmd_collect_exec
};

struct collect_job {
	struct ingest_list	*list;
	size_t			 next;		/* under mutex */
	pthread_mutex_t		 mutex;
};

struct collect_worker {
	struct collect_job	*job;
	struct flows		*fl;		/* owned */
	int			 problems;
	int			 failed;	/* inputs not read at all */
	pthread_t		 thread;
};

static void *
collect_worker_main(void *arg)
{
	struct collect_worker	*w = arg;
	struct collect_job	*job = w->job;
	size_t			 i;
	int			 r;

	for (;;) {
		pthread_mutex_lock(&job->mutex);
		i = job->next++;
		pthread_mutex_unlock(&job->mutex);
		if (i >= job->list->npaths)
			break;
		r = ingest_file(w->fl, job->list->paths[i]);
		if (r < 0) {
			w->failed++;
			w->problems++;
		} else
			w->problems += r;
	}
	return (NULL);
}

int
cmd_collect_inputs(char *const *args, int nargs, int njobs,
    struct flows **out, int *problemsp)
{
	struct ingest_list	 list;
	struct collect_job	 job;
	struct collect_worker	*w;
	struct flows		*fl;
	struct source		*src;
	uint64_t		 records = 0, used = 0, skipped = 0;
	uint64_t		 unreadable = 0;
	int			 i, problems, failed = 0;
	size_t			 k;

	memset(&list, 0, sizeof list);
	problems = ingest_list_expand(&list, args, nargs);
	/* Threads left over by the inputs split the chunks of each. */
	ingest_evtx_set_threads(list.npaths > 0 && (size_t)njobs >
	    list.npaths ? njobs / (int)list.npaths : 1);
	if ((size_t)njobs > list.npaths)
		njobs = list.npaths == 0 ? 1 : (int)list.npaths;

	memset(&job, 0, sizeof job);
	job.list = &list;
	pthread_mutex_init(&job.mutex, NULL);
	w = xcalloc((size_t)njobs, sizeof *w);
	for (i = 0; i < njobs; i++) {
		w[i].job = &job;
		w[i].fl = flows_create();
	}
	if (njobs == 1)
		collect_worker_main(&w[0]);
	else {
		for (i = 0; i < njobs; i++) {
			if (pthread_create(&w[i].thread, NULL,
			    collect_worker_main, &w[i]) != 0)
				fatalx("pthread_create failed");
		}
		for (i = 0; i < njobs; i++)
			pthread_join(w[i].thread, NULL);
	}
	log_progress_done();
	fl = w[0].fl;
	for (i = 0; i < njobs; i++) {
		if (i > 0) {
			flows_merge(fl, w[i].fl);
			flows_free(w[i].fl);
		}
		problems += w[i].problems;
		failed += w[i].failed;
	}
	free(w);
	pthread_mutex_destroy(&job.mutex);
	*problemsp = problems;

	if ((size_t)failed >= list.npaths) {
		log_warnx("collect: nothing could be read");
		ingest_list_clear(&list);
		flows_free(fl);
		*out = NULL;
		return (EXIT_FAILURE_GENERIC);
	}
	for (k = 0; k < flows_source_count(fl); k++) {
		src = flows_source(fl, k);
		records += src->records;
		used += src->used;
		skipped += src->skipped;
		unreadable += src->unreadable;
	}
	log_info("collect: %zu input%s, %" PRIu64 " records: %" PRIu64
	    " used, %" PRIu64 " skipped, %" PRIu64 " unreadable; %zu "
	    "flows, %" PRIu64 " events%s", list.npaths,
	    list.npaths == 1 ? "" : "s", records, used, skipped,
	    unreadable, flows_count(fl), flows_events(fl),
	    problems > 0 ? "; see warnings above" : "");
	cmd_print_hosts(fl);
	ingest_list_clear(&list);
	*out = fl;
	return (EXIT_OK);
}

static int
cmd_collect_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'S' },
		{ "evtx-reader", required_argument, NULL,
		    CMD_OPT_EVTX_READER },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct flows	*fl;
	const char	*output = "-";
	long long	 jobs;
	int		 ch, njobs, strict = 0, i, problems, rc;
	int		 stdin_seen = 0;

	njobs = util_ncpus();
	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:j:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'j':
			if (util_strtonum(optarg, 1, 256, &jobs) != 0) {
				log_warnx("collect: -j: not a number from 1 "
				    "to 256: %s", optarg);
				return (EXIT_USAGE);
			}
			njobs = (int)jobs;
			break;
		case 'S':
			strict = 1;
			break;
		case CMD_OPT_EVTX_READER:
			if (cmd_evtx_reader("collect", optarg) != 0)
				return (EXIT_USAGE);
			break;
		case 'h':
			cmd_print_usage(&cmd_collect_entry, stdout);
			return (EXIT_OK);
		default:
			return (cmd_usage_error(&cmd_collect_entry));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (cmd_usage_error(&cmd_collect_entry));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && stdin_seen++) {
			log_warnx("collect: - (stdin) given twice");
			return (EXIT_USAGE);
		}
	}
	if ((rc = cmd_collect_inputs(argv, argc, njobs, &fl, &problems)) !=
	    EXIT_OK)
		return (rc);
	if (strict && problems > 0) {
		log_warnx("collect: %d problem%s in the input (--strict): "
		    "no output written", problems, problems == 1 ? "" : "s");
		rc = EXIT_INPUT;
	} else if (cmd_write_flows(fl, output) != 0)
		rc = EXIT_OUTPUT;
	flows_free(fl);
	return (rc);
}
