/*
 * decode.h - JSON-RPC responses of an Ethereum node into the plain structs
 * of eth.h: blocks, headers, transactions (types 0-4), receipts, logs and
 * call traces (geth callTracer and Parity trace_block).
 * The node is not trusted: every field is checked for type, form and range,
 * and a bad one is an error naming the method, the block and the field
 * path; nothing is zeroed or truncated silently. Nothing here does I/O,
 * prints or checks hashes and signatures (that is verify/).
 *
 * Form rules. Quantities are "0x" and 1-64 hex digits, leading zeros
 * accepted (some nodes send them), "0x" alone rejected; u64 fields reject
 * values >= 2^64, u32 fields >= 2^32. DATA (hashes, addresses, bloom,
 * input) is "0x" and an even number of hex digits, of the exact length
 * where it has one. A field that may be absent is also accepted as null.
 *
 * Errors: ERR_INPUT for a malformed response (bad JSON, a missing field,
 * a wrong type or form, a value out of range, inconsistent positions),
 * ERR_NET for a JSON-RPC error object (err->sys holds its code), ERR_SYS
 * when memory runs out. A decoded object past its arena cap is ERR_INPUT.
 * Look-ups return 1 found, 0 when the result is null (not found), -1 error;
 * on 0 and -1 the output is left zeroed and owns nothing (a decoder that
 * fills a caller's arena may leave partial data there, freed with it).
 *
 * jansson: every json_t argument is borrowed for the call.
 */
#ifndef SCANNER_DECODE_H
#define SCANNER_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"
#include "eth.h"

struct json_t;			/* jansson's json_t */

/* Default cap on what one decoded object may hold (its arena). */
#define DECODE_ARENA_CAP	((size_t)256 << 20)

/* Deepest call frame accepted: the EVM's call depth limit (Yellow Paper). */
#define DECODE_MAX_DEPTH	1024

/* decode_opts.flags */
enum {
	DECODE_FULL_TXS = 1 << 0	/* a block must carry tx objects,
					   not only their hashes */
};

/*
 * What the caller knows about the response, for messages and limits.
 * A zeroed struct (or NULL) is the default.
 */
struct decode_opts {
	const char	*method;	/* for messages; NULL: the method the
					   function decodes by default */
	int		 has_block;	/* block is known (else it is taken */
	uint64_t	 block;		/*   from the response when it has it) */
	size_t		 cap;		/* arena cap; 0: DECODE_ARENA_CAP */
	unsigned	 flags;		/* DECODE_* */
};

/*
 * Parse a response body: either a JSON-RPC envelope {"jsonrpc","id",
 * "result"|"error"} or the bare result.
 * Returns: 1 and *result, a new reference (json_decref it); 0 when the
 *          result is null (*result NULL); -1 on bad JSON or a malformed
 *          envelope (ERR_INPUT) or an error object (ERR_NET, err->sys =
 *          its code, the node's message quoted).
 * In:      text, len: the body, not necessarily NUL-terminated; method:
 *          for messages (may be NULL).
 */
int	decode_parse(struct json_t **result, const char *text, size_t len,
	    const char *method, struct err *err);

/*
 * A block (eth_getBlockByNumber / eth_getBlockByHash): header,
 * transactions (objects, or only hashes into b->tx_hashes unless
 * DECODE_FULL_TXS), uncle hashes, withdrawals. Each transaction's
 * blockHash, blockNumber and transactionIndex, when sent, must match the
 * block and its position; when not sent they are filled from the block.
 * Returns: 1 / 0 (null) / -1.
 * Out:     b: owns its arena; free with eth_block_release().
 */
int	decode_block(struct eth_block *b, const struct json_t *result,
	    const struct decode_opts *o, struct err *err);
int	decode_block_text(struct eth_block *b, const char *text, size_t len,
	    const struct decode_opts *o, struct err *err);

/*
 * A header without transactions (eth_getUncleByBlockHashAndIndex, or a
 * block object whose transactions are ignored). Variable parts go to a.
 * Returns: 1 / 0 (null) / -1.
 * Out:     h: pointers valid until arena_release(a).
 */
int	decode_header(struct eth_header *h, struct arena *a,
	    const struct json_t *result, const struct decode_opts *o,
	    struct err *err);
int	decode_header_text(struct eth_header *h, struct arena *a,
	    const char *text, size_t len, const struct decode_opts *o,
	    struct err *err);

/*
 * One transaction (eth_getTransactionByHash, ...ByBlock*AndIndex).
 * A pending one (blockHash null) has has_block 0. Variable parts
 * (input, access list, blob hashes, authorizations) go to a, whose cap
 * is the caller's (arena_init).
 * Returns: 1 / 0 (null) / -1.
 * Out:     tx: pointers valid until arena_release(a).
 */
