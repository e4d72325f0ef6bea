/*
 * store.c - the LMDB environment of a scanner database: opening it (and
 * checking that it is ours), the map that grows when a write fills it,
 * the meta database and the transaction plumbing the other store files use.
 *
 * The map starts at 8 MiB; the environment variable SCANNER_MAPSIZE (bytes,
 * optional k/m/g suffix, at least 32k) sets another start, which the tests
 * use to make a write outgrow the map. A database that is already larger
 * keeps its size. On MDB_MAP_FULL the transaction is aborted, the map
 * doubled and the transaction redone from its inputs.
 *
 * A store is used by one thread at a time. The map cannot move while a
 * read transaction of this process is open (LMDB would unmap the pages its
 * values point into), so a write that fills the map while a reader is open
 * fails instead of growing.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

#define MAP_DEFAULT	((size_t)8 << 20)
#define MAP_MIN		((size_t)32 << 10)
/* Beyond this a full map is an error, not a reason to grow again. */
#define MAP_MAX		((SIZE_MAX >> 1) < ((size_t)1 << 40) ? \
			    (SIZE_MAX >> 1) : ((size_t)1 << 40))
#define MAXDBS		32

static const struct {
	const char	*name;
	unsigned	 flags;
} dbs[] = {
	[STORE_DB_META] = { "meta", 0 },
	[STORE_DB_WL_ADDR] = { "wl_addr", 0 },
	[STORE_DB_WL_SRC] = { "wl_src", 0 },
	[STORE_DB_WL_SRC_ADDR] = { "wl_src_addr", MDB_DUPSORT },
	[STORE_DB_BLK] = { "blk", 0 },
	[STORE_DB_BLK_HASH] = { "blk_hash", 0 },
	[STORE_DB_RCPT] = { "rcpt", 0 },
	[STORE_DB_TRC] = { "trc", 0 },
	[STORE_DB_ADDR_IDX] = { "addr_idx", MDB_DUPSORT | MDB_DUPFIXED },
	[STORE_DB_MON_STATE] = { "mon_state", 0 },
	[STORE_DB_MON_BLK] = { "mon_blk", 0 },
	[STORE_DB_MON_TAINT] = { "mon_taint", 0 },
	[STORE_DB_MON_TAINT_BLK] = { "mon_taint_blk",
	    MDB_DUPSORT | MDB_DUPFIXED },
	[STORE_DB_MON_SEED] = { "mon_seed", 0 },
	[STORE_DB_MON_ALERT] = { "mon_alert", 0 },
	[STORE_DB_MON_ALERT_BLK] = { "mon_alert_blk",
	    MDB_DUPSORT | MDB_DUPFIXED },
	[STORE_DB_MON_OUTBOX] = { "mon_outbox", 0 },
};

_Static_assert(sizeof(dbs) / sizeof(dbs[0]) == STORE_DB_COUNT,
    "one dbs[] entry per enum store_db");
_Static_assert(STORE_DB_COUNT < MAXDBS, "raise MAXDBS");

int
store_mdb_err(const struct store *st, struct err *err, int rc,
    const char *what)
{
	return err_set(err, ERR_STORE, rc, "cannot %s database '%s': %s",
	    what, st->dir, mdb_strerror(rc));
}

/*
 * The map size to start with.
 * Returns: 0; -1 if SCANNER_MAPSIZE is set to something unusable.
 */
static int
initial_map_size(size_t *out, struct err *err)
{
	const char *s;
	char *end;
	unsigned long long v;
	unsigned shift;
	long pg;

	*out = MAP_DEFAULT;
	s = getenv("SCANNER_MAPSIZE");
	if (s == NULL || *s == '\0') {
		return 0;
	}
	errno = 0;
	v = strtoull(s, &end, 10);
	shift = 0;
	if (*end == 'k' || *end == 'K') {
		shift = 10;
	} else if (*end == 'm' || *end == 'M') {
		shift = 20;
	} else if (*end == 'g' || *end == 'G') {
		shift = 30;
	}
	if (shift != 0) {
		end++;
	}
	if (errno != 0 || end == s || *end != '\0' || s[0] == '-' ||
	    v > (unsigned long long)(MAP_MAX >> shift) ||
	    (size_t)(v << shift) < MAP_MIN) {
		return err_set(err, ERR_USAGE, 0,
		    "invalid SCANNER_MAPSIZE '%s': want bytes (k, m, g) "
		    "from 32k", s);
	}
	*out = (size_t)(v << shift);
	pg = sysconf(_SC_PAGESIZE);
	if (pg > 0 && *out % (size_t)pg != 0) {
		*out += (size_t)pg - *out % (size_t)pg;
	}
	return 0;
}

