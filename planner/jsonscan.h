/*
 * jsonscan.h: find where a JSON value ends without parsing it.
 *
 * Lets the readers hand one record at a time to cJSON, so a million records
 * never become one tree, and lets a streaming reader know when it must read
 * more bytes.  Only strings, brackets and braces are tracked: the value
 * itself is checked by cJSON afterwards.
 */
#ifndef JSONSCAN_H
#define JSONSCAN_H

#include <stddef.h>

#define JSONSCAN_DONE	0	/* *end is set */
#define JSONSCAN_MORE	1	/* the value goes on past len */
#define JSONSCAN_ERROR	(-1)	/* a closing bracket with no opening */

/*
 * Scan the value starting at buf[0] (no leading blanks).  A scalar ends at
 * the first ',', ']', '}' or blank at depth 0; a string, object or array just
 * after its closing character.
 */
int	jsonscan_value(const char *, size_t, size_t *);
/* Line and column (from 1) of offset at within buf. */
void	jsonscan_position(const char *, size_t, size_t *, size_t *);

#endif
