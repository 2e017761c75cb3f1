/*
 * ingest.c: input discovery and format detection, the front of the
 * pipeline.  The readers themselves are ingest-evtx.c, ingest-json.c,
 * ingest-xml.c and ingest-siem.c.
 * Every file found is handed on; what no reader takes is named with the
 * reason here, from the table of refusals.
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
#include "ingest-siem.h"
#include "ingest-xml.h"
#include "ingest.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static void
ingest_list_add(struct ingest_list *l, const char *path, int walked)
{
	size_t	cap = l->apaths;

	l->paths = xgrow(l->paths, l->npaths, &l->apaths, sizeof *l->paths);
	if (l->apaths != cap)
		l->walked = xreallocarray(l->walked, l->apaths, 1);
	l->walked[l->npaths] = (unsigned char)walked;
	l->paths[l->npaths++] = xstrdup(path);
}

/*
 * List every file below dir.  Nothing is left out by its name: a hidden
 * file, or one named .xml, .csv or .EVTX, is read or named with the reason
 * it was not; what is neither a file nor a folder is named here.
 */
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
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		xasprintf(&path, "%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(path, &st) != 0) {
			/* Below an operand: a problem, not a missing input. */
			log_warnx("%s: %s", path, strerror(errno));
			errors++;
		} else if (S_ISDIR(st.st_mode))
			errors += ingest_walk(l, path);
		else if (S_ISREG(st.st_mode))
			ingest_list_add(l, path, 1);
		else
			log_warnx("%s: not a regular file: not read", path);
		free(path);
	}
	closedir(d);
	return (errors);
}

struct ingest_entry {
	char		*path;
	unsigned char	 walked;
};

static int
ingest_entry_compare(const void *a, const void *b)
{
	return (strcmp(((const struct ingest_entry *)a)->path,
	    ((const struct ingest_entry *)b)->path));
}

/* Sort l by path, the walked flags with their paths. */
static void
ingest_list_sort(struct ingest_list *l)
{
	struct ingest_entry	*e;
	size_t			 i;

	if (l->npaths < 2)
		return;
	e = xcalloc(l->npaths, sizeof *e);
	for (i = 0; i < l->npaths; i++) {
		e[i].path = l->paths[i];
		e[i].walked = l->walked[i];
	}
	qsort(e, l->npaths, sizeof *e, ingest_entry_compare);
	for (i = 0; i < l->npaths; i++) {
		l->paths[i] = e[i].path;
		l->walked[i] = e[i].walked;
	}
	free(e);
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
				log_warnx("%s: folder holds no file", args[i]);
				l->empty++;
				errors++;
			}
		} else if ((f = fopen(args[i], "rb")) == NULL) {
			log_warnx("%s: %s", args[i], strerror(errno));
			l->unreadable++;
			errors++;
		} else {
			fclose(f);
			ingest_list_add(l, args[i], 0);
		}
	}
	/* Sorted: the order of the operands does not matter. */
	ingest_list_sort(l);
	if (stdin_seen)
		ingest_list_add(l, "-", 0);
	return (errors);
}

void
ingest_list_clear(struct ingest_list *l)
{
	size_t	i;

	for (i = 0; i < l->npaths; i++)
		free(l->paths[i]);
	free(l->paths);
	free(l->walked);
	l->paths = NULL;
	l->walked = NULL;
	l->npaths = 0;
	l->apaths = 0;
}

/*
 * The first bytes as text: UTF-16 after its byte order mark as ASCII (other
 * characters become '?'), a UTF-8 byte order mark and leading blanks gone.
 * Returns the length of text (at most size - 1), NUL-terminated.
 */
