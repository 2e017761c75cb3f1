/*
 * cmd-directory.c: "ntlmplan directory": read Active Directory over LDAP
 * (or LDIF exports of it) into a directory snapshot, ntlmplan-directory(5).
 *
 * The snapshot is written atomically and only when every read succeeded: an
 * LDAP or LDIF error leaves no output file (and an existing one untouched).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cmd.h"
#include "directory.h"
#include "directory-ldap.h"
#include "directory-ldif.h"
#include "exitcode.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static int	cmd_directory_exec(int, char **);

const struct cmd_entry cmd_directory_entry = {
	"directory",
	"[-o FILE] (-H URI [-b BASE] [-D BINDDN] [-y PASSFILE | -W] "
	"[-Y MECH] [-Z[Z]]\n"
	"         [--cacert FILE] [--page-size N] [--timeout SECONDS] | "
	"[-b BASE] --ldif FILE...)",
	"Read the domain, its trusts and computers from LDAP or LDIF.",
	"  -o, --output FILE    write the snapshot to FILE (default: stdout)\n"
	"  -H, --uri URI        ldap://, ldaps:// or ldapi:// server\n"
	"  -b, --base DN        search base (default: defaultNamingContext)\n"
	"  -D, --binddn DN      simple bind as DN\n"
	"  -y, --password-file FILE  read the bind password from FILE\n"
	"  -W, --prompt         prompt for the bind password\n"
	"  -Y, --sasl-mech MECH SASL bind (GSSAPI, EXTERNAL)\n"
	"  -Z, --starttls       StartTLS; -ZZ: require it to succeed\n"
	"      --cacert FILE    trust the CA certificates in FILE\n"
	"      --page-size N    entries per page, 1..1000 (default: 500; 0:\n"
	"                       do not page)\n"
	"      --timeout SECONDS  for each wait on the server (default: 30)\n"
	"      --ldif           read the LDIF files given as operands\n"
	"  -h, --help           show this help\n"
	"Exit status: 5 unreachable or timed out, 6 TLS, 7 bind refused,\n"
	"8 base missing or search refused, 9 search cut off (limit, lost\n"
	"connection), 3 malformed LDIF, 4 output not written.\n",
	cmd_directory_exec
};

/*
 * Read the password from path: the file's bytes, one final newline (and
 * CR) cut.  A UTF-16 file (what Notepad or Windows PowerShell's ">" write)
 * is refused by name rather than sent as a password with NUL bytes.
 */
