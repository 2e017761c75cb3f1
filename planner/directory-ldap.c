/*
 * directory-ldap.c: read the directory from an LDAP server with libldap.
 *
 * One connection: protocol 3, referrals not chased, a network timeout and a
 * timeout on every wait for the server; StartTLS (-Z tries, -ZZ requires),
 * ldaps:// or ldapi://; the server's certificate is always verified (against
 * --cacert if given).  Then a simple or SASL bind, and the reads: the rootDSE
 * (defaultNamingContext, configurationNamingContext), the domain head
 * (objectSid), the crossRefs under CN=Partitions of the configuration NC, the
 * trustedDomain objects under CN=System and every computer under the base
 * with the Simple Paged Results control (RFC 2696, marked critical so that a
 * server cannot ignore it).  Search references are counted and skipped.
 *
 * Never a partial snapshot: a size, time or administrative limit, a timeout
 * or a lost connection after the bind ends the fetch with
 * DIRECTORY_LDAP_INCOMPLETE.  Only this file sees LDAP * and friends; entries
 * leave it as plain struct directory_entry.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <unistd.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>
#include <sasl/sasl.h>

#include "directory.h"
#include "directory-ldap.h"
#include "log.h"
#include "xmalloc.h"

struct directory_ldap {
	LDAP					*ld;
	const struct directory_ldap_options	*opt;
	struct directory_ldap_stats		*stats;
	struct directory			*dir;
	struct directory_entry			 e;
	int					 bound_anon;
	int					 ranged;
	char					**cause;
};

/* The server's diagnostic message for the last error, or "". */
static char *
directory_ldap_diag(LDAP *ld)
{
	char	*msg = NULL, *out;

	if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &msg) !=
	    LDAP_OPT_SUCCESS || msg == NULL)
		return (xstrdup(""));
	out = xstrdup(msg);
	ldap_memfree(msg);
	return (out);
}

static int
directory_ldap_result_code(LDAP *ld)
{
	int	rc = LDAP_OTHER;

	ldap_get_option(ld, LDAP_OPT_RESULT_CODE, &rc);
	return (rc);
}

/* True if a diagnostic message speaks of TLS or certificates. */
static int
directory_ldap_is_tls(const char *diag)
{
	return (strcasestr(diag, "certificate") != NULL ||
	    strcasestr(diag, "TLS") != NULL || strcasestr(diag, "SSL") != NULL);
}

/* Set *cause to "what: error (code)[: diagnostic]". */
static void
directory_ldap_fail(struct directory_ldap *dl, int rc, const char *diag,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
directory_ldap_fail(struct directory_ldap *dl, int rc, const char *diag,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	xvasprintf(&what, fmt, ap);
	va_end(ap);
	free(*dl->cause);
	if (diag != NULL && *diag != '\0')
		xasprintf(dl->cause, "%s: %s (%d): %s", what,
		    ldap_err2string(rc), rc, diag);
	else
		xasprintf(dl->cause, "%s: %s (%d)", what, ldap_err2string(rc),
		    rc);
	free(what);
}

/*
 * Why a connection to uri failed, which libldap reports as "Can't contact
 * LDAP server" in every case: the host name does not resolve, or a TCP
 * probe (at most 2 s) is refused, unanswered or fails otherwise.  Returns
 * a message the caller frees.
 */
static char *
directory_ldap_why(const char *uri)
{
	LDAPURLDesc	*lud;
	struct addrinfo	 hints, *res = NULL;
	struct pollfd	 pfd;
	socklen_t	 len;
	char		*why, port[16];
	int		 fd, e, err = 0;

	if (ldap_url_parse(uri, &lud) != LDAP_URL_SUCCESS)
		return (xstrdup("cannot connect"));
	if (lud->lud_host == NULL || *lud->lud_host == '\0') {
		ldap_free_urldesc(lud);
		return (xstrdup("cannot connect"));
	}
	snprintf(port, sizeof port, "%d", lud->lud_port != 0 ? lud->lud_port :
	    ldap_is_ldaps_url(uri) ? LDAPS_PORT : LDAP_PORT);
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	if ((e = getaddrinfo(lud->lud_host, port, &hints, &res)) != 0) {
		xasprintf(&why, "cannot resolve host %s: %s", lud->lud_host,
		    e == EAI_SYSTEM ? strerror(errno) : gai_strerror(e));
		ldap_free_urldesc(lud);
		return (why);
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_NONBLOCK,
	    res->ai_protocol);
	if (fd == -1)
		err = errno;
	else if (connect(fd, res->ai_addr, res->ai_addrlen) == 0)
		err = 0;
	else if (errno != EINPROGRESS)
		err = errno;
	else {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, 2000) <= 0)
			err = ETIMEDOUT;
		else {
			len = sizeof err;
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
			    &len) != 0)
				err = errno;
		}
	}
	if (fd != -1)
		close(fd);
	if (err == 0)
		xasprintf(&why, "host %s port %s accepts connections but "
		    "gives no LDAP answer", lud->lud_host, port);
	else if (err == ECONNREFUSED)
		xasprintf(&why, "host %s: connection to port %s refused (no "
		    "LDAP server listening there?)", lud->lud_host, port);
	else
		xasprintf(&why, "host %s port %s: %s", lud->lud_host, port,
		    strerror(err));
	freeaddrinfo(res);
	ldap_free_urldesc(lud);
	return (why);
}

