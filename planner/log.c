/*
 * log.c: stderr messages, serialised by one mutex so threads never
 * interleave within a line.  A progress line ends with "\r" and is cleared
 * before the next message is printed.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "log.h"

static pthread_mutex_t	 log_mutex = PTHREAD_MUTEX_INITIALIZER;
static int		 log_tty = -1;
static int		 log_progress_shown;
static unsigned long	 log_nwarnings;
static _Thread_local int log_quiet_thread;

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

static void
log_clear_progress(void)
{
	if (log_progress_shown) {
		fputs("\r\033[K", stderr);
		log_progress_shown = 0;
	}
}

void
log_quiet(int quiet)
{
	log_quiet_thread = quiet;
}

static void	log_vprint(const char *, const char *, va_list)
		    __attribute__((format(printf, 2, 0)));

static void
log_vprint(const char *prefix, const char *fmt, va_list ap)
{
	if (log_quiet_thread)
		return;
	pthread_mutex_lock(&log_mutex);
	log_clear_progress();
	fprintf(stderr, "ntlmplan: %s", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	pthread_mutex_unlock(&log_mutex);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	if (log_quiet_thread)
		return;
	va_start(ap, fmt);
	log_vprint("", fmt, ap);
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
	log_vprint("", fmt, ap);
	va_end(ap);
}

void
log_progress(const char *fmt, ...)
{
	va_list	ap;

	if (!log_progress_enabled())
		return;
	pthread_mutex_lock(&log_mutex);
	fputs("\r\033[Kntlmplan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
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
