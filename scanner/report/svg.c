/*
 * svg.c - the taint graph as SVG for the HTML report: Graphviz's `dot`,
 * when an executable one is on PATH, is run on the report's DOT, and its
 * SVG is cut down to drawing elements before it is inlined. Without dot
 * (or when it fails) the caller falls back to a table.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_int.h"

extern char **environ;

#define SVG_MAX		(64u << 20)	/* bytes of SVG read from dot */
#define SVG_TRANSFERS_MAX 5000		/* more: dot takes too long; table */

struct sbuf {
	char	*b;
	size_t	 len, cap;
	int	 oom;
};

static void
put(struct sbuf *s, const char *p, size_t n)
{
	char *nb;
	size_t ncap;

	if (s->oom) {
		return;
	}
	if (s->len + n + 1 > s->cap) {
		ncap = s->cap == 0 ? 4096 : s->cap;
		while (s->len + n + 1 > ncap) {
			ncap *= 2;
		}
		nb = realloc(s->b, ncap);
		if (nb == NULL) {
			s->oom = 1;
			return;
		}
		s->b = nb;
		s->cap = ncap;
	}
	memcpy(s->b + s->len, p, n);
	s->len += n;
	s->b[s->len] = '\0';
}

static void
puts_(struct sbuf *s, const char *p)
{
	put(s, p, strlen(p));
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Returns: 1 if s[0..n) starts with lit (lower case), ignoring case. */
static int
ci_prefix(const char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; lit[i] != '\0'; i++) {
		if (i >= n || lower((unsigned char)s[i]) != lit[i]) {
			return 0;
		}
	}
	return 1;
}

static int
ci_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && ci_prefix(s, n, lit);
}

/* Returns: 1 if lit occurs in s[0..n), ignoring case. */
static int
ci_contains(const char *s, size_t n, const char *lit)
{
	size_t i, l = strlen(lit);

	for (i = 0; i + l <= n; i++) {
		if (ci_prefix(s + i, n - i, lit)) {
			return 1;
		}
	}
	return 0;
}

static int
name_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.' ||
	    c == '-';
}