static size_t
ingest_sniff_text(const unsigned char *b, size_t n, char *text, size_t size)
{
	size_t		 i = 0, o = 0;
	unsigned int	 u;
	int		 le = -1;

	if (n >= 2 && b[0] == 0xff && b[1] == 0xfe)
		le = 1;
	else if (n >= 2 && b[0] == 0xfe && b[1] == 0xff)
		le = 0;
	if (le >= 0) {
		for (i = 2; i + 1 < n && o + 1 < size; i += 2) {
			u = le ? (unsigned int)(b[i] | b[i + 1] << 8) :
			    (unsigned int)(b[i] << 8 | b[i + 1]);
			if (u == 0)
				break;
			text[o++] = u < 0x80 ? (char)u : '?';
		}
	} else {
		if (n >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf)
			i = 3;
		for (; i < n && o + 1 < size; i++)
			text[o++] = b[i] == 0 ? '?' : (char)b[i];
	}
	text[o] = '\0';
	for (i = 0; i < o && strchr(" \t\r\n", text[i]) != NULL; i++)
		;
	memmove(text, text + i, o - i + 1);
	return (o - i);
}

/* Number of fields of line (up to its end) split at sep, quotes dropped. */
static int
ingest_header_fields(const char *line, char sep, char fields[][32], int max)
{
	int	 n = 0, len = 0, quoted = 0;

	for (; *line != '\0' && *line != '\n' && *line != '\r'; line++) {
		if (*line == '"') {
			quoted = !quoted;
			continue;
		}
		if (*line == sep && !quoted) {
			if (n < max)
				fields[n][len] = '\0';
			n++;
			len = 0;
			continue;
		}
		if (n < max && len < 31)
			fields[n][len++] = *line;
	}
	if (n < max)
		fields[n][len] = '\0';
	return (n + 1);
}

/*
 * Event Viewer's "Save All Events As" CSV (comma) and text (tab) exports:
 * a header of five columns, "Level,Date and Time,Source,Event ID,Task
 * Category" in English, the fourth an id in every language ("Ereignis-ID",
 * "ID de l'evenement"); each row adds the rendered message.  Also the
 * "Log Name: / Event ID:" text of "Copy details as text".
 */
static int
ingest_sniff_viewer(const char *text)
{
	char	 f[8][32];
	char	 sep;

	if (strncmp(text, "Log Name:", 9) == 0 ||
	    (strstr(text, "\nEvent ID:") != NULL &&
	    strstr(text, "\nSource:") != NULL))
		return (1);
	sep = strchr(text, '\t') != NULL && (strchr(text, ',') == NULL ||
	    strchr(text, '\t') < strchr(text, ',')) ? '\t' : ',';
	if (ingest_header_fields(text, sep, f, 8) != 5)
		return (0);
	return (strcasecmp(f[3], "Event ID") == 0 || (strcasestr(f[3],
	    "ID") != NULL && strcasestr(f[0], "ID") == NULL));
}

/*
 * PowerShell: Get-WinEvent | Export-Csv writes "#TYPE System.Diagnostics.
 * Eventing.Reader.EventLogRecord" (Windows PowerShell 5.1) and a header
 * with "Message","Id",...,"Properties": the properties as a type name.
 */
static enum ingest_kind
ingest_sniff_powershell(const char *text)
{
	char	 f[32][32];
	int	 i, n, id = 0, msg = 0, prov = 0;

	if (strncmp(text, "#TYPE System.Diagnostics.Eventing.Reader", 40) == 0)
		return (INGEST_PS_CSV);
	n = ingest_header_fields(text, ',', f, 32);
	for (i = 0; i < n && i < 32; i++) {
		id |= strcmp(f[i], "Id") == 0;
		msg |= strcmp(f[i], "Message") == 0;
		prov |= strcmp(f[i], "ProviderName") == 0;
	}
	if (id && msg && prov)
		return (INGEST_PS_CSV);
	/* Format-List: "TimeCreated  : ...", "Id           : 8003". */
	if (strstr(text, "ProviderName") != NULL &&
	    strstr(text, "Message") != NULL && strstr(text, "Id ") != NULL &&
	    strstr(text, " : ") != NULL)
		return (INGEST_PS_TEXT);
	return (INGEST_UNKNOWN);
}

