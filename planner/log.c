/*
 * log.c: stderr messages, serialised by one mutex so threads never
 * interleave within a line, and each written in one write(2) so that
 * neither do processes that share the stderr.  A progress line ends with
 * "\r" and is cleared before the next message is printed.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static pthread_mutex_t	 log_mutex = PTHREAD_MUTEX_INITIALIZER;
static int		 log_tty = -1;
static int		 log_progress_shown;
static unsigned long	 log_nwarnings;
static _Thread_local int log_quiet_thread;
static int		 log_verbose_on;	/* set once, before threads */

void
log_init(void)
{
	log_tty = isatty(STDERR_FILENO);
}

int
log_progress_enabled(void)
{
	if (log_tty == -1)
		log_init();
	return (log_tty);
}

/* What erases a progress line: carriage return, erase to end of line. */
#define LOG_ERASE	"\r\033[K"

static void
log_clear_progress(void)
{
	if (log_progress_shown) {
		fputs(LOG_ERASE, stderr);
		log_progress_shown = 0;
	}
}

static void	log_write(const char *, const char *, va_list, const char *)
		    __attribute__((format(printf, 2, 0)));

/*
 * lead, "ntlmplan: ", fmt's text and tail in one fwrite, which on the
 * unbuffered stderr is one write(2).  Formatted on the stack, or in a
 * malloc'd buffer when longer; cut to the stack's size if malloc fails
 * (xmalloc would report that here).  Called with log_mutex held.
 */
static void
log_write(const char *lead, const char *fmt, va_list ap, const char *tail)
{
	char	 stack[1024], *buf = stack;
	va_list	 aq;
	size_t	 size = sizeof stack, off, taillen = strlen(tail);
	int	 n;

	va_copy(aq, ap);
	off = (size_t)snprintf(buf, size, "%sntlmplan: ", lead);
	n = vsnprintf(buf + off, size - off, fmt, ap);
	if (n >= 0 && off + (size_t)n + taillen >= size) {
		size = off + (size_t)n + taillen + 1;
		if ((buf = malloc(size)) != NULL) {
			memcpy(buf, stack, off);
			n = vsnprintf(buf + off, size - off, fmt, aq);
		} else {
			buf = stack;
			size = sizeof stack;
			n = (int)(size - off - taillen - 1);
		}
	}
	va_end(aq);
	if (n < 0)
		n = 0;
	off += (size_t)n;
	memcpy(buf + off, tail, taillen);
	fwrite(buf, 1, off + taillen, stderr);
	if (buf != stack)
		free(buf);
}

void
log_quiet(int quiet)
{
	log_quiet_thread = quiet;
}

static void	log_vprint(const char *, va_list)
		    __attribute__((format(printf, 1, 0)));

static void
log_vprint(const char *fmt, va_list ap)
{
	if (log_quiet_thread)
		return;
	pthread_mutex_lock(&log_mutex);
	log_write(log_progress_shown ? LOG_ERASE : "", fmt, ap, "\n");
	log_progress_shown = 0;
	pthread_mutex_unlock(&log_mutex);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	if (log_quiet_thread)
		return;
	va_start(ap, fmt);
	log_vprint(fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&log_mutex);
	log_nwarnings++;
	pthread_mutex_unlock(&log_mutex);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vprint(fmt, ap);
	va_end(ap);
}

void
log_verbose_set(int on)
{
	log_verbose_on = on;
}

int
log_verbose_enabled(void)
{
	return (log_verbose_on);
}

void
log_verbose(const char *fmt, ...)
{
	va_list	ap;

	if (!log_verbose_on)
		return;
	va_start(ap, fmt);
	log_vprint(fmt, ap);
	va_end(ap);
}

void
log_progress(const char *fmt, ...)
{
	va_list	ap;

	if (!log_progress_enabled())
		return;
	pthread_mutex_lock(&log_mutex);
	va_start(ap, fmt);
	log_write(LOG_ERASE, fmt, ap, "");
	va_end(ap);
	fflush(stderr);
	log_progress_shown = 1;
	pthread_mutex_unlock(&log_mutex);
}

void
log_progress_done(void)
{
	pthread_mutex_lock(&log_mutex);
	log_clear_progress();
	pthread_mutex_unlock(&log_mutex);
}

unsigned long
log_warnings(void)
{
	unsigned long	n;

	pthread_mutex_lock(&log_mutex);
	n = log_nwarnings;
	pthread_mutex_unlock(&log_mutex);
	return (n);
}
