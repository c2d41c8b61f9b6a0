// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @notice What OnChainProposer needs from the Bridge to check a batch's deposits.
interface IDeposits {
    function l2ChainId() external view returns (uint256);
    function lastDepositId() external view returns (uint256);
    function depositHash(uint256 depositId) external view returns (bytes32);
}

/// @notice A verifier for one proof type (ExecVerifier for proof type 1, a ZK verifier later).
interface IProofVerifier {
    function verify(bytes32 publicInputsHash, bytes calldata proof) external view returns (bool);
}

/// @title Cairn OnChainProposer
/// @notice Keeps the chain of L2 batches on L1. The operator commits batch N+1
/// on top of batch N with a certificate of the attester committee; a batch is
/// verified, in order, with one accepted proof for every required proof type;
/// the Bridge pays withdrawals of verified batches.
/// @dev Roles: admin (committees, verifiers, operator, revertBatch, transferAdmin)
/// and operator (commitBatch). verifyBatch is open to anyone: a batch is verified
/// by its proofs, not by who sends them, so the operator cannot hold back the
/// verification of a batch that has valid proofs.
contract OnChainProposer {
    struct BatchHeader {
        uint64 number;
        uint64 firstBlock;
        uint64 lastBlock;
        bytes32 prevStateRoot;
        bytes32 stateRoot;
        bytes32 lastBlockHash;
        uint64 prevLastDepositId;
        uint64 lastDepositId;
        bytes32 depositsRollingHash;
        bytes32 withdrawalsRoot;
        uint64 withdrawalsCount;
    }

    /// @notice What L1 keeps of a committed batch.
    struct StoredBatch {
        bytes32 batchHash;
        bytes32 stateRoot;
        bytes32 withdrawalsRoot;
        bytes32 publicInputsHash;
        uint64 lastBlock;
        uint64 lastDepositId;
    }

    /// @notice An attester committee, applying from fromBatch until the next committee.
    struct Committee {
        uint64 fromBatch;
        address[] attesters;
        uint64[] weights;
        uint256 totalWeight;
    }

    bytes32 internal constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant DOMAIN_NAME_HASH = keccak256("Cairn");
    bytes32 internal constant DOMAIN_VERSION_HASH = keccak256("1");
    bytes32 public constant BATCH_ATTESTATION_TYPEHASH =
        keccak256("BatchAttestation(uint256 l2ChainId,uint64 batchNumber,bytes32 batchHash)");

    uint256 public immutable l2ChainId;
    IDeposits public immutable bridge;

    address public admin;
    address public operator;

    uint64 public lastCommittedBatch;
    uint64 public lastVerifiedBatch;
    /// @notice Stored commitment of every committed batch; batch 0 holds the L2 genesis state root.
    mapping(uint64 batchNumber => StoredBatch) public batches;

    Committee[] internal committees;
    /// @dev committee index => attester => weight (0 = not a member).
    mapping(uint256 => mapping(address => uint64)) internal committeeWeight;

    /// @notice Verifier contract per proof type (1 = EXEC).
    mapping(uint8 proofType => address) public verifiers;
    uint8[] internal requiredProofTypes;

    event BatchCommitted(uint64 indexed number, bytes32 batchHash);
    event BatchVerified(uint64 indexed number);
    event BatchesReverted(uint64 indexed fromBatch, uint64 toBatch);
    event AttesterCommitteeSet(uint64 indexed fromBatch, address[] attesters, uint64[] weights);
    event VerifierSet(uint8 indexed proofType, address verifier);
    event RequiredProofTypesSet(uint8[] proofTypes);
    event OperatorChanged(address indexed previousOperator, address indexed newOperator);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    // Roles and configuration.
    error NotAdmin(address caller);
    error NotOperator(address caller);
    error ZeroAddress();
    error ChainIdMismatch(uint256 l2ChainId, uint256 bridgeL2ChainId);
    error EmptyCommittee();
    error CommitteeLengthMismatch(uint256 attesters, uint256 weights);
    error CommitteeStartTooLow(uint64 fromBatch, uint64 lastCommittedBatch);
    error ZeroAttester(uint256 index);
    error ZeroWeight(uint256 index, address attester);
    error DuplicateAttester(uint256 index, address attester);
    error VerifierNotSet(uint8 proofType);
    error DuplicateProofType(uint8 proofType);
    // commitBatch.
    error BatchNumberMismatch(uint64 number, uint64 expected);
    error PrevStateRootMismatch(uint64 number, bytes32 prevStateRoot, bytes32 expected);
    error PrevDepositIdMismatch(uint64 number, uint64 prevLastDepositId, uint64 expected);
    error InvalidBlockRange(uint64 number, uint64 firstBlock, uint64 lastBlock, uint64 expectedFirstBlock);
    error WithdrawalsMismatch(uint64 number, bytes32 withdrawalsRoot, uint64 withdrawalsCount);
    error DepositIdDecreased(uint64 lastDepositId, uint64 previousLastDepositId);
    error DepositIdTooHigh(uint64 lastDepositId, uint256 bridgeLastDepositId);
    error DepositsHashMismatch(uint64 lastDepositId, bytes32 depositsRollingHash, bytes32 bridgeDepositHash);
    // Attestation certificate.
    error UnexpectedAttestations(uint64 number, uint256 count);
    error InvalidAttestationLength(uint256 index, uint256 length);
    error InvalidAttestationS(uint256 index);
    error InvalidAttestation(uint256 index);
    error DuplicateSigner(uint256 index, address signer);
    error SignersNotSorted(uint256 index, address signer, address previous);
    error SignerNotInCommittee(uint256 index, address signer);
    error InsufficientAttestationWeight(uint64 number, uint256 weight, uint256 quorum);
    // verifyBatch and revertBatch.
    error BatchNotCommitted(uint64 number, uint64 lastCommittedBatch);
    error NoRequiredProofTypes();
    error ProofCountMismatch(uint256 proofTypes, uint256 proofs);
    error UnexpectedProofType(uint8 proofType);
    error MissingProof(uint8 proofType);
    error ProofRejected(uint8 proofType, address verifier);
    error BatchAlreadyVerified(uint64 number, uint64 lastVerifiedBatch);

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @param l2ChainId_ the L2 chain id, hashed into batch hashes, public inputs and attestations.
    /// @param genesisStateRoot the L2 genesis state root, stored as batch 0.
    /// @param bridge_ the Bridge whose deposits batches are checked against (must have the same L2 chain id).
    /// @param operator_ the account allowed to commit batches. The deployer is the admin.
    constructor(uint256 l2ChainId_, bytes32 genesisStateRoot, address bridge_, address operator_) {
        if (bridge_ == address(0) || operator_ == address(0)) revert ZeroAddress();
        uint256 bridgeChainId = IDeposits(bridge_).l2ChainId();
        if (bridgeChainId != l2ChainId_) revert ChainIdMismatch(l2ChainId_, bridgeChainId);
        l2ChainId = l2ChainId_;
        bridge = IDeposits(bridge_);
        admin = msg.sender;
        operator = operator_;
        batches[0].stateRoot = genesisStateRoot;
        emit AdminTransferred(address(0), msg.sender);
        emit OperatorChanged(address(0), operator_);
    }

    // ---------------------------------------------------------------- admin

    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminTransferred(admin, newAdmin);
        admin = newAdmin;
    }

    function setOperator(address newOperator) external onlyAdmin {
        if (newOperator == address(0)) revert ZeroAddress();
        emit OperatorChanged(operator, newOperator);
        operator = newOperator;
    }

    /// @notice Sets the verifier contract of a proof type. It is used only once the
    /// type is in the required list (setRequiredProofTypes).
    function setVerifier(uint8 proofType, address verifier) external onlyAdmin {
        if (verifier == address(0)) revert ZeroAddress();
        verifiers[proofType] = verifier;
        emit VerifierSet(proofType, verifier);
    }

    /// @notice Sets the proof types of which verifyBatch needs one accepted proof each.
    /// Every type must have a verifier; no duplicates; not empty.
    function setRequiredProofTypes(uint8[] calldata proofTypes) external onlyAdmin {
        if (proofTypes.length == 0) revert NoRequiredProofTypes();
        for (uint256 i = 0; i < proofTypes.length; i++) {
            if (verifiers[proofTypes[i]] == address(0)) revert VerifierNotSet(proofTypes[i]);
            for (uint256 j = 0; j < i; j++) {
                if (proofTypes[j] == proofTypes[i]) revert DuplicateProofType(proofTypes[i]);
            }
        }
        requiredProofTypes = proofTypes;
        emit RequiredProofTypesSet(proofTypes);
    }

    function getRequiredProofTypes() external view returns (uint8[] memory) {
        return requiredProofTypes;
    }

    /// @notice Sets the attester committee for batches fromBatch and later. fromBatch must be
    /// above lastCommittedBatch; a committee scheduled at or after fromBatch is replaced.
    function setAttesterCommittee(uint64 fromBatch, address[] calldata attesters, uint64[] calldata weights)
        external
        onlyAdmin
    {
        if (fromBatch <= lastCommittedBatch) revert CommitteeStartTooLow(fromBatch, lastCommittedBatch);
        if (attesters.length == 0) revert EmptyCommittee();
        if (attesters.length != weights.length) revert CommitteeLengthMismatch(attesters.length, weights.length);
        // Drop committees that were scheduled at or after fromBatch: none of them has applied to a
        // committed batch, since fromBatch > lastCommittedBatch.
        while (committees.length > 0 && committees[committees.length - 1].fromBatch >= fromBatch) {
            uint256 last = committees.length - 1;
            Committee storage old = committees[last];
            for (uint256 i = 0; i < old.attesters.length; i++) {
                delete committeeWeight[last][old.attesters[i]];
            }
            committees.pop();
        }
        uint256 idx = committees.length;
        Committee storage c = committees.push();
        c.fromBatch = fromBatch;
        uint256 total = 0;
        for (uint256 i = 0; i < attesters.length; i++) {
            address a = attesters[i];
            if (a == address(0)) revert ZeroAttester(i);
            if (weights[i] == 0) revert ZeroWeight(i, a);
            if (committeeWeight[idx][a] != 0) revert DuplicateAttester(i, a);
            committeeWeight[idx][a] = weights[i];
            total += weights[i];
        }
        c.attesters = attesters;
        c.weights = weights;
        c.totalWeight = total;
        emit AttesterCommitteeSet(fromBatch, attesters, weights);
    }

    /// @notice Drops the committed, unverified batches n, n+1, ..., lastCommittedBatch.
    function revertBatch(uint64 n) external onlyAdmin {
        uint64 lastCommitted = lastCommittedBatch;
        if (n <= lastVerifiedBatch) revert BatchAlreadyVerified(n, lastVerifiedBatch);
        if (n > lastCommitted) revert BatchNotCommitted(n, lastCommitted);
        for (uint64 i = n; i <= lastCommitted; i++) {
            delete batches[i];
        }
        lastCommittedBatch = n - 1;
        emit BatchesReverted(n, lastCommitted);
    }

    // ------------------------------------------------------------- operator

    /// @notice Commits batch lastCommittedBatch+1 with the attester certificate for it.
    /// @param attestations 65-byte r||s||v EIP-712 signatures of BatchAttestation(l2ChainId, number,
    /// batchHash), low-s, sorted by strictly increasing signer address. Must be empty while no
    /// committee applies to b.number.
    function commitBatch(BatchHeader calldata b, bytes[] calldata attestations) external {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        uint64 lastCommitted = lastCommittedBatch;
        if (b.number != lastCommitted + 1) revert BatchNumberMismatch(b.number, lastCommitted + 1);
        StoredBatch storage prev = batches[lastCommitted];
        if (b.prevStateRoot != prev.stateRoot) revert PrevStateRootMismatch(b.number, b.prevStateRoot, prev.stateRoot);
        // The deposit id the batch starts after is part of what its proofs
        // prove, so that no deposit can be skipped between two batches.
        if (b.prevLastDepositId != prev.lastDepositId) {
            revert PrevDepositIdMismatch(b.number, b.prevLastDepositId, prev.lastDepositId);
        }
        if (b.firstBlock != prev.lastBlock + 1 || b.lastBlock < b.firstBlock) {
            revert InvalidBlockRange(b.number, b.firstBlock, b.lastBlock, prev.lastBlock + 1);
        }
        if ((b.withdrawalsCount == 0) != (b.withdrawalsRoot == bytes32(0))) {
            revert WithdrawalsMismatch(b.number, b.withdrawalsRoot, b.withdrawalsCount);
        }
        _checkDeposits(b.lastDepositId, b.depositsRollingHash, prev.lastDepositId);

        bytes32 h = batchHash(b);
        _checkCertificate(b.number, h, attestations);

        batches[b.number] = StoredBatch({
            batchHash: h,
            stateRoot: b.stateRoot,
            withdrawalsRoot: b.withdrawalsRoot,
            publicInputsHash: publicInputsHash(b),
            lastBlock: b.lastBlock,
            lastDepositId: b.lastDepositId
        });
        lastCommittedBatch = b.number;
        emit BatchCommitted(b.number, h);
    }

    // --------------------------------------------------------------- anyone

    /// @notice Verifies batch lastVerifiedBatch+1 with one proof for each required proof type.
    /// proofTypes[i] is the type of proofs[i]; a type that is not required, or given twice, is refused.
    function verifyBatch(uint64 number, uint8[] calldata proofTypes, bytes[] calldata proofs) external {
        if (proofTypes.length != proofs.length) revert ProofCountMismatch(proofTypes.length, proofs.length);
        uint64 lastVerified = lastVerifiedBatch;
        if (number <= lastVerified) revert BatchAlreadyVerified(number, lastVerified);
        if (number > lastCommittedBatch) revert BatchNotCommitted(number, lastCommittedBatch);
        if (number != lastVerified + 1) revert BatchNumberMismatch(number, lastVerified + 1);
        uint8[] memory required = requiredProofTypes;
        if (required.length == 0) revert NoRequiredProofTypes();

        for (uint256 i = 0; i < proofTypes.length; i++) {
            bool isRequired = false;
            for (uint256 k = 0; k < required.length; k++) {
                if (required[k] == proofTypes[i]) {
                    isRequired = true;
                    break;
                }
            }
            if (!isRequired) revert UnexpectedProofType(proofTypes[i]);
            for (uint256 j = 0; j < i; j++) {
                if (proofTypes[j] == proofTypes[i]) revert DuplicateProofType(proofTypes[i]);
            }
        }

        bytes32 pih = batches[number].publicInputsHash;
        for (uint256 k = 0; k < required.length; k++) {
            uint8 t = required[k];
            uint256 i = 0;
            while (i < proofTypes.length && proofTypes[i] != t) i++;
            if (i == proofTypes.length) revert MissingProof(t);
            address v = verifiers[t];
            if (!IProofVerifier(v).verify(pih, proofs[i])) revert ProofRejected(t, v);
        }

        lastVerifiedBatch = number;
        emit BatchVerified(number);
    }

    // ---------------------------------------------------------------- views

    /// @notice keccak256(abi.encode(l2ChainId, number, firstBlock, lastBlock, prevStateRoot, stateRoot,
    /// lastBlockHash, prevLastDepositId, lastDepositId, depositsRollingHash, withdrawalsRoot)).
    function batchHash(BatchHeader calldata b) public view returns (bytes32) {
        return keccak256(
            abi.encode(
                l2ChainId,
                b.number,
                b.firstBlock,
                b.lastBlock,
                b.prevStateRoot,
                b.stateRoot,
                b.lastBlockHash,
                b.prevLastDepositId,
                b.lastDepositId,
                b.depositsRollingHash,
                b.withdrawalsRoot
            )
        );
    }

    /// @notice keccak256(abi.encode(l2ChainId, number, prevStateRoot, stateRoot, lastBlockHash,
    /// prevLastDepositId, lastDepositId, depositsRollingHash, withdrawalsRoot)): what every proof
    /// of the batch proves. prevLastDepositId binds where the batch's deposits start.
    function publicInputsHash(BatchHeader calldata b) public view returns (bytes32) {
        return keccak256(
            abi.encode(
                l2ChainId,
                b.number,
                b.prevStateRoot,
                b.stateRoot,
                b.lastBlockHash,
                b.prevLastDepositId,
                b.lastDepositId,
                b.depositsRollingHash,
                b.withdrawalsRoot
            )
        );
    }

    /// @notice The EIP-712 digest an attester signs for a batch.
    function attestationDigest(uint64 batchNumber, bytes32 batchHash_) public view returns (bytes32) {
        bytes32 structHash = keccak256(abi.encode(BATCH_ATTESTATION_TYPEHASH, l2ChainId, batchNumber, batchHash_));
        return MessageHashUtils.toTypedDataHash(domainSeparator(), structHash);
    }

    /// @notice The EIP-712 domain separator: {name "Cairn", version "1", chainId: this L1, verifyingContract: this}.
    /// @dev Computed on every call, so that it follows block.chainid after a chain split.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, address(this))
        );
    }

    /// @notice The attester committee that applies to batch `batch`: the one with the greatest
    /// fromBatch <= batch. Empty arrays (and fromBatch 0) when none applies.
    function attesterCommittee(uint64 batch)
        external
        view
        returns (uint64 fromBatch, address[] memory attesters, uint64[] memory weights)
    {
        (bool found, uint256 idx) = _committeeFor(batch);
        if (!found) return (0, new address[](0), new uint64[](0));
        Committee storage c = committees[idx];
        return (c.fromBatch, c.attesters, c.weights);
    }

    /// @notice Total weight and quorum (W - floor((W-1)/5)) of the committee that applies to `batch`; zeros when none.
    function attesterQuorum(uint64 batch) external view returns (uint256 totalWeight, uint256 quorum) {
        (bool found, uint256 idx) = _committeeFor(batch);
        if (!found) return (0, 0);
        totalWeight = committees[idx].totalWeight;
        quorum = _quorum(totalWeight);
    }

    /// @notice Used by the Bridge to check withdrawal proofs.
    function withdrawalsRoot(uint64 batchNumber) external view returns (bytes32) {
        return batches[batchNumber].withdrawalsRoot;
    }

    function stateRoot(uint64 batchNumber) external view returns (bytes32) {
        return batches[batchNumber].stateRoot;
    }

    // -------------------------------------------------------------- helpers

    function _checkDeposits(uint64 lastDepositId, bytes32 rollingHash, uint64 prevLastDepositId) internal view {
        if (lastDepositId < prevLastDepositId) revert DepositIdDecreased(lastDepositId, prevLastDepositId);
        uint256 bridgeLast = bridge.lastDepositId();
        if (lastDepositId > bridgeLast) revert DepositIdTooHigh(lastDepositId, bridgeLast);
        bytes32 expected = bridge.depositHash(lastDepositId);
        if (rollingHash != expected) revert DepositsHashMismatch(lastDepositId, rollingHash, expected);
    }

    function _checkCertificate(uint64 number, bytes32 h, bytes[] calldata attestations) internal view {
        (bool found, uint256 idx) = _committeeFor(number);
        if (!found) {
            if (attestations.length != 0) revert UnexpectedAttestations(number, attestations.length);
            return;
        }
        bytes32 digest = attestationDigest(number, h);
        address previous = address(0);
        uint256 weight = 0;
        for (uint256 i = 0; i < attestations.length; i++) {
            if (attestations[i].length != 65) revert InvalidAttestationLength(i, attestations[i].length);
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, attestations[i]);
            if (err == ECDSA.RecoverError.InvalidSignatureS) revert InvalidAttestationS(i);
            if (err != ECDSA.RecoverError.NoError) revert InvalidAttestation(i);
            if (signer == previous) revert DuplicateSigner(i, signer);
            if (signer < previous) revert SignersNotSorted(i, signer, previous);
            uint64 w = committeeWeight[idx][signer];
            if (w == 0) revert SignerNotInCommittee(i, signer);
            weight += w;
            previous = signer;
        }
        uint256 quorum = _quorum(committees[idx].totalWeight);
        if (weight < quorum) revert InsufficientAttestationWeight(number, weight, quorum);
    }

    function _committeeFor(uint64 batch) internal view returns (bool found, uint256 idx) {
        for (uint256 i = committees.length; i > 0; i--) {
            if (committees[i - 1].fromBatch <= batch) return (true, i - 1);
        }
        return (false, 0);
    }

    function _quorum(uint256 totalWeight) internal pure returns (uint256) {
        return totalWeight - (totalWeight - 1) / 5;
    }
}