enum ingest_kind
ingest_sniff(const unsigned char *b, size_t n)
{
	char		 text[INGEST_SNIFF_SIZE + 1];
	size_t		 len;
	enum ingest_kind k;

	if (n >= 8 && memcmp(b, "ElfFile", 8) == 0)
		return (INGEST_EVTX);
	/* The legacy format's header: its size (0x30), then "LfLe". */
	if (n >= 8 && memcmp(b + 4, "LfLe", 4) == 0)
		return (INGEST_EVT);
	if (n > INGEST_SNIFF_SIZE)
		n = INGEST_SNIFF_SIZE;
	len = ingest_sniff_text(b, n, text, sizeof text);
	if (len == 0)
		return (INGEST_EMPTY);
	if ((text[0] == '{' || text[0] == '[') &&
	    strstr(text, "\"" FLOWS_FORMAT "\"") != NULL)
		return (INGEST_FLOWS);
	if (ingest_siem_sniff(text))
		return (INGEST_SIEM);
	if (text[0] == '{' || text[0] == '[')
		return (INGEST_JSON);
	if (text[0] == '<')
		return (strstr(text, "<Event>") != NULL ||
		    strstr(text, "<Event ") != NULL ||
		    strstr(text, "<Events>") != NULL ||
		    strstr(text, "<Events ") != NULL ? INGEST_XML :
		    INGEST_XML_OTHER);
	if (ingest_sniff_viewer(text))
		return (INGEST_VIEWER);
	if ((k = ingest_sniff_powershell(text)) != INGEST_UNKNOWN)
		return (k);
	return (INGEST_UNKNOWN);
}

#define INGEST_HOWTO	"export the log instead with wevtutil epl " \
	"Microsoft-Windows-NTLM/Operational FILE.evtx (Event Viewer: Save " \
	"All Events As, Event Files (*.evtx)) or as XML with wevtutil qe " \
	"Microsoft-Windows-NTLM/Operational /f:xml > FILE.xml"

/* Why an input of each kind that no reader takes is not read. */
static const struct {
	enum ingest_kind	 kind;
	int			 is_export;	/* an export: unreadable */
	const char		*why;
} ingest_refusals[] = {
	{ INGEST_EMPTY, 0, "empty file" },
	{ INGEST_EVT, 1, "legacy Event Log file (.evt, Windows Server 2003 "
	    "and earlier), which holds no NTLM audit event: Windows logs "
	    "those in EVTX; " INGEST_HOWTO },
	{ INGEST_XML_OTHER, 0, "XML, but no Windows event (<Event> or "
	    "<Events>) in it" },
	{ INGEST_VIEWER, 1, "Event Viewer's CSV or text export holds only "
	    "each event's rendered message, not its fields; " INGEST_HOWTO },
	{ INGEST_PS_CSV, 1, "Get-WinEvent | Export-Csv writes each event's "
	    "Properties as a type name, not their values; " INGEST_HOWTO
	    ", or with Get-WinEvent | ConvertTo-Json" },
	{ INGEST_PS_TEXT, 1, "PowerShell's formatted output (Format-List, "
	    "Out-File) holds only each event's rendered message; "
	    INGEST_HOWTO ", or with Get-WinEvent | ConvertTo-Json" },
	{ INGEST_FLOWS, 1, "a flow file, which ntlmplan merge and plan "
	    "--flows read, not collect" },
	{ INGEST_UNKNOWN, 0, "not an event export (EVTX, JSON or event "
	    "XML)" }
};

/* Names that say a file is an event export, whatever it holds. */
static int
ingest_export_name(const char *path)
{
	static const char *const ext[] = { ".evtx", ".evt", ".json",
	    ".jsonl", ".ndjson", ".xml" };
	size_t	 i, n = strlen(path), e;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		e = strlen(ext[i]);
		if (n > e && strcasecmp(path + n - e, ext[i]) == 0)
			return (1);
	}
	return (0);
}

/*
 * Name an input no reader takes with the reason; -1 if it is (or is named
 * as) an event export, INGEST_NOT_EXPORT otherwise.
 */
