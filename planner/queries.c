/*
 * queries.c: the Windows Event Forwarding subscription and the SIEM
 * queries, written by walking the event table.  Every event id, provider,
 * log and field name in them comes from event.c, every result column from
 * ingest-siem.c: adding an event to the table adds it here.
 *
 * The SIEM queries aggregate in two steps: by flow key and hour (count,
 * first and last time), then by flow key, the hours gathered into one
 * "YYYY-MM-DDTHH=N;..." column from which collect rebuilds the flow's time
 * profile.  A role column (user, server ...) takes, per event id, the
 * EventData field that plays that role in the table, so that collect can
 * put it back in its place and derive the flow key exactly as it does for
 * a raw event.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "event.h"
#include "ingest-siem.h"
#include "queries.h"

#define QUERIES_MAX	64	/* rows of the event table, groups */

static const char *const queries_names[QUERIES__COUNT] = {
	"wef", "kql", "spl", "esql"
};

/* The event ids a group of rows shares a field name for. */
struct queries_group {
	const char	*name;
	int		 ids[QUERIES_MAX];
	int		 nids;
};

int
queries_kind(const char *s)
{
	int	i;

	for (i = 0; i < QUERIES__COUNT; i++) {
		if (strcmp(s, queries_names[i]) == 0)
			return (i);
	}
	return (-1);
}

const char *
queries_name(enum queries_kind k)
{
	return (queries_names[k]);
}

/* The fields playing role, grouped by name, each with its event ids. */
static int
queries_groups(enum event_role role, struct queries_group *g)
{
	const struct event_def	*d;
	const char		*name;
	int			 i, j, n = 0, pos;

	for (i = 0; (d = event_def_at(i)) != NULL; i++) {
		if ((pos = event_def_role(d, role)) < 0)
			continue;
		name = d->fields[pos].name;
		for (j = 0; j < n && strcmp(g[j].name, name) != 0; j++)
			;
		if (j == n) {
			if (n == QUERIES_MAX)
				continue;
			g[n].name = name;
			g[n++].nids = 0;
		}
		if (g[j].nids < QUERIES_MAX)
			g[j].ids[g[j].nids++] = d->id;
	}
	return (n);
}

/* The ids of the rows written to channel (NULL: every row). */
static int
queries_ids(const char *channel, int *ids)
{
	const struct event_def	*d;
	int			 i, n = 0;

	for (i = 0; (d = event_def_at(i)) != NULL && n < QUERIES_MAX; i++) {
		if (channel == NULL ||
		    strcmp(event_def_channel(d), channel) == 0)
			ids[n++] = d->id;
	}
	return (n);
}

/* ids joined by sep, each between pre and post. */
static void
queries_id_list(FILE *f, const int *ids, int n, const char *pre,
    const char *post, const char *sep)
{
	int	i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s%s%d%s", i > 0 ? sep : "", pre, ids[i], post);
}

/* The rows of the package filter (Security 4624: NTLM logons only). */
static const struct event_def *
queries_package_row(void)
{
	const struct event_def	*d;
	int			 i;

	for (i = 0; (d = event_def_at(i)) != NULL; i++) {
		if (d->package != NULL)
			return (d);
	}
	return (NULL);
}

/*
 * XPath ids of provider in channel as ranges: "EventID&gt;=4001 and
 * EventID&lt;=4003) or (EventID=4010" ...: the subscription stays short.
 */
static void
queries_xpath_ids(FILE *f, const char *provider, const char *channel,
    int package)
{
	const struct event_def	*d, *e;
	int			 i, first, last, n = 0;

	for (i = 0; (d = event_def_at(i)) != NULL; i++) {
		if (strcmp(d->provider, provider) != 0 ||
		    strcmp(event_def_channel(d), channel) != 0 ||
		    (d->package != NULL) != package)
			continue;
		first = last = d->id;
		while ((e = event_def_at(i + 1)) != NULL &&
		    e->id == last + 1 && strcmp(e->provider, provider) == 0 &&
		    (e->package != NULL) == package) {
			last = e->id;
			i++;
		}
		fputs(n++ > 0 ? " or " : "", f);
		if (first == last)
			fprintf(f, "EventID=%d", first);
		else
			fprintf(f, "(EventID&gt;=%d and EventID&lt;=%d)", first,
			    last);
	}
}

