/*
 * jsonwalk.h: one walker over a JSON document in memory, for the files
 * ntlmplan writes and reads back whole (flow files, directory snapshots).
 *
 * The walker goes through the top-level object member by member and
 * through an array element by element, and hands each member value or
 * element to cJSON on its own, so that a million flows or 100,000 computers
 * never become one tree.  The caller's functions decide what each member
 * holds: they consume its value with jsonwalk_parse or jsonwalk_array.
 * The first error is kept as "file:line:column: message" (w->cause, owned)
 * with its offset (w->err_at); functions return -1 once there is one.
 * Unless w->keep is set, the calling thread's jsonarena is reset before
 * each parse: a tree must then be deleted before the next parse.
 */
#ifndef JSONWALK_H
#define JSONWALK_H

#include <stddef.h>

struct cJSON;
struct jsonwalk;

/* A member name: pos is at its value, which the function must consume. */
typedef int	jsonwalk_member_fn(struct jsonwalk *, const char *, size_t,
		    void *);
/* An element, parsed; the walker deletes it afterwards. */
typedef int	jsonwalk_elem_fn(struct jsonwalk *, struct cJSON *, size_t,
		    void *);

struct jsonwalk {
	const char	*path;
	const char	*buf;		/* borrowed */
	size_t		 len;
	size_t		 pos;
	int		 keep;		/* trees kept: no arena resets */
	int		 lenient;	/* "{..., }" accepted (flow files) */
	size_t		 err_at;
	char		*cause;		/* owned: the first error, or NULL */
};

/* What a value nested past cJSON's limit is called (not "invalid JSON"). */
#define JSONWALK_TOO_DEEP	"nested too deep (more than 1000 levels)"

/*
 * True if cJSON, parsing the value at s[0], stopped at s[at] because the
 * value nests deeper than CJSON_NESTING_LIMIT there.
 */
int		 jsonwalk_too_deep(const char *, size_t);
void		 jsonwalk_init(struct jsonwalk *, const char *, const char *,
		    size_t);
void		 jsonwalk_clear(struct jsonwalk *);
/* Keep msg at offset at as the error, unless there is one; -1. */
int		 jsonwalk_error(struct jsonwalk *, size_t, const char *);
/* The next byte after blanks (pos moved to it), or -1 at the end. */
int		 jsonwalk_peek(struct jsonwalk *);
/* Parse the value at pos, its offset in *at; NULL on an error. */
struct cJSON	*jsonwalk_parse(struct jsonwalk *, size_t *);
/* Walk the object at pos ('{' checked by the caller). */
int		 jsonwalk_object(struct jsonwalk *, jsonwalk_member_fn *,
		    void *);
/* Walk the array at pos ("expected an array" if it is not one). */
int		 jsonwalk_array(struct jsonwalk *, jsonwalk_elem_fn *, void *);
/* Only blanks left ("trailing data" otherwise). */
int		 jsonwalk_end(struct jsonwalk *);

#endif
