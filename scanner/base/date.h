/*
 * date.h - calendar days (UTC) as days since 1970-01-01, for listing dates
 * and point-in-time screening. Proleptic Gregorian; nothing here allocates.
 */
#ifndef SCANNER_DATE_H
#define SCANNER_DATE_H

#include <stddef.h>
#include <stdint.h>

/* No date: an unknown listed_on, or no delisted_on. */
#define DATE_NONE	INT32_MIN

/*
 * Parse "YYYY-MM-DD" (exactly that form, a real calendar day, years
 * 1970-9999).
 * Returns: 0; -1 on anything else.
 */
int	date_parse(int32_t *days, const char *s, size_t n);

/* Build a day from its parts. Returns: 0; -1 if not a real day. */
int	date_from_ymd(int32_t *days, int y, int m, int d);

/* Write "YYYY-MM-DD" and a NUL (11 bytes). days must not be DATE_NONE. */
void	date_format(char out[11], int32_t days);

/* Returns: today's date in UTC. */
int32_t	date_today(void);

/* Returns: the day containing Unix time t (UTC). */
int32_t	date_from_unix(int64_t t);

#endif