/*
 * mkdir -p with mode 0700 for the directories it makes.
 * Returns: 0; -1 with errno set.
 */
static int
mkdirs(const char *dir)
{
	char *p, *s, c;
	struct stat sb;
	int rc;

	if (*dir == '\0') {
		errno = ENOENT;
		return -1;
	}
	s = strdup(dir);
	if (s == NULL) {
		return -1;
	}
	rc = -1;
	for (p = s + 1;; p++) {
		if (*p != '/' && *p != '\0') {
			continue;
		}
		if (*p == '/' && p[-1] == '/') {
			continue;
		}
		c = *p;
		*p = '\0';
		if (mkdir(s, 0700) == -1 && errno != EEXIST) {
			goto out;
		}
		*p = c;
		if (c == '\0') {
			break;
		}
	}
	if (stat(dir, &sb) == -1) {
		goto out;
	}
	if (!S_ISDIR(sb.st_mode)) {
		errno = ENOTDIR;
		goto out;
	}
	rc = 0;
out:
	free(s);
	return rc;
}

static int
not_ours(const struct store *st, struct err *err, const char *why)
{
	return err_set(err, ERR_STORE, 0,
	    "'%s' is not a scanner database: %s", st->dir, why);
}

/*
 * Check the format marker and open every named database; on a fresh
 * environment (no named database, empty main database) write the marker.
 * Runs in a write transaction, or a read one for STORE_RDONLY.
 */
static int
init_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct store *st = ctx;
	int rdonly = (st->flags & STORE_RDONLY) != 0;
	MDB_dbi dbi, maindbi;
	MDB_stat ms;
	MDB_val k, v;
	size_t i;
	int rc;

	st->present = 0;
	rc = mdb_dbi_open(txn, dbs[STORE_DB_META].name, 0, &dbi);
	if (rc == MDB_NOTFOUND) {
		rc = mdb_dbi_open(txn, NULL, 0, &maindbi);
		if (rc == 0) {
			rc = mdb_stat(txn, maindbi, &ms);
		}
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "read");
		}
		if (ms.ms_entries != 0) {
			return not_ours(st, err, "it holds other data");
		}
		if (rdonly) {
			return not_ours(st, err, "it is empty");
		}
		rc = mdb_dbi_open(txn, dbs[STORE_DB_META].name, MDB_CREATE,
		    &dbi);
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "create");
		}
		k.mv_data = (void *)"format";
		k.mv_size = strlen("format");
		v.mv_data = (void *)STORE_FORMAT;
		v.mv_size = strlen(STORE_FORMAT);
		rc = mdb_put(txn, dbi, &k, &v, 0);
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "create");
		}
	} else if (rc == MDB_INCOMPATIBLE) {
		return not_ours(st, err, "its 'meta' is no database");
	} else if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	} else {
		k.mv_data = (void *)"format";
		k.mv_size = strlen("format");
		rc = mdb_get(txn, dbi, &k, &v);
		if (rc == MDB_NOTFOUND) {
			return not_ours(st, err, "no format marker");
		}
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "read");
		}
		if (v.mv_size != strlen(STORE_FORMAT) ||
		    memcmp(v.mv_data, STORE_FORMAT, v.mv_size) != 0) {
			return not_ours(st, err, "unknown format (want "
			    STORE_FORMAT ")");
		}
	}
	st->dbi[STORE_DB_META] = dbi;
	st->present |= 1u << STORE_DB_META;
	for (i = 0; i < STORE_DB_COUNT; i++) {
		if (i == STORE_DB_META) {
			continue;
		}
		rc = mdb_dbi_open(txn, dbs[i].name,
		    dbs[i].flags | (rdonly ? 0 : MDB_CREATE), &st->dbi[i]);
		if (rc == MDB_NOTFOUND && rdonly) {
			continue;
		}
		if (rc == MDB_INCOMPATIBLE) {
			return not_ours(st, err, "a database has other flags");
		}
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "open");
		}
		st->present |= 1u << i;
	}
	return 0;
}

