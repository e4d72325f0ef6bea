/*
 * eth.h - Ethereum's data as plain structs: block headers up to Prague,
 * transactions of types 0-4, receipts, logs, withdrawals and call-trace
 * frames. What the fetcher decodes, the verifier checks, the store caches
 * and the tracer walks. Variable-length parts live in an arena owned by the
 * enclosing block or receipt set; nothing here does I/O.
 */
#ifndef SCANNER_ETH_H
#define SCANNER_ETH_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "arena.h"
#include "u256.h"

struct eth_hash {
	uint8_t		 b[32];
};

enum eth_tx_type {
	ETH_TX_LEGACY = 0,
	ETH_TX_ACCESS_LIST = 1,	/* EIP-2930 */
	ETH_TX_DYNAMIC_FEE = 2,	/* EIP-1559 */
	ETH_TX_BLOB = 3,	/* EIP-4844 */
	ETH_TX_SET_CODE = 4	/* EIP-7702 */
};

struct eth_access {
	struct eth_addr		 address;
	size_t			 nkeys;
	struct eth_hash		*keys;
};

/* EIP-7702 authorization tuple. */
struct eth_auth {
	struct u256		 chain_id;
	struct eth_addr		 address;
	uint64_t		 nonce;
	uint8_t			 y_parity;
	struct u256		 r, s;
};

struct eth_tx {
	uint8_t			 type;		/* enum eth_tx_type */
	struct eth_hash		 hash;		/* as the node sent it */
	struct eth_addr		 from;		/* as the node sent it */
	int			 has_to;	/* 0: contract creation */
	struct eth_addr		 to;
	uint64_t		 nonce;
	uint64_t		 gas;
	struct u256		 value;
	struct u256		 gas_price;	/* legacy, 2930; effective for
						   the others when sent */
	struct u256		 max_fee;	/* 1559+: maxFeePerGas */
	struct u256		 max_priority_fee;
	struct u256		 max_fee_per_blob_gas;	/* 4844 */
	int			 has_chain_id;
	uint64_t		 chain_id;
	struct u256		 v;		/* legacy v; typed: yParity */
	struct u256		 r, s;
	const uint8_t		*input;
	size_t			 input_len;
	struct eth_access	*access;
	size_t			 naccess;
	struct eth_hash		*blob_hashes;
	size_t			 nblob_hashes;
	struct eth_auth		*auths;
	size_t			 nauths;
	/* Position, when the tx came inside or with a block. */
	uint64_t		 block_number;
	struct eth_hash		 block_hash;
	uint32_t		 index;
	int			 has_block;	/* 0: pending, position unset */
};

struct eth_withdrawal {
	uint64_t		 index;
	uint64_t		 validator;
	struct eth_addr		 address;
	uint64_t		 amount_gwei;
};

/* Which optional header fields are present (fork-dependent). */
enum {
	ETH_H_BASE_FEE = 1 << 0,	/* London */
	ETH_H_WITHDRAWALS = 1 << 1,	/* Shanghai */
	ETH_H_BLOB_GAS = 1 << 2,	/* Cancun: blobGasUsed, excessBlobGas */
	ETH_H_BEACON_ROOT = 1 << 3,	/* Cancun */
	ETH_H_REQUESTS = 1 << 4		/* Prague */
};

struct eth_header {
	struct eth_hash		 hash;		/* as the node sent it */
	struct eth_hash		 parent_hash;
	struct eth_hash		 ommers_hash;	/* sha3Uncles */
	struct eth_addr		 miner;
	struct eth_hash		 state_root;
	struct eth_hash		 tx_root;
	struct eth_hash		 receipts_root;
	uint8_t			 logs_bloom[256];
	struct u256		 difficulty;
	uint64_t		 number;
	uint64_t		 gas_limit;
	uint64_t		 gas_used;
	uint64_t		 timestamp;
	const uint8_t		*extra;
	size_t			 extra_len;
	struct eth_hash		 mix_hash;
	uint8_t			 nonce[8];
	unsigned		 has;		/* ETH_H_* */
	struct u256		 base_fee;
	struct eth_hash		 withdrawals_root;
	uint64_t		 blob_gas_used;
	uint64_t		 excess_blob_gas;
	struct eth_hash		 parent_beacon_root;
	struct eth_hash		 requests_hash;
};

