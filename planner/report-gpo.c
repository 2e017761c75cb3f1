/*
 * report-gpo.c: security templates as GPMC imports them and secedit
 * applies them (MS-GPSB 2.2): UTF-16LE with a byte order mark and CRLF line
 * ends.  Registry values are "MACHINE\path=type,data"; a REG_MULTI_SZ list
 * is type 7 with the strings comma-separated ("=7," when empty).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exceptions.h"
#include "hostname.h"
#include "plan.h"
#include "policy.h"
#include "report-gpo.h"
#include "xmalloc.h"

static void
report_gpo_unit(FILE *f, uint32_t u)
{
	putc((int)(u & 0xff), f);
	putc((int)(u >> 8), f);
}

/* Write a UTF-8 string as UTF-16LE; invalid bytes become U+FFFD. */
static void
report_gpo_string(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	int			 n, i;

	while (*p != '\0') {
		if (*p < 0x80) {
			c = *p++;
			n = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			c = *p++ & 0x1f;
			n = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			c = *p++ & 0x0f;
			n = 2;
		} else if ((*p & 0xf8) == 0xf0) {
			c = *p++ & 0x07;
			n = 3;
		} else {
			p++;
			report_gpo_unit(f, 0xfffd);
			continue;
		}
		for (i = 0; i < n; i++) {
			if ((*p & 0xc0) != 0x80)
				break;
			c = c << 6 | (*p++ & 0x3f);
		}
		if (i < n || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
			report_gpo_unit(f, 0xfffd);
			continue;
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			report_gpo_unit(f, 0xd800 | (c >> 10));
			report_gpo_unit(f, 0xdc00 | (c & 0x3ff));
		} else
			report_gpo_unit(f, c);
	}
}

static void
report_gpo_line(FILE *f, const char *s)
{
	report_gpo_string(f, s);
	report_gpo_string(f, "\r\n");
}

size_t
report_gpo_lines(const struct policy *p, const struct policy *a,
    enum report_gpo_stage st, const struct hostname *const *names, size_t n,
    char ***lines)
{
	char	**v, *t;
	size_t	  nv = 0, i, len;
	long	  audit, value;

	if (a == NULL || a->audit_key == NULL || p->audit_key == NULL ||
	    strcmp(a->audit_key, p->audit_key) != 0)
		a = p;
	audit = st == REPORT_GPO_AUDIT ? a->audit_value : p->audit_keep;
	value = st == REPORT_GPO_ENFORCE ? p->value : p->off;
	v = xcalloc(4, sizeof *v);
	if (p->audit_key != NULL)
		xasprintf(&v[nv++], "%s=4,%ld", p->audit_key, audit);
	xasprintf(&v[nv++], "%s=%d,%ld", p->key, p->type, value);
	if (p->exceptions_key != NULL) {
		len = strlen(p->exceptions_key) + 4;
		for (i = 0; i < n; i++) {
			HOSTNAME_ASSERT(names[i]);
			len += strlen(hostname_str(names[i])) + 1;
		}
		t = v[nv++] = xmalloc(len);
		t = stpcpy(stpcpy(t, p->exceptions_key), "=7,");
		for (i = 0; i < n; i++) {
			if (i > 0)
				*t++ = ',';
			t = stpcpy(t, hostname_str(names[i]));
		}
	}
	*lines = v;
	return (nv);
}

void
report_gpo_write(FILE *f, const struct policy *p, const struct policy *a,
    enum report_gpo_stage st, const struct hostname *const *names, size_t n)
{
	char	**lines;
	size_t	  i, nl;

	putc(0xff, f);
	putc(0xfe, f);
	report_gpo_line(f, "[Unicode]");
	report_gpo_line(f, "Unicode=yes");
	report_gpo_line(f, "[Version]");
	report_gpo_line(f, "signature=\"$CHICAGO$\"");
	report_gpo_line(f, "Revision=1");
	report_gpo_line(f, "[Registry Values]");
	nl = report_gpo_lines(p, a, st, names, n, &lines);
	for (i = 0; i < nl; i++) {
		report_gpo_line(f, lines[i]);
		free(lines[i]);
	}
	free(lines);
}

void
report_gpo_audit_write(FILE *f, const struct plan *p)
{
	report_gpo_write(f, p->policy, p->r->audit_stage, REPORT_GPO_AUDIT,
	    p->gpo, p->ngpo);
}

void
report_gpo_enforce_write(FILE *f, const struct plan *p)
{
	report_gpo_write(f, p->policy, NULL, REPORT_GPO_ENFORCE, p->gpo,
	    p->ngpo);
}

void
report_list_write(FILE *f, const struct plan *p)
{
	exceptions_save(f, (const char *const *)p->comments, p->ncomments,
	    p->gpo, p->ngpo);
}
