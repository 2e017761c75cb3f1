/*
 * fuzz-plan.c: arbitrary names through plan_build and every writer of the
 * plan.  The input is records separated by RS (0x1e), so that names can
 * hold CR, LF and tabs: the first byte of each picks the event (8001, 8003,
 * 8004 and its SChannelType, 4624) and whether the record is an entry of
 * the list in force instead; the rest, split at US (0x1f), is the server,
 * the domain, the user and the workstation as an event would carry them.
 * The first byte of the input picks the level.
 *
 * Property (ntlmplan-plan(5), NAMES): every line of exceptions.txt that is
 * not a comment, and every entry of the templates' list, is a checked host
 * name, and each template holds exactly its stage's lines; else abort().
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exceptions.h"
#include "flows.h"
#include "fuzz.h"
#include "hostname.h"
#include "plan.h"
#include "policy.h"
#include "report-csv.h"
#include "report-gpo.h"
#include "report-html.h"
#include "report-json.h"
#include "report-md.h"
#include "report-remediate.h"
#include "util.h"

#define FUZZ_FIELDS	4
#define FUZZ_FLOWS	64
#define FUZZ_T0		1772323200000000LL	/* 2026-03-01T00:00:00Z */
#define FUZZ_DAY	86400000000LL

static const struct sim_trust fuzz_trusts[] = {
	{ "PARTNER", "partner.example" }
};
static const struct sim_computer fuzz_computers[] = {
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = FUZZ_T0 },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1,
	    .last_logon = FUZZ_T0 }
};
static const struct sim_domain fuzz_dom = {
	.netbios = "CORP", .dns = "corp.example", .trusts = fuzz_trusts,
	.ntrusts = 1, .computers = fuzz_computers, .ncomputers = 2
};

static struct policies	*fuzz_ps;

/* Run writer fn into memory; the caller frees. */
static char *
fuzz_render(void (*fn)(FILE *, const struct plan *), const struct plan *p,
    size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	fn(f, p);
	fclose(f);
	return (buf);
}

/* Abort unless the n bytes of list s, comma-separated, are host names. */
static void
fuzz_check_names(const char *s, size_t n, int sep)
{
	char	name[512];
	size_t	i, k = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != sep) {
			if (k + 1 >= sizeof name)
				abort();
			name[k++] = s[i];
			continue;
		}
		name[k] = '\0';
		if (k > 0 && hostname_check(name, NULL) != HOSTNAME_OK)
			abort();
		k = 0;
	}
}

/* exceptions.txt: comments, then one checked name per line. */
static void
fuzz_check_list(const char *s, size_t len)
{
	const char	*e, *end = s + len;

	for (; s < end; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(end - s))) == NULL)
			abort();	/* every line ends */
		if (*s == '#')
			continue;
		if (memchr(s, ',', (size_t)(e - s)) != NULL)
			abort();
		fuzz_check_names(s, (size_t)(e - s), ',');
	}
}

/*
 * A template: UTF-16LE after a BOM, CRLF lines; the stage's lines are the
 * preamble (6), the Restrict value, maybe the audit value, maybe the list,
 * nothing else; the list holds checked names.
 */
static void
fuzz_check_template(const unsigned char *b, size_t len, const struct plan *p)
{
	char	*u, *line, *next, *list;
	size_t	 i, n, lines = 0, want;

	if (len < 2 || b[0] != 0xff || b[1] != 0xfe || len % 2 != 0)
		abort();
	n = (len - 2) / 2;
	if ((u = malloc(n + 1)) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		/* The writer's ASCII; anything else is no name of a list. */
		if (b[2 + 2 * i + 1] != 0)
			abort();
		u[i] = (char)b[2 + 2 * i];
	}
	u[n] = '\0';
	for (line = u; *line != '\0'; line = next) {
		if ((next = strstr(line, "\r\n")) == NULL)
			abort();
		*next = '\0';
		next += 2;
		lines++;
		if ((list = strstr(line, "AllowedNTLMServers=7,")) != NULL) {
			list += strlen("AllowedNTLMServers=7,");
			fuzz_check_names(list, strlen(list), ',');
		}
	}
	want = 6 + 1 + (p->policy->audit_key != NULL) +
	    (p->policy->exceptions_key != NULL);
	if (lines != want)
		abort();
	free(u);
}

