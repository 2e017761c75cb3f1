/*
 * outfile.c: temp file + rename, so that an error never leaves a half-written
 * output.  The temporary name is ".NAME.XXXXXX" in the target's directory, so
 * rename(2) stays on one file system.  An output is never written through
 * a symbolic link.  The temporary files, and what an outset registers, are
 * removed on SIGINT, SIGTERM and SIGHUP: a table of fixed slots that the
 * handler reads without locks or allocation.  Several threads may write
 * outputs at once: the handler, on whichever thread, first stops them from
 * creating or renaming a file (outfile_busy_enter), so that nothing comes
 * into being after it has emptied the table.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_STDIO_EXT_H
#include <stdio_ext.h>
#endif

#include "outfile.h"
#include "xmalloc.h"

struct outfile {
	FILE	*f;
	char	*path;		/* owned */
	char	*tmp;		/* owned; NULL for stdout and in place */
	int	 inplace;	/* a device or FIFO: no rename */
	char	*buf;		/* owned: f's buffer */
	int	 fd;		/* the temporary file's, under f */
	off_t	 written;	/* bytes written to fd */
	off_t	 started;	/* bytes whose write-back is started */
};

/*
 * Outputs run to megabytes (a flow file of 10,000 flows is 6 MB): written
 * OUTFILE_BUFSIZE at a time, not one st_blksize page a write(2).
 */
#define OUTFILE_BUFSIZE	(256 * 1024)

/*
 * Each output is written by the one thread that opened it, in calls of a
 * field or less (a plan of 1,000,000 flows makes tens of millions): stdio
 * need not take its lock on every call.
 */
static void
outfile_unlocked(FILE *f)
{
#ifdef HAVE___FSETLOCKING
	(void)__fsetlocking(f, FSETLOCKING_BYCALLER);
#else
	(void)f;
#endif
}

/*
 * The temporary file is fsync'd before its rename.  Its write-back is
 * started each OUTFILE_WRITEBACK bytes as it grows (sync_file_range, which
 * does not wait for it): the fsync then waits for the last of it, not for
 * hundreds of megabytes (a plan of 1,000,000 flows writes 900 MB) while
 * nothing else is done.
 */
#define OUTFILE_WRITEBACK	(8 * 1024 * 1024)

#if defined(HAVE_FOPENCOOKIE) && defined(HAVE_SYNC_FILE_RANGE)
static ssize_t
outfile_cookie_write(void *cookie, const char *p, size_t n)
{
	struct outfile	*of = cookie;
	size_t		 done = 0;
	ssize_t		 w;

	while (done < n) {
		if ((w = write(of->fd, p + done, n - done)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			if (w == 0)
				errno = EIO;
			break;
		}
		done += (size_t)w;
	}
	of->written += (off_t)done;
	if (done == n && of->written - of->started >= OUTFILE_WRITEBACK) {
		(void)sync_file_range(of->fd, of->started,
		    of->written - of->started, SYNC_FILE_RANGE_WRITE);
		of->started = of->written;
	}
	/* Short: stdio sets the stream's error, errno says why. */
	return ((ssize_t)done);
}

static int
outfile_cookie_close(void *cookie)
{
	struct outfile	*of = cookie;

	return (close(of->fd));
}

static const cookie_io_functions_t outfile_cookie_io = {
	.write = outfile_cookie_write,
	.close = outfile_cookie_close
};
#endif

/* A stream over the temporary file fd; NULL and errno on error. */
static FILE *
outfile_stream_open(struct outfile *of, int fd)
{
	of->fd = fd;
#if defined(HAVE_FOPENCOOKIE) && defined(HAVE_SYNC_FILE_RANGE)
	return (fopencookie(of, "w", outfile_cookie_io));
#else
	return (fdopen(fd, "w"));
#endif
}

static void
outfile_buffer(struct outfile *of)
{
	of->buf = xmalloc(OUTFILE_BUFSIZE);
	(void)setvbuf(of->f, of->buf, _IOFBF, OUTFILE_BUFSIZE);
	outfile_unlocked(of->f);
}

/* What a signal removes: files first, then (empty) directories. */
#define OUTFILE_NCLEAN	32
static struct {
	volatile sig_atomic_t	 kind;	/* 0 free, 1 file, 2 directory */
	char			 path[PATH_MAX];
} outfile_clean[OUTFILE_NCLEAN];
static pthread_mutex_t	outfile_clean_mutex = PTHREAD_MUTEX_INITIALIZER;
static int		outfile_clean_armed;

/*
 * A file being created or renamed (outfile_busy, each with the signals
 * blocked on its thread, so never on the handler's), and a signal being
 * handled (outfile_stopping): the handler sets the second, then waits for
 * the first to fall to 0; a thread that enters after it waits for the end.
 */
static atomic_int	outfile_busy;
static atomic_int	outfile_stopping;

/* Enter a creation or rename of a file; *old: the signal mask to restore. */
static void
outfile_busy_enter(sigset_t *old)
{
	sigset_t	block;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, old);
	atomic_fetch_add(&outfile_busy, 1);
	if (atomic_load(&outfile_stopping)) {
		/* The handler ends the process once the table is empty. */
		atomic_fetch_sub(&outfile_busy, 1);
		for (;;)
			pause();
	}
}

