/*
 * err.c - error records.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

int
err_set(struct err *err, enum err_code code, int sys, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return -1;
	}
	err->code = code;
	err->sys = sys;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
err_wrap(struct err *err, const char *fmt, ...)
{
	char buf[2 * sizeof(err->msg) + 2];
	va_list ap;
	int n;

	if (err == NULL) {
		return -1;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0) {
		n = 0;
	} else if ((size_t)n >= sizeof(err->msg)) {
		n = sizeof(err->msg) - 1;
	}
	buf[n++] = ':';
	buf[n++] = ' ';
	memcpy(buf + n, err->msg, sizeof(err->msg));
	buf[sizeof(err->msg) - 1] = '\0';
	memcpy(err->msg, buf, sizeof(err->msg));
	return -1;
}

int
err_exit_code(const struct err *err)
{
	switch (err->code) {
	case ERR_OK:
		return 0;
	case ERR_USAGE:
	case ERR_INPUT:
		return 2;
	case ERR_VERIFY:
		return 3;
	case ERR_NET:
		return 4;
	case ERR_STORE:
	case ERR_SYS:
		return 5;
	}
	return 5;
}
