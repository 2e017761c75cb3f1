/*
 * report-csv.h: blocked.csv, one row per flow denied at the planned level
 * before exceptions, with its classes and which list (or rule) covers it.
 */
#ifndef REPORT_CSV_H
#define REPORT_CSV_H

#include <stddef.h>
#include <stdio.h>

struct plan;

/*
 * Write a CSV field (RFC 4180, quoted if it holds , ; " CR LF or tab); a
 * formula start, at the field's start or after a "," or ";" in it, gets
 * a "'" before it.
 */
void	report_csv_field(FILE *, const char *);
/* Write a number in decimal, as "%lld" (a row has several: no printf). */
void	report_csv_int(FILE *, long long);
/* Write the header and one row per decision d[0..n) to f. */
void	report_csv_write(FILE *, const struct plan *);

#endif