static void
outfile_busy_leave(const sigset_t *old)
{
	atomic_fetch_sub(&outfile_busy, 1);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void
outfile_signal(int sig)
{
	const struct timespec	 ms = { 0, 1000000 };
	int			 saved = errno, n;
	size_t			 i;

	atomic_store(&outfile_stopping, 1);
	for (n = 0; atomic_load(&outfile_busy) > 0 && n < 2000; n++)
		(void)nanosleep(&ms, NULL);
	for (i = 0; i < OUTFILE_NCLEAN; i++)
		if (outfile_clean[i].kind == 1)
			(void)unlink(outfile_clean[i].path);
	for (i = 0; i < OUTFILE_NCLEAN; i++)
		if (outfile_clean[i].kind == 2)
			(void)rmdir(outfile_clean[i].path);
	errno = saved;
	/* SA_RESETHAND: the default action once the handler returns. */
	(void)raise(sig);
}

/* Handle sig, unless it is ignored (nohup). */
static void
outfile_catch(int sig)
{
	struct sigaction	sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = outfile_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(sig, &sa, NULL);
}

void
outfile_cleanup_add(const char *path, int isdir)
{
	size_t	i;

	if (strlen(path) >= PATH_MAX)
		return;
	pthread_mutex_lock(&outfile_clean_mutex);
	if (!outfile_clean_armed) {
		outfile_catch(SIGINT);
		outfile_catch(SIGTERM);
		outfile_catch(SIGHUP);
		outfile_clean_armed = 1;
	}
	for (i = 0; i < OUTFILE_NCLEAN; i++) {
		if (outfile_clean[i].kind == 0) {
			strcpy(outfile_clean[i].path, path);
			outfile_clean[i].kind = isdir ? 2 : 1;
			break;
		}
	}
	pthread_mutex_unlock(&outfile_clean_mutex);
}

void
outfile_cleanup_remove(const char *path)
{
	size_t	i;

	pthread_mutex_lock(&outfile_clean_mutex);
	for (i = 0; i < OUTFILE_NCLEAN; i++) {
		if (outfile_clean[i].kind != 0 &&
		    strcmp(outfile_clean[i].path, path) == 0) {
			outfile_clean[i].kind = 0;
			break;
		}
	}
	pthread_mutex_unlock(&outfile_clean_mutex);
}

/* Free what outfile_open allocated so far and say why, with the path. */
static struct outfile *
outfile_fail(struct outfile *of, char **cause, const char *why)
{
	xasprintf(cause, "%s: %s", of->path, why);
	free(of->tmp);
	free(of->path);
	free(of);
	return (NULL);
}

struct outfile *
outfile_open(const char *path, char **cause)
{
	struct outfile	*of;
	struct stat	 st, target;
	const char	*slash;
	mode_t		 mode;
	sigset_t	 old;
	int		 fd, exists, saved;

	of = xcalloc(1, sizeof *of);
	of->path = xstrdup(path);
	if (strcmp(path, "-") == 0) {
		of->f = stdout;
		return (of);
	}
	/*
	 * Never written through a link: a link is replaced by the file, and
	 * one to a device, a FIFO or a directory is refused (writing in place
	 * would follow it).
	 */
	exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode) && (stat(path, &target) != 0 ||
	    !S_ISREG(target.st_mode)))
		return (outfile_fail(of, cause, "a symbolic link to no "
		    "regular file: not written through it (give the path it "
		    "names, or - for stdout)"));
	/*
	 * A target that exists and is not a regular file (/dev/null, a FIFO,
	 * a terminal) is written in place: renaming over it would replace
	 * the device with a file.
	 */
	if (exists && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return (outfile_fail(of, cause, strerror(EISDIR)));
		fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1 || (of->f = fdopen(fd, "w")) == NULL) {
			if (fd != -1)
				close(fd);
			return (outfile_fail(of, cause, strerror(errno)));
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
	/*
	 * The temporary file and its entry in the table a signal empties
	 * come into being together: a signal between the two left the file,
	 * and with it the staging directory of an output set.
	 */
	outfile_busy_enter(&old);
	if ((fd = mkstemp(of->tmp)) != -1)
		outfile_cleanup_add(of->tmp, 0);
	saved = errno;
	outfile_busy_leave(&old);
	if (fd == -1) {
		free(of->tmp);
		of->tmp = NULL;
		return (outfile_fail(of, cause, strerror(saved)));
	}
	/* A re-run keeps the file's mode (a 0600 report stays 0600). */
	if (exists && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	else {
		mode = umask(0);
		umask(mode);
		mode = 0666 & ~mode;
	}
	(void)fchmod(fd, mode);
	if ((of->f = outfile_stream_open(of, fd)) == NULL) {
		close(fd);
		unlink(of->tmp);
		outfile_cleanup_remove(of->tmp);
		return (outfile_fail(of, cause, strerror(errno)));
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
	sigset_t	old;
	int		error = 0;

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
	if (fflush(of->f) != 0 || ferror(of->f) || fsync(of->fd) != 0)
		error = errno != 0 ? errno : EIO;
	if (fclose(of->f) != 0 && error == 0)
		error = errno;
	/* Renamed before a signal, or after none: never during one. */
	outfile_busy_enter(&old);
	if (error == 0 && rename(of->tmp, of->path) != 0)
		error = errno;
	outfile_busy_leave(&old);
	if (error != 0) {
		xasprintf(cause, "%s: %s", of->path, strerror(error));
		unlink(of->tmp);
		outfile_cleanup_remove(of->tmp);
		outfile_free(of);
		return (-1);
	}
	outfile_cleanup_remove(of->tmp);
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
	outfile_unlocked(stdout);
}

void
outfile_abort(struct outfile *of)
{
	if (of == NULL)
		return;
	if (of->tmp != NULL) {
		fclose(of->f);
		unlink(of->tmp);
		outfile_cleanup_remove(of->tmp);
	} else if (of->inplace)
		fclose(of->f);
	outfile_free(of);
}