static int
space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Returns: the offset of lit in s[from..len), or -1. */
static long
find(const char *s, size_t len, size_t from, const char *lit)
{
	size_t l = strlen(lit), i;

	for (i = from; i + l <= len; i++) {
		if (memcmp(s + i, lit, l) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static int
dropped_element(const char *name, size_t n)
{
	static const char *const names[] = {
		"script", "foreignobject", "style", "iframe", "object",
		"embed", "image", "animate", "animatemotion",
		"animatetransform", "set", "handler", "audio", "video"
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (ci_eq(name, n, names[i])) {
			return 1;
		}
	}
	return 0;
}

static int
dropped_attr(const char *name, size_t n, const char *val, size_t vn)
{
	return ci_prefix(name, n, "on") || ci_eq(name, n, "href") ||
	    (n >= 5 && ci_eq(name + n - 5, 5, ":href")) ||
	    ci_eq(name, n, "src") || ci_eq(name, n, "style") ||
	    ci_prefix(name, n, "xmlns") || ci_contains(val, vn, "javascript:");
}

/*
 * Parse one start tag's attributes from s[*k]; keep the safe ones in out.
 * Returns: 0 (*selfclose set, *k past the '>'); 1 when malformed.
 */
static int
attributes(struct sbuf *out, const char *s, size_t len, size_t *k,
    int *selfclose)
{
	size_t i = *k, name, nlen, val, vlen, j;
	int q;

	for (;;) {
		while (i < len && space((unsigned char)s[i])) {
			i++;
		}
		if (i >= len) {
			return 1;
		}
		if (s[i] == '>') {
			*selfclose = 0;
			*k = i + 1;
			return 0;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '>') {
			*selfclose = 1;
			*k = i + 2;
			return 0;
		}
		name = i;
		while (i < len && name_char((unsigned char)s[i])) {
			i++;
		}
		nlen = i - name;
		if (nlen == 0) {
			return 1;
		}
		while (i < len && space((unsigned char)s[i])) {
			i++;
		}
		val = i;
		vlen = 0;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && space((unsigned char)s[i])) {
				i++;
			}
			if (i >= len || (s[i] != '"' && s[i] != '\'')) {
				return 1;	/* XML values are quoted */
			}
			q = s[i++];
			val = i;
			while (i < len && s[i] != q) {
				if (s[i] == '<') {
					return 1;
				}
				i++;
			}
			if (i >= len) {
				return 1;
			}
			vlen = i - val;
			i++;
		}
		if (dropped_attr(s + name, nlen, s + val, vlen)) {
			continue;
		}
		put(out, " ", 1);
		put(out, s + name, nlen);
		put(out, "=\"", 2);
		for (j = val; j < val + vlen; j++) {
			if (s[j] == '"') {
				puts_(out, "&quot;");
			} else {
				put(out, s + j, 1);
			}
		}
		put(out, "\"", 1);
	}
}

/* Skip a dropped element from its start tag's end to past its end tag.
 * Returns: the offset past it, or -1 when it never ends. */
static long
skip_element(const char *s, size_t len, size_t from, const char *name,
    size_t nlen)
{
	size_t i, j;
	long e;

	for (i = from; i + 2 + nlen <= len; i++) {
		if (s[i] != '<' || s[i + 1] != '/') {
			continue;
		}
		for (j = 0; j < nlen; j++) {
			if (lower((unsigned char)s[i + 2 + j]) !=
			    lower((unsigned char)name[j])) {
				break;
			}
		}
		if (j < nlen || (i + 2 + nlen < len &&
		    name_char((unsigned char)s[i + 2 + nlen]))) {
			continue;
		}
		e = find(s, len, i + 2 + nlen, ">");
		return e < 0 ? -1 : e + 1;
	}
	return -1;
}

int
report_svg_sanitise(char **out, const char *s, size_t len)
{
	struct sbuf o = { NULL, 0, 0, 0 };
	size_t i = 0, j, name, nlen, k;
	long e;
	int closing, selfclose;

	*out = NULL;
	put(&o, "", 0);
	while (i < len) {
		if (s[i] != '<') {
			for (j = i; j < len && s[j] != '<'; j++) {
				if (s[j] == '\0') {
					goto bad;
				}
			}
			put(&o, s + i, j - i);
			i = j;
			continue;
		}
		if (ci_prefix(s + i, len - i, "<!--")) {
			e = find(s, len, i + 4, "-->");
			if (e < 0) {
				goto bad;
			}
			i = (size_t)e + 3;
			continue;
		}
		if (ci_prefix(s + i, len - i, "<![cdata[")) {
			e = find(s, len, i + 9, "]]>");
			if (e < 0) {
				goto bad;
			}
			i = (size_t)e + 3;
			continue;
		}
		if (ci_prefix(s + i, len - i, "<?")) {
			e = find(s, len, i + 2, "?>");
			if (e < 0) {
				goto bad;
			}
			i = (size_t)e + 2;
			continue;
		}
		if (ci_prefix(s + i, len - i, "<!")) {
			/* a doctype; one with an internal subset is refused */
			e = find(s, len, i + 2, ">");
			if (e < 0 ||
			    memchr(s + i, '[', (size_t)e - i) != NULL) {
				goto bad;
			}
			i = (size_t)e + 1;
			continue;
		}
		closing = i + 1 < len && s[i + 1] == '/';
		name = i + 1 + (size_t)closing;
		for (k = name; k < len && name_char((unsigned char)s[k]);
		    k++) {
		}
		nlen = k - name;
		if (nlen == 0) {
			goto bad;
		}
		if (closing) {
			while (k < len && space((unsigned char)s[k])) {
				k++;
			}
			if (k >= len || s[k] != '>') {
				goto bad;
			}
			if (!dropped_element(s + name, nlen)) {
				put(&o, "</", 2);
				put(&o, s + name, nlen);
				put(&o, ">", 1);
			}
			i = k + 1;
			continue;
		}
		if (dropped_element(s + name, nlen)) {
			struct sbuf dummy = { NULL, 0, 0, 0 };
			int rc = attributes(&dummy, s, len, &k, &selfclose);

			free(dummy.b);
			if (rc != 0) {
				goto bad;
			}
			if (!selfclose) {
				e = skip_element(s, len, k, s + name, nlen);
				if (e < 0) {
					goto bad;
				}
				k = (size_t)e;
			}
			i = k;
			continue;
		}
		put(&o, "<", 1);
		put(&o, s + name, nlen);
		if (attributes(&o, s, len, &k, &selfclose) != 0) {
			goto bad;
		}
		puts_(&o, selfclose ? "/>" : ">");
		i = k;
	}
	if (o.oom) {
		free(o.b);
		return -1;
	}
	*out = o.b;
	return 0;
bad:
	free(o.b);
	return o.oom ? -1 : 1;
}

/* An absolute PATH entry holding an executable `dot`. Relative and empty
 * entries (the working directory) are never searched. */
static int
find_dot(char *out, size_t outsz)
{
	const char *path = getenv("PATH"), *p, *e;
	struct stat st;
	int n;

	if (path == NULL) {
		return 0;
	}
	for (p = path;; p = e + 1) {
		e = strchr(p, ':');
		if (e == NULL) {
			e = p + strlen(p);
		}
		if (e > p && p[0] == '/') {
			n = snprintf(out, outsz, "%.*s/dot", (int)(e - p), p);
			if (n > 0 && (size_t)n < outsz && stat(out, &st) == 0 &&
			    S_ISREG(st.st_mode) && access(out, X_OK) == 0) {
				return 1;
			}
		}
		if (*e == '\0') {
			return 0;
		}
	}
}

/* Read fd to its end into s; 1 if it held more than SVG_MAX. */
static int
slurp(struct sbuf *s, int fd)
{
	char buf[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return n < 0;
		}
		if (s->len + (size_t)n > SVG_MAX) {
			return 1;
		}
		put(s, buf, (size_t)n);
	}
}

