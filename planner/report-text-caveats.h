/*
 * report-text-caveats.h: the words of the simulation's blockers, warnings
 * and caveats.  The simulation yields a code and the figures and names its
 * sentence needs (struct sim_caveat); one table here gives each code its
 * kind (the stable name plan.json and the reports write) and its sentence,
 * so every writer words a finding the same way.
 */
#ifndef REPORT_TEXT_CAVEATS_H
#define REPORT_TEXT_CAVEATS_H

#include "simulate.h"

/* The kind of a code, as plan.json writes it (static). */
const char	*report_text_caveat_kind(enum sim_code);

/* The sentence of a finding (caller frees). */
char		*report_text_caveat(const struct sim_caveat *);

/* The text of item i of a finding (caller frees). */
char		*report_text_caveat_item(const struct sim_caveat *, size_t);

#endif
