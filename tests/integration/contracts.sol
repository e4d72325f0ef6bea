// SPDX-License-Identifier: MIT
// Contracts of the scripted anvil chain (tests/integration/chain.cjs
// compiles them with solc-js): an ERC-20 token, a forwarder that moves
// ETH through internal calls, and a callee that always reverts.
pragma solidity ^0.8.20;

// A minimal ERC-20 (EIP-20): Transfer logs on mint and on every transfer.
contract Token {
	string public name = "Integration Token";
	string public symbol = "ITK";
	uint8 public constant decimals = 18;
	uint256 public totalSupply;
	mapping(address => uint256) public balanceOf;
	mapping(address => mapping(address => uint256)) public allowance;

	event Transfer(address indexed from, address indexed to,
	    uint256 value);
	event Approval(address indexed owner, address indexed spender,
	    uint256 value);

	constructor(uint256 supply) {
		totalSupply = supply;
		balanceOf[msg.sender] = supply;
		emit Transfer(address(0), msg.sender, supply);
	}

	function transfer(address to, uint256 value) external returns (bool) {
		_move(msg.sender, to, value);
		return true;
	}

	function approve(address spender, uint256 value)
	    external returns (bool) {
		allowance[msg.sender][spender] = value;
		emit Approval(msg.sender, spender, value);
		return true;
	}

	function transferFrom(address from, address to, uint256 value)
	    external returns (bool) {
		require(allowance[from][msg.sender] >= value, "allowance");
		allowance[from][msg.sender] -= value;
		_move(from, to, value);
		return true;
	}

	function _move(address from, address to, uint256 value) internal {
		require(balanceOf[from] >= value, "balance");
		balanceOf[from] -= value;
		balanceOf[to] += value;
		emit Transfer(from, to, value);
	}
}

// Sends msg.value along a path: to path[0] directly when it is the last
// hop, else through path[0].forward(path[1:]) (path[0] a Forwarder), so
// a path of k hops makes k nested internal calls carrying the value.
contract Forwarder {
	function forward(address payable[] calldata path) external payable {
		require(path.length > 0, "empty path");
		if (path.length == 1) {
			(bool ok, ) = path[0].call{value: msg.value}("");
			require(ok, "send failed");
		} else {
			Forwarder(path[0]).forward{value: msg.value}(path[1:]);
		}
	}

	// Calls target.boom() with msg.value; the call reverts and the
	// value stays here: an inner frame that moved nothing.
	function tryForward(address target) external payable {
		(bool ok, ) = target.call{value: msg.value}(
		    abi.encodeWithSignature("boom()"));
		require(!ok, "boom did not revert");
	}

	receive() external payable {}
}

contract Reverter {
	function boom() external payable {
		revert("boom");
	}
}
