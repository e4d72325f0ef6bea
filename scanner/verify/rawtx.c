/*
 * rawtx.c - raw signed transactions (eth_sendRawTransaction bytes, a
 * beacon block's execution payload, a tracer fixture's input) into
 * struct eth_tx, strictly: what a client would refuse is refused here.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/arena.h"
#include "../base/err.h"
#include "../base/eth.h"
#include "../base/hash.h"
#include "../base/rlp.h"
#include "../base/u256.h"
#include "verify.h"

/* The next item of a field list, or an error naming the field. */
static int
next(struct rlp_iter *it, struct rlp_item *item, const char *name,
    struct err *err)
{
	int rc = rlp_iter_next(it, item, err);

	if (rc == 0) {
		return err_set(err, ERR_INPUT, 0,
		    "tx: too few fields: no %s", name);
	}
	if (rc == -1) {
		return err_wrap(err, "tx %s", name);
	}
	return 0;
}

static int
get_u64(struct rlp_iter *it, uint64_t *v, const char *name, struct err *err)
{
	struct rlp_item item;

	if (next(it, &item, name, err) == -1) {
		return -1;
	}
	if (rlp_get_u64(v, &item, err) == -1) {
		return err_wrap(err, "tx %s", name);
	}
	return 0;
}

static int
get_u256(struct rlp_iter *it, struct u256 *v, const char *name,
    struct err *err)
{
	struct rlp_item item;

	if (next(it, &item, name, err) == -1) {
		return -1;
	}
	if (rlp_get_u256(v, &item, err) == -1) {
		return err_wrap(err, "tx %s", name);
	}
	return 0;
}

/* "to": 20 bytes, or empty for a contract creation when allowed. */
static int
get_to(struct rlp_iter *it, struct eth_tx *tx, int create_ok,
    struct err *err)
{
	struct rlp_item item;

	if (next(it, &item, "to", err) == -1) {
		return -1;
	}
	if (!item.is_list && item.len == 0 && create_ok) {
		tx->has_to = 0;
		return 0;
	}
	if (rlp_get_fixed(tx->to.b, 20, &item, err) == -1) {
		return err_wrap(err, "tx to");
	}
	tx->has_to = 1;
	return 0;
}

static int
get_data(struct rlp_iter *it, struct eth_tx *tx, struct err *err)
{
	struct rlp_item item;

	if (next(it, &item, "data", err) == -1) {
		return -1;
	}
	if (item.is_list) {
		return err_set(err, ERR_INPUT, 0, "tx data: list, want bytes");
	}
	tx->input = item.data;
	tx->input_len = item.len;
	return 0;
}

static int
get_list(struct rlp_iter *it, struct rlp_item *list, size_t *n,
    const char *name, struct err *err)
{
	if (next(it, list, name, err) == -1) {
		return -1;
	}
	if (!list->is_list) {
		return err_set(err, ERR_INPUT, 0,
		    "tx %s: string, want a list", name);
	}
	if (rlp_list_count(list, n, err) == -1) {
		return err_wrap(err, "tx %s", name);
	}
	return 0;
}

static void *
alloc(struct arena *a, size_t n, size_t size, struct err *err)
{
	void *p;

	if (n == 0) {
		return NULL;
	}
	p = arena_alloc(a, n * size);
	if (p == NULL) {
		err_set(err, ERR_SYS, 0, "tx: out of memory");
	}
	return p;
}

/* [[address, [storageKey, ...]], ...] (EIP-2930) */
static int
get_access(struct rlp_iter *it, struct eth_tx *tx, struct arena *a,
    struct err *err)
{
	struct rlp_item list, entry, addr, keys, key;
	struct rlp_iter li, ei, ki;
	struct eth_access *acc;
	size_t n, nk, i, k;

