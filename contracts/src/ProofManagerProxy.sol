// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title The ERC-1967 proxy that holds ProofManager's state and funds
/// @notice Deployed with the ProofManager implementation and the encoded
/// initialize(...) call, so that it is never left uninitialized. Upgrades go
/// through ProofManager.upgradeToAndCall (UUPS), which only its admin may call.
contract ProofManagerProxy is ERC1967Proxy {
    constructor(address implementation, bytes memory initData) payable ERC1967Proxy(implementation, initData) {}
}
