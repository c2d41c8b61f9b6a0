// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title A USDC stand-in for dev chains and tests
/// @notice An ERC-20 with 6 decimals, like USDC, that its admin (fixed at
/// deployment) can mint at will. Not for production chains.
contract TestUSDC is ERC20 {
    address public immutable admin;

    error NotAdmin(address caller);
    error ZeroAdmin();

    constructor(address admin_) ERC20("Cairn Test USDC", "USDC") {
        if (admin_ == address(0)) revert ZeroAdmin();
        admin = admin_;
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function mint(address to, uint256 amount) external {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _mint(to, amount);
    }
}
