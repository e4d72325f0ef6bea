/*
 * err.h - one error record threaded through every stage.
 * A function that fails fills a caller-owned struct err and returns -1;
 * nothing here prints or exits: only the CLI turns an err into a message.
 */
#ifndef SCANNER_ERR_H
#define SCANNER_ERR_H

/* The kind of failure; the CLI maps each to an exit code (DESIGN.md). */
enum err_code {
	ERR_OK = 0,
	ERR_USAGE,	/* bad command line: exit 2 */
	ERR_INPUT,	/* bad input file or value: exit 2 */
	ERR_VERIFY,	/* node data did not check out: exit 3 */
	ERR_NET,	/* network or RPC failure after retries: exit 4 */
	ERR_STORE,	/* LMDB or database directory failure: exit 5 */
	ERR_SYS		/* other system failure (memory, I/O): exit 5 */
};

struct err {
	enum err_code	 code;
	int		 sys;		/* errno or library code, 0 if none */
	char		 msg[256];	/* "what failed: why", no period */
};

/*
 * Record an error.
 * Returns: -1 always, so callers can `return err_set(...)`.
 * In:      fmt: printf format of the message; err may be NULL.
 */
int	err_set(struct err *err, enum err_code code, int sys,
	    const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/*
 * Prefix the message already in err with more context ("ctx: old msg").
 * Returns: -1 always.
 */
int	err_wrap(struct err *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Returns: the process exit code for err's code (2, 3, 4 or 5). */
int	err_exit_code(const struct err *err);

#endif
