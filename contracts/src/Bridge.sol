// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @notice What the Bridge needs from the OnChainProposer to pay withdrawals.
interface IVerifiedBatches {
    function lastVerifiedBatch() external view returns (uint64);
    function withdrawalsRoot(uint64 batchNumber) external view returns (bytes32);
}

/// @title Cairn L1 bridge
/// @notice Holds the ETH of the rollup. Deposits are numbered 1, 2, 3, ... and
/// chained into a rolling hash that OnChainProposer.commitBatch checks each
/// batch against. Withdrawals are paid against the withdrawals root of a batch
/// that OnChainProposer has verified.
contract Bridge {
    /// @notice Deposits must be below 2^64 gwei (the Engine API withdrawal amount is a uint64 of gwei).
    uint256 public constant MAX_DEPOSIT_WEI = (1 << 64) * 1 gwei;

    uint256 public immutable l2ChainId;

    /// @notice May call setProposer, once.
    address public admin;
    /// @notice The OnChainProposer whose verified batches withdrawals are claimed against.
    address public proposer;

    /// @notice Id of the last deposit (0 before the first one).
    uint256 public lastDepositId;
    /// @notice depositHash[id] = keccak256(abi.encode(depositHash[id-1], id, l2Recipient, amount)), depositHash[0] = 0.
    mapping(uint256 depositId => bytes32) public depositHash;
    /// @notice Withdrawal ids (from L2Bridge) that have been paid.
    mapping(uint256 withdrawalId => bool) public withdrawalClaimed;

    event DepositInitiated(uint256 indexed depositId, address indexed from, address indexed to, uint256 amount);
    event WithdrawalClaimed(
        uint256 indexed withdrawalId, uint64 indexed batchNumber, address indexed l1Recipient, address from, uint256 amount
    );
    event ProposerSet(address proposer);
    /// @notice The admin locked `amount` to back the ETH of the L2 genesis accounts (no L2 deposit).
    event GenesisFunded(address indexed from, uint256 amount);

    error NotAdmin(address caller);
    error ZeroAddress();
    error ProposerAlreadySet(address proposer);
    error ProposerNotSet();
    error InvalidDepositAmount(uint256 amount);
    error BatchNotVerified(uint64 batchNumber, uint64 lastVerifiedBatch);
    error WithdrawalAlreadyClaimed(uint256 withdrawalId);
    error InvalidWithdrawalProof(uint64 batchNumber, uint256 withdrawalId);
    error PaymentFailed(address l1Recipient, uint256 amount);

    constructor(uint256 l2ChainId_) {
        l2ChainId = l2ChainId_;
        admin = msg.sender;
    }

    /// @notice Wires the bridge to its OnChainProposer. Admin only, once.
    function setProposer(address proposer_) external {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        if (proposer != address(0)) revert ProposerAlreadySet(proposer);
        if (proposer_ == address(0)) revert ZeroAddress();
        proposer = proposer_;
        emit ProposerSet(proposer_);
    }

    /// @notice Locks msg.value to back ETH that the L2 genesis gives its
    /// accounts, which no deposit brought in: without it their withdrawals
    /// would be paid out of depositors' ETH. Admin only. Credits nothing on
    /// L2 (no deposit id, no change to the deposit hash chain).
    function fundGenesis() external payable {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        if (msg.value == 0) revert InvalidDepositAmount(0);
        emit GenesisFunded(msg.sender, msg.value);
    }

    /// @notice Locks msg.value and credits it to l2Recipient on L2.
    /// @dev msg.value must be a non-zero multiple of 1 gwei below 2^64 gwei.
    function deposit(address l2Recipient) external payable {
        uint256 amount = msg.value;
        if (amount == 0 || amount % 1 gwei != 0 || amount >= MAX_DEPOSIT_WEI) {
            revert InvalidDepositAmount(amount);
        }
        uint256 id = lastDepositId + 1;
        lastDepositId = id;
        depositHash[id] = keccak256(abi.encode(depositHash[id - 1], id, l2Recipient, amount));
        emit DepositInitiated(id, msg.sender, l2Recipient, amount);
    }

    /// @notice Pays a withdrawal made on L2 once the batch that contains it is verified.
    /// @param proof sorted-pair (OpenZeppelin MerkleProof) proof of the withdrawal's leaf
    /// against the batch's withdrawals root.
    function claimWithdrawal(
        uint64 batchNumber,
        uint256 withdrawalId,
        address from,
        address l1Recipient,
        uint256 amount,
        bytes32[] calldata proof
    ) external {
        address p = proposer;
        if (p == address(0)) revert ProposerNotSet();
        uint64 lastVerified = IVerifiedBatches(p).lastVerifiedBatch();
        if (batchNumber == 0 || batchNumber > lastVerified) revert BatchNotVerified(batchNumber, lastVerified);
        if (withdrawalClaimed[withdrawalId]) revert WithdrawalAlreadyClaimed(withdrawalId);

        bytes32 leaf = withdrawalLeaf(withdrawalId, from, l1Recipient, amount);
        bytes32 root = IVerifiedBatches(p).withdrawalsRoot(batchNumber);
        if (!MerkleProof.verifyCalldata(proof, root, leaf)) revert InvalidWithdrawalProof(batchNumber, withdrawalId);

        withdrawalClaimed[withdrawalId] = true;
        emit WithdrawalClaimed(withdrawalId, batchNumber, l1Recipient, from, amount);
        (bool ok,) = l1Recipient.call{value: amount}("");
        if (!ok) revert PaymentFailed(l1Recipient, amount);
    }

    /// @notice The Merkle leaf of a withdrawal:
    /// keccak256(bytes.concat(keccak256(abi.encode(l2ChainId, withdrawalId, from, l1Recipient, amount)))).
    function withdrawalLeaf(uint256 withdrawalId, address from, address l1Recipient, uint256 amount)
        public
        view
        returns (bytes32)
    {
        return keccak256(bytes.concat(keccak256(abi.encode(l2ChainId, withdrawalId, from, l1Recipient, amount))));
    }
}