/*
 * After an ldaps:// connection failed: does a plain TCP connection to the
 * same host and port succeed?  Then the TLS handshake was what failed
 * (libldap reports both as "Can't contact LDAP server").
 */
static int
directory_ldap_tcp_ok(const char *uri, const struct timeval *tv)
{
	LDAPURLDesc	*lud;
	LDAP		*ld;
	char		*plain;
	int		 ok = 0, v = LDAP_VERSION3;

	if (ldap_url_parse(uri, &lud) != LDAP_URL_SUCCESS)
		return (0);
	xasprintf(&plain, "ldap://%s%s%s:%d/", strchr(lud->lud_host, ':') !=
	    NULL ? "[" : "", lud->lud_host, strchr(lud->lud_host, ':') != NULL ?
	    "]" : "", lud->lud_port != 0 ? lud->lud_port : LDAPS_PORT);
	ldap_free_urldesc(lud);
	if (ldap_initialize(&ld, plain) == LDAP_SUCCESS) {
		ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &v);
		ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, tv);
		ok = ldap_connect(ld) == LDAP_SUCCESS;
		ldap_unbind_ext_s(ld, NULL, NULL);
	}
	free(plain);
	return (ok);
}

static enum directory_ldap_error
directory_ldap_connect(struct directory_ldap *dl)
{
	const struct directory_ldap_options	*opt = dl->opt;
	struct timeval				 tv;
	int					 rc, v, tls;
	char					*diag, *why;

	if ((rc = ldap_initialize(&dl->ld, opt->uri)) != LDAP_SUCCESS) {
		dl->ld = NULL;
		xasprintf(dl->cause, "%s: bad LDAP URI: %s", opt->uri,
		    ldap_err2string(rc));
		return (DIRECTORY_LDAP_CONNECT);
	}
	v = LDAP_VERSION3;
	ldap_set_option(dl->ld, LDAP_OPT_PROTOCOL_VERSION, &v);
	ldap_set_option(dl->ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
	/* Kerberos: ldap/HOST as given in -H, no reverse DNS (as Windows). */
	ldap_set_option(dl->ld, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON);
	tv.tv_sec = opt->timeout;
	tv.tv_usec = 0;
	ldap_set_option(dl->ld, LDAP_OPT_NETWORK_TIMEOUT, &tv);
	ldap_set_option(dl->ld, LDAP_OPT_TIMEOUT, &tv);
	v = LDAP_OPT_X_TLS_DEMAND;
	ldap_set_option(dl->ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &v);
	if (opt->cacert != NULL &&
	    ldap_set_option(dl->ld, LDAP_OPT_X_TLS_CACERTFILE,
	    opt->cacert) != LDAP_OPT_SUCCESS) {
		xasprintf(dl->cause, "%s: cannot use as CA file",
		    opt->cacert);
		return (DIRECTORY_LDAP_TLS);
	}
	tls = ldap_is_ldaps_url(opt->uri) || opt->starttls;
	v = 0;
	if ((tls || opt->cacert != NULL) &&
	    (rc = ldap_set_option(dl->ld, LDAP_OPT_X_TLS_NEWCTX, &v)) !=
	    LDAP_OPT_SUCCESS) {
		diag = directory_ldap_diag(dl->ld);
		directory_ldap_fail(dl, rc, diag, "%s: TLS setup failed",
		    opt->cacert != NULL ? opt->cacert : opt->uri);
		free(diag);
		return (DIRECTORY_LDAP_TLS);
	}

	if ((rc = ldap_connect(dl->ld)) != LDAP_SUCCESS) {
		diag = directory_ldap_diag(dl->ld);
		if (ldap_is_ldaps_url(opt->uri) &&
		    (directory_ldap_is_tls(diag) ||
		    directory_ldap_tcp_ok(opt->uri, &tv))) {
			directory_ldap_fail(dl, rc, NULL, "%s: TLS handshake "
			    "failed (certificate not trusted? see --cacert)",
			    opt->uri);
			free(diag);
			return (DIRECTORY_LDAP_TLS);
		}
		why = directory_ldap_why(opt->uri);
		directory_ldap_fail(dl, rc, diag, "%s: %s", opt->uri, why);
		free(why);
		free(diag);
		return (DIRECTORY_LDAP_CONNECT);
	}

	if (opt->starttls && !ldap_is_ldaps_url(opt->uri)) {
		rc = ldap_start_tls_s(dl->ld, NULL, NULL);
		if (rc != LDAP_SUCCESS) {
			diag = directory_ldap_diag(dl->ld);
			if (rc == LDAP_CONNECT_ERROR) {
				/* The handshake failed: never fall back. */
				directory_ldap_fail(dl, rc, NULL,
				    "%s: StartTLS handshake failed "
				    "(certificate not trusted? see --cacert)",
				    opt->uri);
				free(diag);
				return (DIRECTORY_LDAP_TLS);
			}
			if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT) {
				directory_ldap_fail(dl, rc, diag, "%s: no "
				    "answer to StartTLS", opt->uri);
				free(diag);
				return (DIRECTORY_LDAP_CONNECT);
			}
			if (opt->starttls > 1) {
				directory_ldap_fail(dl, rc, diag,
				    "%s: StartTLS refused", opt->uri);
				free(diag);
				return (DIRECTORY_LDAP_TLS);
			}
			log_warnx("%s: StartTLS refused (%s), going on "
			    "without TLS", opt->uri, ldap_err2string(rc));
			free(diag);
		}
	}
	return (DIRECTORY_LDAP_OK);
}