/* After another process grew the map: take its size (no txn open here). */
static int
adopt_map(struct store *st, struct err *err)
{
	int rc;

	if (st->readers > 0) {
		return err_set(err, ERR_STORE, MDB_MAP_RESIZED,
		    "cannot read database '%s': another process grew it "
		    "while a reader is open here", st->dir);
	}
	rc = mdb_env_set_mapsize(st->env, 0);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "resize");
	}
	return 0;
}

/* Double the map after MDB_MAP_FULL (no txn open here). */
static int
grow_map(struct store *st, struct err *err)
{
	size_t cur;
	int rc;

	cur = store_map_size(st);
	if (st->readers > 0) {
		return err_set(err, ERR_STORE, MDB_MAP_FULL,
		    "cannot update database '%s': the map is full and cannot "
		    "grow while a reader is open", st->dir);
	}
	if (cur == 0 || cur >= MAP_MAX) {
		return store_mdb_err(st, err, MDB_MAP_FULL, "update");
	}
	rc = mdb_env_set_mapsize(st->env, cur > MAP_MAX / 2 ? MAP_MAX :
	    cur * 2);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "resize");
	}
	return 0;
}

int
store_txn_write(struct store *st, store_txn_fn fn, void *ctx,
    struct err *err)
{
	struct err e;
	MDB_txn *txn;
	int rc, r;

	for (;;) {
		memset(&e, 0, sizeof(e));
		rc = mdb_txn_begin(st->env, NULL, 0, &txn);
		if (rc == MDB_MAP_RESIZED) {
			if (adopt_map(st, &e) == -1) {
				break;
			}
			continue;
		}
		if (rc != 0) {
			store_mdb_err(st, &e, rc, "update");
			break;
		}
		r = fn(txn, ctx, &e);
		if (r < 0) {
			mdb_txn_abort(txn);
		} else {
			rc = mdb_txn_commit(txn);
			if (rc == 0) {
				return r;
			}
			store_mdb_err(st, &e, rc, "update");
		}
		if (e.code != ERR_STORE || e.sys != MDB_MAP_FULL) {
			break;
		}
		if (grow_map(st, &e) == -1) {
			break;
		}
	}
	if (err != NULL) {
		*err = e;
	}
	return -1;
}

int
store_txn_read(struct store *st, MDB_txn **txn, struct err *err)
{
	int rc;

	for (;;) {
		rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, txn);
		if (rc != MDB_MAP_RESIZED) {
			break;
		}
		if (adopt_map(st, err) == -1) {
			*txn = NULL;
			return -1;
		}
	}
	if (rc != 0) {
		*txn = NULL;
		return store_mdb_err(st, err, rc, "read");
	}
	st->readers++;
	return 0;
}

void
store_txn_read_end(struct store *st, MDB_txn *txn)
{
	if (txn == NULL) {
		return;
	}
	mdb_txn_abort(txn);
	assert(st->readers > 0);
	st->readers--;
}

int
store_open(struct store **out, const char *dir, unsigned flags,
    struct err *err)
{
	struct store *st;
	MDB_envinfo info;
	MDB_txn *txn;
	size_t want;
	int rc, ret;

