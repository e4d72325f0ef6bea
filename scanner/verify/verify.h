/*
 * verify.h - check what a node sent against Ethereum's own hashes and
 * signatures: each transaction's hash and sender (libsecp256k1 recovery
 * under the protocol's rules: EIP-2 low s after Homestead, EIP-155 v,
 * chain id), EIP-7702 authorities, the transactions, receipts and
 * withdrawals roots (ordered Merkle-Patricia tries over EIP-2718
 * encodings), the header hash and the parent-hash chain.
 *
 * Findings are data: a mismatch is a struct verify_failure in a
 * struct verify_report, never an err. The only module that includes
 * secp256k1. Nothing here allocates (except verify_ctx_create, and
 * verify_tx_decode into the caller's arena), prints or exits; a
 * verify_ctx is read-only once set up and may be shared by threads, each
 * verifying into its own report.
 */
#ifndef SCANNER_VERIFY_H
#define SCANNER_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../base/eth.h"
#include "../base/rlp.h"

struct verify_ctx;

/* First mainnet block of Homestead, where EIP-2 (low s) took effect. */
#define VERIFY_HOMESTEAD_MAINNET	UINT64_C(1150000)

/* Per-signature outcome, of a transaction or an EIP-7702 authorization. */
enum verify_status {
	VERIFY_OK = 0,
	VERIFY_BAD_TYPE,	/* transaction type not 0-4 */
	VERIFY_BAD_V,		/* legacy v not 27/28/35+; yParity not 0/1 */
	VERIFY_BAD_CHAIN_ID,	/* signed for another chain */
	VERIFY_BAD_R,		/* r not in [1, n-1] */
	VERIFY_BAD_S,		/* s not in [1, n-1] */
	VERIFY_HIGH_S,		/* s > n/2 after Homestead (EIP-2) */
	VERIFY_NO_KEY,		/* no public key recovers from the signature */
	VERIFY_BAD_NONCE	/* authorization nonce 2^64-1 (EIP-7702) */
};

/* What is checked; counted in a report. */
enum verify_check {
	VERIFY_C_TX_HASH = 0,	/* keccak(encoded tx) = the node's hash */
	VERIFY_C_SENDER,	/* signature valid, sender = the node's from */
	VERIFY_C_AUTHORITY,	/* EIP-7702 authorization recovered */
	VERIFY_C_TX_ROOT,
	VERIFY_C_RECEIPTS_ROOT,
	VERIFY_C_RECEIPT_TX,	/* receipt i belongs to transaction i */
	VERIFY_C_WITHDRAWALS_ROOT,
	VERIFY_C_HEADER_HASH,
	VERIFY_C_PARENT_HASH,	/* parentHash = hash of the block before */
	VERIFY_C_COUNT
};

/* The field a failure is about. */
enum verify_field {
	VERIFY_F_TX_HASH = 0,
	VERIFY_F_FROM,
	VERIFY_F_TYPE,
	VERIFY_F_V,		/* v or yParity */
	VERIFY_F_R,
	VERIFY_F_S,
	VERIFY_F_CHAIN_ID,
	VERIFY_F_SIGNATURE,	/* no key recovers */
	VERIFY_F_TX_ROOT,
	VERIFY_F_RECEIPTS_ROOT,
	VERIFY_F_RECEIPT_COUNT,
	VERIFY_F_RECEIPT_TX_HASH,
	VERIFY_F_RECEIPT_FROM,
	VERIFY_F_WITHDRAWALS_ROOT,
	VERIFY_F_HEADER_HASH,
	VERIFY_F_PARENT_HASH,
	VERIFY_F_NUMBER		/* a range is not consecutive */
};

#define VERIFY_FAIL_MAX		32	/* failures kept in a report */
#define VERIFY_TEXT_MAX		72	/* "0x" + 64 hex digits and more */

/*
 * One failed check, with its evidence. expected is what the chain's own
 * data implies (a recomputed hash, a recovered sender, a rule); got is
 * what the node sent. Both are text: "0x..." hex, or a rule ("<= 0x7f..").
 */
struct verify_failure {
	uint8_t			 check;		/* enum verify_check */
	uint8_t			 field;		/* enum verify_field */
	uint8_t			 status;	/* enum verify_status, for
						   signature rules */
	uint64_t		 block_number;
	struct eth_hash		 block_hash;	/* as the node sent it */
	int			 has_tx;
	uint32_t		 tx_index;
	struct eth_hash		 tx_hash;	/* as the node sent it */
	const char		*reason;	/* static text */
	char			 expected[VERIFY_TEXT_MAX];
	char			 got[VERIFY_TEXT_MAX];
};