static int
ingest_refuse(const char *path, enum ingest_kind k)
{
	size_t	 i;

	for (i = 0; i < sizeof ingest_refusals / sizeof ingest_refusals[0];
	    i++) {
		if (ingest_refusals[i].kind != k)
			continue;
		log_warnx("%s: %s: not read", path, ingest_refusals[i].why);
		return (ingest_refusals[i].is_export ||
		    ingest_export_name(path) ? -1 : INGEST_NOT_EXPORT);
	}
	log_warnx("%s: not read", path);
	return (-1);
}

/* A stream that gives the bytes already read from f, then the rest of f. */
struct ingest_prefix {
	FILE		*f;
	unsigned char	 buf[INGEST_SNIFF_SIZE];
	size_t		 len;
	size_t		 pos;
};

static ssize_t
ingest_prefix_read(void *cookie, char *dst, size_t size)
{
	struct ingest_prefix	*p = cookie;
	size_t			 n;

	if (p->pos < p->len) {
		n = p->len - p->pos < size ? p->len - p->pos : size;
		memcpy(dst, p->buf + p->pos, n);
		p->pos += n;
		return ((ssize_t)n);
	}
	n = fread(dst, 1, size, p->f);
	return (n == 0 && ferror(p->f) ? -1 : (ssize_t)n);
}

/* Read "-": sniffed like a file, its first bytes given back to the reader. */
static int
ingest_stdin(struct flows *fl, struct source *src)
{
	static const cookie_io_functions_t io = { ingest_prefix_read, NULL,
	    NULL, NULL };
	struct ingest_prefix	*p;
	enum ingest_kind	 k;
	FILE			*f;
	int			 error;

	p = xcalloc(1, sizeof *p);
	p->f = stdin;
	p->len = fread(p->buf, 1, sizeof p->buf, stdin);
	k = ingest_sniff(p->buf, p->len);
	if (k == INGEST_EVTX) {
		log_warnx("(stdin): EVTX is read from a file, not from "
		    "standard input");
		free(p);
		return (-1);
	}
	/* Anything else is taken for JSON, as it always was. */
	if (k != INGEST_JSON && k != INGEST_XML && k != INGEST_SIEM &&
	    k != INGEST_UNKNOWN && k != INGEST_EMPTY) {
		error = ingest_refuse("(stdin)", k);
		free(p);
		return (error == INGEST_NOT_EXPORT ? -1 : error);
	}
	if ((f = fopencookie(p, "r", io)) == NULL)
		fatalx("fopencookie failed");
	if (k == INGEST_XML)
		error = ingest_xml_read(fl, src, "(stdin)", f);
	else if (k == INGEST_SIEM)
		error = ingest_siem_read(fl, src, "(stdin)", f);
	else
		error = ingest_json_read(fl, src, "(stdin)", f);
	fclose(f);
	free(p);
	return (error);
}

int
ingest_file(struct flows *fl, const char *path)
{
	struct source		*src;
	FILE			*f;
	unsigned char		 b[INGEST_SNIFF_SIZE];
	size_t			 n;
	enum ingest_kind	 k;
	int			 error;

	src = flows_add_source(fl, path);
	if (strcmp(path, "-") == 0)
		return (ingest_stdin(fl, src));
	if ((f = fopen(path, "rb")) == NULL) {
		log_warnx("%s: %s", path, strerror(errno));
		return (-1);
	}
	n = fread(b, 1, sizeof b, f);
	if (ferror(f)) {
		log_warnx("%s: %s", path, strerror(errno));
		fclose(f);
		return (-1);
	}
	switch ((k = ingest_sniff(b, n))) {
	case INGEST_EVTX:
		fclose(f);
		return (ingest_evtx_read(fl, src, path));
	case INGEST_JSON:
		rewind(f);
		error = ingest_json_read(fl, src, path, f);
		break;
	case INGEST_XML:
		rewind(f);
		error = ingest_xml_read(fl, src, path, f);
		break;
	case INGEST_SIEM:
		rewind(f);
		error = ingest_siem_read(fl, src, path, f);
		break;
	default:
		error = ingest_refuse(path, k);
		break;
	}
	fclose(f);
	return (error);
}