/* SASL interaction: accept every default (GSSAPI, EXTERNAL need none). */
static int
directory_ldap_interact(LDAP *ld, unsigned flags, void *defaults, void *in)
{
	sasl_interact_t	*i;

	(void)ld;
	(void)flags;
	(void)defaults;
	for (i = in; i->id != SASL_CB_LIST_END; i++) {
		i->result = i->defresult != NULL ? i->defresult : "";
		i->len = strlen(i->result);
	}
	return (LDAP_SUCCESS);
}

static enum directory_ldap_error
directory_ldap_bind(struct directory_ldap *dl)
{
	const struct directory_ldap_options	*opt = dl->opt;
	struct berval				 cred;
	const char				*who;
	char					*diag;
	int					 rc;

	if (opt->mech != NULL) {
		who = opt->mech;
		rc = ldap_sasl_interactive_bind_s(dl->ld, opt->binddn,
		    opt->mech, NULL, NULL, LDAP_SASL_QUIET,
		    directory_ldap_interact, NULL);
	} else {
		who = opt->binddn != NULL ? opt->binddn : "anonymous";
		if (opt->binddn != NULL && !ldap_is_ldapi_url(opt->uri) &&
		    !ldap_tls_inplace(dl->ld) && !ldap_is_ldaps_url(opt->uri))
			log_warnx("%s: simple bind without TLS: the password "
			    "crosses the network in clear text", opt->uri);
		cred.bv_val = (char *)(opt->password != NULL ?
		    opt->password : "");
		cred.bv_len = strlen(cred.bv_val);
		dl->bound_anon = opt->binddn == NULL;
		rc = ldap_sasl_bind_s(dl->ld, opt->binddn != NULL ?
		    opt->binddn : "", LDAP_SASL_SIMPLE, &cred, NULL, NULL,
		    NULL);
	}
	if (rc == LDAP_SUCCESS)
		return (DIRECTORY_LDAP_OK);
	diag = directory_ldap_diag(dl->ld);
	switch (rc) {
	case LDAP_SERVER_DOWN:
	case LDAP_TIMEOUT:
	case LDAP_CONNECT_ERROR:
		directory_ldap_fail(dl, rc, diag, "%s: no answer to the bind",
		    opt->uri);
		free(diag);
		return (DIRECTORY_LDAP_CONNECT);
	case LDAP_INVALID_CREDENTIALS:
		directory_ldap_fail(dl, rc, diag, "%s: bind as %s refused "
		    "(wrong password or unknown DN)", opt->uri, who);
		break;
	default:
		if (dl->bound_anon)
			directory_ldap_fail(dl, rc, diag, "%s: anonymous "
			    "access refused (give -D and -y, or -Y)",
			    opt->uri);
		else
			directory_ldap_fail(dl, rc, diag, "%s: bind as %s "
			    "failed", opt->uri, who);
		break;
	}
	free(diag);
	return (DIRECTORY_LDAP_AUTH);
}