int
report_svg(struct report_ctx *r, char **svg, struct err *err)
{
	static char arg0[] = "dot", arg1[] = "-Tsvg";
	char *argv[] = { arg0, arg1, NULL };
	char path[4096];
	struct sbuf o = { NULL, 0, 0, 0 };
	posix_spawn_file_actions_t fa;
	FILE *in = NULL;
	int pfd[2] = { -1, -1 }, fa_init = 0, rc = 0, failed, status = 0;
	pid_t pid;
	size_t i, transfers = r->nstopped;

	*svg = NULL;
	for (i = 0; i < r->npaths; i++) {
		transfers += r->paths[i]->nhops;
	}
	if (transfers > SVG_TRANSFERS_MAX || !find_dot(path, sizeof(path))) {
		return 0;
	}
	in = tmpfile();
	if (in == NULL) {
		return 0;
	}
	if (report_render_dot(r, in, err) < 0) {
		rc = -1;
		goto out;
	}
	if (fflush(in) != 0 || ferror(in) || fseek(in, 0, SEEK_SET) != 0 ||
	    pipe(pfd) < 0) {
		goto out;
	}
	if (posix_spawn_file_actions_init(&fa) != 0) {
		goto out;
	}
	fa_init = 1;
	if (posix_spawn_file_actions_adddup2(&fa, fileno(in), 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, pfd[1], 1) != 0 ||
	    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
	    0) != 0 || posix_spawn_file_actions_addclose(&fa, pfd[0]) != 0) {
		goto out;
	}
	if (posix_spawn(&pid, path, &fa, NULL, argv, environ) != 0) {
		goto out;
	}
	close(pfd[1]);
	pfd[1] = -1;
	failed = slurp(&o, pfd[0]);
	close(pfd[0]);		/* a dot still writing gets SIGPIPE */
	pfd[0] = -1;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			failed = 1;
			break;
		}
	}
	if (failed || o.oom || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || o.len == 0) {
		if (o.oom) {
			rc = err_set(err, ERR_SYS, ENOMEM,
			    "cannot write report: %s", strerror(ENOMEM));
		}
		goto out;
	}
	switch (report_svg_sanitise(svg, o.b, o.len)) {
	case 0:
		rc = 1;
		break;
	case -1:
		rc = err_set(err, ERR_SYS, ENOMEM, "cannot write report: %s",
		    strerror(ENOMEM));
		break;
	default:
		break;
	}
out:
	if (fa_init) {
		posix_spawn_file_actions_destroy(&fa);
	}
	if (pfd[0] >= 0) {
		close(pfd[0]);
	}
	if (pfd[1] >= 0) {
		close(pfd[1]);
	}
	if (in != NULL) {
		fclose(in);
	}
	free(o.b);
	return rc;
}
