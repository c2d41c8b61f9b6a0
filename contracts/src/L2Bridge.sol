// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title Cairn L2 bridge (predeploy)
/// @notice Lives in the L2 genesis at 0x000000000000000000000000000000000000CA1B with
/// its runtime code and empty storage, so it has no constructor and no immutables:
/// everything starts at zero. withdraw locks msg.value here for good (the ETH leaves
/// L2) and emits the event that the batch's withdrawals root commits to; the Bridge
/// pays it on L1 once the batch is verified.
contract L2Bridge {
    /// @notice Id of the last withdrawal (0 before the first one); ids are 1, 2, 3, ...
    uint256 public lastWithdrawalId;

    event WithdrawalInitiated(
        uint256 indexed withdrawalId, address indexed from, address indexed l1Recipient, uint256 amount
    );

    error ZeroWithdrawal();

    function withdraw(address l1Recipient) external payable {
        if (msg.value == 0) revert ZeroWithdrawal();
        uint256 id = lastWithdrawalId + 1;
        lastWithdrawalId = id;
        emit WithdrawalInitiated(id, msg.sender, l1Recipient, msg.value);
    }
}
