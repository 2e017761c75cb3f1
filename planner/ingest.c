/*
 * ingest.c: input discovery and format detection, the front of the
 * pipeline.  The readers themselves are ingest-evtx.c and ingest-json.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "flows.h"
#include "ingest-evtx.h"
#include "ingest-json.h"
#include "ingest.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static void
ingest_list_add(struct ingest_list *l, const char *path)
{
	l->paths = xreallocarray(l->paths, l->npaths + 1, sizeof *l->paths);
	l->paths[l->npaths++] = xstrdup(path);
}

static int
ingest_wanted_name(const char *name)
{
	static const char *const ext[] = { ".evtx", ".json", ".jsonl",
	    ".ndjson" };
	size_t	 i, n = strlen(name), e;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		e = strlen(ext[i]);
		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return (1);
	}
	return (0);
}

static int
ingest_walk(struct ingest_list *l, const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	char		*path;
	int		 errors = 0;

	if ((d = opendir(dir)) == NULL) {
		log_warnx("%s: %s", dir, strerror(errno));
		return (1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		xasprintf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st) != 0) {
			/* Below an operand: a problem, not a missing input. */
			log_warnx("%s: %s", path, strerror(errno));
			errors++;
		} else if (S_ISDIR(st.st_mode))
			errors += ingest_walk(l, path);
		else if (S_ISREG(st.st_mode) && ingest_wanted_name(de->d_name))
			ingest_list_add(l, path);
		free(path);
	}
	closedir(d);
	return (errors);
}

static int
ingest_path_compare(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

int
ingest_list_expand(struct ingest_list *l, char *const *args, int nargs)
{
	struct stat	st;
	size_t		first;
	int		i, errors = 0, stdin_seen = 0;
	FILE		*f;

	for (i = 0; i < nargs; i++) {
		if (strcmp(args[i], "-") == 0) {
			stdin_seen = 1;
			continue;
		}
		if (stat(args[i], &st) != 0) {
			log_warnx("%s: %s", args[i], strerror(errno));
			l->unreadable++;
			errors++;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			first = l->npaths;
			if (access(args[i], R_OK | X_OK) != 0) {
				log_warnx("%s: %s", args[i], strerror(errno));
				l->unreadable++;
				errors++;
				continue;
			}
			errors += ingest_walk(l, args[i]);
			if (l->npaths == first) {
				log_warnx("%s: folder holds no .evtx, .json, "
				    ".jsonl or .ndjson file", args[i]);
				l->empty++;
				errors++;
			}
		} else if ((f = fopen(args[i], "rb")) == NULL) {
			log_warnx("%s: %s", args[i], strerror(errno));
			l->unreadable++;
			errors++;
		} else {
			fclose(f);
			ingest_list_add(l, args[i]);
		}
	}
	/* Sorted: the order of the operands does not matter. */
	if (l->npaths > 0)
		qsort(l->paths, l->npaths, sizeof *l->paths,
		    ingest_path_compare);
	if (stdin_seen)
		ingest_list_add(l, "-");
	return (errors);
}

void
ingest_list_clear(struct ingest_list *l)
{
	size_t	i;

	for (i = 0; i < l->npaths; i++)
		free(l->paths[i]);
	free(l->paths);
	l->paths = NULL;
	l->npaths = 0;
}

int
ingest_file(struct flows *fl, const char *path)
{
	struct source	*src;
	FILE		*f;
	unsigned char	 magic[8];
	size_t		 n;
	int		 c, error;

	src = flows_add_source(fl, path);
	if (strcmp(path, "-") == 0)
		return (ingest_json_read(fl, src, "(stdin)", stdin));
	if ((f = fopen(path, "rb")) == NULL) {
		log_warnx("%s: %s", path, strerror(errno));
		return (-1);
	}
	n = fread(magic, 1, sizeof magic, f);
	if (n == sizeof magic && memcmp(magic, "ElfFile", 8) == 0) {
		fclose(f);
		return (ingest_evtx_read(fl, src, path));
	}
	if (n >= 2 && ((magic[0] == 0xff && magic[1] == 0xfe) ||
	    (magic[0] == 0xfe && magic[1] == 0xff))) {
		/* UTF-16 with a byte order mark: Windows PowerShell 5.1. */
		rewind(f);
		error = ingest_json_read(fl, src, path, f);
		fclose(f);
		return (error);
	}
	rewind(f);
	/* Skip blanks and a UTF-8 byte order mark. */
	while ((c = getc(f)) == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == 0xef || c == 0xbb || c == 0xbf)
		;
	if (c == '{' || c == '[') {
		rewind(f);
		error = ingest_json_read(fl, src, path, f);
		fclose(f);
		return (error);
	}
	fclose(f);
	if (n == 0 && c == EOF) {
		log_warnx("%s: empty file", path);
		return (-1);
	}
	log_warnx("%s: not EVTX (no ElfFile signature) nor JSON", path);
	return (-1);
}

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
	if (job->result[k] < 0) {
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

int
ingest_read_all(const struct ingest_list *l, int njobs, struct flows **out,
    int *failedp)
{
	struct ingest_job	 job;
	pthread_t		*th;
	struct flows		*t;
	int			 i, r;

	memset(&job, 0, sizeof job);
	job.list = l;
	job.fl = flows_create();
	job.done = xcalloc(l->npaths + 1, sizeof *job.done);
	job.result = xcalloc(l->npaths + 1, sizeof *job.result);
	pthread_mutex_init(&job.mutex, NULL);
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

void
ingest_progress(const struct source *src)
{
	static _Thread_local time_t	last;
	time_t			now;

	if (!log_progress_enabled())
		return;
	now = time(NULL);
	if (now == last)
		return;
	last = now;
	log_progress("%s: %llu records", src->path,
	    (unsigned long long)src->records);
}