static char *
cmd_directory_password(const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0, len = 0, n;

	if ((f = fopen(path, "r")) == NULL) {
		log_warnx("%s: cannot open the password file: %s", path,
		    strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (len + 1 >= size) {
			size = size == 0 ? 256 : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = fread(buf + len, 1, size - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		log_warnx("%s: cannot read the password file: %s", path,
		    strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	/* A BOM, or a NUL in one of the first two bytes (ASCII in UTF-16). */
	if (len >= 2 && (((unsigned char)buf[0] == 0xff &&
	    (unsigned char)buf[1] == 0xfe) || ((unsigned char)buf[0] == 0xfe &&
	    (unsigned char)buf[1] == 0xff) || buf[0] == '\0' ||
	    buf[1] == '\0')) {
		log_warnx("%s: the password file is UTF-16 (as Notepad or "
		    "PowerShell's > write it): save it as UTF-8 or ASCII, "
		    "e.g. Set-Content -Encoding ascii", path);
		goto fail;
	}
	if (memchr(buf, '\0', len) != NULL) {
		log_warnx("%s: the password file holds NUL bytes: not a "
		    "text password", path);
		goto fail;
	}
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (len == 0) {
		log_warnx("%s: empty password file", path);
		goto fail;
	}
	fclose(f);
	return (buf);
fail:
	fclose(f);
	if (buf != NULL) {
		explicit_bzero(buf, size);
		free(buf);
	}
	return (NULL);
}

int
cmd_directory_credentials(struct cmd_directory_args *da)
{
	char	*p;
	int	 fd;

	if (da->password != NULL)
		return (EXIT_OK);
	if (da->passfile != NULL &&
	    (da->password = cmd_directory_password(da->passfile)) == NULL)
		return (EXIT_USAGE);
	if (da->prompt) {
		/* getpass falls back to stdin without a terminal. */
		if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY)) == -1) {
			log_warnx("-W: no terminal to ask for the password "
			    "on; give it in a file with -y");
			return (EXIT_USAGE);
		}
		close(fd);
		if ((p = getpass("LDAP password: ")) == NULL) {
			log_warnx("cannot read the password");
			return (EXIT_USAGE);
		}
		if (*p == '\0') {
			log_warnx("-W: empty password (a simple bind with an "
			    "empty password is anonymous)");
			return (EXIT_USAGE);
		}
		da->password = xstrdup(p);
		explicit_bzero(p, strlen(p));
	}
	return (EXIT_OK);
}

void
cmd_directory_args_clear(struct cmd_directory_args *da)
{
	if (da->password != NULL) {
		explicit_bzero(da->password, strlen(da->password));
		free(da->password);
		da->password = NULL;
	}
}

static int64_t
cmd_directory_now(void)
{
	struct timeval	 tv;
	const char	*s;
	long long	 v;

	/* Reproducible output (reproducible-builds.org). */
	if ((s = getenv("SOURCE_DATE_EPOCH")) != NULL &&
	    util_strtonum(s, 0, 253402300799LL, &v) == 0)
		return ((int64_t)v * 1000000);
	gettimeofday(&tv, NULL);
	return ((int64_t)tv.tv_sec * 1000000 + tv.tv_usec);
}

static void
cmd_directory_save(FILE *f, void *arg)
{
	directory_save(arg, f);
}

static int
cmd_directory_write(struct directory *dir, const char *path)
{
	return (cmd_write_file(path, cmd_directory_save, dir));
}

static int
cmd_directory_exit(enum directory_ldap_error e)
{
	switch (e) {
	case DIRECTORY_LDAP_OK:
		return (EXIT_OK);
	case DIRECTORY_LDAP_CONNECT:
		return (EXIT_LDAP_CONNECT);
	case DIRECTORY_LDAP_TLS:
		return (EXIT_LDAP_TLS);
	case DIRECTORY_LDAP_AUTH:
		return (EXIT_LDAP_AUTH);
	case DIRECTORY_LDAP_SEARCH:
		return (EXIT_LDAP_SEARCH);
	case DIRECTORY_LDAP_INCOMPLETE:
		return (EXIT_LDAP_INCOMPLETE);
	}
	return (EXIT_SOFTWARE);
}

static void
cmd_directory_summary(struct directory *dir,
    const struct directory_ldap_stats *st, int nldif)
{
	size_t	dcs, rodcs, disabled;
	char	from[64];

	directory_counts(dir, &dcs, &rodcs, &disabled);
	if (nldif > 0)
		snprintf(from, sizeof from, "%d LDIF file%s, %llu entries",
		    nldif, nldif == 1 ? "" : "s",
		    (unsigned long long)dir->entries);
	else
		snprintf(from, sizeof from, "%llu page%s, %llu references "
		    "skipped", (unsigned long long)st->pages,
		    st->pages == 1 ? "" : "s",
		    (unsigned long long)st->references);
	log_info("directory: %s (%s): %zu computers, %zu DCs (%zu RODCs), "
	    "%zu disabled, %zu trusts; left out: %llu trust accounts, %llu "
	    "managed service accounts; %s",
	    dir->domain_netbios != NULL ? dir->domain_netbios : "?",
	    dir->domain_dns != NULL ? dir->domain_dns : dir->domain_dn,
	    dir->ncomputers, dcs, rodcs, disabled, dir->ntrusts,
	    (unsigned long long)dir->trust_accounts,
	    (unsigned long long)dir->service_accounts, from);
}

void
cmd_directory_args_init(struct cmd_directory_args *da)
{
	memset(da, 0, sizeof *da);
	da->ldap.page_size = DIRECTORY_LDAP_PAGE_SIZE;
	da->ldap.timeout = DIRECTORY_LDAP_TIMEOUT;
}

int
cmd_directory_option(struct cmd_directory_args *da, int ch, const char *arg)
{
	long long	v;

	switch (ch) {
	case 'H':
		da->ldap.uri = arg;
		return (0);
	case 'b':
		da->ldap.base = arg;
		return (0);
	case 'D':
		da->ldap.binddn = arg;
		break;
	case 'y':
		da->passfile = arg;
		break;
	case 'W':
		da->prompt = 1;
		break;
	case 'Y':
		da->ldap.mech = arg;
		break;
	case 'Z':
		da->ldap.starttls++;
		break;
	case CMD_OPT_CACERT:
		da->ldap.cacert = arg;
		break;
	case CMD_OPT_PAGE_SIZE:
		if (util_strtonum(arg, 0, DIRECTORY_LDAP_PAGE_MAX, &v) != 0) {
			log_warnx("--page-size: %s: not in 0..%d", arg,
			    DIRECTORY_LDAP_PAGE_MAX);
			return (-1);
		}
		da->ldap.page_size = (int)v;
		break;
	case CMD_OPT_TIMEOUT:
		if (util_strtonum(arg, 1, 86400, &v) != 0) {
			log_warnx("--timeout: %s: not in 1..86400", arg);
			return (-1);
		}
		da->ldap.timeout = (int)v;
		break;
	default:
		return (1);
	}
	da->ldaponly = 1;
	return (0);
}

int
cmd_directory_check(const struct cmd_directory_args *da)
{
	const struct directory_ldap_options	*o = &da->ldap;

	if (da->nldif > 0) {
		if (o->uri != NULL || da->ldaponly) {
			log_warnx("--ldif takes LDIF files and no LDAP "
			    "options");
			return (-1);
		}
		return (0);
	}
	if (o->uri == NULL)
		return (-1);
	if (o->starttls > 2 || (da->passfile != NULL && da->prompt) ||
	    (o->mech != NULL && (o->binddn != NULL || da->passfile != NULL ||
	    da->prompt)) || ((da->passfile != NULL || da->prompt) !=
	    (o->binddn != NULL))) {
		log_warnx("-D needs -y or -W (one of them); -Y excludes all "
		    "three");
		return (-1);
	}
	return (0);
}

int
cmd_directory_read(struct cmd_directory_args *da, struct directory **out)
{
	struct directory_ldap_options	 opt = da->ldap;
	struct directory_ldap_stats	 st;
	struct directory		*dir;
	enum directory_ldap_error	 err;
	char				*cause = NULL;
	size_t				 i;
	int				 rc = EXIT_OK;

	memset(&st, 0, sizeof st);
	dir = directory_create();
	if (da->nldif > 0) {
		for (i = 0; i < da->nldif; i++) {
			if (directory_ldif_read(dir, da->ldif[i], &cause) !=
			    0) {
				log_warnx("%s", cause);
				rc = EXIT_INPUT;
				goto out;
			}
		}
		if (directory_finish(dir, NULL, opt.base, &cause) != 0) {
			log_warnx("%s", cause);
			rc = EXIT_INPUT;
			goto out;
		}
		dir->source_ldif = xreallocarray(NULL, da->nldif,
		    sizeof *dir->source_ldif);
		for (i = 0; i < da->nldif; i++)
			dir->source_ldif[i] = xstrdup(da->ldif[i]);
		dir->nsource_ldif = da->nldif;
	} else {
		if ((rc = cmd_directory_credentials(da)) != EXIT_OK)
			goto out;
		opt.password = da->password;
		err = directory_ldap_fetch(dir, &opt, &st, &cause);
		if (err != DIRECTORY_LDAP_OK) {
			log_warnx("%s", cause);
			rc = cmd_directory_exit(err);
			goto out;
		}
		dir->source_uri = xstrdup(opt.uri);
	}
	dir->fetched = cmd_directory_now();
	if (dir->domain_netbios == NULL)
		log_warnx("%s: no crossRef names the domain's NetBIOS name",
		    dir->domain_dn);
	cmd_directory_summary(dir, &st, (int)da->nldif);
out:
	cmd_directory_args_clear(da);
	free(cause);
	if (rc != EXIT_OK) {
		directory_free(dir);
		dir = NULL;
	}
	*out = dir;
	return (rc);
}

static int
cmd_directory_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		CMD_DIRECTORY_LONGOPTS,
		{ "ldif", no_argument, NULL, CMD_OPT_LDIF },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry		*e = &cmd_directory_entry;
	struct cmd_directory_args	 da;
	struct directory		*dir = NULL;
	const char			*output = "-";
	int				 ch, ldif = 0, rc;

	cmd_directory_args_init(&da);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h" CMD_DIRECTORY_SHORTOPTS,
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case CMD_OPT_LDIF:
			ldif = 1;
			break;
		case 'h':
			cmd_print_usage(e, stdout);
			return (EXIT_OK);
		default:
			if (cmd_directory_option(&da, ch, optarg) != 0)
				return (cmd_usage_error(e));
		}
	}
	argc -= optind;
	argv += optind;
	if (ldif) {
		if (argc == 0) {
			log_warnx("--ldif takes LDIF files and no LDAP "
			    "options");
			return (cmd_usage_error(e));
		}
		da.ldif = (const char **)argv;
		da.nldif = (size_t)argc;
	} else if (argc != 0)
		return (cmd_usage_error(e));
	if (cmd_directory_check(&da) != 0)
		return (cmd_usage_error(e));
	if ((rc = cmd_directory_read(&da, &dir)) != EXIT_OK)
		return (rc);
	if (cmd_directory_write(dir, output) != 0)
		rc = EXIT_OUTPUT;
	directory_free(dir);
	return (rc);
}