/* Turn an entry message into dl->e and hand it to the directory. */
static void
directory_ldap_entry(struct directory_ldap *dl, LDAPMessage *msg)
{
	BerElement	*ber = NULL;
	struct berval	 dn, attr, *vals = NULL;
	char		 name[128];
	size_t		 n, i;
	int		 rc;

	if (ldap_get_dn_ber(dl->ld, msg, &ber, &dn) != LDAP_SUCCESS)
		return;
	directory_entry_set_dn(&dl->e, dn.bv_val, dn.bv_len);
	for (rc = ldap_get_attribute_ber(dl->ld, msg, ber, &attr, &vals);
	    rc == LDAP_SUCCESS && attr.bv_val != NULL;
	    rc = ldap_get_attribute_ber(dl->ld, msg, ber, &attr, &vals)) {
		for (n = 0; n < attr.bv_len && n < sizeof name - 1 &&
		    attr.bv_val[n] != ';'; n++)
			name[n] = attr.bv_val[n];
		name[n] = '\0';
		if (n < attr.bv_len && attr.bv_val[n] == ';' &&
		    attr.bv_val[attr.bv_len - 1] != '*' &&
		    strncasecmp(attr.bv_val + n, ";range=", 7) == 0 &&
		    dl->ranged++ == 0)
			log_warnx("%.*s: only the first values of %s were "
			    "returned (ranged retrieval not followed)",
			    (int)dn.bv_len, dn.bv_val, name);
		for (i = 0; vals != NULL && vals[i].bv_val != NULL; i++) {
			if (directory_entry_add(&dl->e, name, vals[i].bv_val,
			    vals[i].bv_len) != 0)
				break;
		}
		ber_memfree(vals);
		vals = NULL;
	}
	ber_free(ber, 0);
	directory_add_entry(dl->dir, &dl->e);
	directory_entry_clear(&dl->e);
	dl->stats->entries++;
}

/*
 * Read a search result: 0 and *done, or an error.  A page response control
 * hands back the cookie for the next page in *cookie (empty: last page).
 */
