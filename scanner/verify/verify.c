/*
 * verify.c - per-transaction, per-block and per-range checks, and the
 * report they fill: counts of what was checked and passed, and each
 * failure with the evidence (expected and got, as text).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../base/eth.h"
#include "../base/hex.h"
#include "../base/u256.h"
#include "verify.h"

void
verify_report_init(struct verify_report *r, struct verify_authority *auths,
    size_t auths_cap)
{
	memset(r, 0, sizeof(*r));
	r->auths = auths;
	r->auths_cap = auths == NULL ? 0 : auths_cap;
}

void
verify_report_merge(struct verify_report *dst,
    const struct verify_report *src)
{
	size_t i, kept;

	for (i = 0; i < VERIFY_C_COUNT; i++) {
		dst->checked[i] += src->checked[i];
		dst->passed[i] += src->passed[i];
	}
	for (i = 0; i < 5; i++) {
		dst->txs[i] += src->txs[i];
	}
	dst->blocks += src->blocks;
	kept = src->nfail < VERIFY_FAIL_MAX ? src->nfail : VERIFY_FAIL_MAX;
	for (i = 0; i < kept; i++) {
		if (dst->nfail + i < VERIFY_FAIL_MAX) {
			dst->fail[dst->nfail + i] = src->fail[i];
		}
	}
	dst->nfail += src->nfail;
	kept = src->nauths < src->auths_cap ? src->nauths : src->auths_cap;
	for (i = 0; i < kept; i++) {
		if (dst->nauths + i < dst->auths_cap) {
			dst->auths[dst->nauths + i] = src->auths[i];
		}
	}
	dst->nauths += src->nauths;
}

int
verify_report_ok(const struct verify_report *r)
{
	return r->nfail == 0;
}

const char *
verify_check_name(int check)
{
	static const char *const names[VERIFY_C_COUNT] = {
		"tx-hash", "sender", "authority", "transactions-root",
		"receipts-root", "receipt-tx", "withdrawals-root",
		"header-hash", "parent-hash"
	};

	if (check < 0 || check >= VERIFY_C_COUNT) {
		return "?";
	}
	return names[check];
}

const char *
verify_field_name(int field)
{
	static const char *const names[] = {
		"hash", "from", "type", "v", "r", "s", "chainId", "signature",
		"transactionsRoot", "receiptsRoot", "receipts",
		"receipt.transactionHash", "receipt.from", "withdrawalsRoot",
		"blockHash", "parentHash", "number"
	};

	if (field < 0 || (size_t)field >= sizeof(names) / sizeof(names[0])) {
		return "?";
	}
	return names[field];
}

const char *
verify_status_name(int status)
{
	static const char *const names[] = {
		"ok", "bad-type", "bad-v", "bad-chain-id", "bad-r", "bad-s",
		"high-s", "no-key", "bad-nonce"
	};

	if (status < 0 || (size_t)status >= sizeof(names) / sizeof(names[0])) {
		return "?";
	}
	return names[status];
}

static void
text_bytes(char out[VERIFY_TEXT_MAX], const uint8_t *b, size_t n)
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, b, n);
}

/* A quantity as JSON-RPC writes it: 0x and no leading zeros. */
static void
text_u256(char out[VERIFY_TEXT_MAX], const struct u256 *v)
{
	uint8_t be[32];
	char hex[65];
	size_t i = 0;

	u256_to_be(be, v);
	hex_encode(hex, be, 32);
	while (i < 63 && hex[i] == '0') {
		i++;
	}
	snprintf(out, VERIFY_TEXT_MAX, "0x%s", hex + i);
}

/* Where a failure is: block and, for a transaction's check, the tx. */
struct where {
	uint64_t		 block_number;
	const struct eth_hash	*block_hash;
	const struct eth_hash	*tx_hash;	/* NULL: not about a tx */
	uint32_t		 tx_index;
};

static struct verify_failure *
add_fail(struct verify_report *r, const struct where *at, int check,
    int field, int status, const char *reason)
{
	struct verify_failure *f;

	r->nfail++;
	if (r->nfail > VERIFY_FAIL_MAX) {
		return NULL;
	}
	f = &r->fail[r->nfail - 1];
	memset(f, 0, sizeof(*f));
	f->check = (uint8_t)check;
	f->field = (uint8_t)field;
	f->status = (uint8_t)status;
	f->block_number = at->block_number;
	if (at->block_hash != NULL) {
		f->block_hash = *at->block_hash;
	}
	if (at->tx_hash != NULL) {
		f->has_tx = 1;
		f->tx_index = at->tx_index;
		f->tx_hash = *at->tx_hash;
	}
	f->reason = reason;
	return f;
}

