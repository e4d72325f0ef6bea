/*
 * test_err.c - error records: err_set, err_wrap, err_exit_code.
 */
#include <errno.h>
#include <string.h>

#include "err.h"
#include "tap.h"

static void
test_set(void)
{
	struct err err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = err_set(&err, ERR_INPUT, ENOENT, "cannot open watchlist '%s': %s",
	    "ofac.csv", "No such file or directory");
	TAP_INT(rc, -1, "err_set returns -1");
	TAP_INT(err.code, ERR_INPUT, "err_set records the code");
	TAP_INT(err.sys, ENOENT, "err_set records the system code");
	TAP_STR(err.msg, "cannot open watchlist 'ofac.csv': "
	    "No such file or directory", "err_set formats the message");

	rc = err_set(NULL, ERR_SYS, 0, "ignored %d", 1);
	TAP_INT(rc, -1, "err_set with NULL err still returns -1");
}

static void
test_truncate(void)
{
	char big[600];
	struct err err;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&err, ERR_INPUT, 0, "%s", big);
	TAP_INT(strlen(err.msg), sizeof(err.msg) - 1,
	    "a long message is cut to fit, NUL-terminated");
}

static void
test_wrap(void)
{
	struct err err;
	int rc;

	err_set(&err, ERR_STORE, 12, "mdb_put: %s", "MDB_MAP_FULL");
	rc = err_wrap(&err, "cannot import '%s'", "list.csv");
	TAP_INT(rc, -1, "err_wrap returns -1");
	TAP_STR(err.msg, "cannot import 'list.csv': mdb_put: MDB_MAP_FULL",
	    "err_wrap prefixes the context");
	TAP_INT(err.code, ERR_STORE, "err_wrap keeps the code");
	TAP_INT(err.sys, 12, "err_wrap keeps the system code");
	err_wrap(&err, "line %d", 3);
	TAP_STR(err.msg, "line 3: cannot import 'list.csv': mdb_put: "
	    "MDB_MAP_FULL", "err_wrap nests");
	TAP_INT(err_wrap(NULL, "x"), -1, "err_wrap with NULL err returns -1");
}

static void
test_exit_codes(void)
{
	/* DESIGN.md, "Exit codes". */
	static const struct {
		enum err_code	 code;
		int		 exit;
	} cases[] = {
		{ ERR_OK, 0 },
		{ ERR_USAGE, 2 },
		{ ERR_INPUT, 2 },
		{ ERR_VERIFY, 3 },
		{ ERR_NET, 4 },
		{ ERR_STORE, 5 },
		{ ERR_SYS, 5 },
	};
	struct err err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		err.code = cases[i].code;
		TAP_INT(err_exit_code(&err), cases[i].exit,
		    "err code %d exits %d", (int)cases[i].code,
		    cases[i].exit);
	}
}

int
main(void)
{
	test_set();
	test_truncate();
	test_wrap();
	test_exit_codes();
	return tap_done();
}
