/*
 * date.c - civil dates <-> days since 1970-01-01, proleptic Gregorian.
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * ("chrono-Compatible Low-Level Date Algorithms"), exact for any year.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "date.h"

/* 0001-01-01 and 9999-12-31: the days a "YYYY-MM-DD" can show. */
#define DAY_MIN	(-719162)
#define DAY_MAX	2932896

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int32_t
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	/* Years start in March, so the leap day is the last of the year. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

static void
civil_from_days(int *y, int *m, int *d, int32_t days)
{
	int32_t z = days + 719468;
	int32_t era = (z >= 0 ? z : z - 146096) / 146097;
	int32_t doe = z - era * 146097;
	int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int32_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
date_from_ymd(int32_t *days, int y, int m, int d)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m)) {
		return -1;
	}
	*days = days_from_civil(y, m, d);
	return 0;
}

static int
digits(int *v, const char *s, int n)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
date_parse(int32_t *days, const char *s, size_t n)
{
	int y, m, d;

	if (n != 10 || s[4] != '-' || s[7] != '-') {
		return -1;
	}
	if (digits(&y, s, 4) != 0 || digits(&m, s + 5, 2) != 0 ||
	    digits(&d, s + 8, 2) != 0) {
		return -1;
	}
	if (y < 1970) {
		return -1;
	}
	return date_from_ymd(days, y, m, d);
}

void
date_format(char out[11], int32_t days)
{
	int y, m, d;

	assert(days != DATE_NONE);
	/* Keep to four-digit years so the text always fits 11 bytes. */
	if (days < DAY_MIN) {
		days = DAY_MIN;
	} else if (days > DAY_MAX) {
		days = DAY_MAX;
	}
	civil_from_days(&y, &m, &d, days);
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int32_t
date_from_unix(int64_t t)
{
	int64_t days = t / 86400;

	/* Floor, not truncate: one second before the epoch is 1969-12-31. */
	if (t % 86400 < 0) {
		days--;
	}
	/* A node's timestamp is untrusted: clamp to years 1-9999. */
	if (days < DAY_MIN) {
		return DAY_MIN;
	}
	if (days > DAY_MAX) {
		return DAY_MAX;
	}
	return (int32_t)days;
}

int32_t
date_today(void)
{
	return date_from_unix((int64_t)time(NULL));
}
