/*
 * deliver.c - alerts out of the outbox: to the caller's sink (stdout),
 * flushed, then marked printed; to the webhook, one POST each, marked
 * posted after its 2xx. A kill between the two steps delivers again on
 * the next run (at least once; the ids are stable).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "monitor_int.h"

#define OUTBOX_CHUNK	64

struct outbox {
	unsigned		 mask;
	uint64_t		 after;
	struct store_alert	*v;
	size_t			 n;
};

static int
outbox_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct outbox *ob = ctx;

	return store_mon_outbox(m, ob->mask, ob->after, ob->v, OUTBOX_CHUNK,
	    &ob->n, err);
}

struct mark {
	const struct store_alert	*v;
	size_t				 n;
	unsigned			 channel;
};

static int
mark_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct mark *mk = ctx;
	size_t i;

	for (i = 0; i < mk->n; i++) {
		if (store_mon_alert_delivered(m, mk->v[i].id, mk->channel,
		    err) == -1) {
			return -1;
		}
	}
	return 0;
}

static int
deliver_stdout(struct mon_run *R, struct store_alert *buf, struct err *err)
{
	const struct monitor_sink *sk = &R->o->sink;
	struct outbox ob;
	struct mark mk;
	char *json;
	size_t i;
	int r;

	memset(&ob, 0, sizeof(ob));
	ob.mask = STORE_CH_STDOUT;
	ob.v = buf;
	for (;;) {
		if (store_mon_read(R->o->st, outbox_txn, &ob, err) == -1) {
			return -1;
		}
		if (ob.n == 0) {
			return 0;
		}
		for (i = 0; i < ob.n; i++) {
			if (monitor_alert_json(&ob.v[i], &json, err) == -1) {
				return -1;
			}
			r = sk->emit != NULL ? sk->emit(sk->ctx, &ob.v[i], json,
			    err) : 0;
			free(json);
			if (r == -1) {
				return -1;
			}
		}
		if (sk->flush != NULL && sk->flush(sk->ctx, err) == -1) {
			return -1;
		}
		mon_crash_point("printed");
		mk.v = ob.v;
		mk.n = ob.n;
		mk.channel = STORE_CH_STDOUT;
		if (store_mon_write(R->o->st, mark_txn, &mk, err) == -1) {
			return -1;
		}
		mon_crash_point("delivered");
		R->sum->emitted += ob.n;
		ob.after = ob.v[ob.n - 1].seq;
	}
}

static int
deliver_webhook(struct mon_run *R, struct store_alert *buf, struct err *err)
{
	const char *hdr[3];
	char auth[600], idh[96], kindh[64], *json;
	struct outbox ob;
	struct mark mk;
	struct err e;
	size_t i, nh;
	int r;

	if (R->http == NULL || R->webhook_down) {
		return 0;
	}
	memset(&ob, 0, sizeof(ob));
	ob.mask = STORE_CH_WEBHOOK;
	ob.v = buf;
	for (;;) {
		if (store_mon_read(R->o->st, outbox_txn, &ob, err) == -1) {
			return -1;
		}
		if (ob.n == 0) {
			return 0;
		}
		for (i = 0; i < ob.n; i++) {
			if (monitor_alert_json(&ob.v[i], &json, err) == -1) {
				return -1;
			}
			nh = 0;
			snprintf(idh, sizeof(idh), "X-Scanner-Alert-Id: ");
			hex_encode(idh + strlen(idh), ob.v[i].id, 32);
			hdr[nh++] = idh;
			snprintf(kindh, sizeof(kindh),
			    "X-Scanner-Alert-Kind: %s",
			    monitor_kind_name(ob.v[i].kind));
			hdr[nh++] = kindh;
			if (R->o->webhook_secret != NULL) {
				snprintf(auth, sizeof(auth),
				    "Authorization: Bearer %s",
				    R->o->webhook_secret);
				hdr[nh++] = auth;
			}
			memset(&e, 0, sizeof(e));
			r = http_post(R->http, R->o->webhook,
			    "application/json", hdr, nh, json, strlen(json),
			    NULL, &e);
			free(json);
			/* the secret leaves this stack frame in no copy */
			memset(auth, 0, sizeof(auth));
			if (r == -1) {
				R->webhook_down = 1;
				R->sum->webhook_failed = 1;
				R->sum->webhook_err = e;
				return 0;
			}
			mon_crash_point("posted");
			mk.v = &ob.v[i];
			mk.n = 1;
			mk.channel = STORE_CH_WEBHOOK;
			if (store_mon_write(R->o->st, mark_txn, &mk, err) ==
			    -1) {
				return -1;
			}
			mon_crash_point("delivered");
			R->sum->posted++;
		}
		ob.after = ob.v[ob.n - 1].seq;
	}
}

int
mon_deliver(struct mon_run *R, struct err *err)
{
	struct store_alert *buf;
	int r;

	buf = calloc(OUTBOX_CHUNK, sizeof(*buf));
	if (buf == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	r = deliver_stdout(R, buf, err);
	if (r == 0) {
		r = deliver_webhook(R, buf, err);
	}
	free(buf);
	return r;
}
