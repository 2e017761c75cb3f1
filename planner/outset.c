/*
 * outset.c: an output set written into a staging directory beside the
 * output directory and put in place in one rename.
 *
 * With renameat2(RENAME_EXCHANGE) (Linux 3.15) the output directory's name
 * always names a whole set: the staging directory and it swap in one step,
 * and the old set then moves to NAME.previous.  Without it, NAME.previous
 * is made first and the staging directory renamed to NAME: a kill between
 * the two leaves the old set whole as NAME.previous and the new one whole
 * beside it.  A directory is only ever replaced or removed when it holds
 * nothing but the set's files and outfile's temporary files, so a wrong -o
 * (a home directory, ".") cannot move or delete anyone's files.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "outset.h"
#include "xmalloc.h"

struct outset {
	char			 *dir;		/* owned: output directory */
	char			 *previous;	/* owned: dir.previous */
	char			 *parent;	/* owned: dir's parent */
	char			 *stage;	/* owned: staging directory */
	char			**files;	/* owned: stage/name, n */
	const char *const	 *names;
	size_t			  n;
};

/* True if entry is one of names or an outfile temporary ".NAME.XXXXXX". */
static int
outset_is_ours(const char *entry, const char *const *names, size_t n)
{
	size_t	i, len, elen = strlen(entry);

	for (i = 0; i < n; i++) {
		if (strcmp(entry, names[i]) == 0)
			return (1);
		len = strlen(names[i]);
		if (elen == len + 8 && entry[0] == '.' &&
		    strncmp(entry + 1, names[i], len) == 0 &&
		    entry[len + 1] == '.')
			return (1);
	}
	return (0);
}

/*
 * Whether path, a directory, holds only files of the set: 1, or 0 with
 * *cause saying which entry is not, or -1 with *cause set on an error.
 */
