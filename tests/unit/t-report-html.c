/*
 * t-report-html.c: report.html: every data string escaped (a user name that
 * is a script), nothing fetched, one row per level, the same bytes twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-doc.h"
#include "report-fixture.h"
#include "report-html.h"
#include "tap.h"

static void
esc(FILE *f, const void *s)
{
	doc_html_escape(f, s);
}

static void
whole(FILE *f, const void *arg)
{
	report_html_write(f, arg);
}

static int
count(const char *s, const char *needle)
{
	int	n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return (n);
}

int
main(void)
{
	struct fixture	 fx;
	char		*s, *s2, *t, *e;
	int		 n;

	s = fixture_capture(esc, "<script>\"x\" & 'y'</script>");
	is_str(s, "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script"
	    "&gt;", "markup and quotes escaped");
	free(s);
	s = fixture_capture(esc, "a\rb\x01" "c\nd");
	is_str(s, "a&#xFFFD;b&#xFFFD;c d", "control characters replaced");
	free(s);

	if (fixture_init(&fx) != 0) {
		ok(0, "fixture");
		return (done_testing());
	}
	s = fixture_capture(whole, fx.p);
	s2 = fixture_capture(whole, fx.p);
	is_str(s2, s, "the same bytes twice");
	ok(strncmp(s, "<!DOCTYPE html>\n", 16) == 0, "doctype");
	is_int(count(s, "<script"), 1, "one script: ours");
	ok(strstr(s, "alert(1)") != NULL &&
	    strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL,
	    "the hostile user name shown escaped");
	ok(strstr(s, "&lt;b&gt;moves&lt;/b&gt;") != NULL,
	    "rule reason escaped");
	ok(strstr(s, "carol|pipe") != NULL, "pipe as is");
	is_int(count(s, " src=") + count(s, " href=") + count(s, "url(") +
	    count(s, "@import"), 0, "nothing fetched");
	is_int(count(s, "://"), count(s, "xmlns=\"http://www.w3.org/2000/svg"),
	    "only the SVG namespace names a URL");
	t = strstr(s, "id=\"decision\"");
	e = t != NULL ? strstr(t, "</table>") : NULL;
	n = 0;
	if (t != NULL && e != NULL) {
		*e = '\0';
		n = count(t, "<tr") - 1;
		*e = '<';
	}
	is_int(n, 5, "the decision table has a row per level and the SMB "
	    "block's");
	ok(strstr(s, "<tr class=\"planned\"><td class=\"n\">3</td>") != NULL,
	    "the planned level marked");
	is_int(count(s, "<svg"), 2, "two charts");
	ok(strstr(s, "from the flows' time profiles") != NULL &&
	    strstr(s, "not estimated") != NULL,
	    "the chart says where its days come from");
	ok(strstr(s, "@media print") != NULL, "print styles");
	ok(strstr(s, "DCAllowedNTLMServers=7,NAS1,SRV1\n") != NULL,
	    "GPO lines of report-gpo");
	ok(strstr(s, "id=\"residual-table\"") != NULL &&
	    strstr(s, "<code>DC1</code>") != NULL, "residual flow listed");
	free(s);
	free(s2);
	fixture_clear(&fx);
	return (done_testing());
}
