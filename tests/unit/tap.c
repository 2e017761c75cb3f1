/*
 * tap.c: TAP output for unit tests.  Failures print the got/expected values
 * as diagnostics; the exit status is non-zero if any test failed.
 */
#include "config.h"

#include <sys/wait.h>

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static int	tap_planned = -1;
static int	tap_run;
static int	tap_failed;

void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
}

void
plan_no_plan(void)
{
	tap_planned = -1;
}

static int
tap_vok(int pass, const char *fmt, va_list ap)
{
	tap_run++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_run);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	return (pass);
}

int
ok(int pass, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	return (pass);
}

int
is_int(long long got, long long want, const char *fmt, ...)
{
	va_list	ap;
	int	pass = got == want;

	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got %lld, expected %lld", got, want);
	return (pass);
}

int
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list	ap;
	int	pass;

	pass = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);
	va_start(ap, fmt);
	tap_vok(pass, fmt, ap);
	va_end(ap);
	if (!pass)
		diag("got \"%s\", expected \"%s\"", got ? got : "(null)",
		    want ? want : "(null)");
	return (pass);
}

void
skip(int n, const char *why)
{
	while (n-- > 0) {
		tap_run++;
		printf("ok %d # SKIP %s\n", tap_run, why);
	}
}

void
diag(const char *fmt, ...)
{
	va_list	ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

int
done_testing(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run) {
		diag("planned %d tests but ran %d", tap_planned, tap_run);
		return (1);
	}
	return (tap_failed > 0);
}

const char *
testdata(const char *name)
{
	static char	 buf[4096];
	const char	*top = getenv("top_srcdir");

	snprintf(buf, sizeof buf, "%s/testdata/%s", top ? top : ".", name);
	return (buf);
}

/* Run fn in a child with its stderr on /dev/null; its wait status, or -1. */
static int
child_status(void (*fn)(void))
{
	pid_t	pid;
	int	status;

	fflush(stdout);
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stderr) == NULL)
			_exit(0);
		fn();
		_exit(0);
	}
	if (waitpid(pid, &status, 0) == -1)
		return (-1);
	return (status);
}

int
child_aborts(void (*fn)(void))
{
	int	status = child_status(fn);

	return (status != -1 && WIFSIGNALED(status) &&
	    WTERMSIG(status) == SIGABRT);
}

int
child_dies(void (*fn)(void))
{
	int	status = child_status(fn);

	return (status != -1 && (WIFSIGNALED(status) ||
	    (WIFEXITED(status) && WEXITSTATUS(status) != 0)));
}