static int
outset_check(const char *path, const char *const *names, size_t n,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 rc = 1;

	if ((d = opendir(path)) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (rc == 1 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (!outset_is_ours(de->d_name, names, n) ||
		    fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
			xasprintf(cause, "%s: holds %s, which plan does not "
			    "write: the output directory is replaced whole "
			    "(the one before kept as NAME.previous), give "
			    "a new one", path, de->d_name);
			rc = 0;
		}
	}
	closedir(d);
	return (rc);
}

/* Remove directory path and the set's files in it; 0 or -1 (errno). */
static int
outset_remove(const char *path, const char *const *names, size_t n)
{
	DIR		*d;
	struct dirent	*de;
	int		 rc = 0, saved;

	if ((d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL) {
		if (outset_is_ours(de->d_name, names, n) &&
		    unlinkat(dirfd(d), de->d_name, 0) != 0 && errno != ENOENT)
			rc = -1;
	}
	saved = errno;
	closedir(d);
	errno = saved;
	if (rc == 0 && rmdir(path) != 0)
		rc = -1;
	return (rc);
}

/*
 * Check dir (if it exists) before it is replaced or removed: a directory
 * of the set's files only.  0, or -1 with *cause set.
 */
static int
outset_replaceable(const char *path, const char *const *names, size_t n,
    char **cause)
{
	struct stat	st;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return (0);
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (S_ISLNK(st.st_mode)) {
		xasprintf(cause, "%s: a symbolic link: not replaced (give "
		    "the directory it names)", path);
		return (-1);
	}
	if (!S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s: %s", path, strerror(ENOTDIR));
		return (-1);
	}
	return (outset_check(path, names, n, cause) == 1 ? 0 : -1);
}

/* mkdir -p path; 0, or -1 with *cause set. */
static int
outset_mkdirs(const char *path, char **cause)
{
	char	*p, *s, c;
	int	 rc = 0;

	p = xstrdup(path);
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			c = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				xasprintf(cause, "%s: %s", p, strerror(errno));
				rc = -1;
			}
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	return (rc);
}

/*
 * Remove the staging directories of dir ("." base ".new." PID ".XXXXXX")
 * whose process is gone: a run killed with SIGKILL.
 */
static void
outset_sweep(const char *parent, const char *base,
    const char *const *names, size_t n)
{
	DIR		*d;
	struct dirent	*de;
	char		*prefix, *path, *end;
	size_t		 plen;
	long		 pid;
	char		*cause = NULL;

	if ((d = opendir(parent)) == NULL)
		return;
	xasprintf(&prefix, ".%s.new.", base);
	plen = strlen(prefix);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		errno = 0;
		pid = strtol(de->d_name + plen, &end, 10);
		if (errno != 0 || pid <= 0 || *end != '.' ||
		    strlen(end) != 7 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		xasprintf(&path, "%s/%s", parent, de->d_name);
		if (outset_check(path, names, n, &cause) == 1)
			(void)outset_remove(path, names, n);
		free(cause);
		cause = NULL;
		free(path);
	}
	free(prefix);
	closedir(d);
}

static void
outset_free(struct outset *os)
{
	size_t	i;

	for (i = 0; i < os->n; i++)
		free(os->files[i]);
	free(os->files);
	free(os->stage);
	free(os->parent);
	free(os->previous);
	free(os->dir);
	free(os);
}

struct outset *
outset_create(const char *dir, const char *const *names, size_t n,
    char **cause)
{
	struct outset	*os;
	struct stat	 st;
	const char	*base, *slash;
	size_t		 len, i;
	mode_t		 mode;

	os = xcalloc(1, sizeof *os);
	os->names = names;
	os->n = n;
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	os->dir = xstrndup(dir, len);
	slash = strrchr(os->dir, '/');
	base = slash == NULL ? os->dir : slash + 1;
	if (*base == '\0' || strcmp(base, ".") == 0 ||
	    strcmp(base, "..") == 0) {
		xasprintf(cause, "%s: give the output directory by its name "
		    "(it is replaced whole)", dir);
		goto fail;
	}
	if (slash == NULL)
		os->parent = xstrdup(".");
	else if (slash == os->dir)
		os->parent = xstrdup("/");
	else
		os->parent = xstrndup(os->dir, (size_t)(slash - os->dir));
	xasprintf(&os->previous, "%s.previous", os->dir);
	if (outset_mkdirs(os->parent, cause) != 0 ||
	    outset_replaceable(os->dir, names, n, cause) != 0 ||
	    outset_replaceable(os->previous, names, n, cause) != 0)
		goto fail;
	outset_sweep(os->parent, base, names, n);

	xasprintf(&os->stage, "%s/.%s.new.%ld.XXXXXX", os->parent, base,
	    (long)getpid());
	if (mkdtemp(os->stage) == NULL) {
		xasprintf(cause, "%s: %s", os->stage, strerror(errno));
		goto fail;
	}
	outfile_cleanup_add(os->stage, 1);
	/* The mode of the directory it replaces, or the umask's. */
	if (lstat(os->dir, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode = umask(0);
		umask(mode);
		mode = 0777 & ~mode;
	}
	(void)chmod(os->stage, mode);
	os->files = xcalloc(n, sizeof *os->files);
	for (i = 0; i < n; i++) {
		xasprintf(&os->files[i], "%s/%s", os->stage, names[i]);
		outfile_cleanup_add(os->files[i], 0);
	}
	return (os);

fail:
	os->n = 0;
	outset_free(os);
	return (NULL);
}

const char *
outset_path(const struct outset *os)
{
	return (os->stage);
}

/* Stop removing the staging directory on a signal. */
static void
outset_forget(struct outset *os)
{
	size_t	i;

	for (i = 0; i < os->n; i++)
		outfile_cleanup_remove(os->files[i]);
	outfile_cleanup_remove(os->stage);
}

/* fsync a directory, so that the renames in it last (best effort). */
static void
outset_sync(const char *path)
{
	int	fd;

	if ((fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	(void)fsync(fd);
	close(fd);
}

int
outset_commit(struct outset *os, char **cause)
{
	struct stat	 st;
	sigset_t	 block, old;
	int		 rc = -1, exists;

	outset_sync(os->stage);
	/* Checked again: the directories may have changed meanwhile. */
	if (outset_replaceable(os->dir, os->names, os->n, cause) != 0 ||
	    outset_replaceable(os->previous, os->names, os->n, cause) != 0) {
		outset_abort(os);
		return (-1);
	}
	/* From here the staging directory may hold the old set. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	exists = lstat(os->dir, &st) == 0;
	if (exists && lstat(os->previous, &st) == 0 &&
	    outset_remove(os->previous, os->names, os->n) != 0) {
		xasprintf(cause, "%s: %s", os->previous, strerror(errno));
		goto out;
	}
	if (!exists) {
		if (rename(os->stage, os->dir) != 0) {
			xasprintf(cause, "%s: %s", os->dir, strerror(errno));
			goto out;
		}
	} else if (renameat2(AT_FDCWD, os->stage, AT_FDCWD, os->dir,
	    RENAME_EXCHANGE) == 0) {
		/* The old set is where the staging directory was; the
		 * new one is in place even if it cannot move on. */
		if (rename(os->stage, os->previous) != 0)
			(void)outset_remove(os->stage, os->names, os->n);
	} else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
		/* No exchange on this file system: two renames. */
		if (rename(os->dir, os->previous) != 0) {
			xasprintf(cause, "%s: %s", os->previous,
			    strerror(errno));
			goto out;
		}
		if (rename(os->stage, os->dir) != 0) {
			xasprintf(cause, "%s: %s", os->dir, strerror(errno));
			(void)rename(os->previous, os->dir);
			goto out;
		}
	} else {
		xasprintf(cause, "%s: %s", os->dir, strerror(errno));
		goto out;
	}
	outset_sync(os->parent);
	rc = 0;
out:
	if (rc != 0)
		(void)outset_remove(os->stage, os->names, os->n);
	outset_forget(os);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	outset_free(os);
	return (rc);
}

void
outset_abort(struct outset *os)
{
	if (os == NULL)
		return;
	(void)outset_remove(os->stage, os->names, os->n);
	outset_forget(os);
	outset_free(os);
}
