/*
 * report-regpol.c: Registry.pol, the file a GPO keeps its Administrative
 * Templates in (MS-GPREG 2.2.1; "Registry Policy File Format" on Microsoft
 * Learn).  The header is the signature 0x67655250 ("PReg") and the version
 * 1, both DWORDs little-endian; each entry is
 *
 *	[key;value;type;size;data]
 *
 * where the brackets and semicolons are UTF-16LE characters, key and value
 * NUL-terminated UTF-16LE strings, type and size DWORDs (size in bytes of
 * data), and data the value as the registry stores it: a DWORD, a
 * NUL-terminated string, or for REG_MULTI_SZ each string NUL-terminated and
 * one more NUL at the end.
 *
 * Invariant: everything written is printable ASCII checked here, so one
 * UTF-8 byte is one UTF-16 unit and no entry can break the framing.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostname.h"
#include "plan.h"
#include "report-regpol.h"
#include "xmalloc.h"

#define REPORT_REGPOL_SIGNATURE	0x67655250u	/* "PReg" */
#define REPORT_REGPOL_VERSION	1u

/* A key: IdCharacters (printable ASCII but '\') in '\'-separated parts. */
static int
report_regpol_key_ok(const char *s)
{
	const char	*p;

	if (*s == '\0' || *s == '\\')
		return (0);
	for (p = s; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e)
			return (0);
		if (*p == '\\' && (p[1] == '\\' || p[1] == '\0'))
			return (0);
	}
	return (1);
}

/* A value name or string: printable ASCII, at most max characters. */
static int
report_regpol_text_ok(const char *s, size_t max)
{
	size_t	 n;

	for (n = 0; s[n] != '\0'; n++) {
		if (s[n] < 0x20 || s[n] > 0x7e || n == max)
			return (0);
	}
	return (1);
}

/* Bytes of an entry's data. */
static size_t
report_regpol_data_size(const struct report_regpol_entry *e)
{
	size_t	 n, i;

	switch (e->type) {
	case REPORT_REGPOL_DWORD:
		return (4);
	case REPORT_REGPOL_SZ:
		return ((strlen(e->sz) + 1) * 2);
	case REPORT_REGPOL_MULTI_SZ:
		n = 2;
		for (i = 0; i < e->nstrings; i++)
			n += (strlen(e->strings[i]) + 1) * 2;
		return (n);
	}
	return (0);
}

/* Abort on an entry that would not read back as written. */
static void
report_regpol_check(const struct report_regpol_entry *e)
{
	size_t	 i;

	if (e->key == NULL || !report_regpol_key_ok(e->key))
		fatalx("Registry.pol: bad key");
	if (e->value == NULL || *e->value == '\0' ||
	    !report_regpol_text_ok(e->value, REPORT_REGPOL_VALUE_MAX))
		fatalx("Registry.pol: %s: bad value name", e->key);
	switch (e->type) {
	case REPORT_REGPOL_DWORD:
		break;
	case REPORT_REGPOL_SZ:
		if (e->sz == NULL ||
		    !report_regpol_text_ok(e->sz, REPORT_REGPOL_DATA_MAX))
			fatalx("Registry.pol: %s: bad string", e->value);
		break;
	case REPORT_REGPOL_MULTI_SZ:
		for (i = 0; i < e->nstrings; i++) {
			if (e->strings[i] == NULL || *e->strings[i] == '\0' ||
			    !report_regpol_text_ok(e->strings[i],
			    REPORT_REGPOL_DATA_MAX))
				fatalx("Registry.pol: %s: bad string %zu",
				    e->value, i);
		}
		break;
	default:
		fatalx("Registry.pol: %s: type %d", e->value, (int)e->type);
	}
}

/* The first entry whose data is over REPORT_REGPOL_DATA_MAX, or n. */
size_t
report_regpol_too_large(const struct report_regpol_entry *entries, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		report_regpol_check(&entries[i]);
		if (report_regpol_data_size(&entries[i]) >
		    REPORT_REGPOL_DATA_MAX)
			return (i);
	}
	return (n);
}

static void
report_regpol_dword(FILE *f, uint32_t v)
{
	putc((int)(v & 0xff), f);
	putc((int)(v >> 8 & 0xff), f);
	putc((int)(v >> 16 & 0xff), f);
	putc((int)(v >> 24 & 0xff), f);
}

static void
report_regpol_char(FILE *f, char c)
{
	putc((unsigned char)c, f);
	putc(0, f);
}

/* An ASCII string as UTF-16LE with its NUL. */
static void
report_regpol_string(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		report_regpol_char(f, *s);
	report_regpol_char(f, '\0');
}

int
report_regpol_write(FILE *f, const struct report_regpol_entry *entries,
    size_t n)
{
	const struct report_regpol_entry	*e;
	size_t					 i, j;

	if (report_regpol_too_large(entries, n) != n) {
		errno = EFBIG;
		return (-1);
	}
	report_regpol_dword(f, REPORT_REGPOL_SIGNATURE);
	report_regpol_dword(f, REPORT_REGPOL_VERSION);
	for (i = 0; i < n; i++) {
		e = &entries[i];
		report_regpol_char(f, '[');
		report_regpol_string(f, e->key);
		report_regpol_char(f, ';');
		report_regpol_string(f, e->value);
		report_regpol_char(f, ';');
		report_regpol_dword(f, (uint32_t)e->type);
		report_regpol_char(f, ';');
		report_regpol_dword(f, (uint32_t)report_regpol_data_size(e));
		report_regpol_char(f, ';');
		switch (e->type) {
		case REPORT_REGPOL_DWORD:
			report_regpol_dword(f, e->dword);
			break;
		case REPORT_REGPOL_SZ:
			report_regpol_string(f, e->sz);
			break;
		case REPORT_REGPOL_MULTI_SZ:
			for (j = 0; j < e->nstrings; j++)
				report_regpol_string(f, e->strings[j]);
			report_regpol_char(f, '\0');
			break;
		}
		report_regpol_char(f, ']');
	}
	return (ferror(f) ? -1 : 0);
}