/* True if the table has a row of provider in channel (with a package). */
static int
queries_has(const char *provider, const char *channel, int package)
{
	const struct event_def	*d;
	int			 i;

	for (i = 0; (d = event_def_at(i)) != NULL; i++) {
		if (strcmp(d->provider, provider) == 0 &&
		    strcmp(event_def_channel(d), channel) == 0 &&
		    (d->package != NULL) == package)
			return (1);
	}
	return (0);
}

static void
queries_wef_select(FILE *f, const char *provider, const char *channel,
    const struct event_def *pkg)
{
	fprintf(f, "        <Select Path=\"%s\">*[System[Provider[@Name="
	    "'%s'] and (", channel, provider);
	queries_xpath_ids(f, provider, channel, pkg != NULL);
	fputs(")]]", f);
	if (pkg != NULL && event_def_role(pkg, EVENT_ROLE_PACKAGE) >= 0)
		fprintf(f, " and *[EventData[Data[@Name='%s']='%s']]",
		    pkg->fields[event_def_role(pkg, EVENT_ROLE_PACKAGE)].name,
		    pkg->package);
	fputs("</Select>\n", f);
}

static void
queries_write_wef(FILE *f)
{
	static const char *const providers[] = { EVENT_PROVIDER_NTLM,
	    EVENT_PROVIDER_NETLOGON, EVENT_PROVIDER_SECURITY };
	static const char *const channels[] = { EVENT_CHANNEL_NTLM,
	    EVENT_CHANNEL_SECURITY };
	const struct event_def	*pkg = queries_package_row();
	size_t			 c, p;

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<!-- ntlmplan: the events ntlmplan reads, forwarded from every\n"
	    "     computer of the domain (DCs included) to a collector.\n"
	    "     Generated from ntlmplan's event table; see ntlmplan(1),\n"
	    "     COLLECTING AT SCALE.  On the collector: wecutil qc, then\n"
	    "     wecutil cs ntlm.xml. -->\n"
	    "<Subscription xmlns=\"http://schemas.microsoft.com/2006/03/"
	    "windows/events/subscription\">\n"
	    "  <SubscriptionId>ntlmplan-ntlm</SubscriptionId>\n"
	    "  <SubscriptionType>SourceInitiated</SubscriptionType>\n"
	    "  <Description>NTLM audit events for ntlmplan</Description>\n"
	    "  <Enabled>true</Enabled>\n"
	    "  <Uri>http://schemas.microsoft.com/wbem/wsman/1/windows/"
	    "EventLog</Uri>\n"
	    "  <ConfigurationMode>Custom</ConfigurationMode>\n"
	    "  <Delivery Mode=\"Push\">\n"
	    "    <Batching>\n"
	    "      <MaxItems>500</MaxItems>\n"
	    "      <MaxLatencyTime>900000</MaxLatencyTime>\n"
	    "    </Batching>\n"
	    "    <PushSettings>\n"
	    "      <Heartbeat Interval=\"900000\"/>\n"
	    "    </PushSettings>\n"
	    "  </Delivery>\n"
	    "  <Query>\n"
	    "    <![CDATA[\n"
	    "    <QueryList>\n", f);
	for (c = 0; c < sizeof channels / sizeof channels[0]; c++) {
		fprintf(f, "      <Query Id=\"%zu\" Path=\"%s\">\n", c,
		    channels[c]);
		for (p = 0; p < sizeof providers / sizeof providers[0]; p++) {
			if (!queries_has(providers[p], channels[c], 0) &&
			    !queries_has(providers[p], channels[c], 1))
				continue;
			if (queries_has(providers[p], channels[c], 0))
				queries_wef_select(f, providers[p],
				    channels[c], NULL);
			if (queries_has(providers[p], channels[c], 1))
				queries_wef_select(f, providers[p],
				    channels[c], pkg);
		}
		fputs("      </Query>\n", f);
	}
	fputs("    </QueryList>\n"
	    "    ]]>\n"
	    "  </Query>\n"
	    "  <ReadExistingEvents>true</ReadExistingEvents>\n"
	    "  <TransportName>HTTP</TransportName>\n"
	    "  <ContentFormat>Events</ContentFormat>\n"
	    "  <Locale Language=\"en-US\"/>\n"
	    "  <LogFile>ForwardedEvents</LogFile>\n"
	    "  <PublisherName>Microsoft-Windows-EventCollector"
	    "</PublisherName>\n"
	    "  <!-- Domain Computers (DC) and Domain Controllers (DD). -->\n"
	    "  <AllowedSourceDomainComputers>O:NSG:BAD:P(A;;GA;;;DC)"
	    "(A;;GA;;;DD)S:</AllowedSourceDomainComputers>\n"
	    "</Subscription>\n", f);
}

