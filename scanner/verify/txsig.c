/*
 * txsig.c - sender and authority recovery with libsecp256k1, under
 * Ethereum's rules, which libsecp256k1 leaves to us: it accepts high s
 * (EIP-2 forbids it after Homestead) and knows nothing of v, EIP-155 or
 * chain ids. The only file of the project that includes secp256k1.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "../base/err.h"
#include "../base/eth.h"
#include "../base/hash.h"
#include "../base/rlp.h"
#include "../base/u256.h"
#include "verify.h"

struct verify_ctx {
	secp256k1_context	*secp;		/* read-only after creation */
	uint64_t		 chain_id;
	uint64_t		 homestead;
};

/* secp256k1's group order n, and n/2 (EIP-2's bound on s); limbs LE. */
static const struct u256 curve_n = { {
	UINT64_C(0xbfd25e8cd0364141), UINT64_C(0xbaaedce6af48a03b),
	UINT64_C(0xfffffffffffffffe), UINT64_C(0xffffffffffffffff) } };
static const struct u256 half_n = { {
	UINT64_C(0xdfe92f46681b20a0), UINT64_C(0x5d576e7357a4501d),
	UINT64_C(0xffffffffffffffff), UINT64_C(0x7fffffffffffffff) } };

int
verify_ctx_create(struct verify_ctx **out, uint64_t chain_id,
    struct err *err)
{
	struct verify_ctx *vc;

	*out = NULL;
	vc = calloc(1, sizeof(*vc));
	if (vc == NULL) {
		return err_set(err, ERR_SYS, errno,
		    "cannot create verifier: %s", strerror(errno));
	}
	/* Recovery only needs verification tables (all of 0.2 has them). */
	vc->secp = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
	if (vc->secp == NULL) {
		free(vc);
		return err_set(err, ERR_SYS, ENOMEM,
		    "cannot create verifier: out of memory");
	}
	vc->chain_id = chain_id;
	vc->homestead = chain_id == 1 ? VERIFY_HOMESTEAD_MAINNET : 0;
	*out = vc;
	return 0;
}

void
verify_ctx_destroy(struct verify_ctx *vc)
{
	if (vc == NULL) {
		return;
	}
	secp256k1_context_destroy(vc->secp);
	free(vc);
}

void
verify_ctx_set_homestead(struct verify_ctx *vc, uint64_t block)
{
	vc->homestead = block;
}

uint64_t
verify_ctx_chain_id(const struct verify_ctx *vc)
{
	return vc->chain_id;
}

static int
is_u64(const struct u256 *v, uint64_t x)
{
	return v->w[0] == x && v->w[1] == 0 && v->w[2] == 0 && v->w[3] == 0;
}

/* r and s in [1, n-1]; s <= n/2 unless high s is allowed. */
static int
check_rs(const struct u256 *r, const struct u256 *s, int high_s_ok)
{
	if (u256_is_zero(r) || u256_cmp(r, &curve_n) >= 0) {
		return VERIFY_BAD_R;
	}
	if (u256_is_zero(s) || u256_cmp(s, &curve_n) >= 0) {
		return VERIFY_BAD_S;
	}
	if (!high_s_ok && u256_cmp(s, &half_n) > 0) {
		return VERIFY_HIGH_S;
	}
	return VERIFY_OK;
}

/* ecrecover, then the address: keccak(X || Y)[12..32]. */
static int
recover(const struct verify_ctx *vc, struct eth_addr *addr,
    const struct eth_hash *msg, const struct u256 *r, const struct u256 *s,
    int recid)
{
	secp256k1_ecdsa_recoverable_signature sig;
	secp256k1_pubkey pub;
	uint8_t rs[64], ser[65], h[32];
	size_t len = sizeof(ser);

	u256_to_be(rs, r);
	u256_to_be(rs + 32, s);
	if (!secp256k1_ecdsa_recoverable_signature_parse_compact(vc->secp,
	    &sig, rs, recid)) {
		return VERIFY_NO_KEY;
	}
	if (!secp256k1_ecdsa_recover(vc->secp, &pub, &sig, msg->b)) {
		return VERIFY_NO_KEY;
	}
	secp256k1_ec_pubkey_serialize(vc->secp, ser, &len, &pub,
	    SECP256K1_EC_UNCOMPRESSED);
	hash_keccak256(h, ser + 1, 64);
	memcpy(addr->b, h + 12, 20);
	return VERIFY_OK;
}

