/*
 * addr.h - addresses of the chains a watchlist names, classified by form.
 * Ethereum: 0x + 40 hex, EIP-55 checksummed on output; input all-lower,
 * all-upper, or mixed case only with a valid checksum.
 * Bitcoin mainnet: base58check P2PKH (version 0x00) / P2SH (0x05), and
 * segwit bech32 (v0, BIP-173) / bech32m (v1-16, BIP-350) with hrp "bc".
 * Anything else a sanctions list publishes (Tron, Monero, ...) can be kept
 * verbatim under its ticker. Nothing here allocates, prints or exits.
 */
#ifndef SCANNER_ADDR_H
#define SCANNER_ADDR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum addr_chain {
	ADDR_ETHEREUM = 0x01,
	ADDR_BITCOIN = 0x02,
	ADDR_OTHER = 0x7f	/* unclassified, kept verbatim under a ticker */
};

/* Bitcoin key kinds (key[1]). */
enum addr_btc_kind {
	ADDR_BTC_P2PKH = 0x00,
	ADDR_BTC_P2SH = 0x05,
	ADDR_BTC_SEGWIT = 0x10	/* + witness version 0..16 */
};

#define ADDR_KEY_MAX	200	/* bytes of a canonical key, LMDB-safe */
#define ADDR_TEXT_MAX	192	/* bytes of a formatted address with NUL */
#define ADDR_TICKER_MAX	15	/* bytes of a ticker, without NUL */

/*
 * The canonical binary form, used as the LMDB key: key[0] is the chain.
 *   ethereum: 01 | 20 address bytes                          (21 bytes)
 *   bitcoin:  02 | 00 | 20-byte hash160     (P2PKH)          (22 bytes)
 *             02 | 05 | 20-byte hash160     (P2SH)           (22 bytes)
 *             02 | 10+v | 2..40-byte program (segwit v)
 *   other:    7f | TICKER (upper case) | 00 | text verbatim
 * Equal addresses have equal keys; a plain value type, copy freely.
 */
struct addr {
	uint8_t		 chain;		/* enum addr_chain, = key[0] */
	uint8_t		 len;		/* bytes used in key */
	uint8_t		 key[ADDR_KEY_MAX];
};

/* A 20-byte Ethereum address as raw bytes (for traces and blocks). */
struct eth_addr {
	uint8_t		 b[20];
};

/*
 * Parse an Ethereum or Bitcoin address, classified by its form.
 * Returns: 0; -1 with ERR_INPUT and a message that says what is wrong:
 *          for a mixed-case Ethereum address with a bad checksum the
 *          message names the expected checksummed form.
 * In:      s, n: the text, no surrounding space.
 */
int	addr_parse(struct addr *a, const char *s, size_t n, struct err *err);

/*
 * Keep text that is no Ethereum or Bitcoin address verbatim under ticker
 * (e.g. "TRX", "XMR"); the ticker is upper-cased into the key.
 * Returns: 0; -1 if the text is empty, has space or control bytes, or
 *          does not fit ADDR_KEY_MAX, or the ticker is empty/too long.
 */
int	addr_other(struct addr *a, const char *ticker, const char *s,
	    size_t n, struct err *err);

/* Make the key of a raw Ethereum address. */
void	addr_from_eth(struct addr *a, const struct eth_addr *e);

/*
 * Rebuild an address from its canonical key (as read from LMDB).
 * Returns: 0; -1 if the key is not a well-formed canonical key.
 */
int	addr_from_key(struct addr *a, const uint8_t *key, size_t len);

/*
 * Write the address's display form and a NUL into out (ADDR_TEXT_MAX):
 * EIP-55 for Ethereum, base58check / bech32(m) for Bitcoin (lowercase),
 * the verbatim text for other.
 * Returns: length written, without the NUL.
 */
size_t	addr_format(char *out, const struct addr *a);

/* Write the EIP-55 checksummed form "0x..." and a NUL (43 bytes). */
void	addr_eth_checksum(char out[43], const uint8_t b[20]);

/*
 * Returns: "ethereum", "bitcoin", or for other the ticker in lower case
 *          written into buf (ADDR_TICKER_MAX + 1 bytes); borrowed.
 */
const char *addr_chain_name(const struct addr *a,
	    char buf[ADDR_TICKER_MAX + 1]);

/*
 * Base58check and bech32 building blocks, exposed for tests and for the
 * Bitcoin cases above.
 * addr_base58check_decode: Returns: payload length (version byte first),
 * -1 on a bad character, bad checksum or more than cap bytes.
 */
long	addr_base58check_decode(uint8_t *out, size_t cap, const char *s,
	    size_t n);
/* Returns: chars written (NUL-terminated) or -1 if outsz is too small. */
long	addr_base58check_encode(char *out, size_t outsz, const uint8_t *in,
	    size_t n);

/*
 * Decode a segwit address of human-readable part hrp ("bc"):
 * Returns: program length (2..40) with *witver set; -1 on a bad string,
 *          checksum (bech32 for v0, bech32m for v1+), case mix or length.
 */
long	addr_segwit_decode(int *witver, uint8_t prog[40], const char *hrp,
	    const char *s, size_t n);
/* Returns: chars written (NUL-terminated) or -1. */
long	addr_segwit_encode(char *out, size_t outsz, const char *hrp,
	    int witver, const uint8_t *prog, size_t proglen);

#endif
