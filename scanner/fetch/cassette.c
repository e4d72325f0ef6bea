/*
 * cassette.c - recorded JSON-RPC exchanges: canonical text, the recorder
 * and the replay index. See cassette.h and fixtures/cassettes/README.md.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cassette.h"

#ifndef SCANNER_VERSION
#define SCANNER_VERSION "unknown"
#endif

/* Any JSON value; a repeated key is an error, not a guess. */
#define FLAGS	(JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)

struct cassette_rec {
	FILE	*f;
	char	*path;
};

struct entry {
	char	*key;		/* method "\n" canonical params */
	json_t	*reply;
	size_t	 seq;		/* load order, to keep repeats in order */
	size_t	 next;		/* at a group's first entry: answers served */
};

struct cassette {
	struct entry	*e;
	size_t		 n;
	size_t		 cap;
};

char *
cassette_canon(const json_t *j)
{
	return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}

/* The request as it is written and matched: the id is always 1. */
static json_t *
request_obj(const char *method, const json_t *params)
{
	json_t *o, *p;

	if (params != NULL) {
		p = json_incref((json_t *)params);
	} else {
		p = json_array();
	}
	o = json_pack("{s:i, s:s, s:s, s:o}", "id", 1, "jsonrpc", "2.0",
	    "method", method, "params", p);
	return o;
}

char *
cassette_request_text(const char *method, const json_t *params)
{
	json_t *o;
	char *s;

	o = request_obj(method, params);
	if (o == NULL) {
		return NULL;
	}
	s = cassette_canon(o);
	json_decref(o);
	return s;
}

/* Does the integer token t (digits, optional '-') overflow json_int_t? */
static int
int_too_big(const char *t, size_t n)
{
	const char *lim = "9223372036854775807";
	size_t limlen = 19;

	if (n > 0 && t[0] == '-') {
		t++;
		n--;
		lim = "9223372036854775808";
	}
	if (n != limlen) {
		return n > limlen;
	}
	return memcmp(t, lim, n) > 0;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Copy buf with every integer token outside strings that overflows
 * json_int_t put in quotes. Returns: a malloc'd buffer (*outlen bytes).
 */
static char *
quote_big_ints(const char *buf, size_t len, size_t *outlen)
{
	char *out;
	size_t i, j, k, o;
	int in_str, esc;

	/* a quoted token has at least 19 digits and gains 2 characters */
	out = malloc(len + len / 8 + 3);
	if (out == NULL) {
		return NULL;
	}
	in_str = esc = 0;
	for (i = 0, o = 0; i < len;) {
		if (in_str) {
			if (esc) {
				esc = 0;
			} else if (buf[i] == '\\') {
				esc = 1;
			} else if (buf[i] == '"') {
				in_str = 0;
			}
			out[o++] = buf[i++];
			continue;
		}
		if (buf[i] == '"') {
			in_str = 1;
			out[o++] = buf[i++];
			continue;
		}
		if (buf[i] != '-' && !is_digit(buf[i])) {
			out[o++] = buf[i++];
			continue;
		}
		/* a whole JSON number: -? int frac? exp? */
		j = i + 1;
		while (j < len && is_digit(buf[j])) {
			j++;
		}
		k = j;
		while (k < len && (is_digit(buf[k]) || buf[k] == '.' ||
		    buf[k] == 'e' || buf[k] == 'E' || buf[k] == '+' ||
		    buf[k] == '-')) {
			k++;
		}
		if (k == j && int_too_big(buf + i, j - i)) {
			out[o++] = '"';
			memcpy(out + o, buf + i, j - i);
			o += j - i;
			out[o++] = '"';
		} else {
			memcpy(out + o, buf + i, k - i);
			o += k - i;
		}
		i = k;
	}
	*outlen = o;
	return out;
}

json_t *
cassette_loadb(const char *buf, size_t len, json_error_t *jerr)
{
	json_error_t local;
	json_t *j;
	char *q;
	size_t qlen;

	if (jerr == NULL) {
		jerr = &local;
	}
	j = json_loadb(buf, len, FLAGS, jerr);
	if (j != NULL || strstr(jerr->text, "too big") == NULL) {
		return j;
	}
	q = quote_big_ints(buf, len, &qlen);
	if (q == NULL) {
		return NULL;
	}
	j = json_loadb(q, qlen, FLAGS, jerr);
	free(q);
	return j;
}

struct cassette_rec *
cassette_rec_open(const char *dir, const char *name, const char *label,
    struct err *err)
{
	struct cassette_rec *rec;
	struct stat st;
	char when[32];
	time_t now;
	struct tm tm;
	size_t len;

	rec = calloc(1, sizeof(*rec));
	if (rec == NULL) {
		err_set(err, ERR_SYS, errno, "out of memory");
		return NULL;
	}
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		err_set(err, ERR_SYS, errno, "cannot create record directory "
		    "'%s': %s", dir, strerror(errno));
		goto fail;
	}
	len = strlen(dir) + strlen(name) + sizeof(CASSETTE_EXT) + 2;
	rec->path = malloc(len);
	if (rec->path == NULL) {
		err_set(err, ERR_SYS, errno, "out of memory");
		goto fail;
	}
	snprintf(rec->path, len, "%s/%s%s", dir, name, CASSETTE_EXT);
	rec->f = fopen(rec->path, "a");
	if (rec->f == NULL || fstat(fileno(rec->f), &st) != 0) {
		err_set(err, ERR_SYS, errno, "cannot open cassette '%s': %s",
		    rec->path, strerror(errno));
		goto fail;
	}
	if (st.st_size == 0) {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(rec->f, "// recorded by scanner %s from %s, %s\n",
		    SCANNER_VERSION, label, when);
		if (fflush(rec->f) != 0) {
			err_set(err, ERR_SYS, errno, "cannot write cassette "
			    "'%s': %s", rec->path, strerror(errno));
			goto fail;
		}
	}
	return rec;
fail:
	cassette_rec_close(rec);
	return NULL;
}

