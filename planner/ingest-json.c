/* TEMPORARY: replaced by the JSON reader. */
#include "config.h"
#include "ingest-json.h"
#include "log.h"
int
ingest_json_read(struct flows *fl, struct source *src, const char *path,
    FILE *f)
{
	(void)fl; (void)src; (void)f;
	log_warnx("%s: JSON not yet read", path);
	return (-1);
}
