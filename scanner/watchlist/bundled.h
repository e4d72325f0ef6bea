/*
 * bundled.h - the lists of watchlists/ compiled into the binary, so a new
 * database is loaded on first use with no setup step and no path to find.
 * Generated at build time by watchlists/embed.py.
 */
#ifndef SCANNER_BUNDLED_H
#define SCANNER_BUNDLED_H

#include <stddef.h>

struct wl_bundled {
	const char	*source;	/* source name: the file's stem */
	const char	*file;		/* e.g. "watchlists/ofac-sdn.csv" */
	const char	*data;		/* the CSV text, NUL-terminated */
	size_t		 len;
};

extern const struct wl_bundled	wl_bundled[];
extern const size_t		wl_bundled_count;

#endif
