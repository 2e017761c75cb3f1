/*
 * jsonarena.h: a per-thread bump arena for cJSON's nodes.
 *
 * cJSON allocates a node per value and frees it at once: for the small
 * records ntlmplan parses one at a time, tens of malloc/free pairs each.
 * Between jsonarena_begin and jsonarena_end, the calling thread's cJSON
 * allocations come from an arena that jsonarena_reset empties (call it
 * before each parse, after the previous tree was deleted).  Other threads,
 * other allocations and oversized trees go to malloc; the free hook tells
 * them apart by address, so memory cJSON hands out elsewhere may still be
 * released with free().
 */
#ifndef JSONARENA_H
#define JSONARENA_H

void	jsonarena_begin(void);
void	jsonarena_reset(void);
void	jsonarena_end(void);

#endif
