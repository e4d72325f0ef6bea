/*
 * alert.c - an alert's stable id and its scanner.alert/1 JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "addr.h"
#include "date.h"
#include "hash.h"
#include "hex.h"
#include "monitor.h"
#include "trace.h"
#include "u256.h"
#include "wl.h"

static const char id_domain[] = "scanner.alert/1";

void
monitor_alert_id(uint8_t id[32], uint8_t kind,
    const struct eth_hash *block_hash, const struct eth_hash *tx,
    uint32_t order, const struct eth_addr *address)
{
	struct hash_keccak k;
	uint8_t b[4];

	hash_keccak_init(&k);
	/* the terminating NUL separates the domain from the fields */
	hash_keccak_update(&k, id_domain, sizeof(id_domain));
	hash_keccak_update(&k, &kind, 1);
	hash_keccak_update(&k, block_hash->b, 32);
	hash_keccak_update(&k, tx->b, 32);
	b[0] = (uint8_t)(order >> 24);
	b[1] = (uint8_t)(order >> 16);
	b[2] = (uint8_t)(order >> 8);
	b[3] = (uint8_t)order;
	hash_keccak_update(&k, b, 4);
	hash_keccak_update(&k, address->b, 20);
	hash_keccak_final(&k, id);
}

const char *
monitor_kind_name(int kind)
{
	switch (kind) {
	case STORE_ALERT_WATCHLIST:
		return "watchlist";
	case STORE_ALERT_EXPOSURE:
		return "exposure";
	case STORE_ALERT_TAINT:
		return "taint";
	case STORE_ALERT_REORG:
		return "reorg";
	default:
		return "unknown";
	}
}

static json_t *
hex0x(const uint8_t *b, size_t n)
{
	char s[2 + 64 + 1];

	s[0] = '0';
	s[1] = 'x';
	hex_encode(s + 2, b, n);
	return json_string(s);
}

static json_t *
eth_addr_json(const struct eth_addr *a)
{
	char s[43];

	addr_eth_checksum(s, a->b);
	return json_string(s);
}

static json_t *
date_json(int32_t d)
{
	char s[11];

	if (d == DATE_NONE) {
		return json_null();
	}
	date_format(s, d);
	return json_string(s);
}

/* Labels and sources are attacker-controlled bytes: keep valid UTF-8. */
static json_t *
text_json(const char *s)
{
	json_t *j;
	char *c;
	size_t i, n;

	j = json_string(s);
	if (j != NULL) {
		return j;
	}
	n = strlen(s);
	c = malloc(n + 1);
	if (c == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		c[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
	}
	c[n] = '\0';
	j = json_string(c);
	free(c);
	return j;
}

static json_t *
listings_json(const struct store_alert *a)
{
	struct store_listing l;
	json_t *arr, *o;
	int32_t day;
	size_t i;

	arr = json_array();
	day = date_from_unix((int64_t)a->timestamp);
	for (i = 0; arr != NULL && i < a->nlistings; i++) {
		const struct store_alert_listing *al = &a->listings[i];

		memset(&l, 0, sizeof(l));
		l.listed_on = al->listed_on;
		l.delisted_on = al->delisted_on;
		o = json_pack("{s:o,s:s,s:o,s:o,s:o,s:b}",
		    "source", text_json(al->source),
		    "category", wl_category_name(al->category),
		    "label", text_json(al->label),
		    "listed_on", date_json(al->listed_on),
		    "delisted_on", date_json(al->delisted_on),
		    "active", wl_listing_active(&l, day));
		if (o == NULL || json_array_append_new(arr, o) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static json_t *
reorg_json(const struct store_alert *a, char *id)
{
	json_t *ids;
	size_t i;

	ids = json_array();
	for (i = 0; ids != NULL && i < a->nretracts &&
	    i < STORE_ALERT_RETRACT; i++) {
		char h[65];

		hex_encode(h, a->retracts[i], 32);
		if (json_array_append_new(ids, json_string(h)) == -1) {
			json_decref(ids);
			return NULL;
		}
	}
	if (ids == NULL) {
		return NULL;
	}
	return json_pack("{s:s,s:s,s:s,s:I,s:o,s:n,s:n,s:n,s:n,s:n,s:n,"
	    "s:[],s:i,s:I,s:o}",
	    "schema", "scanner.alert/1", "id", id, "kind", "reorg",
	    "block", (json_int_t)a->block,
	    "block_hash", hex0x(a->block_hash.b, 32),
	    "tx", "from", "to", "asset", "amount_raw", "address",
	    "listings",
	    "depth", (int)a->reorg_depth,
	    "retracted", (json_int_t)a->nretracts,
	    "retracts", ids);
}

int
monitor_alert_json(const struct store_alert *a, char **out,
    struct err *err)
{
	json_t *o = NULL, *ls;
	char id[65], amt[U256_DEC_MAX], units[U256_DEC_MAX + 2];
	int eth, ret = -1;
	struct eth_addr zero;

	*out = NULL;
	hex_encode(id, a->id, 32);
	if (a->kind == STORE_ALERT_REORG) {
		o = reorg_json(a, id);
		goto render;
	}
	memset(&zero, 0, sizeof(zero));
	eth = memcmp(a->asset.b, zero.b, 20) == 0;
	u256_to_dec(amt, &a->amount);
	ls = listings_json(a);
	if (ls == NULL) {
		goto render;
	}
	o = json_pack("{s:s,s:s,s:s,s:I,s:o,s:I,s:o,s:i,s:s,s:o,s:o,s:o,"
	    "s:s,s:o,s:o,s:o}",
	    "schema", "scanner.alert/1", "id", id,
	    "kind", monitor_kind_name(a->kind),
	    "block", (json_int_t)a->block,
	    "block_hash", hex0x(a->block_hash.b, 32),
	    "timestamp", (json_int_t)a->timestamp,
	    "tx", hex0x(a->tx.b, 32),
	    "tx_index", (int)a->tx_index,
	    "transfer", trace_kind_name(a->transfer_kind),
	    "from", eth_addr_json(&a->from),
	    "to", eth_addr_json(&a->to),
	    "asset", eth ? json_string("ETH") : eth_addr_json(&a->asset),
	    "amount_raw", amt,
	    "address", eth_addr_json(&a->address),
	    "counterparty", eth_addr_json(&a->counterparty),
	    "listings", ls);
	if (o == NULL) {
		goto render;
	}
	if (eth) {
		u256_to_units(units, &a->amount, 18);
		json_object_set_new(o, "amount", json_string(units));
	}
	if (a->kind != STORE_ALERT_WATCHLIST) {
		json_object_set_new(o, "hops", json_integer(a->hops));
		json_object_set_new(o, "origin", eth_addr_json(&a->origin));
	}
	if (a->kind == STORE_ALERT_EXPOSURE) {
		json_object_set_new(o, "via", json_string(a->via == 0 ? "hit" :
		    a->via == STORE_TAINT_FOLLOW ? "follow" : "hit-taint"));
	}
render:
	if (o != NULL) {
		*out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	}
	if (*out == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
	} else {
		ret = 0;
	}
	json_decref(o);
	return ret;
}