	*out = NULL;
	ret = -1;
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	st->flags = flags;
	st->dir = strdup(dir);
	if (st->dir == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	if (initial_map_size(&want, err) == -1) {
		goto out;
	}
	if (!(flags & STORE_RDONLY) && mkdirs(dir) == -1) {
		err_set(err, ERR_STORE, errno, "cannot open database '%s': %s",
		    dir, strerror(errno));
		goto out;
	}
	rc = mdb_env_create(&st->env);
	if (rc == 0) {
		rc = mdb_env_set_maxdbs(st->env, MAXDBS);
	}
	if (rc != 0) {
		store_mdb_err(st, err, rc, "open");
		goto out;
	}
	/* No size before open: an existing file keeps its own. */
	rc = mdb_env_open(st->env, dir, MDB_NOTLS |
	    (flags & STORE_RDONLY ? MDB_RDONLY : 0), 0600);
	if (rc == MDB_INVALID || rc == MDB_VERSION_MISMATCH) {
		not_ours(st, err, mdb_strerror(rc));
		goto out;
	}
	if (rc != 0) {
		store_mdb_err(st, err, rc, "open");
		goto out;
	}
	if (!(flags & STORE_RDONLY)) {
		rc = mdb_env_info(st->env, &info);
		if (rc != 0) {
			store_mdb_err(st, err, rc, "open");
			goto out;
		}
		/* Pages 0 and 1 are the meta pages: nothing written yet. */
		if (info.me_last_pgno > 1 && info.me_mapsize > want) {
			want = info.me_mapsize;
		}
		if (want != info.me_mapsize) {
			rc = mdb_env_set_mapsize(st->env, want);
			if (rc != 0) {
				store_mdb_err(st, err, rc, "open");
				goto out;
			}
		}
		if (store_txn_write(st, init_txn, st, err) == -1) {
			goto out;
		}
	} else {
		if (store_txn_read(st, &txn, err) == -1) {
			goto out;
		}
		if (init_txn(txn, st, err) == -1) {
			store_txn_read_end(st, txn);
			goto out;
		}
		/* Commit, not abort, keeps the handles opened in it. */
		rc = mdb_txn_commit(txn);
		st->readers--;
		if (rc != 0) {
			store_mdb_err(st, err, rc, "open");
			goto out;
		}
	}
	*out = st;
	st = NULL;
	ret = 0;
out:
	store_close(st);
	return ret;
}

void
store_close(struct store *st)
{
	if (st == NULL) {
		return;
	}
	assert(st->readers == 0);
	if (st->env != NULL) {
		mdb_env_close(st->env);
	}
	free(st->dir);
	free(st);
}

size_t
store_map_size(const struct store *st)
{
	MDB_envinfo info;

	if (mdb_env_info(st->env, &info) != 0) {
		return 0;
	}
	return info.me_mapsize;
}

static int
meta_key(const struct store *st, MDB_val *k, const char *key,
    struct err *err)
{
	size_t n;

	n = strlen(key);
	if (n == 0 || n > (size_t)mdb_env_get_maxkeysize(st->env)) {
		return err_set(err, ERR_STORE, 0,
		    "invalid meta key of %zu bytes", n);
	}
	k->mv_data = (void *)key;
	k->mv_size = n;
	return 0;
}

/*
 * *len is set to the bytes copied (at most cap), so buf[*len] is in
 * bounds whenever cap < sizeof(buf).
 */
int
store_meta_get(struct store *st, const char *key, void *buf, size_t cap,
    size_t *len, struct err *err)
{
	MDB_txn *txn;
	MDB_val k, v;
	size_t n;
	int rc;

	if (len != NULL) {
		*len = 0;
	}
	if (meta_key(st, &k, key, err) == -1) {
		return -1;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	rc = mdb_get(txn, st->dbi[STORE_DB_META], &k, &v);
	if (rc == 0) {
		n = v.mv_size < cap ? v.mv_size : cap;
		if (n > 0) {
			memcpy(buf, v.mv_data, n);
		}
		if (len != NULL) {
			*len = n;
		}
	}
	store_txn_read_end(st, txn);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	return 1;
}

struct meta_put {
	struct store	*st;
	MDB_val		 k, v;
};

static int
meta_put_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct meta_put *mp = ctx;
	MDB_val v;
	int rc;

	v = mp->v;
	rc = mdb_put(txn, mp->st->dbi[STORE_DB_META], &mp->k, &v, 0);
	if (rc != 0) {
		return store_mdb_err(mp->st, err, rc, "update");
	}
	return 0;
}

int
store_meta_put(struct store *st, const char *key, const void *val,
    size_t len, struct err *err)
{
	struct meta_put mp;

	mp.st = st;
	if (meta_key(st, &mp.k, key, err) == -1) {
		return -1;
	}
	mp.v.mv_data = (void *)val;
	mp.v.mv_size = len;
	return store_txn_write(st, meta_put_txn, &mp, err);
}