/* How a SIEM language writes a role column's case expression. */
struct queries_dialect {
	const char	*case_open;
	const char	*cond_open;	/* then the ids, ", " between */
	const char	*value_pre;	/* the field: pre, its name, post */
	const char	*value_post;
	const char	*otherwise;	/* the default branch */
	const char	*assign;	/* between column and expression */
};

static const struct queries_dialect queries_dialects[QUERIES__COUNT] = {
	[QUERIES_KQL] = { "case(", "EventID in (", "tostring(e[\"", "\"])",
	    "\"\"", " = " },
	[QUERIES_SPL] = { "case(", "in(event_id, ", "'", "'", "true(), \"\"",
	    "=" },
	[QUERIES_ESQL] = { "CASE(", "event_id IN (", "winlog.event_data.", "",
	    "\"\"", " = " }
};

/* "column = case(ids, field, ...)" for every role column, sep between. */
static void
queries_roles(FILE *f, enum queries_kind k, const char *sep)
{
	const struct queries_dialect	*q = &queries_dialects[k];
	const struct siem_column	*c;
	struct queries_group		 g[QUERIES_MAX];
	size_t				 i, nc;
	int				 j, n, first = 1;

	c = ingest_siem_columns(&nc);
	for (i = 0; i < nc; i++) {
		if (c[i].kind != SIEM_ROLE)
			continue;
		n = queries_groups(c[i].role, g);
		fprintf(f, "%s%s%s%s", first ? "" : sep, c[i].name, q->assign,
		    q->case_open);
		first = 0;
		for (j = 0; j < n; j++) {
			fputs(q->cond_open, f);
			queries_id_list(f, g[j].ids, g[j].nids, "", "", ", ");
			fputs("), ", f);
			fprintf(f, "%s%s%s, ", q->value_pre, g[j].name,
			    q->value_post);
		}
		fprintf(f, "%s)", q->otherwise);
	}
}

/* The key columns (event_id, computer, the roles), sep between. */
static void
queries_key(FILE *f, const char *sep)
{
	const struct siem_column	*c;
	size_t				 i, nc;
	int				 first = 1;

	c = ingest_siem_columns(&nc);
	for (i = 0; i < nc; i++) {
		if (c[i].kind == SIEM_EVENT_ID || c[i].kind == SIEM_COMPUTER ||
		    c[i].kind == SIEM_ROLE) {
			fprintf(f, "%s%s", first ? "" : sep, c[i].name);
			first = 0;
		}
	}
}

static const char queries_header[] =
    "ntlmplan: the NTLM audit events aggregated to ntlmplan's flow key.\n"
    "Generated from ntlmplan's event table: the columns are those of\n"
    "ntlmplan-flows(5), SIEM RESULTS.  Export the result as CSV or JSON\n"
    "and read it with: ntlmplan collect -o siem.flows RESULT\n";

