/*
 * fuzz-common.c: temporary files for the fuzz targets.  The loaders read
 * paths, so each input is written to one file per slot and process (in
 * $TMPDIR, default /tmp), rewritten for every input and removed at exit.
 * Also the exception-list run both list targets make, and the run of the
 * targets of one input reader.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "flows.h"
#include "fuzz.h"
#include "log.h"
#include "roundtrip.h"
#include "xmalloc.h"

#define FUZZ_SLOTS	4

static char	*fuzz_paths[FUZZ_SLOTS];
static char	*fuzz_outpath;
static char	*fuzz_dirpath;
static char	*fuzz_dirfile;

static void
fuzz_cleanup(void)
{
	int	i;

	for (i = 0; i < FUZZ_SLOTS; i++) {
		if (fuzz_paths[i] != NULL)
			unlink(fuzz_paths[i]);
		free(fuzz_paths[i]);
	}
	if (fuzz_outpath != NULL)
		unlink(fuzz_outpath);
	free(fuzz_outpath);
	if (fuzz_dirfile != NULL)
		unlink(fuzz_dirfile);
	free(fuzz_dirfile);
	if (fuzz_dirpath != NULL)
		rmdir(fuzz_dirpath);
	free(fuzz_dirpath);
}

static const char *
fuzz_tmpdir(void)
{
	const char	*t = getenv("TMPDIR");

	return (t != NULL && *t != '\0' ? t : "/tmp");
}

void
fuzz_init(void)
{
	static int	done;

	if (done)
		return;
	done = 1;
	log_quiet(1);
	atexit(fuzz_cleanup);
}

static void
fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE	*f;

	if ((f = fopen(path, "wb")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	if (size > 0 && fwrite(data, 1, size, f) != size)
		fatalx("%s: %s", path, strerror(errno));
	if (fclose(f) != 0)
		fatalx("%s: %s", path, strerror(errno));
}

const char *
fuzz_file(int slot, const uint8_t *data, size_t size, const char *suffix)
{
	fuzz_init();
	if (slot < 0 || slot >= FUZZ_SLOTS)
		fatalx("fuzz_file: slot %d", slot);
	if (fuzz_paths[slot] == NULL)
		xasprintf(&fuzz_paths[slot], "%s/ntlmplan-fuzz-%ld-%d%s",
		    fuzz_tmpdir(), (long)getpid(), slot, suffix);
	fuzz_write(fuzz_paths[slot], data, size);
	return (fuzz_paths[slot]);
}

const char *
fuzz_out(const char *suffix)
{
	fuzz_init();
	if (fuzz_outpath == NULL)
		xasprintf(&fuzz_outpath, "%s/ntlmplan-fuzz-%ld-out%s",
		    fuzz_tmpdir(), (long)getpid(), suffix);
	return (fuzz_outpath);
}

const char *
fuzz_dir(const uint8_t *data, size_t size)
{
	fuzz_init();
	if (fuzz_dirpath == NULL) {
		xasprintf(&fuzz_dirpath, "%s/ntlmplan-fuzz-%ld-dir",
		    fuzz_tmpdir(), (long)getpid());
		if (mkdir(fuzz_dirpath, 0700) != 0)
			fatalx("%s: %s", fuzz_dirpath,
			    strerror(errno));
		xasprintf(&fuzz_dirfile, "%s/fuzz.policy", fuzz_dirpath);
	}
	fuzz_write(fuzz_dirfile, data, size);
	return (fuzz_dirpath);
}

void
fuzz_exceptions(const char *path)
{
	static const char *const names[][2] = {
		{ "SRV1", "srv1.corp.example" }, { "WEB1", NULL }, { "", "" },
		{ "a", "a.b.c." }
	};
	struct exceptions	*ex;
	char			*cause = NULL;
	size_t			 i;
	int			 found;

	ex = exceptions_create();
	if (exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
	    &cause) == 0) {
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			(void)exceptions_match(ex, names[i][0], names[i][1]);
	}
	free(cause);
	exceptions_free(ex);
}

void
fuzz_reader(const uint8_t *data, size_t size, const char *suffix,
    int (*reader)(struct flows *, struct source *, const char *, FILE *))
{
	struct flows	*fl;
	struct source	*src;
	const char	*path;
	FILE		*f;

	fuzz_init();
	fl = flows_create();
	path = fuzz_file(0, data, size, suffix);
	src = flows_add_source(fl, path);
	if ((f = fopen(path, "rb")) != NULL) {
		(void)reader(fl, src, path, f);
		fclose(f);
	}
	fuzz_flows_roundtrip(fl);
	flows_free(fl);
}