int	decode_tx(struct eth_tx *tx, struct arena *a,
	    const struct json_t *result, const struct decode_opts *o,
	    struct err *err);
int	decode_tx_text(struct eth_tx *tx, struct arena *a, const char *text,
	    size_t len, const struct decode_opts *o, struct err *err);

/*
 * One receipt (eth_getTransactionReceipt). Its logs must carry its
 * transaction hash, index and block number.
 * Returns: 1 / 0 (null) / -1.
 * Out:     r: pointers valid until arena_release(a).
 */
int	decode_receipt(struct eth_receipt *r, struct arena *a,
	    const struct json_t *result, const struct decode_opts *o,
	    struct err *err);
int	decode_receipt_text(struct eth_receipt *r, struct arena *a,
	    const char *text, size_t len, const struct decode_opts *o,
	    struct err *err);

/*
 * All receipts of a block (eth_getBlockReceipts), put in transaction
 * order: their transactionIndex values must be 0..n-1, each once (nodes
 * send them in order; some recordings do not), all of the same block.
 * Returns: 1 / 0 (null) / -1.
 * Out:     r: owns its arena; free with eth_receipts_release().
 */
int	decode_receipts(struct eth_receipts *r, const struct json_t *result,
	    const struct decode_opts *o, struct err *err);
int	decode_receipts_text(struct eth_receipts *r, const char *text,
	    size_t len, const struct decode_opts *o, struct err *err);

/*
 * A log list (eth_getLogs, eth_getFilterLogs). Logs may span blocks.
 * Returns: 1 / 0 (null) / -1.
 * Out:     logs, n: array in a, valid until arena_release(a).
 */
int	decode_logs(struct eth_log **logs, size_t *n, struct arena *a,
	    const struct json_t *result, const struct decode_opts *o,
	    struct err *err);
int	decode_logs_text(struct eth_log **logs, size_t *n, struct arena *a,
	    const char *text, size_t len, const struct decode_opts *o,
	    struct err *err);

/*
 * Call traces, flattened in execution order (pre-order: a frame, then its
 * sub-calls), depth 0 for a transaction's top call, trace_address set to
 * the frame's path (Parity's traceAddress; the child indices for geth),
 * `failed` set when the frame or an ancestor has an error.
 * `value` is what the node sent: a DELEGATECALL or CALLCODE frame echoes
 * its parent's value without moving any, and a failed frame moved
 * nothing; the tracer applies those rules. Frames deeper than
 * DECODE_MAX_DEPTH are an error (walked without recursion).
 *
 * decode_traces_geth: debug_traceBlockByNumber/ByHash with callTracer,
 * an array of {txHash?, result} in transaction order (tx_index = the
 * position); an entry with "error" instead of "result" (the node could
 * not trace that transaction) is ERR_NET.
 * decode_trace_geth_tx: debug_traceTransaction with callTracer, one top
 * frame; tx_index and tx_hash (NULL: unknown) are the caller's.
 * decode_traces_parity: trace_block / trace_transaction (also geth's
 * flatCallTracer): type call|create|suicide|reward. traceAddress must
 * nest in pre-order and each frame have `subtraces` children. A reward
 * has kind ETH_CALL_REWARD, from zero (new issuance), to = the author,
 * tx_index ETH_CALL_NO_TX; a frame without transactionPosition too.
 * Kinds: call by callType; create (to = the new contract, unset when it
 * failed); suicide: from = the contract, to = refundAddress, value =
 * balance.
 * Returns: 1 / 0 (null) / -1.
 * Out:     t: owns its arena; free with eth_traces_release().
 */
int	decode_traces_geth(struct eth_traces *t, const struct json_t *result,
	    const struct decode_opts *o, struct err *err);
int	decode_traces_geth_text(struct eth_traces *t, const char *text,
	    size_t len, const struct decode_opts *o, struct err *err);
int	decode_trace_geth_tx(struct eth_traces *t, const struct json_t *result,
	    uint32_t tx_index, const struct eth_hash *tx_hash,
	    const struct decode_opts *o, struct err *err);
int	decode_trace_geth_tx_text(struct eth_traces *t, const char *text,
	    size_t len, uint32_t tx_index, const struct eth_hash *tx_hash,
	    const struct decode_opts *o, struct err *err);
int	decode_traces_parity(struct eth_traces *t, const struct json_t *result,
	    const struct decode_opts *o, struct err *err);
int	decode_traces_parity_text(struct eth_traces *t, const char *text,
	    size_t len, const struct decode_opts *o, struct err *err);

#endif
