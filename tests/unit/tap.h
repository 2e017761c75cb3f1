/*
 * tap.h: a small TAP producer for the unit tests (Test Anything Protocol,
 * read by automake's tap-driver.sh).
 */
#ifndef TAP_H
#define TAP_H

#include <stdint.h>

void	plan(int);
void	plan_no_plan(void);
int	ok(int, const char *, ...) __attribute__((format(printf, 2, 3)));
int	is_int(long long, long long, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
int	is_str(const char *, const char *, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	skip(int, const char *);
void	diag(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Print the trailing plan if needed; exit status for main. */
int	done_testing(void);
/* 1 if fn() dies by SIGABRT in a child process (stderr to /dev/null). */
int	child_aborts(void (*)(void));
/* 1 if fn() dies in a child: any signal, or a non-zero exit (fatalx). */
int	child_dies(void (*)(void));
/* Path of a file under the source tree's testdata/ (static buffer). */
const char *testdata(const char *);

#endif