static enum directory_ldap_error
directory_ldap_final(struct directory_ldap *dl, LDAPMessage *msg,
    const char *base, int optional, uint64_t got, struct berval *cookie)
{
	LDAPControl	**ctrls = NULL, *page;
	char		 *diag = NULL, *matched = NULL, **refs = NULL;
	ber_int_t	  count;
	int		  err, rc;
	enum directory_ldap_error ret = DIRECTORY_LDAP_OK;

	rc = ldap_parse_result(dl->ld, msg, &err, &matched, &diag, &refs,
	    &ctrls, 0);
	if (rc != LDAP_SUCCESS) {
		directory_ldap_fail(dl, rc, NULL, "%s: unreadable result",
		    base);
		return (DIRECTORY_LDAP_INCOMPLETE);
	}
	switch (err) {
	case LDAP_SUCCESS:
		page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls,
		    NULL);
		if (page != NULL) {
			if (ldap_parse_pageresponse_control(dl->ld, page,
			    &count, cookie) != LDAP_SUCCESS) {
				directory_ldap_fail(dl, LDAP_DECODING_ERROR,
				    NULL, "%s: bad paged results response",
				    base);
				ret = DIRECTORY_LDAP_INCOMPLETE;
			}
		}
		break;
	case LDAP_NO_SUCH_OBJECT:
		if (optional)
			break;
		directory_ldap_fail(dl, err, diag, "%s: base DN does not "
		    "exist%s%s%s", base, matched != NULL && *matched != '\0' ?
		    " (nearest existing: " : "", matched != NULL ? matched : "",
		    matched != NULL && *matched != '\0' ? ")" : "");
		ret = DIRECTORY_LDAP_SEARCH;
		break;
	case LDAP_SIZELIMIT_EXCEEDED:
	case LDAP_TIMELIMIT_EXCEEDED:
	case LDAP_ADMINLIMIT_EXCEEDED:
		directory_ldap_fail(dl, err, diag, "%s: search cut off after "
		    "%llu entries; no snapshot written%s", base,
		    (unsigned long long)got, dl->opt->page_size == 0 ?
		    " (use --page-size)" : "");
		ret = DIRECTORY_LDAP_INCOMPLETE;
		break;
	case LDAP_UNAVAILABLE_CRITICAL_EXTENSION:
		directory_ldap_fail(dl, err, diag, "%s: the server does not "
		    "page results (try --page-size 0)", base);
		ret = DIRECTORY_LDAP_SEARCH;
		break;
	case LDAP_OPERATIONS_ERROR:
	case LDAP_INSUFFICIENT_ACCESS:
	case LDAP_STRONG_AUTH_REQUIRED:
	case LDAP_CONFIDENTIALITY_REQUIRED:
	case LDAP_INAPPROPRIATE_AUTH:
		if (dl->bound_anon) {
			directory_ldap_fail(dl, err, diag, "%s: anonymous "
			    "access refused (give -D and -y, or -Y)", base);
			ret = DIRECTORY_LDAP_AUTH;
			break;
		}
		/* FALLTHROUGH */
	case LDAP_REFERRAL:
		directory_ldap_fail(dl, err, NULL, "%s: the base is on another "
		    "server%s%s (referrals are not followed)", base,
		    refs != NULL && refs[0] != NULL ? ": " : "",
		    refs != NULL && refs[0] != NULL ? refs[0] : "");
		ret = DIRECTORY_LDAP_SEARCH;
		break;
	default:
		directory_ldap_fail(dl, err, diag, "%s: search failed", base);
		ret = got > 0 ? DIRECTORY_LDAP_INCOMPLETE :
		    DIRECTORY_LDAP_SEARCH;
		break;
	}
	ldap_memfree(diag);
	ldap_memfree(matched);
	ldap_memvfree((void **)refs);
	ldap_controls_free(ctrls);
	return (ret);
}

/*
 * Search base (scope, filter) for the attributes the directory wants, paged
 * if paged and a page size is set, handing every entry to the directory.
 * optional: a missing base is no error.
 */