int
cassette_rec_put(struct cassette_rec *rec, const char *method,
    const json_t *params, const json_t *reply, struct err *err)
{
	json_t *resp, *v;
	char *req_s, *resp_s;
	const char *key;
	int rc;

	rc = -1;
	req_s = resp_s = NULL;
	key = "result";
	v = json_object_get(reply, key);
	if (v == NULL) {
		key = "error";
		v = json_object_get(reply, key);
	}
	resp = json_pack("{s:i, s:s, s:O?}", "id", 1, "jsonrpc", "2.0",
	    key, v);
	req_s = cassette_request_text(method, params);
	if (resp != NULL) {
		resp_s = cassette_canon(resp);
	}
	if (req_s == NULL || resp_s == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	if (fprintf(rec->f, ">> %s\n<< %s\n", req_s, resp_s) < 0 ||
	    fflush(rec->f) != 0) {
		err_set(err, ERR_SYS, errno, "cannot write cassette '%s': %s",
		    rec->path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	json_decref(resp);
	free(req_s);
	free(resp_s);
	return rc;
}

void
cassette_rec_close(struct cassette_rec *rec)
{
	if (rec == NULL) {
		return;
	}
	if (rec->f != NULL) {
		fclose(rec->f);
	}
	free(rec->path);
	free(rec);
}

/* Returns: the match key "method\ncanonical params", or NULL (memory). */
static char *
make_key(const char *method, const json_t *params)
{
	json_t *empty;
	char *p, *k;
	size_t ml, pl;

	empty = NULL;
	if (params == NULL) {
		empty = json_array();
		params = empty;
	}
	p = cassette_canon(params);
	json_decref(empty);
	if (p == NULL) {
		return NULL;
	}
	ml = strlen(method);
	pl = strlen(p);
	k = malloc(ml + pl + 2);
	if (k != NULL) {
		memcpy(k, method, ml);
		k[ml] = '\n';
		memcpy(k + ml + 1, p, pl + 1);
	}
	free(p);
	return k;
}

static int
add_entry(struct cassette *c, char *key, json_t *reply)
{
	struct entry *ne;
	size_t ncap;

	if (c->n == c->cap) {
		ncap = c->cap ? c->cap * 2 : 64;
		ne = realloc(c->e, ncap * sizeof(*ne));
		if (ne == NULL) {
			return -1;
		}
		c->e = ne;
		c->cap = ncap;
	}
	c->e[c->n].key = key;
	c->e[c->n].reply = reply;
	c->e[c->n].seq = c->n;
	c->e[c->n].next = 0;
	c->n++;
	return 0;
}

/* Parse the request half of a pair. Returns: the key, or NULL (why). */
static char *
parse_request(const char *text, size_t len, const char **why)
{
	json_t *req, *m;
	char *key;

	key = NULL;
	req = cassette_loadb(text, len, NULL);
	m = json_object_get(req, "method");
	if (!json_is_string(m)) {
		*why = "request is not a JSON object with a \"method\"";
	} else {
		key = make_key(json_string_value(m),
		    json_object_get(req, "params"));
		if (key == NULL) {
			*why = "out of memory";
		}
	}
	json_decref(req);
	return key;
}

static int
load_file(struct cassette *c, const char *path, struct err *err)
{
	FILE *f;
	char *line, *pending, *key;
	const char *why;
	size_t cap, lineno;
	ssize_t len;
	json_t *reply;
	int rc;

	rc = -1;
	line = pending = NULL;
	cap = 0;
	lineno = 0;
	why = NULL;
	f = fopen(path, "r");
	if (f == NULL) {
		return err_set(err, ERR_INPUT, errno, "cannot open cassette "
		    "'%s': %s", path, strerror(errno));
	}
	for (;;) {
		len = getline(&line, &cap, f);
		if (len < 0) {
			break;
		}
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r')) {
			line[--len] = '\0';
		}
		if (len == 0 || strncmp(line, "//", 2) == 0) {
			continue;
		}
		if (strncmp(line, ">> ", 3) == 0) {
			if (pending != NULL) {
				why = "request without a response";
				goto bad;
			}
			pending = parse_request(line + 3, (size_t)len - 3,
			    &why);
			if (pending == NULL) {
				goto bad;
			}
		} else if (strncmp(line, "<< ", 3) == 0) {
			if (pending == NULL) {
				why = "response without a request";
				goto bad;
			}
			reply = cassette_loadb(line + 3, (size_t)len - 3,
			    NULL);
			if (!json_is_object(reply) ||
			    (json_object_get(reply, "result") == NULL &&
			    json_object_get(reply, "error") == NULL)) {
				json_decref(reply);
				why = "response is not a JSON object with "
				    "\"result\" or \"error\"";
				goto bad;
			}
			key = pending;
			pending = NULL;
			if (add_entry(c, key, reply) != 0) {
				free(key);
				json_decref(reply);
				err_set(err, ERR_SYS, ENOMEM, "out of memory");
				goto out;
			}
		} else {
			why = "line starts with neither '>> ' nor '<< '";
			goto bad;
		}
	}
	if (ferror(f)) {
		err_set(err, ERR_INPUT, errno, "cannot read cassette '%s': %s",
		    path, strerror(errno));
		goto out;
	}
	if (pending != NULL) {
		why = "request without a response";
		goto bad;
	}
	rc = 0;
	goto out;
bad:
	err_set(err, ERR_INPUT, 0, "%s:%zu: %s", path, lineno, why);
out:
	free(pending);
	free(line);
	fclose(f);
	return rc;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	c = strcmp(x->key, y->key);
	if (c != 0) {
		return c;
	}
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_cassette_name(const char *name)
{
	size_t n, e;

	n = strlen(name);
	e = strlen(CASSETTE_EXT);
	return name[0] != '.' && n > e &&
	    strcmp(name + n - e, CASSETTE_EXT) == 0;
}

struct cassette *
cassette_load(const char *dir, struct err *err)
{
	struct cassette *c;
	DIR *d;
	struct dirent *de;
	char **names, **nn, *path;
	size_t n, cap, i, len;
	int ok;

	ok = 0;
	names = NULL;
	n = cap = 0;
	c = calloc(1, sizeof(*c));
	d = opendir(dir);
	if (c == NULL) {
		err_set(err, ERR_SYS, errno, "out of memory");
		goto out;
	}
	if (d == NULL) {
		err_set(err, ERR_INPUT, errno, "cannot open replay directory "
		    "'%s': %s", dir, strerror(errno));
		goto out;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			break;
		}
		if (!is_cassette_name(de->d_name)) {
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nn = realloc(names, cap * sizeof(*nn));
			if (nn == NULL) {
				err_set(err, ERR_SYS, errno, "out of memory");
				goto out;
			}
			names = nn;
		}
		len = strlen(dir) + strlen(de->d_name) + 2;
		path = malloc(len);
		if (path == NULL) {
			err_set(err, ERR_SYS, errno, "out of memory");
			goto out;
		}
		snprintf(path, len, "%s/%s", dir, de->d_name);
		names[n++] = path;
	}
	if (n == 0) {
		err_set(err, ERR_INPUT, 0, "no cassettes (*%s) in replay "
		    "directory '%s'", CASSETTE_EXT, dir);
		goto out;
	}
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		if (load_file(c, names[i], err) != 0) {
			goto out;
		}
	}
	if (c->n > 0) {
		qsort(c->e, c->n, sizeof(*c->e), entry_cmp);
	}
	ok = 1;
out:
	for (i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
	if (d != NULL) {
		closedir(d);
	}
	if (!ok) {
		cassette_free(c);
		c = NULL;
	}
	return c;
}

int
cassette_find(struct cassette *c, const char *method, const json_t *params,
    json_t **reply, struct err *err)
{
	char *key;
	size_t lo, hi, mid, end, pick;

	*reply = NULL;
	key = make_key(method, params);
	if (key == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	lo = 0;
	hi = c->n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(c->e[mid].key, key) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (lo == c->n || strcmp(c->e[lo].key, key) != 0) {
		free(key);
		return 0;
	}
	end = lo + 1;
	while (end < c->n && strcmp(c->e[end].key, key) == 0) {
		end++;
	}
	free(key);
	pick = lo + c->e[lo].next;
	if (pick >= end) {
		pick = end - 1;
	} else {
		c->e[lo].next++;
	}
	*reply = json_deep_copy(c->e[pick].reply);
	if (*reply == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	return 1;
}

size_t
cassette_count(const struct cassette *c)
{
	return c != NULL ? c->n : 0;
}

void
cassette_free(struct cassette *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->n; i++) {
		free(c->e[i].key);
		json_decref(c->e[i].reply);
	}
	free(c->e);
	free(c);
}
