// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title The admin of Cairn's L1 contracts: every admin call waits minDelay
/// @notice OpenZeppelin's TimelockController, unchanged. `cairn deploy` makes it
/// the admin of OnChainProposer, ExecVerifier and the ProofManager (whose admin
/// alone may upgrade it), with one proposer, canceller and executor (the
/// `--admin` account) and no admin role: the timelock administers itself, so a
/// change of its roles or of its delay waits the delay too. A change scheduled
/// here (CallScheduled, with its ready time) can be cancelled until it runs.
contract CairnTimelock is TimelockController {
    /// @param minDelay seconds between scheduling a call and running it
    /// @param admin the proposer, canceller and executor
    constructor(uint256 minDelay, address admin) TimelockController(minDelay, _one(admin), _one(admin), address(0)) {}

    function _one(address a) private pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }
}
