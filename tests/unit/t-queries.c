/*
 * t-queries.c: the forwarding subscription selects exactly the events of
 * the event table, and each SIEM query names every event id and every
 * result column.  The subscription's XPath is read back here with a reader
 * of its own (Select Path, Provider[@Name], EventID=N and ranges, the
 * EventData condition) and evaluated for every event id 0..65535 of every
 * provider and log, then compared with event_def_lookup and
 * event_def_channel.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "ingest-siem.h"
#include "queries.h"
#include "tap.h"

#define NSEL	16

struct sel {
	char	 channel[64];
	char	 provider[64];
	int	 lo[64], hi[64], n;
	int	 package;	/* the Select requires the NTLM package */
};

static char *
write_kind(enum queries_kind k)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	queries_write(f, k);
	fclose(f);
	return (buf);
}

/* Read the Selects of the subscription; the number read. */
static int
read_selects(const char *xml, struct sel *s)
{
	const char	*p = xml, *end, *q;
	int		 n = 0, a, b, len;

	while (n < NSEL && (p = strstr(p, "<Select Path=\"")) != NULL) {
		memset(&s[n], 0, sizeof s[n]);
		if (sscanf(p, "<Select Path=\"%63[^\"]\">", s[n].channel) != 1)
			break;
		end = strstr(p, "</Select>");
		q = strstr(p, "Provider[@Name='");
		if (end == NULL || q == NULL || q > end ||
		    sscanf(q, "Provider[@Name='%63[^']']", s[n].provider) != 1)
			break;
		for (q = p; (q = strstr(q, "EventID")) != NULL && q < end;
		    q += len) {
			len = 7;
			if (sscanf(q, "EventID&gt;=%d and EventID&lt;=%d%n",
			    &a, &b, &len) == 2) {
				s[n].lo[s[n].n] = a;
				s[n].hi[s[n].n++] = b;
			} else if (sscanf(q, "EventID=%d%n", &a, &len) == 1) {
				s[n].lo[s[n].n] = s[n].hi[s[n].n] = a;
				s[n].n++;
			}
		}
		q = strstr(p, "[Data[@Name='AuthenticationPackageName']="
		    "'NTLM']");
		s[n].package = q != NULL && q < end;
		p = end;
		n++;
	}
	return (n);
}

static int
selected(const struct sel *s, int nsel, const char *channel,
    const char *provider, int id, int package)
{
	int	i, j;

	for (i = 0; i < nsel; i++) {
		if (strcmp(s[i].channel, channel) != 0 ||
		    strcmp(s[i].provider, provider) != 0 ||
		    s[i].package != package)
			continue;
		for (j = 0; j < s[i].n; j++) {
			if (id >= s[i].lo[j] && id <= s[i].hi[j])
				return (1);
		}
	}
	return (0);
}

static void
test_wef(void)
{
	static const char *const providers[] = { EVENT_PROVIDER_NTLM,
	    EVENT_PROVIDER_NETLOGON, EVENT_PROVIDER_SECURITY };
	static const char *const channels[] = { EVENT_CHANNEL_NTLM,
	    EVENT_CHANNEL_SECURITY };
	const struct event_def	*d;
	struct sel		 s[NSEL];
	char			*xml = write_kind(QUERIES_WEF);
	int			 nsel, id, p, c, want, got, bad = 0, n = 0;

	nsel = read_selects(xml, s);
	ok(nsel >= 3, "the subscription has its Selects (%d)", nsel);
	for (id = 0; id <= 65535; id++) {
		for (p = 0; p < 3; p++) {
			for (c = 0; c < 2; c++) {
				d = event_def_lookup(id, providers[p]);
				want = d != NULL && strcmp(d->provider,
				    providers[p]) == 0 && strcmp(channels[c],
				    event_def_channel(d)) == 0;
				got = selected(s, nsel, channels[c],
				    providers[p], id, d != NULL &&
				    d->package != NULL);
				n += want;
				if (want != got && bad++ < 5)
					diag("%s %s %d: table %d, XPath %d",
					    channels[c], providers[p], id, want,
					    got);
			}
		}
	}
	ok(bad == 0, "the XPath selects exactly the table's %d events", n);
	for (id = 0; (d = event_def_at(id)) != NULL; id++)
		;
	is_int(n, id, "every row of the table is selected once");
	ok(strstr(xml, "<SubscriptionType>SourceInitiated") != NULL &&
	    strstr(xml, "(A;;GA;;;DD)") != NULL,
	    "source-initiated, domain controllers allowed");
	free(xml);
}

static void
test_siem(void)
{
	const struct siem_column	*col;
	const struct event_def		*d;
	char				*q, id[16];
	size_t				 ncol, i;
	int				 k, j, missing;

	col = ingest_siem_columns(&ncol);
	for (k = QUERIES_KQL; k < QUERIES__COUNT; k++) {
		q = write_kind((enum queries_kind)k);
		missing = 0;
		for (j = 0; (d = event_def_at(j)) != NULL; j++) {
			snprintf(id, sizeof id, "%d", d->id);
			if (strstr(q, id) == NULL && missing++ == 0)
				diag("%s: event %d missing",
				    queries_name((enum queries_kind)k), d->id);
		}
		for (i = 0; i < ncol; i++) {
			if (strstr(q, col[i].name) == NULL && missing++ == 0)
				diag("%s: column %s missing",
				    queries_name((enum queries_kind)k),
				    col[i].name);
		}
		ok(missing == 0, "%s: every event id and column",
		    queries_name((enum queries_kind)k));
		free(q);
	}
	is_int(queries_kind("esql"), QUERIES_ESQL, "esql named");
	is_int(queries_kind("sql"), -1, "sql is no kind");
}

int
main(void)
{
	test_wef();
	test_siem();
	return (done_testing());
}