	if (get_list(it, &list, &n, "accessList", err) == -1) {
		return -1;
	}
	tx->naccess = n;
	tx->access = alloc(a, n, sizeof(*tx->access), err);
	if (n > 0 && tx->access == NULL) {
		return -1;
	}
	rlp_iter_init(&li, &list);
	for (i = 0; i < n; i++) {
		acc = &tx->access[i];
		rlp_iter_next(&li, &entry, NULL);
		if (!entry.is_list || rlp_list_count(&entry, &k, NULL) == -1 ||
		    k != 2) {
			return err_set(err, ERR_INPUT, 0,
			    "tx accessList[%zu]: want [address, keys]", i);
		}
		rlp_iter_init(&ei, &entry);
		rlp_iter_next(&ei, &addr, NULL);
		rlp_iter_next(&ei, &keys, NULL);
		if (rlp_get_fixed(acc->address.b, 20, &addr, err) == -1) {
			return err_wrap(err, "tx accessList[%zu] address", i);
		}
		if (!keys.is_list || rlp_list_count(&keys, &nk, err) == -1) {
			return err_set(err, ERR_INPUT, 0,
			    "tx accessList[%zu] storageKeys: want a list", i);
		}
		acc->nkeys = nk;
		acc->keys = alloc(a, nk, sizeof(*acc->keys), err);
		if (nk > 0 && acc->keys == NULL) {
			return -1;
		}
		rlp_iter_init(&ki, &keys);
		for (k = 0; k < nk; k++) {
			rlp_iter_next(&ki, &key, NULL);
			if (rlp_get_fixed(acc->keys[k].b, 32, &key,
			    err) == -1) {
				return err_wrap(err, "tx accessList[%zu] "
				    "storageKeys[%zu]", i, k);
			}
		}
	}
	return 0;
}

/* EIP-4844 blobVersionedHashes: 32-byte strings. */
static int
get_blob_hashes(struct rlp_iter *it, struct eth_tx *tx, struct arena *a,
    struct err *err)
{
	struct rlp_item list, h;
	struct rlp_iter li;
	size_t n, i;

	if (get_list(it, &list, &n, "blobVersionedHashes", err) == -1) {
		return -1;
	}
	tx->nblob_hashes = n;
	tx->blob_hashes = alloc(a, n, sizeof(*tx->blob_hashes), err);
	if (n > 0 && tx->blob_hashes == NULL) {
		return -1;
	}
	rlp_iter_init(&li, &list);
	for (i = 0; i < n; i++) {
		rlp_iter_next(&li, &h, NULL);
		if (rlp_get_fixed(tx->blob_hashes[i].b, 32, &h, err) == -1) {
			return err_wrap(err, "tx blobVersionedHashes[%zu]", i);
		}
	}
	return 0;
}

/* EIP-7702 [[chain_id, address, nonce, y_parity, r, s], ...] */
static int
get_auths(struct rlp_iter *it, struct eth_tx *tx, struct arena *a,
    struct err *err)
{
	struct rlp_item list, entry, addr;
	struct rlp_iter li, ei;
	struct eth_auth *au;
	uint64_t parity;
	size_t n, i, k;

	if (get_list(it, &list, &n, "authorizationList", err) == -1) {
		return -1;
	}
	tx->nauths = n;
	tx->auths = alloc(a, n, sizeof(*tx->auths), err);
	if (n > 0 && tx->auths == NULL) {
		return -1;
	}
	rlp_iter_init(&li, &list);
	for (i = 0; i < n; i++) {
		au = &tx->auths[i];
		rlp_iter_next(&li, &entry, NULL);
		if (!entry.is_list || rlp_list_count(&entry, &k, NULL) == -1 ||
		    k != 6) {
			return err_set(err, ERR_INPUT, 0,
			    "tx authorizationList[%zu]: want 6 fields", i);
		}
		rlp_iter_init(&ei, &entry);
		if (get_u256(&ei, &au->chain_id, "authorization chainId",
		    err) == -1) {
			return -1;
		}
		rlp_iter_next(&ei, &addr, NULL);
		if (rlp_get_fixed(au->address.b, 20, &addr, err) == -1) {
			return err_wrap(err, "tx authorizationList[%zu]", i);
		}
		if (get_u64(&ei, &au->nonce, "authorization nonce",
		    err) == -1 ||
		    get_u64(&ei, &parity, "authorization yParity",
		    err) == -1 ||
		    get_u256(&ei, &au->r, "authorization r", err) == -1 ||
		    get_u256(&ei, &au->s, "authorization s", err) == -1) {
			return -1;
		}
		/* y_parity is a uint8 on the wire (EIP-7702) */
		if (parity > 0xff) {
			return err_set(err, ERR_INPUT, 0,
			    "tx authorizationList[%zu] yParity: too large", i);
		}
		au->y_parity = (uint8_t)parity;
	}
	return 0;
}