/* Compare a recomputed 32-byte value with the node's; count the check. */
static void
check_hash(struct verify_report *r, const struct where *at, int check,
    int field, const struct eth_hash *want, const struct eth_hash *got,
    const char *reason)
{
	struct verify_failure *f;

	r->checked[check]++;
	if (memcmp(want->b, got->b, 32) == 0) {
		r->passed[check]++;
		return;
	}
	f = add_fail(r, at, check, field, VERIFY_OK, reason);
	if (f != NULL) {
		text_bytes(f->expected, want->b, 32);
		text_bytes(f->got, got->b, 32);
	}
}

/* The evidence of a broken signature rule. */
static void
sig_fail(struct verify_report *r, const struct where *at,
    const struct verify_ctx *vc, const struct eth_tx *tx, int st)
{
	static const char half_n[] = "<= 0x7fffffffffffffffffffffffffffffff"
	    "5d576e7357a4501ddfe92f46681b20a0";
	struct verify_failure *f;
	struct u256 c;
	int field;
	const char *reason, *want = "";

	switch (st) {
	case VERIFY_BAD_TYPE:
		field = VERIFY_F_TYPE;
		reason = "transaction type not 0-4";
		want = "0x0 .. 0x4";
		break;
	case VERIFY_BAD_V:
		field = VERIFY_F_V;
		reason = tx->type == ETH_TX_LEGACY ?
		    "v is neither 27/28 nor 35 + 2 * chainId (EIP-155)" :
		    "yParity is not 0 or 1";
		want = tx->type == ETH_TX_LEGACY ? "27, 28 or >= 35" : "0 or 1";
		break;
	case VERIFY_BAD_CHAIN_ID:
		field = VERIFY_F_CHAIN_ID;
		reason = "signed for another chain";
		break;
	case VERIFY_BAD_R:
		field = VERIFY_F_R;
		reason = "r not in [1, n-1]";
		want = "1 .. n-1";
		break;
	case VERIFY_BAD_S:
		field = VERIFY_F_S;
		reason = "s not in [1, n-1]";
		want = "1 .. n-1";
		break;
	case VERIFY_HIGH_S:
		field = VERIFY_F_S;
		reason = "s above n/2 after Homestead (EIP-2)";
		want = half_n;
		break;
	default:
		field = VERIFY_F_SIGNATURE;
		reason = "no public key recovers from the signature";
		want = "a recoverable signature";
		break;
	}
	f = add_fail(r, at, VERIFY_C_SENDER, field, st, reason);
	if (f == NULL) {
		return;
	}
	snprintf(f->expected, sizeof(f->expected), "%s", want);
	switch (field) {
	case VERIFY_F_TYPE:
		snprintf(f->got, sizeof(f->got), "0x%x", tx->type);
		break;
	case VERIFY_F_V:
		text_u256(f->got, &tx->v);
		break;
	case VERIFY_F_CHAIN_ID:
		u256_from_u64(&c, verify_ctx_chain_id(vc));
		text_u256(f->expected, &c);
		if (tx->type == ETH_TX_LEGACY) {
			/* the chain id lives in v: show v */
			snprintf(f->expected, sizeof(f->expected),
			    "v = 35 + 2 * %llu + recid",
			    (unsigned long long)verify_ctx_chain_id(vc));
			text_u256(f->got, &tx->v);
		} else {
			u256_from_u64(&c, tx->chain_id);
			text_u256(f->got, &c);
		}
		break;
	case VERIFY_F_R:
		text_u256(f->got, &tx->r);
		break;
	case VERIFY_F_S:
		text_u256(f->got, &tx->s);
		break;
	default:
		snprintf(f->got, sizeof(f->got), "r, s, v as sent");
		break;
	}
}

static void
check_auths(const struct verify_ctx *vc, const struct eth_tx *tx,
    const struct where *at, struct verify_report *r)
{
	struct verify_authority *va, scratch;
	size_t i;

	for (i = 0; i < tx->nauths; i++) {
		va = r->nauths < r->auths_cap ? &r->auths[r->nauths] :
		    &scratch;
		memset(va, 0, sizeof(*va));
		va->block_number = at->block_number;
		va->tx_index = at->tx_index;
		va->tx_hash = tx->hash;
		va->auth_index = (uint32_t)i;
		va->address = tx->auths[i].address;
		va->status = (uint8_t)verify_auth_authority(vc, &va->authority,
		    &tx->auths[i]);
		r->checked[VERIFY_C_AUTHORITY]++;
		if (va->status == VERIFY_OK) {
			r->passed[VERIFY_C_AUTHORITY]++;
		}
		r->nauths++;
	}
}