/* The header as comment lines: each line of queries_header after pfx. */
static void
queries_comment(FILE *f, const char *pfx, const char *open,
    const char *close)
{
	const char	*p = queries_header, *nl;

	fputs(open, f);
	while ((nl = strchr(p, '\n')) != NULL) {
		fprintf(f, "%s%.*s\n", pfx, (int)(nl - p), p);
		p = nl + 1;
	}
	fputs(close, f);
}

static void
queries_write_kql(FILE *f)
{
	const struct event_def	*pkg = queries_package_row();
	int			 ids[QUERIES_MAX], n;

	queries_comment(f, "// ", "", "");
	n = queries_ids(NULL, ids);
	fprintf(f, "let ntlmplan_ids = dynamic([");
	queries_id_list(f, ids, n, "", "", ", ");
	fprintf(f, "]);\n"
	    "let ntlmplan_logs = dynamic([\"%s\", \"%s\"]);\n"
	    "union isfuzzy=true\n"
	    "    (Event\n"
	    "    | where EventLog in (ntlmplan_logs) and EventID in "
	    "(ntlmplan_ids)\n"
	    "    | extend x = parse_xml(EventData)\n"
	    "    | mv-apply d = x.DataItem.EventData.Data on (summarize e = "
	    "make_bag(bag_pack(tostring(d[\"@Name\"]), "
	    "tostring(d[\"#text\"]))))\n"
	    "    | project TimeGenerated, Computer, Channel = EventLog, "
	    "EventID, e),\n"
	    "    (WindowsEvent\n"
	    "    | where Channel in (ntlmplan_logs) and EventID in "
	    "(ntlmplan_ids)\n"
	    "    | project TimeGenerated, Computer, Channel, EventID, "
	    "e = EventData)\n", EVENT_CHANNEL_NTLM, EVENT_CHANNEL_SECURITY);
	fprintf(f, "| where (Channel =~ \"%s\") == (EventID in (",
	    EVENT_CHANNEL_SECURITY);
	n = queries_ids(EVENT_CHANNEL_SECURITY, ids);
	queries_id_list(f, ids, n, "", "", ", ");
	fputs("))\n| extend event_id = EventID, computer = Computer\n"
	    "| extend ", f);
	queries_roles(f, QUERIES_KQL, ",\n    ");
	fputs("\n", f);
	if (pkg != NULL)
		fprintf(f, "| where event_id != %d or package =~ \"%s\"\n",
		    pkg->id, pkg->package);
	fputs("| summarize n = count(), first_seen = min(TimeGenerated), "
	    "last_seen = max(TimeGenerated)\n    by ", f);
	queries_key(f, ", ");
	fputs(", hour = bin(TimeGenerated, 1h)\n"
	    "| summarize ['count'] = sum(n), first_seen = min(first_seen), "
	    "last_seen = max(last_seen),\n"
	    "    hours = strcat_array(make_list(strcat(format_datetime(hour, "
	    "\"yyyy-MM-dd\"), \"T\", format_datetime(hour, \"HH\"), \"=\", "
	    "n)), \";\")\n    by ", f);
	queries_key(f, ", ");
	fputs("\n| project ", f);
	queries_key(f, ", ");
	fputs(", ['count'], first_seen, last_seen, hours\n", f);
}