/* One line of the input: an event, or an entry of the list in force. */
static void
fuzz_line(struct flows *fl, struct exceptions *ex, char *line, size_t i)
{
	static const int	 ids[] = { 8003, 8004, 8001, 4624, 8003, 8004 };
	char			*f[FUZZ_FIELDS], *t;
	struct flow_key		 k;
	size_t			 n;
	int			 kind = (unsigned char)line[0];

	line++;
	for (n = 0; n < FUZZ_FIELDS; n++) {
		f[n] = line;
		if ((t = strchr(line, '\037')) != NULL) {
			*t = '\0';
			line = t + 1;
		} else
			line += strlen(line);
	}
	if (kind % 7 == 6) {
		exceptions_add(ex, f[0], "fuzz");
		return;
	}
	memset(&k, 0, sizeof k);
	k.event_id = ids[kind % 6];
	k.server = f[0];
	k.logged_by = k.event_id == 8004 ? "dc1.corp.example" : f[0];
	k.domain = f[1];
	k.user = f[2];
	k.workstation = f[3];
	k.process = "System";
	k.logon_type = kind & 8 ? 3 : 2;
	k.in_proc = -1;
	k.schannel_type = k.event_id == 8004 ? (kind >> 4) % 8 : -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, 1 + i, FUZZ_T0, FUZZ_T0 + 40 * FUZZ_DAY, NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const levels[] = {
		"1", "3", "5", "7", "outgoing-deny-all", "incoming-deny-all"
	};
	static void (*const writers[])(FILE *, const struct plan *) = {
		report_json_write, report_csv_write, report_remediate_write,
		report_md_write, report_html_write
	};
	struct plan_inputs	 in;
	struct flows		*fl;
	struct exceptions	*ex;
	struct plan		*p;
	char			*text, *line, *next, *cause = NULL, *out;
	size_t			 i, n = 0, len;

	fuzz_init();
	if (fuzz_ps == NULL &&
	    (fuzz_ps = policies_load(NTLMPLAN_SRCDIR "/policies", &cause)) == NULL)
		abort();
	if (size == 0)
		return (0);
	if ((text = malloc(size)) == NULL)
		abort();
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	fl = flows_create();
	ex = exceptions_create();
	for (line = text; *line != '\0' && n < FUZZ_FLOWS; line = next, n++) {
		if ((next = strchr(line, '\036')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		fuzz_line(fl, ex, line, n);
	}
	flows_sort(fl);
	memset(&in, 0, sizeof in);
	in.policies = fuzz_ps;
	in.policy = policies_find(fuzz_ps, levels[data[0] % 6]);
	in.exceptions = ex;
	in.names = data[0] & 0x80 ? 1 : -1;
	in.audit_level = 7;
	in.generated = FUZZ_T0 + 41 * FUZZ_DAY;
	in.max_age = 30 * FUZZ_DAY;
	in.min_window = 7 * FUZZ_DAY;
	in.directory_time = UTIL_TIME_NONE;
	p = plan_build(fl, &fuzz_dom, &in);

	out = fuzz_render(report_list_write, p, &len);
	fuzz_check_list(out, len);
	free(out);
	out = fuzz_render(report_gpo_audit_write, p, &len);
	fuzz_check_template((unsigned char *)out, len, p);
	free(out);
	out = fuzz_render(report_gpo_enforce_write, p, &len);
	fuzz_check_template((unsigned char *)out, len, p);
	free(out);
	for (i = 0; i < sizeof writers / sizeof writers[0]; i++) {
		out = fuzz_render(writers[i], p, &len);
		free(out);
	}
	plan_free(p);
	exceptions_free(ex);
	flows_free(fl);
	free(text);
	return (0);
}
