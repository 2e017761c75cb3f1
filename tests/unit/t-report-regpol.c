/*
 * t-report-regpol.c: unit tests of report-regpol.c: the bytes of a PReg
 * file (header, framing, each type's data and size), the SMB client's NTLM
 * block with its exception list, the Set-GPRegistryValue lines, and that a
 * forged host name or a value that would break the framing aborts.
 *
 * With "--write FILE NAME..." it writes the SMB policy for NAME... to FILE
 * instead (tests/cli/regpol.sh reads that back with Samba's parser).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hostname.h"
#include "report-regpol.h"
#include "tap.h"

/* The bytes fn writes with report_regpol_write. */
static unsigned char *
regpol_bytes(const struct report_regpol_entry *e, size_t n, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	if (report_regpol_write(f, e, n) != 0)
		abort();
	fclose(f);
	return ((unsigned char *)buf);
}

/* ASCII s as UTF-16LE into p; the bytes written. */
static size_t
u16(unsigned char *p, const char *s, int nul)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		p[n++] = (unsigned char)*s;
		p[n++] = 0;
	}
	if (nul) {
		p[n++] = 0;
		p[n++] = 0;
	}
	return (n);
}

static size_t
le32(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
	p[2] = v >> 16 & 0xff;
	p[3] = v >> 24 & 0xff;
	return (4);
}

static void
test_bytes(void)
{
	static const char *const	 multi[] = { "A1", "b.c" };
	struct report_regpol_entry	 e[3];
	unsigned char			*got, want[512];
	size_t				 len, n = 0;

	memset(e, 0, sizeof e);
	e[0].key = "Software\\K";
	e[0].value = "D";
	e[0].type = REPORT_REGPOL_DWORD;
	e[0].dword = 0x01020304;
	e[1].key = "Software\\K";
	e[1].value = "S";
	e[1].type = REPORT_REGPOL_SZ;
	e[1].sz = "x y";
	e[2].key = "Software\\K";
	e[2].value = "M";
	e[2].type = REPORT_REGPOL_MULTI_SZ;
	e[2].strings = multi;
	e[2].nstrings = 2;

	/* What MS-GPREG 2.2.1 says the file is, built by hand. */
	memcpy(want, "PReg", 4);
	n = 4;
	n += le32(want + n, 1);
	n += u16(want + n, "[Software\\K", 1);
	n += u16(want + n, ";D", 1);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 4);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 4);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 0x01020304);
	n += u16(want + n, "]", 0);
	n += u16(want + n, "[Software\\K", 1);
	n += u16(want + n, ";S", 1);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 1);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 8);
	n += u16(want + n, ";x y", 1);
	n += u16(want + n, "]", 0);
	n += u16(want + n, "[Software\\K", 1);
	n += u16(want + n, ";M", 1);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 7);
	n += u16(want + n, ";", 0);
	n += le32(want + n, 16);
	n += u16(want + n, ";A1", 1);
	n += u16(want + n, "b.c", 1);
	n += u16(want + n, "", 1);
	n += u16(want + n, "]", 0);

	got = regpol_bytes(e, 3, &len);
	is_int((long long)len, (long long)n, "file size");
	ok(len == n && memcmp(got, want, n) == 0, "file bytes");
	is_int((long long)report_regpol_size(e, 3), (long long)n,
	    "report_regpol_size agrees");
	free(got);

	got = regpol_bytes(e, 0, &len);
	ok(len == 8 && memcmp(got, "PReg\1\0\0\0", 8) == 0,
	    "no entries: the header alone");
	free(got);
}

/* An exception list over 65,535 bytes does not fit: an error, not a file. */
static void
test_too_large(void)
{
	struct report_regpol_entry	 e[2];
	const char			**names;
	char				*buf = NULL, name[32];
	size_t				 len = 0, i, n = 2000;
	FILE				*f;

	names = calloc(n, sizeof *names);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "server%04zu.corp.example", i);
		names[i] = strdup(name);
	}
	memset(e, 0, sizeof e);
	e[0].key = e[1].key = "Software\\K";
	e[0].value = "D";
	e[0].type = REPORT_REGPOL_DWORD;
	e[1].value = "M";
	e[1].type = REPORT_REGPOL_MULTI_SZ;
	e[1].strings = names;
	e[1].nstrings = n;
	is_int((long long)report_regpol_too_large(e, 2), 1,
	    "2,000 FQDNs: the list is too large");
	f = open_memstream(&buf, &len);
	ok(report_regpol_write(f, e, 2) == -1 && errno == EFBIG,
	    "write refuses it (EFBIG)");
	fclose(f);
	is_int((long long)len, 0, "and writes nothing");
	e[1].nstrings = 1000;	/* 1000 x 48 + 2 bytes */
	is_int((long long)report_regpol_too_large(e, 2), 2,
	    "1,000 of them fit");
	free(buf);
	for (i = 0; i < n; i++)
		free((char *)names[i]);
	free(names);
}

