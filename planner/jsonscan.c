/*
 * jsonscan.c: value extents in JSON text.  The scan is a small state machine
 * over strings (with backslash escapes) and nesting depth.
 */
#include "config.h"

#include "jsonscan.h"

int
jsonscan_value(const char *buf, size_t len, size_t *end)
{
	size_t	p, depth = 0;
	int	instr = 0;
	char	c;

	for (p = 0; p < len; p++) {
		c = buf[p];
		if (instr) {
			if (c == '\\')
				p++;
			else if (c == '"') {
				instr = 0;
				if (depth == 0) {
					*end = p + 1;
					return (JSONSCAN_DONE);
				}
			}
			continue;
		}
		switch (c) {
		case '"':
			instr = 1;
			break;
		case '{':
		case '[':
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0) {
				if (p == 0)
					return (JSONSCAN_ERROR);
				*end = p;
				return (JSONSCAN_DONE);
			}
			if (--depth == 0) {
				*end = p + 1;
				return (JSONSCAN_DONE);
			}
			break;
		case ',':
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			if (depth == 0) {
				*end = p;
				return (JSONSCAN_DONE);
			}
			break;
		}
	}
	return (JSONSCAN_MORE);
}

void
jsonscan_position(const char *buf, size_t at, size_t *line, size_t *col)
{
	size_t	i;

	*line = 1;
	*col = 1;
	for (i = 0; i < at; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else
			(*col)++;
	}
}
