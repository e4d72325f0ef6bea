#!/usr/bin/env python3
"""Build the bundled watchlist CSVs from the public source data.

usage: build.py [SOURCES_DIR]

SOURCES_DIR defaults to ../../shared/watchlist-sources relative to this
script (see its PROVENANCE.md). Writes one CSV per source next to this
script, in the project's CSV import format (DESIGN.md "CSV import"):

    address,chain,category,label,listed_on,delisted_on,reference

Every address is read from the source files; none is typed here. The
output is sorted, so running the script twice gives identical bytes. The
script checks the inputs against the counts their PROVENANCE.md states and
the outputs against the inputs, and stops with a message on any mismatch.
Python 3 standard library only.
"""
import csv
import hashlib
import io
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ['address', 'chain', 'category', 'label', 'listed_on',
          'delisted_on', 'reference']

XML_ISSUE = '2025-11-19'            # DateOfIssue of the OFAC issue used
TORNADO_DELISTED = '2025-03-21'     # Tornado Cash removed from the SDN list
BLENDER_LISTED = '2022-05-06'       # Blender.io designation

# Entry counts stated in watchlist-sources/PROVENANCE.md ("Files" table).
OFAC_TXT_COUNTS = {
    'eth': 77, 'xbt': 517, 'usdt': 93, 'usdc': 2, 'trx': 29, 'ltc': 10,
    'xmr': 8, 'bch': 7, 'zec': 3, 'dash': 3, 'btg': 1, 'etc': 1, 'bsv': 1,
    'xvg': 1, 'xrp': 1, 'arb': 1, 'bsc': 1, 'bnb': 1, 'sol': 1,
}
DCA_ROWS = 761              # ofac-digital-currency-addresses.csv
DCA_CHAIN_ADDR = 758        # distinct (ticker, address)
DCA_STRINGS = 745           # distinct address strings
DCA_ENTRIES = 79            # SDN entries
DCA_LISTED_FILLED = 527
REMOVED_ROWS = 93
TORNADO_OFAC_STRINGS = 92
TORNADO_OFAC_ACCOUNTS = 91
TORNADO_AUG = 38            # accounts listed 2022-08-08 (entry 38499)
TORNADO_NOV = 90            # strings of entry 39796 (2022-11-08)
POOL_ROWS = 61
POOL_ADDRS = 46
CONTRACT_ROWS = 24
RONIN_ROWS = 21
RONIN_TX_ROWS = 2
BLENDER_LINES = 46
BLENDER_DISTINCT = 45
DPRK_ROWS = 208
# The 8 Lazarus Group (uid 27307) ETH addresses and their listing dates.
LAZARUS_DATES = {'2022-04-14': 1, '2022-04-22': 3, '2022-05-06': 4}

EVM_RE = re.compile(r'^0x[0-9a-fA-F]{40}$')
DATE_RE = re.compile(r'^\d{4}-\d{2}-\d{2}$')


class BuildError(Exception):
    pass


def check(cond, msg):
    """Like assert, but also under python -O."""
    if not cond:
        raise BuildError(msg)


# --- address forms --------------------------------------------------------

B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'