static int
legacy_chain_id(struct eth_tx *tx, struct err *err)
{
	struct u256 c, two, rem;

	if (tx->v.w[1] != 0 || tx->v.w[2] != 0 || tx->v.w[3] != 0 ||
	    tx->v.w[0] >= 35) {
		u256_from_u64(&c, 35);
		u256_sub(&c, &tx->v, &c);
		u256_from_u64(&two, 2);
		u256_divmod(&c, &rem, &c, &two);
		if (c.w[1] != 0 || c.w[2] != 0 || c.w[3] != 0) {
			return err_set(err, ERR_INPUT, 0,
			    "tx v: chain id over 64 bits");
		}
		tx->has_chain_id = 1;
		tx->chain_id = c.w[0];
	}
	return 0;
}

static int
decode_fields(struct eth_tx *tx, struct arena *a, const struct rlp_item *top,
    struct err *err)
{
	struct rlp_iter it;
	struct rlp_item extra;
	int typed = tx->type != ETH_TX_LEGACY;

	rlp_iter_init(&it, top);
	if (typed) {
		if (get_u64(&it, &tx->chain_id, "chainId", err) == -1) {
			return -1;
		}
		tx->has_chain_id = 1;
	}
	if (get_u64(&it, &tx->nonce, "nonce", err) == -1) {
		return -1;
	}
	if (tx->type <= ETH_TX_ACCESS_LIST) {
		if (get_u256(&it, &tx->gas_price, "gasPrice", err) == -1) {
			return -1;
		}
	} else if (get_u256(&it, &tx->max_priority_fee,
	    "maxPriorityFeePerGas", err) == -1 ||
	    get_u256(&it, &tx->max_fee, "maxFeePerGas", err) == -1) {
		return -1;
	}
	if (get_u64(&it, &tx->gas, "gasLimit", err) == -1 ||
	    get_to(&it, tx, tx->type <= ETH_TX_DYNAMIC_FEE, err) == -1 ||
	    get_u256(&it, &tx->value, "value", err) == -1 ||
	    get_data(&it, tx, err) == -1) {
		return -1;
	}
	if (typed && get_access(&it, tx, a, err) == -1) {
		return -1;
	}
	if (tx->type == ETH_TX_BLOB &&
	    (get_u256(&it, &tx->max_fee_per_blob_gas, "maxFeePerBlobGas",
	    err) == -1 || get_blob_hashes(&it, tx, a, err) == -1)) {
		return -1;
	}
	if (tx->type == ETH_TX_SET_CODE && get_auths(&it, tx, a, err) == -1) {
		return -1;
	}
	if (get_u256(&it, &tx->v, typed ? "yParity" : "v", err) == -1 ||
	    get_u256(&it, &tx->r, "r", err) == -1 ||
	    get_u256(&it, &tx->s, "s", err) == -1) {
		return -1;
	}
	if (rlp_iter_next(&it, &extra, NULL) != 0) {
		return err_set(err, ERR_INPUT, 0, "tx: too many fields");
	}
	return typed ? 0 : legacy_chain_id(tx, err);
}

int
verify_tx_decode(struct eth_tx *tx, struct arena *a, const uint8_t *raw,
    size_t len, struct err *err)
{
	struct rlp_item top;
	const uint8_t *body = raw;
	size_t blen = len;

	memset(tx, 0, sizeof(*tx));
	if (len == 0) {
		return err_set(err, ERR_INPUT, 0, "tx: empty");
	}
	/* EIP-2718: a first byte >= 0xc0 is a legacy list, <= 0x7f a type */
	if (raw[0] >= 0xc0) {
		tx->type = ETH_TX_LEGACY;
	} else if (raw[0] >= ETH_TX_ACCESS_LIST && raw[0] <= ETH_TX_SET_CODE) {
		tx->type = raw[0];
		body = raw + 1;
		blen = len - 1;
	} else if (raw[0] <= 0x7f) {
		return err_set(err, ERR_INPUT, 0,
		    "tx: type 0x%02x not supported", raw[0]);
	} else {
		return err_set(err, ERR_INPUT, 0,
		    "tx: an RLP string, not a transaction");
	}
	if (rlp_check(&top, body, blen, err) == -1) {
		return err_wrap(err, "tx");
	}
	if (!top.is_list) {
		return err_set(err, ERR_INPUT, 0,
		    "tx: type 0x%02x payload is not a list", tx->type);
	}
	if (decode_fields(tx, a, &top, err) == -1) {
		return -1;
	}
	hash_keccak256(tx->hash.b, raw, len);
	return 0;
}
