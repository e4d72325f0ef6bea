/*
 * escape.c - writing attacker-controlled text (labels, token names and
 * symbols) safely to a terminal, a CSV case file, a JSON document, an
 * HTML page or a Graphviz DOT file.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/*
 * Decode one UTF-8 code point at s.
 * Returns: bytes used (1-4); *cp = -1 for an invalid or truncated sequence
 * (one byte is then consumed).
 */
static int
utf8_next(const unsigned char *s, long *cp)
{
	int n, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = -1;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = -1;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return n;
}

/*
 * Returns: 1 for what must never reach a terminal or a cell verbatim:
 * C0 and C1 controls, DEL, invalid UTF-8, and the bidirectional overrides
 * that can make a label read as something else (Trojan Source, CVE-2021-42574).
 */
static int
unsafe(long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

void
report_text(FILE *f, const char *s)
{
	report_text_pad(f, s, 0);
}

void
report_text_pad(FILE *f, const char *s, int width)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;
	int n, cols = 0;

	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (unsafe(cp)) {
			fputc('?', f);
		} else {
			fwrite(p, 1, (size_t)n, f);
		}
		p += n;
		cols++;
	}
	for (; cols < width; cols++) {
		fputc(' ', f);
	}
}

void
report_csv_cell(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;
	int n, quote, formula;

	if (s[0] == '\0') {
		return;
	}
	/*
	 * A cell starting with = + - @ (or tab / CR) is run as a formula by
	 * spreadsheets (CSV injection, OWASP); a leading ' makes it text.
	 */
	formula = strchr("=+-@\t\r", s[0]) != NULL;
	quote = formula || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ';
	if (quote) {
		fputc('"', f);
	}
	if (formula) {
		fputc('\'', f);
	}
	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (cp == '"') {
			fputs("\"\"", f);
		} else if (unsafe(cp)) {
			fputc('?', f);
		} else {
			fwrite(p, 1, (size_t)n, f);
		}
		p += n;
	}
	if (quote) {
		fputc('"', f);
	}
}

void
report_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;
	int n;

	fputc('"', f);
	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (cp < 0) {
			fputs("\\ufffd", f);
		} else if (cp == '"' || cp == '\\') {
			fputc('\\', f);
			fputc((int)cp, f);
		} else if (unsafe(cp)) {
			/* RFC 8259: lossless, and inert when the document is
			 * shown on a terminal */
			fprintf(f, "\\u%04lx", cp);
		} else {
			fwrite(p, 1, (size_t)n, f);
		}
		p += n;
	}
	fputc('"', f);
}

void
report_html(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;
	int n;

	while (*p != '\0') {
		n = utf8_next(p, &cp);
		switch (cp) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if (unsafe(cp)) {
				fputc('?', f);
			} else {
				fwrite(p, 1, (size_t)n, f);
			}
			break;
		}
		p += n;
	}
}

void
report_dot(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp;
	int n;

	/*
	 * Graphviz quoted strings: \" is a quote and a backslash starts an
	 * escape (\n, \l, \N, \G ...), so both are escaped; in a label it
	 * also expands HTML entities (&#x202e; would bring an override
	 * back), so & is written as &amp;.
	 */
	while (*p != '\0') {
		n = utf8_next(p, &cp);
		if (cp == '"' || cp == '\\') {
			fputc('\\', f);
			fputc((int)cp, f);
		} else if (cp == '&') {
			fputs("&amp;", f);
		} else if (unsafe(cp)) {
			fputc('?', f);
		} else {
			fwrite(p, 1, (size_t)n, f);
		}
		p += n;
	}
}
