/*
 * test_date.c - calendar days. Expected day numbers are from Python's
 * datetime.date (proleptic Gregorian): (date(y, m, d) - date(1970, 1, 1)).
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "tap.h"

static void
test_parse(void)
{
	static const struct {
		const char	*text;
		int		 rc;
		int32_t		 days;
	} cases[] = {
		{ "1970-01-01", 0, 0 },
		{ "1970-01-02", 0, 1 },
		{ "2000-02-29", 0, 11016 },	/* divisible by 400: leap */
		{ "2000-03-01", 0, 11017 },
		{ "2022-05-06", 0, 19118 },	/* Blender.io listed */
		{ "2022-08-08", 0, 19212 },	/* Tornado Cash listed */
		{ "2024-02-29", 0, 19782 },
		{ "2025-03-21", 0, 20168 },	/* Tornado Cash delisted */
		{ "9999-12-31", 0, 2932896 },
		{ "2023-02-29", -1, 0 },	/* not a leap year */
		{ "2100-02-29", -1, 0 },	/* century, not leap */
		{ "2022-13-01", -1, 0 },
		{ "2022-00-10", -1, 0 },
		{ "2022-01-00", -1, 0 },
		{ "2022-04-31", -1, 0 },
		{ "2022-01-32", -1, 0 },
		{ "2022-1-01", -1, 0 },
		{ "2022-01-1", -1, 0 },
		{ "1969-12-31", -1, 0 },	/* before 1970 */
		{ "0000-01-01", -1, 0 },
		{ "10000-01-01", -1, 0 },
		{ "2022-01-01T00:00:00Z", -1, 0 },
		{ " 2022-01-01", -1, 0 },
		{ "2022-01-01 ", -1, 0 },
		{ "2022/01/01", -1, 0 },
		{ "2022-01-0a", -1, 0 },
		{ "+022-01-01", -1, 0 },
		{ "2022--1-01", -1, 0 },
		{ "", -1, 0 },
	};
	int32_t days;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		days = -12345;
		rc = date_parse(&days, cases[i].text, strlen(cases[i].text));
		TAP_INT(rc, cases[i].rc, "date_parse '%s'", cases[i].text);
		if (rc == 0) {
			TAP_INT(days, cases[i].days, "  day number");
		}
	}
}

static void
test_format(void)
{
	char out[11];

	date_format(out, 0);
	TAP_STR(out, "1970-01-01", "format day 0");
	date_format(out, 19782);
	TAP_STR(out, "2024-02-29", "format a leap day");
	date_format(out, -1);
	TAP_STR(out, "1969-12-31", "format the day before the epoch");
	date_format(out, 2932896);
	TAP_STR(out, "9999-12-31", "format the last four-digit year day");
	date_format(out, INT32_MAX);
	TAP_STR(out, "9999-12-31", "format clamps far future to 9999-12-31");
	date_format(out, INT32_MIN + 1);
	TAP_STR(out, "0001-01-01", "format clamps far past to 0001-01-01");
}

static int
month_len(int y, int m)
{
	static const int len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : len[m - 1];
}

/*
 * Every day from 1970-01-01 to 2100-12-31, walked with a plain calendar
 * counter: from_ymd gives consecutive numbers, format and parse agree.
 */
static void
test_walk(void)
{
	int y = 1970, m = 1, d = 1, bad = 0;
	int32_t n, days, back;
	char want[40], out[11];

	for (n = 0; y <= 2100; n++) {
		snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
		if (date_from_ymd(&days, y, m, d) != 0 || days != n) {
			bad++;
		}
		date_format(out, n);
		if (strcmp(out, want) != 0) {
			bad++;
		}
		if (date_parse(&back, want, 10) != 0 || back != n) {
			bad++;
		}
		if (bad != 0) {
			printf("# day %d: %s vs %s\n", (int)n, want, out);
			break;
		}
		if (++d > month_len(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	TAP_INT(bad, 0, "131 years of days agree with a calendar walk");
	TAP_INT(n, 47847, "  and there are 47847 of them");
}

static void
test_from_ymd(void)
{
	int32_t days;

	TAP_INT(date_from_ymd(&days, 1969, 12, 31), 0,
	    "from_ymd before 1970 is a real day");
	TAP_INT(days, -1, "  day -1");
	TAP_INT(date_from_ymd(&days, 2023, 2, 29), -1, "from_ymd 2023-02-29");
	TAP_INT(date_from_ymd(&days, 2022, 13, 1), -1, "from_ymd month 13");
	TAP_INT(date_from_ymd(&days, 2022, 0, 1), -1, "from_ymd month 0");
	TAP_INT(date_from_ymd(&days, 2022, 6, 31), -1, "from_ymd June 31");
	TAP_INT(date_from_ymd(&days, 10000, 1, 1), -1, "from_ymd year 10000");
}

static void
test_unix(void)
{
	static const struct {
		int64_t		 t;
		int32_t		 days;
	} cases[] = {
		{ 0, 0 },
		{ 86399, 0 },
		{ 86400, 1 },
		{ -1, -1 },			/* floor, not truncation */
		{ -86400, -1 },
		{ -86401, -2 },
		{ 1651795200, 19118 },		/* 2022-05-06T00:00:00Z */
		{ 1651795199, 19117 },
		{ INT64_MAX, 2932896 },		/* clamped to 9999-12-31 */
		{ INT64_MIN, -719162 },		/* clamped to 0001-01-01 */
	};
	int32_t before, today, after;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TAP_INT(date_from_unix(cases[i].t), cases[i].days,
		    "date_from_unix(%lld)", (long long)cases[i].t);
	}
	before = date_from_unix((int64_t)time(NULL));
	today = date_today();
	after = date_from_unix((int64_t)time(NULL));
	tap_ok(today >= before && today <= after, "date_today is the day of "
	    "time(NULL)");
	tap_ok(today >= 20089, "date_today is after 2025-01-01");
}

int
main(void)
{
	test_parse();
	test_format();
	test_walk();
	test_from_ymd();
	test_unix();
	return tap_done();
}
