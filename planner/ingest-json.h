/*
 * ingest-json.h: JSON exports of NTLM events through cJSON.
 */
#ifndef INGEST_JSON_H
#define INGEST_JSON_H

#include <stdio.h>

struct flows;
struct source;

/*
 * Read JSON (one object, an array of objects, or JSON Lines; the shapes of
 * ntlmplan-flows(5)) from f, named path in messages, into fl, counting every
 * record in src.  Returns the number of problems reported, or -1 if nothing
 * could be read.  Does not close f.
 */
int	ingest_json_read(struct flows *, struct source *, const char *, FILE *);

#endif
