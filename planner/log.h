/*
 * log.h: messages on stderr.
 *
 * Every message is one line prefixed "ntlmplan: "; the functions are safe to
 * call from several threads at once.  Progress lines are shown only when
 * stderr is a terminal and are erased by the next message.
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

void	log_init(void);
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
/* As log_info, shown only after log_verbose_set(1) (-v): per-input lines. */
void	log_verbose(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_verbose_set(int);
int	log_verbose_enabled(void);
void	log_progress(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_progress_done(void);
int	log_progress_enabled(void);
/*
 * Drop (1) or show (0) this thread's messages (not counted as warnings):
 * a second read of a file, the fuzz targets.
 */
void	log_quiet(int);
/* Count of log_warnx calls so far. */
unsigned long	log_warnings(void);

#endif