static enum directory_ldap_error
directory_ldap_search(struct directory_ldap *dl, const char *base, int scope,
    const char *filter, int paged, int optional, uint64_t *pages)
{
	const struct directory_ldap_options	*opt = dl->opt;
	LDAPControl				*ctrl = NULL, *sctrls[2];
	LDAPMessage				*msg;
	struct berval				 cookie = { 0, NULL };
	struct timeval				 tv;
	enum directory_ldap_error		 ret = DIRECTORY_LDAP_OK;
	uint64_t				 got = 0;
	int					 rc, msgid, done;
	char					*diag;

	paged = paged && opt->page_size > 0;
	do {
		sctrls[0] = sctrls[1] = NULL;
		if (paged) {
			rc = ldap_create_page_control(dl->ld, opt->page_size,
			    &cookie, 1, &ctrl);
			if (rc != LDAP_SUCCESS) {
				directory_ldap_fail(dl, rc, NULL,
				    "%s: paged results control", base);
				ret = DIRECTORY_LDAP_SEARCH;
				break;
			}
			sctrls[0] = ctrl;
		}
		ber_memfree(cookie.bv_val);
		cookie.bv_val = NULL;
		cookie.bv_len = 0;
		tv.tv_sec = opt->timeout;
		tv.tv_usec = 0;
		rc = ldap_search_ext(dl->ld, base, scope, filter,
		    (char **)directory_attr_names, 0, sctrls, NULL, &tv,
		    LDAP_NO_LIMIT, &msgid);
		ldap_control_free(ctrl);
		ctrl = NULL;
		if (rc != LDAP_SUCCESS) {
			diag = directory_ldap_diag(dl->ld);
			directory_ldap_fail(dl, rc, diag, "%s: search not sent",
			    base);
			free(diag);
			ret = DIRECTORY_LDAP_INCOMPLETE;
			break;
		}
		for (done = 0; !done && ret == DIRECTORY_LDAP_OK;) {
			tv.tv_sec = opt->timeout;
			tv.tv_usec = 0;
			rc = ldap_result(dl->ld, msgid, LDAP_MSG_ONE, &tv,
			    &msg);
			if (rc == 0) {
				ldap_abandon_ext(dl->ld, msgid, NULL, NULL);
				xasprintf(dl->cause, "%s: no answer within %d "
				    "seconds after %llu entries; no snapshot "
				    "written", base, opt->timeout,
				    (unsigned long long)got);
				ret = DIRECTORY_LDAP_INCOMPLETE;
				break;
			}
			if (rc == -1) {
				rc = directory_ldap_result_code(dl->ld);
				diag = directory_ldap_diag(dl->ld);
				directory_ldap_fail(dl, rc, diag, "%s: "
				    "connection lost during the search after "
				    "%llu entries; no snapshot written", base,
				    (unsigned long long)got);
				free(diag);
				ret = DIRECTORY_LDAP_INCOMPLETE;
				break;
			}
			switch (rc) {
			case LDAP_RES_SEARCH_ENTRY:
				directory_ldap_entry(dl, msg);
				got++;
				break;
			case LDAP_RES_SEARCH_REFERENCE:
				dl->stats->references++;
				break;
			case LDAP_RES_SEARCH_RESULT:
				ret = directory_ldap_final(dl, msg, base,
				    optional, got, &cookie);
				done = 1;
				if (pages != NULL)
					(*pages)++;
				break;
			}
			ldap_msgfree(msg);
		}
		if (pages != NULL && log_progress_enabled())
			log_progress("directory: %llu entries, page %llu",
			    (unsigned long long)dl->stats->entries,
			    (unsigned long long)*pages);
	} while (ret == DIRECTORY_LDAP_OK && paged && cookie.bv_len > 0);
	ber_memfree(cookie.bv_val);
	if (pages != NULL && log_progress_enabled())
		log_progress_done();
	return (ret);
}

/* First value of attr in msg as a string, or NULL. */
static char *
directory_ldap_value(LDAP *ld, LDAPMessage *msg, const char *attr)
{
	struct berval	**vals;
	char		 *s = NULL;

	vals = ldap_get_values_len(ld, msg, attr);
	if (vals != NULL && vals[0] != NULL)
		s = xstrndup(vals[0]->bv_val, vals[0]->bv_len);
	ldap_value_free_len(vals);
	return (s);
}

/* Read the rootDSE's naming contexts. */
static enum directory_ldap_error
directory_ldap_rootdse(struct directory_ldap *dl, char **defnc, char **confnc)
{
	static char	*attrs[] = { (char *)"defaultNamingContext",
	    (char *)"configurationNamingContext", NULL };
	LDAPMessage	*res = NULL, *e;
	struct timeval	 tv;
	char		*diag;
	int		 rc;

	tv.tv_sec = dl->opt->timeout;
	tv.tv_usec = 0;
	rc = ldap_search_ext_s(dl->ld, "", LDAP_SCOPE_BASE, "(objectClass=*)",
	    attrs, 0, NULL, NULL, &tv, 1, &res);
	if (rc != LDAP_SUCCESS) {
		diag = directory_ldap_diag(dl->ld);
		directory_ldap_fail(dl, rc, diag, "%s: cannot read the rootDSE",
		    dl->opt->uri);
		free(diag);
		ldap_msgfree(res);
		if (rc == LDAP_SERVER_DOWN || rc == LDAP_TIMEOUT)
			return (DIRECTORY_LDAP_CONNECT);
		return (dl->bound_anon ? DIRECTORY_LDAP_AUTH :
		    DIRECTORY_LDAP_SEARCH);
	}
	if ((e = ldap_first_entry(dl->ld, res)) != NULL) {
		*defnc = directory_ldap_value(dl->ld, e,
		    "defaultNamingContext");
		*confnc = directory_ldap_value(dl->ld, e,
		    "configurationNamingContext");
	}
	ldap_msgfree(res);
	return (DIRECTORY_LDAP_OK);
}