size_t
report_regpol_size(const struct report_regpol_entry *entries, size_t n)
{
	size_t	 size = 8, i;

	for (i = 0; i < n; i++) {
		report_regpol_check(&entries[i]);
		/* Brackets and semicolons, the two DWORDs, two NULs. */
		size += 6 * 2 + 8 + 2 * 2 +
		    (strlen(entries[i].key) + strlen(entries[i].value)) * 2 +
		    report_regpol_data_size(&entries[i]);
	}
	return (size);
}

void
report_regpol_smb_init(struct report_regpol_smb *s, int block,
    const struct hostname *const *names, size_t n)
{
	size_t	 i;

	memset(s, 0, sizeof *s);
	s->entries[0].key = REPORT_REGPOL_SMB_KEY;
	s->entries[0].value = REPORT_REGPOL_SMB_BLOCK;
	s->entries[0].type = REPORT_REGPOL_DWORD;
	s->entries[0].dword = block ? 1 : 0;
	s->nentries = 1;
	if (n == 0)
		return;
	s->names = xreallocarray(NULL, n, sizeof *s->names);
	for (i = 0; i < n; i++)
		s->names[i] = hostname_str(names[i]);	/* asserts */
	s->entries[1].key = REPORT_REGPOL_SMB_KEY;
	s->entries[1].value = REPORT_REGPOL_SMB_EXCEPTIONS;
	s->entries[1].type = REPORT_REGPOL_MULTI_SZ;
	s->entries[1].strings = s->names;
	s->entries[1].nstrings = n;
	s->nentries = 2;
}

void
report_regpol_smb_clear(struct report_regpol_smb *s)
{
	free(s->names);
	memset(s, 0, sizeof *s);
}

/*
 * s in PowerShell single quotes.  PowerShell also ends such a string at
 * the typographic quotes U+2018..U+201B: each of them is doubled too.
 */
static void
report_regpol_ps_quote(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;

	putc('\'', f);
	for (; *p != '\0'; p++) {
		if (*p == '\'')
			putc('\'', f);
		else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x98 &&
		    p[2] <= 0x9b) {
			fwrite(p, 1, 3, f);
			fwrite(p, 1, 3, f);
			p += 2;
			continue;
		} else if (*p < 0x20 || *p == 0x7f)
			fatalx("Set-GPRegistryValue: control character");
		putc(*p, f);
	}
	putc('\'', f);
}

/* A checked ASCII string in single quotes: it holds no quote to double. */
static void
report_regpol_ps_plain(FILE *f, const char *s)
{
	if (strchr(s, '\'') != NULL)
		fatalx("Set-GPRegistryValue: quote in %s", s);
	fprintf(f, "'%s'", s);
}

size_t
report_regpol_ps_lines(const char *gpo, const struct report_regpol_entry *e,
    size_t n, char ***lines)
{
	FILE	*f;
	char	*buf;
	size_t	 len, i, j;

	*lines = xreallocarray(NULL, n == 0 ? 1 : n, sizeof **lines);
	for (i = 0; i < n; i++) {
		report_regpol_check(&e[i]);
		buf = NULL;
		len = 0;
		if ((f = open_memstream(&buf, &len)) == NULL)
			fatalx("open_memstream failed");
		fputs("Set-GPRegistryValue -Name ", f);
		report_regpol_ps_quote(f, gpo);
		/* The key in the file has no hive; the cmdlet's has. */
		if (strchr(e[i].key, '\'') != NULL)
			fatalx("Set-GPRegistryValue: quote in %s", e[i].key);
		fprintf(f, " -Key 'HKLM\\%s' -ValueName ", e[i].key);
		report_regpol_ps_plain(f, e[i].value);
		switch (e[i].type) {
		case REPORT_REGPOL_DWORD:
			fprintf(f, " -Type DWord -Value %lu",
			    (unsigned long)e[i].dword);
			break;
		case REPORT_REGPOL_SZ:
			fputs(" -Type String -Value ", f);
			report_regpol_ps_plain(f, e[i].sz);
			break;
		case REPORT_REGPOL_MULTI_SZ:
			fputs(" -Type MultiString -Value ", f);
			if (e[i].nstrings == 0)
				fputs("@()", f);
			for (j = 0; j < e[i].nstrings; j++) {
				if (j > 0)
					putc(',', f);
				report_regpol_ps_plain(f, e[i].strings[j]);
			}
			break;
		}
		if (fclose(f) != 0)
			fatalx("open_memstream failed");
		(*lines)[i] = buf;
	}
	return (n);
}

void
report_regpol_plan_write(FILE *f, const struct plan *p)
{
	(void)report_regpol_write(f, p->regpol.entries, p->regpol.nentries);
}
