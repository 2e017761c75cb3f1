/*
 * ingest-evtx.h: EVTX files through libevtx.
 */
#ifndef INGEST_EVTX_H
#define INGEST_EVTX_H

struct flows;
struct source;

/*
 * Read the EVTX file at path (allocated and recovered records) into fl,
 * counting every record in src.  Returns the number of problems reported,
 * or -1 if the file could not be opened as EVTX at all.
 */
int	ingest_evtx_read(struct flows *, struct source *, const char *);

#endif