enum directory_ldap_error
directory_ldap_fetch(struct directory *dir,
    const struct directory_ldap_options *opt,
    struct directory_ldap_stats *stats, char **cause)
{
	struct directory_ldap		 dl;
	enum directory_ldap_error	 ret;
	char				*defnc = NULL, *confnc = NULL, *dn;
	const char			*domain, *base;

	memset(&dl, 0, sizeof dl);
	memset(stats, 0, sizeof *stats);
	dl.opt = opt;
	dl.stats = stats;
	dl.dir = dir;
	dl.cause = cause;
	*cause = NULL;
	directory_entry_init(&dl.e);

	if ((ret = directory_ldap_connect(&dl)) != DIRECTORY_LDAP_OK ||
	    (ret = directory_ldap_bind(&dl)) != DIRECTORY_LDAP_OK ||
	    (ret = directory_ldap_rootdse(&dl, &defnc, &confnc)) !=
	    DIRECTORY_LDAP_OK)
		goto out;
	domain = defnc != NULL ? defnc : opt->base;
	if (domain == NULL) {
		xasprintf(cause, "%s: the rootDSE has no defaultNamingContext; "
		    "give the domain with -b", opt->uri);
		ret = DIRECTORY_LDAP_SEARCH;
		goto out;
	}
	base = opt->base != NULL ? opt->base : domain;

	if ((ret = directory_ldap_search(&dl, domain, LDAP_SCOPE_BASE,
	    "(objectClass=*)", 0, 0, NULL)) != DIRECTORY_LDAP_OK)
		goto out;
	if (confnc != NULL) {
		xasprintf(&dn, "CN=Partitions,%s", confnc);
		ret = directory_ldap_search(&dl, dn, LDAP_SCOPE_ONELEVEL,
		    "(objectClass=crossRef)", 1, 1, NULL);
		/* The container itself: the forest's uPNSuffixes. */
		if (ret == DIRECTORY_LDAP_OK)
			ret = directory_ldap_search(&dl, dn, LDAP_SCOPE_BASE,
			    "(objectClass=*)", 0, 1, NULL);
		free(dn);
		if (ret != DIRECTORY_LDAP_OK)
			goto out;
	} else
		log_warnx("%s: no configurationNamingContext in the rootDSE: "
		    "no NetBIOS name for the domain", opt->uri);
	xasprintf(&dn, "CN=System,%s", domain);
	ret = directory_ldap_search(&dl, dn, LDAP_SCOPE_SUBTREE,
	    "(objectClass=trustedDomain)", 1, 1, NULL);
	free(dn);
	if (ret != DIRECTORY_LDAP_OK)
		goto out;
	if ((ret = directory_ldap_search(&dl, base, LDAP_SCOPE_SUBTREE,
	    "(objectClass=computer)", 1, 0, &stats->pages)) !=
	    DIRECTORY_LDAP_OK)
		goto out;
	/* Users that hold an SPN (computers came above), paged too. */
	if ((ret = directory_ldap_search(&dl, base, LDAP_SCOPE_SUBTREE,
	    "(&(objectClass=user)(!(objectClass=computer))"
	    "(servicePrincipalName=*))", 1, 0, NULL)) != DIRECTORY_LDAP_OK)
		goto out;
	/* The Read-only Domain Controllers group, by its SID. */
	if ((dn = directory_group_filter(dir, domain,
	    DIRECTORY_GROUP_RODCS)) != NULL) {
		ret = directory_ldap_search(&dl, domain, LDAP_SCOPE_SUBTREE,
		    dn, 0, 1, NULL);
		free(dn);
		if (ret != DIRECTORY_LDAP_OK)
			goto out;
	}
	if (directory_finish(dir, domain, base, cause) != 0)
		ret = DIRECTORY_LDAP_SEARCH;

out:
	directory_entry_clear(&dl.e);
	if (dl.ld != NULL)
		ldap_unbind_ext_s(dl.ld, NULL, NULL);
	free(defnc);
	free(confnc);
	return (ret);
}
