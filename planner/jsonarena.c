/*
 * jsonarena.c: cJSON allocation hooks over a per-thread arena.  The hooks
 * are installed once for the process; a thread outside begin/end allocates
 * with malloc as before.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "jsonarena.h"
#include "xmalloc.h"

#define JSONARENA_SIZE	(256 * 1024)

static _Thread_local char	*jsonarena;	/* NULL: not in use */
static _Thread_local size_t	 jsonarena_used;
static pthread_once_t		 jsonarena_once = PTHREAD_ONCE_INIT;

static void *
jsonarena_malloc(size_t size)
{
	void	*p;

	size = (size + 15) & ~(size_t)15;
	if (jsonarena != NULL && size <= JSONARENA_SIZE - jsonarena_used) {
		p = jsonarena + jsonarena_used;
		jsonarena_used += size;
		return (p);
	}
	return (malloc(size));
}

static void
jsonarena_free(void *p)
{
	if (jsonarena != NULL && (char *)p >= jsonarena &&
	    (char *)p < jsonarena + JSONARENA_SIZE)
		return;
	free(p);
}

static void
jsonarena_hooks(void)
{
	cJSON_Hooks	hooks = { jsonarena_malloc, jsonarena_free };

	cJSON_InitHooks(&hooks);
}

void
jsonarena_begin(void)
{
	pthread_once(&jsonarena_once, jsonarena_hooks);
	if (jsonarena == NULL)
		jsonarena = xmalloc(JSONARENA_SIZE);
	jsonarena_used = 0;
}

void
jsonarena_reset(void)
{
	jsonarena_used = 0;
}

void
jsonarena_end(void)
{
	free(jsonarena);
	jsonarena = NULL;
	jsonarena_used = 0;
}
