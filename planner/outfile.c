/*
 * outfile.c: temp file + rename, so that an error never leaves a half-written
 * output.  The temporary name is ".NAME.XXXXXX" in the target's directory, so
 * rename(2) stays on one file system.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "xmalloc.h"

struct outfile {
	FILE	*f;
	char	*path;		/* owned */
	char	*tmp;		/* owned; NULL for stdout and in place */
	int	 inplace;	/* a device or FIFO: no rename */
	char	*buf;		/* owned: f's buffer */
};

/*
 * Outputs run to megabytes (a flow file of 10,000 flows is 6 MB): written
 * OUTFILE_BUFSIZE at a time, not one st_blksize page a write(2).
 */
#define OUTFILE_BUFSIZE	(256 * 1024)

static void
outfile_buffer(struct outfile *of)
{
	of->buf = xmalloc(OUTFILE_BUFSIZE);
	(void)setvbuf(of->f, of->buf, _IOFBF, OUTFILE_BUFSIZE);
}

struct outfile *
outfile_open(const char *path, char **cause)
{
	struct outfile	*of;
	struct stat	 st;
	const char	*slash;
	mode_t		 mask;
	int		 fd;

	of = xcalloc(1, sizeof *of);
	of->path = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		of->f = stdout;
		return (of);
	}
	/*
	 * A target that exists and is not a regular file (/dev/null, a FIFO,
	 * a terminal) is written in place: renaming over it would replace
	 * the device with a file.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode)) {
			xasprintf(cause, "%s: %s", path, strerror(EISDIR));
			free(of->path);
			free(of);
			return (NULL);
		}
		if ((of->f = fopen(path, "w")) == NULL) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			free(of->path);
			free(of);
			return (NULL);
		}
		of->inplace = 1;
		outfile_buffer(of);
		return (of);
	}
	slash = strrchr(path, '/');
	if (slash == NULL)
		xasprintf(&of->tmp, ".%s.XXXXXX", path);
	else
		xasprintf(&of->tmp, "%.*s/.%s.XXXXXX", (int)(slash - path),
		    path, slash + 1);
	if ((fd = mkstemp(of->tmp)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		free(of->tmp);
		free(of->path);
		free(of);
		return (NULL);
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if ((of->f = fdopen(fd, "w")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(of->tmp);
		free(of->tmp);
		free(of->path);
		free(of);
		return (NULL);
	}
	outfile_buffer(of);
	return (of);
}

FILE *
outfile_stream(struct outfile *of)
{
	return (of->f);
}

const char *
outfile_path(struct outfile *of)
{
	return (of->path);
}

static void
outfile_free(struct outfile *of)
{
	free(of->tmp);
	free(of->path);
	free(of->buf);
	free(of);
}

int
outfile_commit(struct outfile *of, char **cause)
{
	int	error = 0;

	if (of->tmp == NULL) {
		if (fflush(of->f) != 0 || ferror(of->f))
			error = -1;
		if (of->inplace && fclose(of->f) != 0)
			error = -1;
		if (error != 0)
			xasprintf(cause, "%s: %s", of->inplace ? of->path :
			    "stdout", strerror(errno));
		outfile_free(of);
		return (error);
	}
	if (fflush(of->f) != 0 || ferror(of->f) || fsync(fileno(of->f)) != 0)
		error = errno != 0 ? errno : EIO;
	if (fclose(of->f) != 0 && error == 0)
		error = errno;
	if (error == 0 && rename(of->tmp, of->path) != 0)
		error = errno;
	if (error != 0) {
		xasprintf(cause, "%s: %s", of->path, strerror(error));
		unlink(of->tmp);
		outfile_free(of);
		return (-1);
	}
	outfile_free(of);
	return (0);
}

void
outfile_init(void)
{
	/* A buffer of our own: given none, glibc takes st_blksize anyway. */
	static char	buf[OUTFILE_BUFSIZE];

	if (!isatty(STDOUT_FILENO))
		(void)setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->tmp != NULL) {
		fclose(of->f);
		unlink(of->tmp);
	} else if (of->inplace)
		fclose(of->f);
	outfile_free(of);
}