static void
test_smb(void)
{
	struct hostname			*h[3];
	struct report_regpol_smb	 s;
	char				**lines;
	size_t				 n, i;

	h[0] = hostname_create("NAS01", NULL);
	h[1] = hostname_create("nas01.corp.example", NULL);
	h[2] = hostname_create("10.1.2.3", NULL);

	report_regpol_smb_init(&s, 1, (const struct hostname *const *)h, 3);
	is_int((long long)s.nentries, 2, "block and exception list");
	is_str(s.entries[0].key,
	    "Software\\Policies\\Microsoft\\Windows\\LanmanWorkstation",
	    "the Lanman Workstation policy key");
	is_str(s.entries[0].value, "BlockNTLM", "block: value name");
	is_int(s.entries[0].type, REPORT_REGPOL_DWORD, "block: REG_DWORD");
	is_int(s.entries[0].dword, 1, "block: 1");
	is_str(s.entries[1].value, "BlockNTLMServerExceptionList",
	    "exceptions: value name");
	is_int(s.entries[1].type, REPORT_REGPOL_MULTI_SZ,
	    "exceptions: REG_MULTI_SZ");
	is_int((long long)s.entries[1].nstrings, 3, "exceptions: 3 names");
	is_str(s.entries[1].strings[2], "10.1.2.3", "exceptions: the IP");

	n = report_regpol_ps_lines("NTLM SMB 'pilot'", s.entries, s.nentries,
	    &lines);
	is_int((long long)n, 2, "two Set-GPRegistryValue lines");
	is_str(lines[0], "Set-GPRegistryValue -Name 'NTLM SMB ''pilot''' "
	    "-Key 'HKLM\\Software\\Policies\\Microsoft\\Windows\\"
	    "LanmanWorkstation' -ValueName 'BlockNTLM' -Type DWord -Value 1",
	    "the block line, the GPO name's quote doubled");
	is_str(lines[1], "Set-GPRegistryValue -Name 'NTLM SMB ''pilot''' "
	    "-Key 'HKLM\\Software\\Policies\\Microsoft\\Windows\\"
	    "LanmanWorkstation' -ValueName 'BlockNTLMServerExceptionList' "
	    "-Type MultiString -Value 'NAS01','nas01.corp.example',"
	    "'10.1.2.3'", "the exception list line");
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	report_regpol_smb_clear(&s);

	n = report_regpol_ps_lines("G\xe2\x80\x99s", NULL, 0, &lines);
	free(lines);
	report_regpol_smb_init(&s, 0, NULL, 0);
	is_int((long long)s.nentries, 1, "no exceptions: the block alone");
	is_int(s.entries[0].dword, 0, "rollback: 0");
	n = report_regpol_ps_lines("G\xe2\x80\x99s", s.entries, 1, &lines);
	ok(strstr(lines[0], "-Name 'G\xe2\x80\x99\xe2\x80\x99s'") != NULL,
	    "a typographic quote doubled as PowerShell reads it");
	free(lines[0]);
	free(lines);
	report_regpol_smb_clear(&s);

	for (i = 0; i < 3; i++)
		hostname_free(h[i]);
}

static void
write_entry(const char *key, const char *value, const char *sz)
{
	struct report_regpol_entry	e;
	FILE				*f;

	memset(&e, 0, sizeof e);
	e.key = key;
	e.value = value;
	e.type = REPORT_REGPOL_SZ;
	e.sz = sz;
	if ((f = fopen("/dev/null", "w")) == NULL)
		_exit(0);
	report_regpol_write(f, &e, 1);
}

static void
bad_bracket_in_data(void)
{
	write_entry("Software\\K", "V", "x\r\n");
}

static void
bad_key(void)
{
	write_entry("Software\\\\K", "V", "x");
}

static void
bad_value(void)
{
	write_entry("Software\\K", "caf\xc3\xa9", "x");
}

static void
forged_name(void)
{
	struct hostname			 forged;
	const struct hostname		*h = &forged;
	struct report_regpol_smb	 s;

	forged.magic = HOSTNAME_MAGIC;
	forged.kind = HOSTNAME_NETBIOS;
	forged.name = (char *)"NAS\r\n";
	report_regpol_smb_init(&s, 1, &h, 1);
}

static void
quote_in_string(void)
{
	static const char *const		 s[] = { "a'b" };
	struct report_regpol_entry		 e;
	char					**lines;

	memset(&e, 0, sizeof e);
	e.key = "Software\\K";
	e.value = "M";
	e.type = REPORT_REGPOL_MULTI_SZ;
	e.strings = s;
	e.nstrings = 1;
	report_regpol_ps_lines("G", &e, 1, &lines);
}

static void
test_refused(void)
{
	ok(child_dies(bad_bracket_in_data),
	    "a control character in data: fatal");
	ok(child_dies(bad_key), "an empty key part: fatal");
	ok(child_dies(bad_value), "a value name outside ASCII: fatal");
	ok(child_dies(forged_name), "a forged host name: fatal");
	ok(child_dies(quote_in_string),
	    "a quote in a PowerShell string: fatal");
}

/* --write FILE NAME...: the SMB policy for NAME... into FILE. */
static int
write_file(int argc, char **argv)
{
	struct hostname			**h;
	struct report_regpol_smb	  s;
	FILE				 *f;
	int				  i, rc;

	h = calloc((size_t)argc, sizeof *h);
	for (i = 0; i < argc - 1; i++) {
		if ((h[i] = hostname_create(argv[i + 1], NULL)) == NULL) {
			fprintf(stderr, "%s: not a host name\n", argv[i + 1]);
			return (1);
		}
	}
	report_regpol_smb_init(&s, 1, (const struct hostname *const *)h,
	    (size_t)argc - 1);
	if ((f = fopen(argv[0], "wb")) == NULL)
		return (1);
	rc = report_regpol_write(f, s.entries, s.nentries);
	if (fclose(f) != 0)
		rc = -1;
	report_regpol_smb_clear(&s);
	for (i = 0; i < argc - 1; i++)
		hostname_free(h[i]);
	free(h);
	return (rc == 0 ? 0 : 1);
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "--write") == 0)
		return (write_file(argc - 2, argv + 2));
	test_bytes();
	test_smb();
	test_too_large();
	test_refused();
	return (done_testing());
}