/*
 * One EIP-7702 authorization and its authority. An invalid authorization
 * is skipped by the protocol, not an invalid transaction: it is reported
 * here with its status, and is no failure.
 */
struct verify_authority {
	uint64_t		 block_number;
	uint32_t		 tx_index;
	struct eth_hash		 tx_hash;
	uint32_t		 auth_index;	/* in the tx's list */
	uint8_t			 status;	/* enum verify_status */
	struct eth_addr		 authority;	/* when status is VERIFY_OK */
	struct eth_addr		 address;	/* the delegate */
};

/*
 * What was checked, what passed, what failed. checked/passed count
 * checks by enum verify_check; txs counts the transactions verified by
 * type. Failures past VERIFY_FAIL_MAX are counted in nfail, not kept.
 * Authorities go to the caller's array (borrowed, may be NULL): nauths
 * counts them all, the first auths_cap are kept.
 */
struct verify_report {
	uint64_t		 checked[VERIFY_C_COUNT];
	uint64_t		 passed[VERIFY_C_COUNT];
	uint64_t		 txs[5];
	uint64_t		 blocks;
	size_t			 nfail;
	struct verify_failure	 fail[VERIFY_FAIL_MAX];
	struct verify_authority	*auths;
	size_t			 auths_cap;
	size_t			 nauths;
};

/* verify_block() what */
enum {
	VERIFY_SENDERS = 1 << 0,	/* tx hashes, senders, authorities */
	VERIFY_ROOTS = 1 << 1,		/* tries, header hash, receipts */
	VERIFY_FULL = VERIFY_SENDERS | VERIFY_ROOTS
};

/*
 * Create the context: a libsecp256k1 context (verification only) and the
 * chain's rules. Homestead is VERIFY_HOMESTEAD_MAINNET on chain 1 and 0
 * (from genesis) on any other chain; see verify_ctx_set_homestead().
 * Returns: 0; -1 with ERR_SYS when memory runs out.
 * Out:     *out, free with verify_ctx_destroy().
 */
int	verify_ctx_create(struct verify_ctx **out, uint64_t chain_id,
	    struct err *err);
/* Free; accepts NULL. */
void	verify_ctx_destroy(struct verify_ctx *vc);
/* Set the first block where low s is required; before sharing vc. */
void	verify_ctx_set_homestead(struct verify_ctx *vc, uint64_t block);
uint64_t verify_ctx_chain_id(const struct verify_ctx *vc);

/*
 * Start an empty report; auths (may be NULL) receives up to auths_cap
 * authorities and is borrowed for the report's life.
 */
void	verify_report_init(struct verify_report *r,
	    struct verify_authority *auths, size_t auths_cap);
/* Add src's counts, failures and authorities to dst (as room allows). */
void	verify_report_merge(struct verify_report *dst,
	    const struct verify_report *src);
/* Returns: 1 if no check failed, else 0. */
int	verify_report_ok(const struct verify_report *r);

/* Returns: static names ("tx-hash", "from", "high-s", ...). */
const char *verify_check_name(int check);
const char *verify_field_name(int field);
const char *verify_status_name(int status);

/*
 * The signed transaction as it goes on the wire and into the
 * transactions trie: the legacy RLP list, or type || RLP payload
 * (EIP-2718). Hashing it gives the transaction hash.
 * Returns: bytes needed (written when they fit cap, as snprintf); 0 for a
 *          type that is not 0-4.
 */
size_t	verify_tx_encode(uint8_t *buf, size_t cap, const struct eth_tx *tx);
/* Put the same encoding to any writer. Returns: 0; -1 for a bad type. */
int	verify_tx_put(struct rlp_writer *w, const struct eth_tx *tx);
/* Returns: 0 and keccak of the encoding; -1 for a bad type. */
int	verify_tx_hash(struct eth_hash *out, const struct eth_tx *tx);

/*
 * The hash the sender signed: legacy pre-EIP-155 (v 27/28) keccak of
 * rlp([nonce, gasPrice, gas, to, value, data]); EIP-155 (v >= 35) with
 * chain id (v - 35) / 2 appended, then 0, 0; typed: keccak(type ||
 * rlp(fields without the signature)).
 * Returns: VERIFY_OK; VERIFY_BAD_TYPE, or VERIFY_BAD_V for a legacy v
 *          that says neither.
 */
