/*
 * fuzz.h: what every fuzz target shares.  A target is one file
 * tests/fuzz/fuzz-NAME.c defining LLVMFuzzerTestOneInput; it is linked either
 * with libFuzzer (make fuzz, clang) or with replay.c (make check, any
 * compiler), which feeds it the regression inputs of tests/fuzz/regress/NAME.
 *
 * A target prints nothing per input (log_quiet), frees everything it
 * allocates, and calls abort() when a property fails (what ntlmplan writes
 * must read back), so libFuzzer and the replay driver both report it.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct flows;
struct source;

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Silence the log; idempotent, call at the start of every input. */
void	fuzz_init(void);
/*
 * Write data to this process's temporary file for slot (its name ends in
 * suffix) and return its path (static storage).  Removed at exit.
 */
const char *fuzz_file(int, const uint8_t *, size_t, const char *);
/* A directory of this process holding data as fuzz.policy, its only file. */
const char *fuzz_dir(const uint8_t *, size_t);
/* The path of a file of writes for round trips, ending in suffix. */
const char *fuzz_out(const char *);
/*
 * Load the exception list at path as plan --exceptions does and, if it
 * loads, match it against a few names as the simulation does.
 */
void	fuzz_exceptions(const char *);
/*
 * The target of an input reader (ingest_xml_read, ingest_siem_read): data
 * written to a file ending in suffix, read by reader as collect calls it
 * for a file it sniffed as that format, then the flow file round trip.
 */
void	fuzz_reader(const uint8_t *, size_t, const char *,
	    int (*)(struct flows *, struct source *, const char *, FILE *));

#endif
