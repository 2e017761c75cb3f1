/* TEMPORARY: replaced by the EVTX reader. */
#include "config.h"
#include "ingest-evtx.h"
#include "log.h"
int
ingest_evtx_read(struct flows *fl, struct source *src, const char *path)
{
	(void)fl; (void)src;
	log_warnx("%s: EVTX not yet read", path);
	return (-1);
}
