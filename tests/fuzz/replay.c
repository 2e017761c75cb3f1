/*
 * replay.c: a main for a fuzz target without libFuzzer.  Feeds every file
 * named on the command line (a directory: every file in it, in name order)
 * to LLVMFuzzerTestOneInput once, and prints one line per input so a
 * crash names it.  make check runs it over tests/fuzz/regress/NAME.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xmalloc.h"

static int
replay_file(const char *path)
{
	FILE		*f;
	unsigned char	*buf = NULL;
	size_t		 len = 0, size = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return (1);
	}
	for (;;) {
		if (len == size) {
			size = size == 0 ? 65536 : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		if ((n = fread(buf + len, 1, size - len, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		fclose(f);
		free(buf);
		return (1);
	}
	fclose(f);
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return (0);
}

static int
replay_compare(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static int
replay_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		**names = NULL, *path;
	size_t		 n = 0, i;
	int		 errors = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return (1);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, replay_compare);
	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		errors += replay_file(path);
		free(path);
		free(names[i]);
	}
	free(names);
	return (errors);
}

int
main(int argc, char **argv)
{
	struct stat	st;
	int		i, errors = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			errors += replay_dir(argv[i]);
		else
			errors += replay_file(argv[i]);
	}
	return (errors != 0);
}