static void
queries_write_spl(FILE *f)
{
	const struct event_def	*pkg = queries_package_row();
	int			 ids[QUERIES_MAX], n;

	queries_comment(f, "", "```\n", "```\n");
	fprintf(f, "(source=\"WinEventLog:%s\" OR source=\"XmlWinEventLog:%s\""
	    " OR source=\"WinEventLog:%s\" OR source=\"XmlWinEventLog:%s\")\n"
	    "(", EVENT_CHANNEL_NTLM, EVENT_CHANNEL_NTLM,
	    EVENT_CHANNEL_SECURITY, EVENT_CHANNEL_SECURITY);
	n = queries_ids(NULL, ids);
	queries_id_list(f, ids, n, "EventCode=", "", " OR ");
	fputs(")\n| eval event_id=tonumber(EventCode), "
	    "computer=coalesce(Computer, ComputerName, host)\n"
	    "| where if(match(source, \":Security$\"), 1, 0)="
	    "if(in(event_id, ", f);
	n = queries_ids(EVENT_CHANNEL_SECURITY, ids);
	queries_id_list(f, ids, n, "", "", ", ");
	fputs("), 1, 0)\n| eval ", f);
	queries_roles(f, QUERIES_SPL, ",\n    ");
	fputs("\n", f);
	if (pkg != NULL)
		fprintf(f, "| where event_id!=%d OR package=\"%s\"\n",
		    pkg->id, pkg->package);
	fputs("| fillnull value=\"-\" ", f);
	queries_key(f, " ");
	fputs("\n| eval hour=floor(_time/3600)*3600\n"
	    "| stats count as n min(_time) as first_seen max(_time) as "
	    "last_seen by ", f);
	queries_key(f, " ");
	fputs(" hour\n| eval cell=hour.\"=\".n\n"
	    "| stats sum(n) as count min(first_seen) as first_seen "
	    "max(last_seen) as last_seen values(cell) as hours by ", f);
	queries_key(f, " ");
	fputs("\n| eval hours=mvjoin(hours, \";\")\n| table ", f);
	queries_key(f, " ");
	fputs(" count first_seen last_seen hours\n", f);
}

static void
queries_write_esql(FILE *f)
{
	const struct event_def	*pkg = queries_package_row();
	int			 ids[QUERIES_MAX], n;

	queries_comment(f, "// ", "", "");
	fprintf(f, "FROM winlogbeat-*, logs-windows.*, logs-system.*\n"
	    "| WHERE winlog.channel IN (\"%s\", \"%s\")\n"
	    "    AND winlog.event_id IN (", EVENT_CHANNEL_NTLM,
	    EVENT_CHANNEL_SECURITY);
	n = queries_ids(NULL, ids);
	queries_id_list(f, ids, n, "\"", "\"", ", ");
	fputs(")\n| EVAL event_id = TO_INTEGER(winlog.event_id), "
	    "computer = winlog.computer_name\n", f);
	fprintf(f, "| WHERE (winlog.channel == \"%s\") == (event_id IN (",
	    EVENT_CHANNEL_SECURITY);
	n = queries_ids(EVENT_CHANNEL_SECURITY, ids);
	queries_id_list(f, ids, n, "", "", ", ");
	fputs("))\n| EVAL ", f);
	queries_roles(f, QUERIES_ESQL, ",\n    ");
	fputs("\n", f);
	if (pkg != NULL)
		fprintf(f, "| WHERE event_id != %d OR package == \"%s\"\n",
		    pkg->id, pkg->package);
	fputs("| EVAL hour = DATE_TRUNC(1 hour, @timestamp)\n"
	    "| STATS n = COUNT(*), first_seen = MIN(@timestamp), "
	    "last_seen = MAX(@timestamp)\n    BY ", f);
	queries_key(f, ", ");
	fputs(", hour\n"
	    "| EVAL cell = CONCAT(DATE_FORMAT(\"yyyy-MM-dd'T'HH\", hour), "
	    "\"=\", TO_STRING(n))\n"
	    "| STATS count = SUM(n), first_seen = MIN(first_seen), "
	    "last_seen = MAX(last_seen), hours = VALUES(cell)\n    BY ", f);
	queries_key(f, ", ");
	fputs("\n| EVAL hours = MV_CONCAT(hours, \";\")\n| KEEP ", f);
	queries_key(f, ", ");
	fputs(", count, first_seen, last_seen, hours\n| LIMIT 10000\n", f);
}

void
queries_write(FILE *f, enum queries_kind k)
{
	static void (*const writers[QUERIES__COUNT])(FILE *) = {
		[QUERIES_WEF] = queries_write_wef,
		[QUERIES_KQL] = queries_write_kql,
		[QUERIES_SPL] = queries_write_spl,
		[QUERIES_ESQL] = queries_write_esql
	};

	writers[k](f);
}