int
verify_tx_sender(const struct verify_ctx *vc, struct eth_addr *from,
    const struct eth_tx *tx, uint64_t block_number)
{
	struct eth_hash msg;
	struct u256 c, two, rem, want;
	int recid, st, high_s_ok = 0;

	if (tx->type > ETH_TX_SET_CODE) {
		return VERIFY_BAD_TYPE;
	}
	if (tx->type == ETH_TX_LEGACY) {
		if (is_u64(&tx->v, 27) || is_u64(&tx->v, 28)) {
			recid = (int)tx->v.w[0] - 27;
		} else {
			/* EIP-155: v = recid + chain_id * 2 + 35 */
			u256_from_u64(&c, 35);
			if (u256_sub(&c, &tx->v, &c) == -1) {
				return VERIFY_BAD_V;
			}
			u256_from_u64(&two, 2);
			u256_divmod(&c, &rem, &c, &two);
			u256_from_u64(&want, vc->chain_id);
			if (u256_cmp(&c, &want) != 0) {
				return VERIFY_BAD_CHAIN_ID;
			}
			recid = (int)rem.w[0];
		}
		/* Frontier accepted any s; EIP-2 (Homestead) wants low s */
		high_s_ok = block_number < vc->homestead;
	} else {
		if (!is_u64(&tx->v, 0) && !is_u64(&tx->v, 1)) {
			return VERIFY_BAD_V;
		}
		if (!tx->has_chain_id || tx->chain_id != vc->chain_id) {
			return VERIFY_BAD_CHAIN_ID;
		}
		recid = (int)tx->v.w[0];
	}
	st = check_rs(&tx->r, &tx->s, high_s_ok);
	if (st != VERIFY_OK) {
		return st;
	}
	st = verify_tx_signing_hash(&msg, tx);
	if (st != VERIFY_OK) {
		return st;
	}
	return recover(vc, from, &msg, &tx->r, &tx->s, recid);
}

int
verify_auth_authority(const struct verify_ctx *vc, struct eth_addr *authority,
    const struct eth_auth *a)
{
	static const uint8_t magic = 0x05;
	struct hash_keccak k;
	struct rlp_writer w;
	struct eth_hash msg;
	struct u256 want;
	int st;

	/* EIP-7702: chain id 0 (any chain) or ours; nonce < 2^64 - 1 */
	u256_from_u64(&want, vc->chain_id);
	if (!u256_is_zero(&a->chain_id) && u256_cmp(&a->chain_id, &want) != 0) {
		return VERIFY_BAD_CHAIN_ID;
	}
	if (a->nonce == UINT64_MAX) {
		return VERIFY_BAD_NONCE;
	}
	if (a->y_parity > 1) {
		return VERIFY_BAD_V;
	}
	st = check_rs(&a->r, &a->s, 0);
	if (st != VERIFY_OK) {
		return st;
	}
	/* keccak(MAGIC || rlp([chain_id, address, nonce])) */
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	rlp_put_raw(&w, &magic, 1);
	rlp_put_list(&w, rlp_u256_size(&a->chain_id) + 21 +
	    rlp_uint_size(a->nonce));
	rlp_put_u256(&w, &a->chain_id);
	rlp_put_bytes(&w, a->address.b, 20);
	rlp_put_uint(&w, a->nonce);
	hash_keccak_final(&k, msg.b);
	return recover(vc, authority, &msg, &a->r, &a->s, a->y_parity);
}