struct eth_block {
	struct eth_header	 h;
	struct eth_tx		*txs;
	size_t			 ntxs;
	struct eth_hash		*uncles;
	size_t			 nuncles;
	int			 has_withdrawals;
	struct eth_withdrawal	*withdrawals;
	size_t			 nwithdrawals;
	/* Only the hashes, when the node sent them instead of the
	   transactions (eth_getBlockBy* with full = false); txs is then
	   NULL and ntxs 0. */
	struct eth_hash		*tx_hashes;
	size_t			 ntx_hashes;
	struct arena		 arena;		/* owns every pointer above */
};

struct eth_log {
	struct eth_addr		 address;
	uint8_t			 ntopics;	/* 0..4 */
	struct eth_hash		 topics[4];
	const uint8_t		*data;
	size_t			 data_len;
	uint32_t		 log_index;	/* within the block */
	uint32_t		 tx_index;
	struct eth_hash		 tx_hash;
	uint64_t		 block_number;
	int			 removed;
};

struct eth_receipt {
	uint8_t			 type;
	struct eth_hash		 tx_hash;
	uint32_t		 tx_index;
	uint64_t		 block_number;
	int			 has_from;	/* 0: the node sent neither
						   from nor to (old nodes) */
	struct eth_addr		 from;
	int			 has_to;
	struct eth_addr		 to;
	int			 has_contract;
	struct eth_addr		 contract_address;
	int			 has_status;	/* Byzantium+: status, else */
	uint8_t			 status;	/* 1 success, 0 failure */
	struct eth_hash		 root;		/* pre-Byzantium state root */
	uint64_t		 cumulative_gas;
	uint64_t		 gas_used;
	int			 has_gas_price;	/* 0: old node, no
						   effectiveGasPrice */
	struct u256		 effective_gas_price;
	uint8_t			 logs_bloom[256];
	struct eth_log		*logs;
	size_t			 nlogs;
};

/* All receipts of one block, in transaction order. */
struct eth_receipts {
	struct eth_receipt	*r;
	size_t			 n;
	struct arena		 arena;
};

enum eth_call_kind {
	ETH_CALL_CALL = 1,
	ETH_CALL_DELEGATECALL,
	ETH_CALL_STATICCALL,
	ETH_CALL_CALLCODE,
	ETH_CALL_CREATE,
	ETH_CALL_CREATE2,
	ETH_CALL_SELFDESTRUCT,
	ETH_CALL_REWARD		/* Parity block/uncle reward */
};

/*
 * One frame of a call trace, flattened in execution order (geth's
 * callTracer and Parity's trace_block both map to this).
 */
struct eth_call {
	uint8_t			 kind;		/* enum eth_call_kind */
	uint16_t		 depth;		/* 0 for the top-level call */
	struct eth_addr		 from;
	int			 has_to;
	struct eth_addr		 to;		/* callee, created contract or
						   selfdestruct beneficiary */
	struct u256		 value;
	int			 failed;	/* this frame or a parent
						   reverted: no value moved */
	uint32_t		 tx_index;
	struct eth_hash		 tx_hash;
	const uint32_t		*trace_address;	/* the path: child indices */
	uint16_t		 trace_address_len;
	int			 has_value;	/* 0: the node did not send
						   it (old geth SELFDESTRUCT,
						   STATICCALL frames) */
	int			 has_tx_hash;	/* 0: not sent (old geth
						   traces, rewards) */
};

/* eth_call.tx_index of a frame outside any transaction (a reward). */
#define ETH_CALL_NO_TX	UINT32_MAX

/* All call frames of one block. */
struct eth_traces {
	struct eth_call		*c;
	size_t			 n;
	struct arena		 arena;
};

/* Release an object's arena and zero it; accept NULL and zeroed ones. */
void	eth_block_release(struct eth_block *b);
void	eth_receipts_release(struct eth_receipts *r);
void	eth_traces_release(struct eth_traces *t);

#endif