int	verify_tx_signing_hash(struct eth_hash *out, const struct eth_tx *tx);

/*
 * Recover the sender under the protocol's rules: v or yParity valid, the
 * chain id (from v, or the typed field) the context's, r and s in
 * [1, n-1], s <= n/2 unless a legacy tx in a block before Homestead,
 * then secp256k1_ecdsa_recover and the last 20 bytes of keccak(pubkey).
 * Returns: VERIFY_OK and *from; else the rule broken (enum verify_status).
 * Thread-safe: vc is only read.
 */
int	verify_tx_sender(const struct verify_ctx *vc, struct eth_addr *from,
	    const struct eth_tx *tx, uint64_t block_number);

/*
 * Recover an EIP-7702 authority: keccak(0x05 || rlp([chain_id, address,
 * nonce])) signed with (y_parity, r, s); chain_id must be 0 or the
 * context's, nonce < 2^64-1, y_parity 0/1, s <= n/2.
 * Returns: VERIFY_OK and *authority; else the rule broken.
 */
int	verify_auth_authority(const struct verify_ctx *vc,
	    struct eth_addr *authority, const struct eth_auth *auth);

/*
 * Decode a raw signed transaction (legacy RLP list or EIP-2718 envelope
 * of type 1-4), strictly: canonical RLP, integers without leading zeros
 * and within their widths (nonce and gas 64 bits, chain id 64), addresses
 * of 20 bytes, hashes of 32, exactly the type's fields. Sets tx->hash to
 * keccak(raw); tx->from is left zero (verify_tx_sender gives it) and
 * has_block 0. For legacy tx chain id is taken from an EIP-155 v.
 * Returns: 0; -1 with ERR_INPUT naming the field ("tx nonce: leading zero
 *          in integer"), ERR_SYS when a runs out.
 * Out:     tx: its input and lists point into raw (input) and a (lists);
 *          valid while both are.
 */
int	verify_tx_decode(struct eth_tx *tx, struct arena *a,
	    const uint8_t *raw, size_t len, struct err *err);

/*
 * Check one transaction against what the node sent: its hash and its
 * from (and recover its authorities), counting into r.
 */
void	verify_tx(const struct verify_ctx *vc, const struct eth_tx *tx,
	    uint64_t block_number, struct verify_report *r);

/*
 * Check a block: with VERIFY_SENDERS every transaction (verify_tx); with
 * VERIFY_ROOTS the transactions root (unless the block came with tx
 * hashes only: an empty list is checked, and fails against a non-empty
 * root), the withdrawals root (when it has withdrawals), the header hash,
 * and, when rs is not NULL, the receipts root and that receipt i belongs
 * to transaction i (count, transaction hash, and from when the receipt
 * has one, i.e. not zero). Thread-safe as verify_tx: one report per
 * thread.
 */
void	verify_block(const struct verify_ctx *vc, const struct eth_block *b,
	    const struct eth_receipts *rs, unsigned what,
	    struct verify_report *r);

/*
 * Check that headers h[0..n-1], in order, are consecutive (number + 1)
 * and each one's parentHash is the recomputed hash of the one before.
 */
void	verify_chain(const struct eth_header *const *h, size_t n,
	    struct verify_report *r);

/* The header hash: keccak(rlp(fields, with the tail h->has says)). */
void	verify_header_hash(struct eth_hash *out, const struct eth_header *h);

/*
 * Ordered trie roots: keys rlp(i), values the encoded items. An empty
 * list gives keccak(rlp("")) = 56e81f17...b421.
 * verify_tx_root Returns: 0; -1 if a tx has a type not 0-4.
 */
int	verify_tx_root(struct eth_hash *out, const struct eth_tx *txs,
	    size_t n);
void	verify_receipts_root(struct eth_hash *out,
	    const struct eth_receipt *rs, size_t n);
void	verify_withdrawals_root(struct eth_hash *out,
	    const struct eth_withdrawal *ws, size_t n);

/*
 * The root of any ordered trie: value(w, ctx, i) puts the bytes of item i
 * (not RLP-wrapped) to w; it is called more than once per item, with
 * counting, buffer and hashing writers, and must put the same bytes.
 */
typedef void	verify_value_fn(struct rlp_writer *w, const void *ctx,
		    size_t i);
void	verify_ordered_root(struct eth_hash *out, size_t n,
	    verify_value_fn *value, const void *ctx);

/* The receipt as it goes into the receipts trie (type || rlp(...)). */
void	verify_receipt_put(struct rlp_writer *w, const struct eth_receipt *r);

#endif
