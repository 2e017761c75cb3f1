/*
 * ingest.c: input discovery and format detection, the front of the
 * pipeline.  The readers themselves are ingest-evtx.c and ingest-json.c.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	l->paths = xgrow(l->paths, l->npaths, &l->apaths, sizeof *l->paths);
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
	l->apaths = 0;
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
