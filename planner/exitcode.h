/*
 * exitcode.h: every exit status of ntlmplan, in one place.
 *
 * Documented under EXIT STATUS in ntlmplan(1); keep the two in step.
 */
#ifndef EXITCODE_H
#define EXITCODE_H

enum exit_code {
	EXIT_OK = 0,		/* success */
	EXIT_FAILURE_GENERIC = 1, /* nothing usable could be read */
	EXIT_LIST_GREW = 1,	/* diff: the planned level's list grew */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INPUT = 3,		/* input errors (with --strict: any) */
	EXIT_OUTPUT = 4,	/* an output file could not be written */
	EXIT_LDAP_CONNECT = 5,	/* server unreachable or timed out */
	EXIT_LDAP_TLS = 6,	/* TLS failed: certificate not trusted */
	EXIT_LDAP_AUTH = 7,	/* bind refused: credentials, anonymous */
	EXIT_LDAP_SEARCH = 8,	/* base missing, search refused */
	EXIT_LDAP_INCOMPLETE = 9, /* search cut off: limit, connection lost */
	EXIT_NOT_READY = 10,	/* plan written; the planned level not ready */
	EXIT_SOFTWARE = 70	/* internal error, out of memory */
};

#endif
