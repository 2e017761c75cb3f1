/*
 * ingest-inputs.c: read many inputs in parallel.  N worker threads each
 * take the next input of the expanded list and read it into a table of its
 * own; the tables are committed to the result in the list's (name) order,
 * whoever read them, so the result does not depend on which thread read
 * what.  An input that holds record ids an input before it held is read
 * again with those ids excluded (flows_exclude): each record counts once,
 * its copies as duplicate, and memory holds ranges of ids, not every id.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flows.h"
#include "ingest.h"
#include "ingest-evtx.h"
#include "log.h"
#include "xmalloc.h"

/* Say that the record ids of input path were not its hosts' own. */
static void
ingest_shared_warn(const struct flows *t, const char *path)
{
	if (flows_ids_shared(t))
		log_warnx("%s: one record-id sequence runs over several hosts "
		    "(a collector's log, such as ForwardedEvents): its ids "
		    "are not the hosts' own and are not used to find copies "
		    "or gaps", strcmp(path, "-") == 0 ? "(stdin)" : path);
}

struct ingest_job {
	const struct ingest_list *list;
	size_t			  next;		/* under mutex */
	size_t			  commit;	/* next to commit */
	struct flows		**done;		/* read, not committed */
	int			 *result;
	struct flows		 *fl;		/* the result */
	int			  problems;
	int			  failed;
	char			 *bad;		/* per input: nothing read */
	pthread_mutex_t		  mutex;
};

/*
 * Add input k to the result; under the mutex.  If it shares record ids
 * with the inputs before it, read it again with those excluded (quietly:
 * its messages were shown the first time).
 */
static void
ingest_commit(struct ingest_job *job, size_t k)
{
	struct flows	*t = job->done[k];

	if (flows_logs_intersect(job->fl, t)) {
		flows_free(t);
		t = flows_create();
		flows_exclude(t, job->fl);
		log_quiet(1);
		ingest_file(t, job->list->paths[k]);
		log_quiet(0);
		flows_exclude(t, NULL);
	}
	flows_merge(job->fl, t);
	flows_free(t);
	job->done[k] = NULL;
	if (job->result[k] == INGEST_NOT_EXPORT && job->list->walked[k]) {
		/* Found in a folder, not an event export: named, not read. */
	} else if (job->result[k] < 0) {
		job->bad[k] = 1;
		job->failed++;
		job->problems++;
	} else
		job->problems += job->result[k];
}

static void *
ingest_worker(void *arg)
{
	struct ingest_job	*job = arg;
	struct flows		*t;
	size_t			 i, n = job->list->npaths;
	int			 r;

	/* "-" cannot be read twice: it is read last, by the caller. */
	if (n > 0 && strcmp(job->list->paths[n - 1], "-") == 0)
		n--;
	for (;;) {
		pthread_mutex_lock(&job->mutex);
		i = job->next++;
		pthread_mutex_unlock(&job->mutex);
		if (i >= n)
			break;
		t = flows_create();
		r = ingest_file(t, job->list->paths[i]);
		ingest_shared_warn(t, job->list->paths[i]);
		pthread_mutex_lock(&job->mutex);
		job->done[i] = t;
		job->result[i] = r;
		while (job->commit < n && job->done[job->commit] != NULL)
			ingest_commit(job, job->commit++);
		pthread_mutex_unlock(&job->mutex);
	}
	return (NULL);
}

/* Read l into *out; the number of problems; bad[k]: input k not read. */
static int
ingest_read_all(const struct ingest_list *l, int njobs, struct flows **out,
    int *failedp, char *bad)
{
	struct ingest_job	 job;
	pthread_t		*th;
	struct flows		*t;
	int			 i, r;

	memset(&job, 0, sizeof job);
	job.list = l;
	job.fl = flows_create();
	job.done = xcalloc(l->npaths + 1, sizeof *job.done);
	job.bad = bad;
	job.result = xcalloc(l->npaths + 1, sizeof *job.result);
	pthread_mutex_init(&job.mutex, NULL);
	if (njobs < 1)
		njobs = 1;
	/* The flows are sorted (to be written) with as many threads. */
	flows_set_threads(njobs);
	/* Threads left over by the inputs split the chunks of each. */
	ingest_evtx_set_threads(l->npaths > 0 && (size_t)njobs > l->npaths ?
	    njobs / (int)l->npaths : 1);
	if ((size_t)njobs > l->npaths)
		njobs = l->npaths == 0 ? 1 : (int)l->npaths;
	if (njobs <= 1)
		ingest_worker(&job);
	else {
		th = xcalloc((size_t)njobs, sizeof *th);
		for (i = 0; i < njobs; i++) {
			if (pthread_create(&th[i], NULL, ingest_worker,
			    &job) != 0)
				fatalx("pthread_create failed");
		}
		for (i = 0; i < njobs; i++)
			pthread_join(th[i], NULL);
		free(th);
	}
	if (l->npaths > 0 && strcmp(l->paths[l->npaths - 1], "-") == 0) {
		t = flows_create();
		flows_exclude(t, job.fl);
		r = ingest_file(t, "-");
		ingest_shared_warn(t, "-");
		flows_exclude(t, NULL);
		flows_merge(job.fl, t);
		flows_free(t);
		if (r < 0) {
			bad[l->npaths - 1] = 1;
			job.failed++;
			job.problems++;
		} else
			job.problems += r;
	}
	pthread_mutex_destroy(&job.mutex);
	free(job.done);
	free(job.result);
	*out = job.fl;
	*failedp = job.failed;
	return (job.problems);
}


static void
ingest_totals_unread(struct ingest_totals *t, const char *path)
{
	t->unread = xreallocarray(t->unread, t->nunread + 1,
	    sizeof *t->unread);
	t->unread[t->nunread++] = xstrdup(path);
}

void
ingest_totals_clear(struct ingest_totals *t)
{
	size_t	i;

	for (i = 0; i < t->nunread; i++)
		free(t->unread[i]);
	free(t->unread);
	memset(t, 0, sizeof *t);
}

struct flows *
ingest_inputs(char *const *args, int nargs, int njobs, int keep_going,
    struct ingest_totals *t)
{
	struct ingest_list	 list;
	struct flows		*fl;
	size_t			 k;
	int			 i, failed = 0;
	char			*bad;

	memset(t, 0, sizeof *t);
	memset(&list, 0, sizeof list);
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "-") != 0 && access(args[i], F_OK) != 0)
			ingest_totals_unread(t, args[i]);
	}
	t->problems = ingest_list_expand(&list, args, nargs);
	t->operands = list.unreadable;
	t->inputs = list.npaths;
	if (list.unreadable > 0 && !keep_going) {
		ingest_list_clear(&list);
		return (NULL);
	}
	bad = xcalloc(list.npaths + 1, 1);
	t->problems += ingest_read_all(&list, njobs, &fl, &failed, bad);
	log_progress_done();
	for (k = 0; k < list.npaths; k++)
		if (bad[k])
			ingest_totals_unread(t, list.paths[k]);
	free(bad);
	ingest_list_clear(&list);
	t->failed = failed;
	if ((size_t)failed >= t->inputs) {
		flows_free(fl);
		return (NULL);
	}
	return (fl);
}
