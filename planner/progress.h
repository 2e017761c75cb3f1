/*
 * progress.h: the readers' progress line ("path: N records").
 *
 * A reader calls progress_records every few thousand records; a line is
 * shown at most once a second per thread, and only when log_progress is
 * enabled.  Depends on log alone, so that the readers need not call back
 * into ingest, which calls them.
 */
#ifndef PROGRESS_H
#define PROGRESS_H

#include <stdint.h>

/* Show "path: records records" if a second has passed on this thread. */
void	progress_records(const char *, uint64_t);

#endif
