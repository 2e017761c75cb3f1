/*
 * t-outfile.c: an output written through a temporary file and renamed: a
 * file many times the size at which its write-back is started arrives
 * whole, in calls of every size; one that cannot be written is not
 * renamed, says why, and leaves no temporary file.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"

#define BIG	(20 * 1024 * 1024 + 123)

static char	dir[] = "/tmp/t-outfile.XXXXXX";

/* Byte i of the big file: no period a lost or doubled block would hide. */
static unsigned char
byte_at(size_t i)
{
	return ((unsigned char)((i * 2654435761u) >> 13));
}

/* Entries of dir but "." and ".."; the first other name into first. */
static int
entries(char *first, size_t len)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return (-1);
	first[0] = '\0';
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n++ == 0)
			snprintf(first, len, "%s", e->d_name);
	}
	closedir(d);
	return (n);
}

/* Write the big file in calls of 1 to 70,000 bytes and single bytes. */
static void
write_big(FILE *f)
{
	unsigned char	*buf;
	size_t		 i, n, k, step = 1;

	buf = malloc(70000);
	for (i = 0; i < BIG; i += n) {
		step = step * 7 % 70001;
		n = step < BIG - i ? step : BIG - i;
		if (n % 3 == 0) {
			for (k = 0; k < n; k++)
				putc(byte_at(i + k), f);
			continue;
		}
		for (k = 0; k < n; k++)
			buf[k] = byte_at(i + k);
		fwrite(buf, 1, n, f);
	}
	free(buf);
}

static int
check_big(const char *path)
{
	FILE	*f;
	size_t	 i = 0;
	int	 c, bad = 0;

	if ((f = fopen(path, "rb")) == NULL)
		return (-1);
	while ((c = getc(f)) != EOF) {
		if (i >= BIG || (unsigned char)c != byte_at(i))
			bad = 1;
		i++;
	}
	fclose(f);
	return (bad || i != BIG ? -1 : 0);
}

/* A child with a 1 MiB file size limit writes the big file: exit 0 if
 * the commit failed as it should. */
static void
too_large(const char *path)
{
	struct rlimit	 rl = { 1024 * 1024, 1024 * 1024 };
	struct outfile	*of;
	char		*cause = NULL;

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		_exit(2);
	if ((of = outfile_open(path, &cause)) == NULL)
		_exit(3);
	write_big(outfile_stream(of));
	if (outfile_commit(of, &cause) == 0)
		_exit(4);
	if (cause == NULL || strstr(cause, path) == NULL ||
	    strstr(cause, "too large") == NULL) {
		fprintf(stderr, "cause: %s\n", cause != NULL ? cause : "");
		_exit(5);
	}
	_exit(0);
}

int
main(void)
{
	struct outfile	*of;
	struct stat	 st;
	char		*cause = NULL, path[256], name[256];
	pid_t		 pid;
	int		 status;

	outfile_init();
	if (mkdtemp(dir) == NULL) {
		diag("mkdtemp failed");
		return (1);
	}
	snprintf(path, sizeof path, "%s/big.out", dir);

	of = outfile_open(path, &cause);
	ok(of != NULL, "open");
	if (of == NULL)
		return (done_testing());
	write_big(outfile_stream(of));
	ok(stat(path, &st) != 0, "nothing at the name before the commit");
	ok(outfile_commit(of, &cause) == 0, "commit");
	ok(check_big(path) == 0, "%d bytes written in calls of every size "
	    "arrive whole and in order", BIG);
	is_int(entries(name, sizeof name), 1, "no temporary file left");
	is_str(name, "big.out", "only the output");

	/* Written again over itself: the same. */
	of = outfile_open(path, &cause);
	write_big(outfile_stream(of));
	ok(outfile_commit(of, &cause) == 0, "commit over the old file");
	ok(check_big(path) == 0, "the new file whole");

	snprintf(path, sizeof path, "%s/limited.out", dir);
	fflush(NULL);
	if ((pid = fork()) == 0)
		too_large(path);
	ok(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "over the file size limit: the commit fails, naming the file "
	    "and why");
	ok(stat(path, &st) != 0, "over the limit: nothing at the name");
	is_int(entries(name, sizeof name), 1,
	    "over the limit: no temporary file left");

	snprintf(path, sizeof path, "%s/big.out", dir);
	unlink(path);
	rmdir(dir);
	return (done_testing());
}