def b58check_decode(s):
    """Returns the payload (version byte first), or None."""
    n = 0
    for ch in s:
        i = B58.find(ch)
        if i < 0:
            return None
        n = n * 58 + i
    raw = n.to_bytes((n.bit_length() + 7) // 8, 'big') if n else b''
    pad = len(s) - len(s.lstrip('1'))
    raw = b'\0' * pad + raw
    if len(raw) < 5:
        return None
    body, cs = raw[:-4], raw[-4:]
    if hashlib.sha256(hashlib.sha256(body).digest()).digest()[:4] != cs:
        return None
    return body


BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'


def bech32_polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((top >> i) & 1) else 0
    return chk


def segwit_ok(s, hrp='bc'):
    """BIP-173 / BIP-350 mainnet segwit address check."""
    if s.lower() != s and s.upper() != s:
        return False
    s = s.lower()
    pos = s.rfind('1')
    if s[:pos] != hrp or pos + 7 > len(s) or len(s) > 90:
        return False
    data = []
    for ch in s[pos + 1:]:
        i = BECH32.find(ch)
        if i < 0:
            return False
        data.append(i)
    hx = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    const = bech32_polymod(hx + data)
    ver = data[0]
    if ver > 16 or const != (1 if ver == 0 else 0x2bc830a3):
        return False
    acc, bits, prog = 0, 0, []
    for v in data[1:-6]:
        acc = (acc << 5) | v
        bits += 5
        while bits >= 8:
            bits -= 8
            prog.append((acc >> bits) & 0xff)
    if bits >= 5 or (acc & ((1 << bits) - 1)):
        return False
    if not 2 <= len(prog) <= 40:
        return False
    return ver != 0 or len(prog) in (20, 32)


def classify(addr, ticker):
    """(chain, normalised address) by the address's form (DESIGN.md)."""
    if EVM_RE.match(addr):
        return 'ethereum', addr.lower()
    p = b58check_decode(addr)
    if p is not None and len(p) == 21 and p[0] in (0x00, 0x05):
        return 'bitcoin', addr
    if addr[:3].lower() == 'bc1' and segwit_ok(addr):
        return 'bitcoin', addr
    if p is not None and len(p) == 21 and p[0] == 0x41:
        return 'TRX', addr          # Tron, whatever ticker OFAC used
    return ticker, addr


# --- helpers ---------------------------------------------------------------

def read_csv(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def read_lines(path):
    with open(path, encoding='utf-8') as f:
        return [ln.strip() for ln in f if ln.strip()]


def latin_label(name):
    """An SDN name in upper case with its non-Latin-script alias dropped
    ("Kim Sang Man 김 상만" -> "KIM SANG MAN")."""
    keep = []
    for tok in name.split():
        if all(not ch.isalpha() or ord(ch) < 0x80
               or unicodedata.name(ch, '').startswith('LATIN')
               for ch in tok):
            keep.append(tok)
    # "GARANTEX EUROPE OU GARANTEX EUROPE OÜ": a Latin-script original
    # name that repeats the transliteration goes too.
    fold = [unicodedata.normalize('NFKD', t).encode('ascii', 'ignore')
            .decode().upper() for t in keep]
    half = len(keep) // 2
    if len(keep) % 2 == 0 and fold[:half] == fold[half:]:
        keep = keep[:half]
    label = ' '.join(keep).upper()
    check(label.isascii() and label, 'SDN name %r: no ASCII label' % name)
    return label


def clean(text):
    text = ' '.join(text.split())
    check(all(unicodedata.category(c)[0] != 'C' for c in text),
          'control character in %r' % text)
    return text


def write_csv(path, rows):
    """rows: dicts with HEADER keys; sorted by (chain, address)."""
    rows = sorted(rows, key=lambda r: (r['chain'], r['address']))
    keys = [(r['chain'], r['address']) for r in rows]
    check(len(keys) == len(set(keys)), '%s: duplicate address' % path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator='\n', quoting=csv.QUOTE_MINIMAL)
    w.writerow(HEADER)
    for r in rows:
        for k in ('label', 'reference'):
            r[k] = clean(r[k])
        for k in ('listed_on', 'delisted_on'):
            check(r[k] == '' or DATE_RE.match(r[k]),
                  '%s: bad date %r' % (path, r[k]))
        if r['listed_on'] and r['delisted_on']:
            check(r['listed_on'] < r['delisted_on'],
                  '%s: %s listed after delisted' % (path, r['address']))
        if r['chain'] == 'ethereum':
            check(EVM_RE.match(r['address'])
                  and r['address'] == r['address'].lower(),
                  '%s: %s not lowercase EVM' % (path, r['address']))
        w.writerow([r[k] for k in HEADER])
    data = buf.getvalue().encode('utf-8')
    with open(path, 'wb') as f:
        f.write(data)
    return rows


def row(address, chain, category, label, listed_on='', delisted_on='',
        reference=''):
    return {'address': address, 'chain': chain, 'category': category,
            'label': label, 'listed_on': listed_on,
            'delisted_on': delisted_on, 'reference': reference}


# --- 1. ofac-sdn -----------------------------------------------------------

def load_ofac_txt(src):
    lists = {}
    for t, n in OFAC_TXT_COUNTS.items():
        lines = read_lines(os.path.join(src, 'ofac-%s.txt' % t))
        check(len(lines) == n and len(set(lines)) == n,
              'ofac-%s.txt: %d lines, PROVENANCE.md says %d'
              % (t, len(lines), n))
        lists[t.upper()] = lines
    return lists


def build_ofac_sdn(src, dprk_programs):
    dca = read_csv(os.path.join(src, 'ofac-digital-currency-addresses.csv'))
    check(len(dca) == DCA_ROWS, 'digital-currency csv: %d rows' % len(dca))
    check(len({(r['chain'], r['address']) for r in dca}) == DCA_CHAIN_ADDR,
          'digital-currency csv: distinct (ticker, address)')
    check(len({r['address'] for r in dca}) == DCA_STRINGS,
          'digital-currency csv: distinct strings')
    check(len({r['sdn_uid'] for r in dca}) == DCA_ENTRIES,
          'digital-currency csv: SDN entries')
    check(sum(1 for r in dca if r['listed_on']) == DCA_LISTED_FILLED,
          'digital-currency csv: filled listed_on')
    check(all(not r['delisted_on'] for r in dca),
          'digital-currency csv: a current address with delisted_on')
    check(all(XML_ISSUE in r['source'] for r in dca),
          'digital-currency csv: not all from the %s issue' % XML_ISSUE)

    # The csv against the 19 per-asset lists: the same sets.
    lists = load_ofac_txt(src)
    by_ticker = {}
    for r in dca:
        by_ticker.setdefault(r['chain'], set()).add(r['address'])
    check(set(by_ticker) == set(lists), 'tickers differ from ofac-*.txt')
    for t, lines in lists.items():
        check(by_ticker[t] == set(lines), 'ofac-%s.txt differs from the csv'
              % t.lower())

    # Merge by classified address.
    merged = {}
    for r in dca:
        chain, addr = classify(r['address'], r['chain'])
        m = merged.setdefault((chain, addr), {
            'uids': {}, 'tickers': set(), 'dates': set(), 'seen': set(),
            'programs': set()})
        m['uids'][r['sdn_uid']] = latin_label(r['sdn_name'])
        m['tickers'].add(r['chain'])
        m['dates'].add(r['listed_on'])
        m['seen'].add(r['first_seen_utc'])
        m['programs'].update(p for p in r['programs'].split(';') if p)

    # Blender.io and the Lazarus/Ronin dates, as the brief and ronin.csv say.
    for (chain, addr), m in merged.items():
        if '37070' in m['uids']:
            check(m['dates'] == {BLENDER_LISTED}, 'Blender.io date ' + addr)
    ronin = read_csv(os.path.join(src, 'ronin.csv'))
    laz = {r['address'].lower(): r['listed_on'] for r in ronin
           if r['ofac_sdn_uid'] == '27307'}
    check(sorted(laz.values()) == sorted(
        d for d, n in LAZARUS_DATES.items() for _ in range(n)),
        'ronin.csv: Lazarus dates')
    for a, d in laz.items():
        m = merged.get(('ethereum', a))
        check(m is not None and m['dates'] == {d},
              'Lazarus address %s: ronin.csv date %s' % (a, d))

    out = []
    for (chain, addr), m in merged.items():
        dates = m['dates']
        # The tickers of one address never disagree on its date in this
        # issue; stop if a later one does, rather than guess.
        check(len(dates) == 1, 'listing dates disagree for ' + addr)
        listed = dates.pop()
        uids = sorted(m['uids'], key=int)
        label = ' / '.join(m['uids'][u] for u in uids)
        ref = 'OFAC SDN uid %s; programs %s; tickers %s; sdn_advanced.xml ' \
              '%s' % (','.join(uids), ' '.join(sorted(m['programs'])),
                      ','.join(sorted(m['tickers'])), XML_ISSUE)
        if not listed:
            # first_seen_utc: the earliest scrape holding the string, so
            # an upper bound of the unknown listing date.
            seen = min(re.search(r'\d{4}-\d{2}-\d{2}', s).group(0)
                       for s in m['seen'])
            ref += '; listing date unknown, on the list by %s' % seen
        if 'XBT' in m['tickers'] and chain == 'TRX':
            ref += '; a Tron address filed by OFAC under XBT'
        out.append(row(addr, chain, 'sanctioned', label, listed, '', ref))

    # Removed addresses, with the Tornado Cash dates per account.
    removed = read_csv(os.path.join(src, 'ofac-removed.csv'))
    check(len(removed) == REMOVED_ROWS, 'ofac-removed.csv: %d rows'
          % len(removed))
    tornado = load_tornado_ofac(src)
    current = {(r['chain'], r['address']) for r in out}
    gone = {}
    for r in removed:
        chain, addr = classify(r['address'], r['chain'])
        check(chain == 'ethereum', 'removed non-EVM address ' + addr)
        check((chain, addr) not in current,
              'removed address %s is listed again' % addr)
        gone.setdefault(addr, []).append(r)
    for addr, rs in gone.items():
        uids = sorted({r['sdn_uid'] for r in rs}, key=int)
        delisted = max(r['delisted_on'][:10] for r in rs)
        if '39796' in uids or '38499' in uids:
            t = tornado[addr]
            listed = t['listed_on']
            label = 'TORNADO CASH'
            progs = dprk_programs.get(addr, '')
            ref = 'OFAC SDN uid %s (Tornado Cash); %stickers ETH; ' % (
                ','.join(uids),
                'programs %s; ' % ' '.join(progs.split(';')) if progs else '')
            if len(rs) > 1:
                ref += 'listed 2022-08-08 as %s (uid 38499), lowercase from ' \
                       '2022-11-08 (uid 39796); ' % min(
                           r['address'] for r in rs)
            if delisted == TORNADO_DELISTED:
                ref += 'in sdn_advanced.xml 2025-03-04, absent 2025-03-21'
            else:
                ref += 'Aug-2022 entry only, not carried into uid 39796'
        else:
            check(len(rs) == 1, 'several rows for ' + addr)
            r = rs[0]
            listed = r['listed_on']
            label = re.sub(r'\s*\(SDN uid \d+\)$', '', r['label'])
            ref = 'OFAC SDN uid %s (%s); tickers %s; gone from OFAC data ' \
                  'after the %s daily list (sambacha/ofac-list, brave-intl)' \
                  % (r['sdn_uid'], label, r['chain'], r['delisted_on'])
        out.append(row(addr, 'ethereum', 'sanctioned', label, listed,
                       delisted, ref))
    return out, lists, removed, merged


# --- tornado data ---------------------------------------------------------

def load_tornado_ofac(src):
    """Per account (lowercase): listed_on, uids, pools, etherscan, spellings."""
    rows = read_csv(os.path.join(src, 'tornado-ofac.csv'))
    check(len(rows) == TORNADO_OFAC_STRINGS, 'tornado-ofac.csv: %d rows'
          % len(rows))
    check(len({r['address'].lower() for r in rows
               if r['listed_on'] == '2022-08-08'}) == TORNADO_AUG,
          'tornado-ofac.csv: Aug-2022 accounts')
    check(sum(1 for r in rows if r['delisted_on'] == TORNADO_DELISTED)
          == TORNADO_NOV, 'tornado-ofac.csv: uid 39796 strings')
    acc = {}
    for r in rows:
        a = r['address'].lower()
        check(EVM_RE.match(a), 'tornado-ofac.csv: ' + a)
        t = acc.setdefault(a, {'dates': set(), 'uids': set(), 'pools': '',
                               'etherscan': '', 'spellings': set(),
                               'delisted': set()})
        t['dates'].add(r['listed_on'])
        t['uids'].update(r['ofac_sdn_uids'].split(';'))
        t['pools'] = t['pools'] or r['official_config_pools']
        t['etherscan'] = t['etherscan'] or r['etherscan_label_mainnet']
        t['spellings'].add(r['address'])
        t['delisted'].add(r['delisted_on'][:10])
    check(len(acc) == TORNADO_OFAC_ACCOUNTS, 'tornado-ofac.csv: accounts')
    for a, t in acc.items():
        check(len(t['dates']) == 1, 'tornado-ofac.csv: dates of ' + a)
        t['listed_on'] = t['dates'].pop()
        t['delisted_on'] = max(t['delisted'])
    return acc


def etherscan_label(tag):
    if tag.startswith('Tornado.Cash: '):
        return 'Tornado Cash ' + tag[len('Tornado.Cash: '):]
    return 'Tornado Cash (Etherscan tag: %s)' % tag


def pool_label(pools):
    """'bsc 0.1 BNB | arbitrum 0.1 ETH' -> 'Tornado Cash 0.1 BNB/ETH pool
    (bsc, arbitrum)'."""
    denoms, tokens, chains = [], [], []
    for p in pools.split(' | '):
        chain, denom, token = p.rsplit(' ', 2)
        chain = re.sub(r' \((xdai|testnet)\)$', r' \1', chain)
        for lst, v in ((denoms, denom), (tokens, token), (chains, chain)):
            if v not in lst:
                lst.append(v)
    return 'Tornado Cash %s %s pool (%s)' % (
        '/'.join(denoms), '/'.join(tokens), ', '.join(chains))


def build_mixers(src, tornado):
    pools = read_csv(os.path.join(src, 'tornado-pools.csv'))
    check(len(pools) == POOL_ROWS, 'tornado-pools.csv: %d rows' % len(pools))
    check(len({p['address'].lower() for p in pools}) == POOL_ADDRS,
          'tornado-pools.csv: distinct addresses')
    contracts = read_csv(os.path.join(src, 'tornado-contracts.csv'))
    check(len(contracts) == CONTRACT_ROWS, 'tornado-contracts.csv: rows')

    out = {}
    # Mainnet pools: official config label; deployed at a known block.
    for p in pools:
        if p['chain'] != 'ethereum':
            continue
        a = p['address'].lower()
        check(a in tornado, 'mainnet pool %s not OFAC-listed' % a)
        label = re.sub(r' \(ethereum\)$', '', p['label'])
        ref = ('Tornado Cash pool, official config (tornadocash/tornado-cli '
               'config.js), deployed at Ethereum block %s; listed_on blank: '
               'a mixer from deployment (no deployment date in the data); '
               'OFAC SDN %s from %s, delisted %s (see ofac-sdn)'
               % (p['deployed_block'], '+'.join(sorted(tornado[a]['uids'])),
                  tornado[a]['listed_on'], tornado[a]['delisted_on']))
        tag = p['etherscan_label_mainnet']
        amt = re.match(r'Tornado\.Cash: ([0-9][0-9.,]*) ', tag)
        if tag and (not amt or re.sub(r'[^0-9]', '', amt.group(1))
                    != re.sub(r'[^0-9]', '', p['denomination'])):
            ref += '; CONFLICT: Etherscan tags it "%s"' % tag
        out[a] = row(a, 'ethereum', 'mixer', label, '', '', ref)

    # Every other OFAC-listed Tornado Cash account.
    kinds = {}
    for c in contracts:
        if c['chain'] == 'ethereum':
            kinds[c['address'].lower()] = c['config_key']
    for a, t in sorted(tornado.items()):
        if a in out:
            continue
        if t['pools']:
            label = pool_label(t['pools'])
            how = 'Tornado Cash pool on other chains per official config ' \
                  '(%s); OFAC listed it under ETH' % t['pools']
        elif a in kinds:
            label = etherscan_label(t['etherscan']) if t['etherscan'] \
                else 'Tornado Cash ' + kinds[a]
            how = 'Tornado Cash contract %s (tornado-classic-ui ' \
                  'networkConfig.js)' % kinds[a]
        elif t['etherscan']:
            label = etherscan_label(t['etherscan'])
            how = 'label from the Etherscan tag (scrape 2023-06-17)'
        else:
            label = 'Tornado Cash (OFAC-listed account)'
            how = 'role unknown: no official-config or Etherscan label'
        ref = '%s; listed_on = first OFAC listing (SDN %s; no deployment ' \
              'date in the data); delisted from the SDN list %s (see ' \
              'ofac-sdn)' % (how, '+'.join(sorted(t['uids'])),
                             t['delisted_on'])
        out[a] = row(a, 'ethereum', 'mixer', label, t['listed_on'], '', ref)

    # Contracts that move user funds (router / proxy) on mainnet: each must
    # already be in through the OFAC list; the L2 "proxy-light" and the
    # Goerli proxy are not mainnet contracts and were never listed.
    for c in contracts:
        key = c['config_key']
        if 'router' in key or 'proxy' in key:
            a = c['address'].lower()
            if c['chain'] == 'ethereum':
                check(a in out, 'mainnet %s %s missing' % (key, a))
            else:
                check(a not in tornado, '%s %s is OFAC-listed' % (key, a))

    # Blender.io: 45 distinct bitcoin addresses.
    lines = read_lines(os.path.join(src, 'blender-xbt.txt'))
    check(len(lines) == BLENDER_LINES, 'blender-xbt.txt: lines')
    check(len(set(lines)) == BLENDER_DISTINCT, 'blender-xbt.txt: distinct')
    for a in sorted(set(lines)):
        chain, a = classify(a, 'XBT')
        check(chain == 'bitcoin', 'Blender.io address %s not bitcoin' % a)
        out[a] = row(a, 'bitcoin', 'mixer', 'Blender.io', BLENDER_LISTED, '',
                     'Blender.io bitcoin mixer; OFAC SDN uid 37070 '
                     'designated 2022-05-06 (sdn_advanced.xml %s); '
                     'listed_on = designation date (no earlier date in the '
                     'data)' % XML_ISSUE)
    return list(out.values()), pools, contracts


# --- 3. Ronin --------------------------------------------------------------

DISCLOSED = '2022-03-29'


def ronin_date(r):
    """2022-03-29 only where the row itself gives that date."""
    return DISCLOSED if any(DISCLOSED in v for v in r.values()) else ''


def build_ronin(src, sdn_rows):
    rows = read_csv(os.path.join(src, 'ronin.csv'))
    check(len(rows) == RONIN_ROWS, 'ronin.csv: %d rows' % len(rows))
    txs = read_csv(os.path.join(src, 'ronin-txs.csv'))
    check(len(txs) == RONIN_TX_ROWS, 'ronin-txs.csv: rows')
    sdn = {r['address'] for r in sdn_rows if r['chain'] == 'ethereum'}
    # A heist listing starts on the day of the heist: the two attack txs of
    # ronin-txs.csv (blocks 14442835/14442840) are dated there. No address
    # can have handled stolen funds before they were stolen.
    days = {re.search(r'\((\d{4}-\d{2}-\d{2})\)$', t['label']).group(1)
            for t in txs}
    check(len(days) == 1, 'ronin-txs.csv: one attack day')
    attack_day = next(iter(days))
    graphsense, research, heist = [], [], []
    victim = None
    for r in rows:
        a = r['address'].lower()
        check(EVM_RE.match(a) and r['chain'] == 'ethereum', 'ronin.csv ' + a)
        if 'VICTIM' in r['label'] or 'victim' in r['role']:
            victim = a
            check(a not in sdn, 'victim contract is OFAC-listed')
            continue
        if r['ofac_sdn_uid']:
            check(a in sdn, 'ronin.csv OFAC address %s not in ofac-sdn' % a)
            if 'primary exploiter' in r['role']:
                # The exploiter: the attack txs paid it (ronin-txs.csv).
                check(all(r['address'] in t['label'] for t in txs),
                      'ronin-txs.csv does not name the exploiter')
                check('Etherscan label "Ronin Bridge Exploiter"'
                      in r['notes'] and 'GraphSense label "Ronin bridge '
                      'exploiter"' in r['notes'], 'ronin.csv: exploiter tags')
                day = {re.search(r'\((\d{4}-\d{2}-\d{2})\)$',
                                 t['label']).group(1) for t in txs}
                check(len(day) == 1, 'ronin-txs.csv: dates')
                heist.append(row(
                    a, 'ethereum', 'heist', 'Ronin bridge exploiter',
                    attack_day, '',
                    'Ronin bridge exploit %s, %s; attack txs in blocks %s '
                    '(coinspect/learn-evm-attacks@77342c4e); tagged Ronin '
                    'Bridge Exploiter by Etherscan (brianleect/etherscan-'
                    'labels@923aba72) and GraphSense (graphsense-tagpacks'
                    '@29ff93c8); listed_on = the attack day; also OFAC SDN '
                    'LAZARUS GROUP from %s (ofac-sdn)'
                    % (day.pop(), r['role'],
                       ' and '.join(t['block'] for t in txs),
                       r['listed_on'])))
            continue
        check(a not in sdn, 'non-OFAC ronin address %s is in ofac-sdn' % a)
        m = re.search(r'tayvano lists (?:this )?as "([^"]+)"', r['notes'])
        if r['source'].startswith('graphsense/'):
            ref = r['source']
            if m:
                ref += '; tayvano/lazarus-bluenoroff-research lists it as ' \
                       '"%s"' % m.group(1)
            if r['notes'].startswith('CONFLICT'):
                ref += ' - CONFLICT: an exchange (Huobi) deposit address ' \
                       'per that source; review before treating as ' \
                       'attacker-controlled'
            graphsense.append(row(a, 'ethereum', 'heist', r['label'],
                                  ronin_date(r) or attack_day, '', ref))
            if m:
                # The same address as the other source gives it.
                role = m.group(1)
                exch = 'deposit address' in role.lower()
                ref = 'tayvano/lazarus-bluenoroff-research@22a53877 ' \
                      '"hacks-and-thefts/Ronin Bridge.md" (On-Chain ' \
                      'section), role as recorded in ronin.csv'
                if exch:
                    ref += '; CONFLICT: GraphSense ronin_bridge.yaml calls ' \
                           'it "%s" (see ronin-graphsense)' % r['label']
                research.append(row(
                    a, 'ethereum', 'exchange' if exch else 'heist',
                    '%s (Ronin exploit related)' % role if exch
                    else 'Ronin exploit related (%s)' % role,
                    '' if exch else attack_day, '', ref))
        elif r['source'].startswith('tayvano/'):
            research.append(row(a, 'ethereum', 'heist', r['label'],
                                ronin_date(r) or attack_day, '',
                                r['source']))
        else:
            raise BuildError('ronin.csv: unknown source for ' + a)
    check(victim is not None, 'ronin.csv: no victim contract')
    check(len(heist) == 1, 'ronin.csv: exploiter')
    check(len(graphsense) == 5, 'ronin.csv: GraphSense rows')
    return graphsense, research, heist, victim


# --- main ------------------------------------------------------------------

def summary(name, rows):
    by = {}
    for r in rows:
        by[r['chain']] = by.get(r['chain'], 0) + 1
    cats = {}
    for r in rows:
        cats[r['category']] = cats.get(r['category'], 0) + 1
    return '%-28s %4d rows  %s  %s' % (
        name, len(rows),
        ' '.join('%s=%d' % kv for kv in sorted(by.items())),
        ' '.join('%s=%d' % kv for kv in sorted(cats.items())))


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith('-')):
        sys.stderr.write('usage: build.py [SOURCES_DIR]\n')
        return 2
    src = argv[1] if len(argv) == 2 else os.path.join(
        HERE, '..', '..', 'shared', 'watchlist-sources')
    if not os.path.isfile(os.path.join(src, 'PROVENANCE.md')):
        sys.stderr.write('build.py: %s: no PROVENANCE.md here\n' % src)
        return 2

    dprk = read_csv(os.path.join(src, 'dprk-linked.csv'))
    check(len(dprk) == DPRK_ROWS, 'dprk-linked.csv: %d rows' % len(dprk))
    dprk_programs = {r['address'].lower(): r['programs'] for r in dprk
                     if r['sdn_uid'] == '39796'}

    sdn, lists, removed, _ = build_ofac_sdn(src, dprk_programs)
    tornado = load_tornado_ofac(src)
    mixers, _, _ = build_mixers(src, tornado)
    graphsense, research, heist, _ = build_ronin(src, sdn)

    # Cross-checks on what will be written.
    out_keys = {(r['chain'], r['address']) for r in sdn}
    for t, lines in lists.items():
        for a in lines:
            check(classify(a, t) in out_keys,
                  'ofac-%s.txt: %s missing from ofac-sdn' % (t.lower(), a))
    by_addr = {r['address']: r for r in sdn if r['chain'] == 'ethereum'}
    for r in removed:
        o = by_addr.get(r['address'].lower())
        check(o is not None, 'removed %s missing' % r['address'])
        want = r['delisted_on'][:10]
        if r['address'].lower() == r['address'] or want == o['delisted_on']:
            check(o['delisted_on'] == want, 'removed %s: delisted_on %s, '
                  'want %s' % (r['address'], o['delisted_on'], want))
        else:
            # The mixed-case spelling of a Tornado account that stayed
            # listed in lowercase: its row carries the account's removal.
            check(r['address'].lower() in tornado
                  and o['delisted_on'] == TORNADO_DELISTED,
                  'removed %s: delisted_on' % r['address'])
    for r in dprk:
        k = classify(r['address'], r['chain'])
        check(k in out_keys, 'dprk-linked %s not in ofac-sdn' % r['address'])
    for a, t in tornado.items():
        o = by_addr[a]
        check(o['listed_on'] == t['listed_on']
              and o['delisted_on'] == t['delisted_on'],
              'tornado %s: dates %s..%s' % (a, o['listed_on'],
                                            o['delisted_on']))
    mix_eth = {r['address'] for r in mixers if r['chain'] == 'ethereum'}
    check(mix_eth == set(tornado), 'mixers: Tornado set != OFAC Tornado set')

    outputs = [
        ('ofac-sdn.csv', sdn),
        ('mixers.csv', mixers),
        ('ronin-graphsense.csv', graphsense),
        ('ronin-lazarus-research.csv', research),
        ('ronin-heist.csv', heist),
    ]
    for name, rows in outputs:
        write_csv(os.path.join(HERE, name), rows)
        print(summary(name, rows))
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except BuildError as e:
        sys.stderr.write('build.py: check failed: %s\n' % e)
        sys.exit(1)