static void
check_tx(const struct verify_ctx *vc, const struct eth_tx *tx,
    const struct where *at, struct verify_report *r)
{
	struct verify_failure *f;
	struct eth_hash h;
	struct eth_addr from;
	int st;

	if (tx->type <= ETH_TX_SET_CODE) {
		r->txs[tx->type]++;
	}
	if (verify_tx_hash(&h, tx) == -1) {
		r->checked[VERIFY_C_TX_HASH]++;
		r->checked[VERIFY_C_SENDER]++;
		sig_fail(r, at, vc, tx, VERIFY_BAD_TYPE);
		return;
	}
	check_hash(r, at, VERIFY_C_TX_HASH, VERIFY_F_TX_HASH, &h, &tx->hash,
	    "keccak of the encoded transaction differs from its hash");
	r->checked[VERIFY_C_SENDER]++;
	st = verify_tx_sender(vc, &from, tx, at->block_number);
	if (st != VERIFY_OK) {
		sig_fail(r, at, vc, tx, st);
	} else if (memcmp(from.b, tx->from.b, 20) != 0) {
		f = add_fail(r, at, VERIFY_C_SENDER, VERIFY_F_FROM, VERIFY_OK,
		    "the recovered sender differs from the node's from");
		if (f != NULL) {
			text_bytes(f->expected, from.b, 20);
			text_bytes(f->got, tx->from.b, 20);
		}
	} else {
		r->passed[VERIFY_C_SENDER]++;
	}
	check_auths(vc, tx, at, r);
}

void
verify_tx(const struct verify_ctx *vc, const struct eth_tx *tx,
    uint64_t block_number, struct verify_report *r)
{
	struct where at;

	at.block_number = block_number;
	at.block_hash = tx->has_block ? &tx->block_hash : NULL;
	at.tx_hash = &tx->hash;
	at.tx_index = tx->index;
	check_tx(vc, tx, &at, r);
}

static int
zero_addr(const struct eth_addr *a)
{
	static const struct eth_addr zero;

	return memcmp(a->b, zero.b, 20) == 0;
}

/* Receipt i must be transaction i's: same hash, same sender. */
static void
check_receipts_link(const struct eth_block *b, const struct eth_receipts *rs,
    struct where *at, struct verify_report *r)
{
	struct verify_failure *f;
	const struct eth_hash *txh;
	size_t i, ntx = b->ntxs > 0 ? b->ntxs : b->ntx_hashes;
	int ok;

	r->checked[VERIFY_C_RECEIPT_TX]++;
	if (rs->n != ntx) {
		f = add_fail(r, at, VERIFY_C_RECEIPT_TX,
		    VERIFY_F_RECEIPT_COUNT, VERIFY_OK,
		    "not one receipt per transaction");
		if (f != NULL) {
			snprintf(f->expected, sizeof(f->expected), "%zu", ntx);
			snprintf(f->got, sizeof(f->got), "%zu", rs->n);
		}
		return;
	}
	r->passed[VERIFY_C_RECEIPT_TX]++;
	/* some nodes' receipts carry no from: the decoder leaves it zero */
	for (i = 0; i < rs->n; i++) {
		txh = b->ntxs > 0 ? &b->txs[i].hash : &b->tx_hashes[i];
		at->tx_hash = txh;
		at->tx_index = (uint32_t)i;
		r->checked[VERIFY_C_RECEIPT_TX]++;
		ok = memcmp(rs->r[i].tx_hash.b, txh->b, 32) == 0;
		if (!ok) {
			f = add_fail(r, at, VERIFY_C_RECEIPT_TX,
			    VERIFY_F_RECEIPT_TX_HASH, VERIFY_OK,
			    "receipt is not for the transaction at its index");
			if (f != NULL) {
				text_bytes(f->expected, txh->b, 32);
				text_bytes(f->got, rs->r[i].tx_hash.b, 32);
			}
		} else if (b->ntxs > 0 && !zero_addr(&rs->r[i].from) &&
		    memcmp(rs->r[i].from.b, b->txs[i].from.b, 20) != 0) {
			ok = 0;
			f = add_fail(r, at, VERIFY_C_RECEIPT_TX,
			    VERIFY_F_RECEIPT_FROM, VERIFY_OK,
			    "receipt's from differs from its transaction's");
			if (f != NULL) {
				text_bytes(f->expected, b->txs[i].from.b, 20);
				text_bytes(f->got, rs->r[i].from.b, 20);
			}
		}
		if (ok) {
			r->passed[VERIFY_C_RECEIPT_TX]++;
		}
	}
	at->tx_hash = NULL;
}

