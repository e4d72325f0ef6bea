/*
 * out.c - writing attacker-controlled text (labels, token names) safely to
 * a terminal, a CSV case file or a JSON document: the escaping itself is
 * scanner/report's (report.h), shared with the trace reports.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "date.h"
#include "report.h"

void
out_text(FILE *f, const char *s)
{
	report_text(f, s);
}

void
out_text_pad(FILE *f, const char *s, int width)
{
	report_text_pad(f, s, width);
}

void
out_csv(FILE *f, const char *s)
{
	report_csv_cell(f, s);
}

void
out_json_str(FILE *f, const char *s)
{
	report_json_str(f, s);
}

void
out_json_date(FILE *f, int32_t day)
{
	char buf[11];

	if (day == DATE_NONE) {
		fputs("null", f);
		return;
	}
	date_format(buf, day);
	fprintf(f, "\"%s\"", buf);
}
