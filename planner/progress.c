/*
 * progress.c: the readers' progress line, throttled per thread.
 */
#include "config.h"

#include <time.h>

#include "log.h"
#include "progress.h"

void
progress_records(const char *path, uint64_t records)
{
	static _Thread_local time_t	last;
	time_t			now;

	if (!log_progress_enabled())
		return;
	now = time(NULL);
	if (now == last)
		return;
	last = now;
	log_progress("%s: %llu records", path, (unsigned long long)records);
}
