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
#include "util.h"

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
 * lead, "ntlmplan: ", fmt's text escaped (util_escape: a name from an
 * event that holds a terminal escape or CR LF is shown as \x1b or \r\n,
 * never acted on) and tail in one fwrite, which on the unbuffered stderr
 * is one write(2).  Formatted and escaped on the stack, or in malloc'd
 * buffers when longer; cut to the stack's size if malloc fails (xmalloc
 * would report that here).  Called with log_mutex held.
 */
static void
log_write(const char *lead, const char *fmt, va_list ap, const char *tail)
{
	char	 text[1024], *t = text, stack[2048], *buf = stack;
	va_list	 aq;
	size_t	 size = sizeof stack, off, taillen = strlen(tail), tlen, n;
	int	 r;

	va_copy(aq, ap);
	r = vsnprintf(text, sizeof text, fmt, ap);
	if (r < 0)
		r = 0;
	tlen = (size_t)r;
	if (tlen >= sizeof text) {
		if ((t = malloc(tlen + 1)) != NULL)
			r = vsnprintf(t, tlen + 1, fmt, aq);
		if (t == NULL || r < 0) {
			free(t);
			t = text;
			tlen = sizeof text - 1;
		}
	}
	va_end(aq);
	off = (size_t)snprintf(buf, size, "%sntlmplan: ", lead);
	n = util_escape(NULL, 0, t, tlen);
	if (off + n + taillen >= size) {
		if ((buf = malloc(off + n + taillen + 1)) != NULL) {
			size = off + n + taillen + 1;
			memcpy(buf, stack, off);
		} else
			buf = stack;
	}
	n = util_escape(buf + off, size - off - taillen, t, tlen);
	if (n >= size - off - taillen)
		n = size - off - taillen - 1;
	off += n;
	memcpy(buf + off, tail, taillen);
	fwrite(buf, 1, off + taillen, stderr);
	if (buf != stack)
		free(buf);
	if (t != text)
		free(t);
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
