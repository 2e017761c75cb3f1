/*
 * ingest-inputs.c: read many inputs in parallel.  N worker threads each
 * take the next input of the expanded list and fill a private flow table;
 * the tables are merged at the end, so the result does not depend on which
 * thread read what.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flows.h"
#include "ingest.h"
#include "log.h"
#include "xmalloc.h"

struct ingest_job {
	struct ingest_list	*list;
	size_t			 next;		/* under mutex */
	pthread_mutex_t		 mutex;
	char			*failed;	/* per path: nothing read; each
						   written by one worker */
};

struct ingest_worker {
	struct ingest_job	*job;
	struct flows		*fl;		/* owned */
	int			 problems;
	int			 failed;	/* inputs not read at all */
	pthread_t		 thread;
};

static void *
ingest_worker_main(void *arg)
{
	struct ingest_worker	*w = arg;
	struct ingest_job	*job = w->job;
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
			job->failed[i] = 1;
			w->failed++;
			w->problems++;
		} else
			w->problems += r;
	}
	return (NULL);
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
ingest_inputs(char *const *args, int nargs, int njobs,
    struct ingest_totals *t)
{
	struct ingest_list	 list;
	struct ingest_job	 job;
	struct ingest_worker	*w;
	struct flows		*fl;
	size_t			 k;
	int			 i, failed = 0;

	memset(t, 0, sizeof *t);
	memset(&list, 0, sizeof list);
	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "-") != 0 && access(args[i], F_OK) != 0)
			ingest_totals_unread(t, args[i]);
	}
	t->problems = ingest_list_expand(&list, args, nargs);
	t->inputs = list.npaths;
	if (njobs < 1)
		njobs = 1;
	if ((size_t)njobs > list.npaths)
		njobs = list.npaths == 0 ? 1 : (int)list.npaths;

	memset(&job, 0, sizeof job);
	job.list = &list;
	job.failed = xcalloc(list.npaths + 1, 1);
	pthread_mutex_init(&job.mutex, NULL);
	w = xcalloc((size_t)njobs, sizeof *w);
	for (i = 0; i < njobs; i++) {
		w[i].job = &job;
		w[i].fl = flows_create();
	}
	if (njobs == 1)
		ingest_worker_main(&w[0]);
	else {
		for (i = 0; i < njobs; i++) {
			if (pthread_create(&w[i].thread, NULL,
			    ingest_worker_main, &w[i]) != 0)
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
		t->problems += w[i].problems;
		failed += w[i].failed;
	}
	free(w);
	pthread_mutex_destroy(&job.mutex);
	for (k = 0; k < list.npaths; k++)
		if (job.failed[k])
			ingest_totals_unread(t, list.paths[k]);
	free(job.failed);
	ingest_list_clear(&list);
	t->failed = failed;
	if ((size_t)failed >= t->inputs) {
		flows_free(fl);
		return (NULL);
	}
	return (fl);
}