void
verify_block(const struct verify_ctx *vc, const struct eth_block *b,
    const struct eth_receipts *rs, unsigned what, struct verify_report *r)
{
	const struct eth_header *h = &b->h;
	struct eth_hash root;
	struct where at;
	size_t i;

	r->blocks++;
	at.block_number = h->number;
	at.block_hash = &h->hash;
	at.tx_hash = NULL;
	at.tx_index = 0;
	if (what & VERIFY_SENDERS) {
		for (i = 0; i < b->ntxs; i++) {
			at.tx_hash = &b->txs[i].hash;
			at.tx_index = (uint32_t)i;
			check_tx(vc, &b->txs[i], &at, r);
		}
		at.tx_hash = NULL;
	}
	if (!(what & VERIFY_ROOTS)) {
		return;
	}
	/* only hashes (eth_getBlockByNumber(n, false)): no tx root */
	if (b->ntxs > 0 || b->ntx_hashes == 0) {
		if (verify_tx_root(&root, b->txs, b->ntxs) == 0) {
			check_hash(r, &at, VERIFY_C_TX_ROOT, VERIFY_F_TX_ROOT,
			    &root, &h->tx_root, "the transactions do not make "
			    "the header's transactionsRoot");
		} else {
			r->checked[VERIFY_C_TX_ROOT]++;
			add_fail(r, &at, VERIFY_C_TX_ROOT, VERIFY_F_TYPE,
			    VERIFY_BAD_TYPE, "a transaction type not 0-4");
		}
	}
	if (b->has_withdrawals) {
		verify_withdrawals_root(&root, b->withdrawals,
		    b->nwithdrawals);
		check_hash(r, &at, VERIFY_C_WITHDRAWALS_ROOT,
		    VERIFY_F_WITHDRAWALS_ROOT, &root, &h->withdrawals_root,
		    "the withdrawals do not make the header's "
		    "withdrawalsRoot");
	}
	if (rs != NULL) {
		verify_receipts_root(&root, rs->r, rs->n);
		check_hash(r, &at, VERIFY_C_RECEIPTS_ROOT,
		    VERIFY_F_RECEIPTS_ROOT, &root, &h->receipts_root,
		    "the receipts do not make the header's receiptsRoot");
		check_receipts_link(b, rs, &at, r);
	}
	verify_header_hash(&root, h);
	check_hash(r, &at, VERIFY_C_HEADER_HASH, VERIFY_F_HEADER_HASH, &root,
	    &h->hash, "keccak of the encoded header differs from its hash");
}

void
verify_chain(const struct eth_header *const *h, size_t n,
    struct verify_report *r)
{
	struct verify_failure *f;
	struct eth_hash prev;
	struct where at;
	size_t k;

	for (k = 1; k < n; k++) {
		at.block_number = h[k]->number;
		at.block_hash = &h[k]->hash;
		at.tx_hash = NULL;
		at.tx_index = 0;
		if (h[k]->number != h[k - 1]->number + 1) {
			r->checked[VERIFY_C_PARENT_HASH]++;
			f = add_fail(r, &at, VERIFY_C_PARENT_HASH,
			    VERIFY_F_NUMBER, VERIFY_OK,
			    "blocks of the range are not consecutive");
			if (f != NULL) {
				snprintf(f->expected, sizeof(f->expected),
				    "%llu", (unsigned long long)
				    h[k - 1]->number + 1);
				snprintf(f->got, sizeof(f->got), "%llu",
				    (unsigned long long)h[k]->number);
			}
			continue;
		}
		verify_header_hash(&prev, h[k - 1]);
		check_hash(r, &at, VERIFY_C_PARENT_HASH, VERIFY_F_PARENT_HASH,
		    &prev, &h[k]->parent_hash,
		    "parentHash is not the hash of the block before");
	}
}
