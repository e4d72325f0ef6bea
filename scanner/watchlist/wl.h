/*
 * wl.h - watchlists: the listing model (sources, categories, dates), the
 * importers (CSV, one address a line, OFAC's sdn_advanced.xml), the bundled
 * lists and point-in-time screening. Parses everything into memory before
 * one store transaction, so a bad row changes nothing. Never prints: warnings
 * go to the caller's callback.
 */
#ifndef SCANNER_WL_H
#define SCANNER_WL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../base/addr.h"
#include "../base/err.h"
#include "../store/store.h"

/* Categories (DESIGN.md "Listings"); values are stored, never renumber. */
enum wl_category {
	WL_MIXER = 1,
	WL_SANCTIONED = 2,
	WL_HEIST = 3,
	WL_CUSTOM = 4,
	WL_EXCHANGE = 5,	/* label only; ends a trace as a cash-out */
	WL_SERVICE = 6,		/* label only; ends a trace as a cash-out */
	WL_OWN = 7		/* label only; the user's own addresses */
};

/* Returns: "mixer", "sanctioned", ...; "unknown" for other values. */
const char *wl_category_name(int cat);
/* Returns: the category named by s (exact lower-case name), or -1. */
int	wl_category_parse(const char *s, size_t n);
/* Returns: 1 for mixer, sanctioned, heist, custom; 0 otherwise. */
int	wl_category_is_hit(int cat);
/* Returns: 1 if l is active on day: listed_on <= day < delisted_on. */
int	wl_listing_active(const struct store_listing *l, int32_t day);

enum wl_format {
	WL_FORMAT_AUTO = 0,
	WL_FORMAT_CSV,
	WL_FORMAT_LINES,
	WL_FORMAT_OFAC_XML
};

/* Returns: the format named s ("auto", "csv", "lines", "ofac-xml"), or -1. */
int	wl_format_parse(const char *s);

/* Called for each non-fatal finding (an OFAC entry kept verbatim, ...). */
typedef void (*wl_warn_fn)(void *ctx, const char *msg);

struct wl_import_opts {
	const char	*source;	/* NULL: ofac-sdn for ofac-xml, else the
					   first file's base name sans suffix */
	enum wl_format	 format;
	int		 category;	/* -1: per row, else custom (csv/lines);
					   sanctioned for ofac-xml */
	wl_warn_fn	 warn;
	void		*warn_ctx;
};

struct wl_import_result {
	char		 source[STORE_NAME_MAX];
	enum wl_format	 format;
	size_t		 rows;		/* entries read from the files */
	size_t		 addresses;	/* distinct addresses now listed */
	size_t		 listings;
	size_t		 warnings;
	size_t		 delisted;	/* ofac-xml: addresses gone from this
					   issue, kept with delisted_on */
	int32_t		 issued;	/* ofac-xml: DateOfIssue */
};

/*
 * Import files as one source (replacing what that source held) in one
 * write transaction. A user's bad row aborts everything with
 * "FILE:LINE: reason" (ERR_INPUT) and the database as it was. For
 * ofac-xml, addresses the previous issue had and this one lacks keep their
 * listing with delisted_on = this date; new ones get listed_on =
 * this date when an earlier issue was imported.
 * Returns: 0; -1 with err.
 */
int	wl_import(struct store *st, const char *const *paths, size_t npaths,
	    const struct wl_import_opts *opts, struct wl_import_result *res,
	    struct err *err);

/*
 * Same as wl_import, from a buffer already in memory (name is used in
 * messages in place of a file name).
 */
int	wl_import_buffer(struct store *st, const char *name, const char *buf,
	    size_t len, const struct wl_import_opts *opts,
	    struct wl_import_result *res, struct err *err);

/*
 * Write every listing of source as CSV that wl_import (format csv, no
 * --category) reads back to the same listings: the header row address,
 * chain,category,label,listed_on,delisted_on,reference, then one row a
 * listing in the store's key order. A cell holding , " CR or LF is quoted
 * (RFC 4180); nothing is neutralised for spreadsheets: this is data for
 * the importer. Labels with leading or trailing blanks lose them on the
 * way back (the importer trims every field).
 * Returns: the number of rows written (0 for no such source); -1 with
 *          err (ERR_STORE, or ERR_SYS when out has a write error).
 */
long	wl_export_csv(struct store *st, const char *source, FILE *out,
	    struct err *err);

/*
 * Load the bundled lists (watchlists/ in the source tree, compiled in) if
 * this database never had them. Returns: 1 loaded now, 0 already, -1 error.
 */
int	wl_seed(struct store *st, struct err *err);

/*
 * Parse a screening input: an address in any accepted form, trimmed.
 * Returns: 0; -1 with a message naming what is wrong (ERR_INPUT).
 */
int	wl_parse_input(struct addr *a, const char *s, size_t n,
	    struct err *err);

#endif
