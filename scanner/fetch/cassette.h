/*
 * cassette.h - record and replay of JSON-RPC exchanges as text files in the
 * ethereum/execution-apis ".io" style, one JSON document per line:
 *	>> {"id":1,"jsonrpc":"2.0","method":"eth_blockNumber","params":[]}
 *	<< {"id":1,"jsonrpc":"2.0","result":"0x10"}
 * Lines are canonical (compact, keys sorted, "id" normalised to 1), and a
 * replay matches requests on (method, params) alone. Used by the transport
 * (rpc.c); nothing here touches the network, prints or exits.
 * fixtures/cassettes/README.md describes the format for people.
 */
#ifndef SCANNER_CASSETTE_H
#define SCANNER_CASSETTE_H

#include <stddef.h>

#include <jansson.h>

#include "err.h"

/* The extension of cassette files; a replay reads every such file. */
#define CASSETTE_EXT	".io"

struct cassette;	/* a loaded replay directory */
struct cassette_rec;	/* one cassette file open for appending */

/*
 * Canonical text of a JSON value: compact, object keys sorted.
 * Returns: a string to free(), or NULL when out of memory.
 */
char	*cassette_canon(const json_t *j);

/*
 * The canonical request line text (without ">> "): {"id":1,"jsonrpc":"2.0",
 * "method":…,"params":…}, params NULL standing for [].
 * Returns: a string to free(), or NULL when out of memory.
 */
char	*cassette_request_text(const char *method, const json_t *params);

/*
 * Parse one JSON document from buf. An integer too big for json_int_t
 * (2^256 as a bare number, say) is kept as a string of its digits rather
 * than rejected or rounded: judging the value is the decoder's job.
 * Duplicate object keys are rejected (parsers disagree on which wins).
 * Returns: a new reference, or NULL (jerr says why; jerr may be NULL).
 */
json_t	*cassette_loadb(const char *buf, size_t len, json_error_t *jerr);

/*
 * Open (create) DIR/NAME.io for appending; DIR is created when missing
 * (one level). A new file starts with a "//" line naming the label and the
 * date. NAME must be a plain file name (no '/').
 * Returns: a handle to close with cassette_rec_close(); NULL on failure
 *          (err: ERR_SYS with the path and errno).
 */
struct cassette_rec *cassette_rec_open(const char *dir, const char *name,
	    const char *label, struct err *err);

/*
 * Append one exchange: the canonical request and a response carrying
 * either result or error (the other keys of reply are dropped, the id
 * normalised). The pair is written with one write and flushed.
 * Returns: 0; -1 on a write failure (err: ERR_SYS).
 * In:      params may be NULL ([]); reply is borrowed.
 */
int	cassette_rec_put(struct cassette_rec *rec, const char *method,
	    const json_t *params, const json_t *reply, struct err *err);

/* Close the file. Accepts NULL. */
void	cassette_rec_close(struct cassette_rec *rec);

/*
 * Load every *.io file of dir (in name order) for replay.
 * Returns: a handle to free with cassette_free(); NULL on failure
 *          (err: ERR_INPUT "file:line: why" for a malformed cassette,
 *          ERR_SYS when dir cannot be read).
 */
struct cassette *cassette_load(const char *dir, struct err *err);

/*
 * Look up the answer recorded for (method, params). When the same request
 * was recorded several times its answers are served in recorded order, the
 * last one repeating once they run out.
 * Returns: 1 found; 0 no recorded answer; -1 out of memory (err).
 * Out:     reply: a new reference (a private copy) to the recorded
 *          response object, which holds "result" or "error".
 */
int	cassette_find(struct cassette *c, const char *method,
	    const json_t *params, json_t **reply, struct err *err);

/* Returns: the number of recorded exchanges. */
size_t	cassette_count(const struct cassette *c);

/* Free everything. Accepts NULL. */
void	cassette_free(struct cassette *c);

#endif
