// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

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
        bytes32 prevLastBlockHash;
        bytes32 lastBlockHash;
        uint64 prevLastDepositId;
        uint64 lastDepositId;
        bytes32 depositsRollingHash;
        bytes32 withdrawalsRoot;
        uint64 withdrawalsCount;
        /// @dev Commitment to the batch's data (docs/protocols/batch-data.md), which commitBatch
        /// computes from the blobs or calldata that carry it: keccak256(abi.encodePacked(uint256(1),
        /// blobhash(0), ..., blobhash(k-1))) for k blobs, keccak256(abi.encode(uint256(0),
        /// keccak256(data))) for calldata.
        bytes32 dataCommitment;
    }

    /// @notice What L1 keeps of a committed batch. batchHash is also the batch's public
    /// inputs hash (both bind the same fields, docs/protocols/batch-data.md). lastBlockHash,
    /// lastBlock and lastDepositId are what the next batch must build on.
    struct StoredBatch {
        bytes32 batchHash;
        bytes32 stateRoot;
        bytes32 withdrawalsRoot;
        bytes32 lastBlockHash;
        uint64 lastBlock;
        uint64 lastDepositId;
    }

    /// @notice An attester committee, applying from fromBatch until the next committee.
    /// members[i] = attester << 64 | weight; membersHash = keccak256 of the packed members
    /// (20-byte address ‖ 8-byte weight each), which commitBatch checks the committee it is
    /// given against, so that a certificate costs no storage read per signer.
    struct Committee {
        uint64 fromBatch;
        uint128 totalWeight;
        bytes32 membersHash;
        uint256[] members;
    }

    /// @notice The most attesters a committee may have (a signature names its signer's
    /// index in one byte).
    uint256 public constant MAX_ATTESTERS = 256;
    /// @notice The most blobs a commitBatch transaction may carry (EIP-7594's per-transaction limit).
    uint256 public constant MAX_BLOBS = 6;
    /// @dev A member in commitBatch's committee calldata: 20-byte address ‖ 8-byte weight.
    uint256 internal constant MEMBER_LENGTH = 28;
    /// @dev An attestation in commitBatch's calldata: 1-byte member index ‖ r ‖ s ‖ v.
    uint256 internal constant ATTESTATION_LENGTH = 66;
    /// @dev The largest s of a low-s secp256k1 signature (EIP-2).
    uint256 internal constant HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

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
    error TooManyAttesters(uint256 count, uint256 max);
    error VerifierNotSet(uint8 proofType);
    error DuplicateProofType(uint8 proofType);
    // commitBatch.
    error BatchNumberMismatch(uint64 number, uint64 expected);
    error PrevStateRootMismatch(uint64 number, bytes32 prevStateRoot, bytes32 expected);
    error PrevDepositIdMismatch(uint64 number, uint64 prevLastDepositId, uint64 expected);
    error PrevLastBlockHashMismatch(uint64 number, bytes32 prevLastBlockHash, bytes32 expected);
    error InvalidBlockRange(uint64 number, uint64 firstBlock, uint64 lastBlock, uint64 expectedFirstBlock);
    error WithdrawalsMismatch(uint64 number, bytes32 withdrawalsRoot, uint64 withdrawalsCount);
    error DepositIdDecreased(uint64 lastDepositId, uint64 previousLastDepositId);
    error DepositIdTooHigh(uint64 lastDepositId, uint256 bridgeLastDepositId);
    error DepositsHashMismatch(uint64 lastDepositId, bytes32 depositsRollingHash, bytes32 bridgeDepositHash);
    // Batch data.
    error DataInBlobsAndCalldata(uint64 number, uint256 dataLength);
    error TooManyBlobs(uint64 number, uint256 maxBlobs);
    error NoBatchData(uint64 number);
    error DataCommitmentMismatch(uint64 number, bytes32 given, bytes32 computed);
    // Attestation certificate.
    error UnexpectedAttestations(uint64 number, uint256 length);
    error CommitteeMismatch(uint64 number);
    error InvalidCertificateLength(uint256 length);
    error InvalidAttestationS(uint256 index);
    error InvalidAttestation(uint256 index);
    error AttesterIndexOutOfRange(uint256 index, uint256 attesterIndex, uint256 committeeSize);
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
    /// @param genesisBlockHash the L2 genesis block hash, stored as batch 0's last block hash: batch 1's
    /// first block must be its child.
    /// @param bridge_ the Bridge whose deposits batches are checked against (must have the same L2 chain id).
    /// @param operator_ the account allowed to commit batches. The deployer is the admin.
    constructor(
        uint256 l2ChainId_,
        bytes32 genesisStateRoot,
        bytes32 genesisBlockHash,
        address bridge_,
        address operator_
    ) {
        if (bridge_ == address(0) || operator_ == address(0)) revert ZeroAddress();
        uint256 bridgeChainId = IDeposits(bridge_).l2ChainId();
        if (bridgeChainId != l2ChainId_) revert ChainIdMismatch(l2ChainId_, bridgeChainId);
        l2ChainId = l2ChainId_;
        bridge = IDeposits(bridge_);
        admin = msg.sender;
        operator = operator_;
        batches[0].stateRoot = genesisStateRoot;
        batches[0].lastBlockHash = genesisBlockHash;
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
    /// At most MAX_ATTESTERS attesters, none zero or twice, no zero weight.
    function setAttesterCommittee(uint64 fromBatch, address[] calldata attesters, uint64[] calldata weights)
        external
        onlyAdmin
    {
        if (fromBatch <= lastCommittedBatch) revert CommitteeStartTooLow(fromBatch, lastCommittedBatch);
        uint256 n = attesters.length;
        if (n == 0) revert EmptyCommittee();
        if (n != weights.length) revert CommitteeLengthMismatch(n, weights.length);
        if (n > MAX_ATTESTERS) revert TooManyAttesters(n, MAX_ATTESTERS);
        // Drop committees that were scheduled at or after fromBatch: none of them has applied to a
        // committed batch, since fromBatch > lastCommittedBatch.
        while (committees.length > 0 && committees[committees.length - 1].fromBatch >= fromBatch) {
            committees.pop();
        }
        Committee storage c = committees.push();
        c.fromBatch = fromBatch;
        bytes memory packed = new bytes(n * MEMBER_LENGTH);
        uint256 total = 0;
        for (uint256 i = 0; i < n; i++) {
            address a = attesters[i];
            uint64 w = weights[i];
            if (a == address(0)) revert ZeroAttester(i);
            if (w == 0) revert ZeroWeight(i, a);
            // Duplicates: a transient mark per attester, cleared below (O(n), no storage).
            bool seen;
            assembly ("memory-safe") {
                seen := tload(a)
                tstore(a, 1)
            }
            if (seen) revert DuplicateAttester(i, a);
            uint256 member = (uint256(uint160(a)) << 64) | w;
            c.members.push(member);
            assembly ("memory-safe") {
                // 20-byte address ‖ 8-byte weight, big-endian: the member word shifted left by 32 bits.
                // The word written spills 4 bytes past the member; they belong to the next member (or
                // past the end), which is written next or is zero.
                mstore(add(add(packed, 32), mul(i, MEMBER_LENGTH)), shl(32, member))
            }
            total += w;
        }
        for (uint256 i = 0; i < n; i++) {
            address a = attesters[i];
            assembly ("memory-safe") {
                tstore(a, 0)
            }
        }
        c.membersHash = keccak256(packed);
        c.totalWeight = uint128(total);
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

    /// @notice Commits batch lastCommittedBatch+1, with its data, and the attester certificate for it.
    /// @param data the batch's data when it travels in calldata; empty when the transaction carries
    /// it in blobs (1 to MAX_BLOBS). b.dataCommitment must be the commitment L1 computes from them
    /// (BatchHeader.dataCommitment), so that the batch hash the attesters sign and the proofs prove
    /// binds the data L1 saw.
    /// @param committee the committee that applies to b.number, packed as attesterCommitteeMembers
    /// returns it (20-byte address ‖ 8-byte weight per member); checked against its stored hash.
    /// @param attestations the certificate: per signature, the signer's 1-byte index in committee
    /// followed by the 65-byte r ‖ s ‖ v EIP-712 signature of BatchAttestation(l2ChainId, number,
    /// batchHash) (low-s, v 27/28); signers in strictly increasing address order. committee and
    /// attestations must both be empty while no committee applies to b.number.
    function commitBatch(
        BatchHeader calldata b,
        bytes calldata data,
        bytes calldata committee,
        bytes calldata attestations
    ) external {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        uint64 lastCommitted = lastCommittedBatch;
        if (b.number != lastCommitted + 1) revert BatchNumberMismatch(b.number, lastCommitted + 1);
        StoredBatch storage prev = batches[lastCommitted];
        if (b.prevStateRoot != prev.stateRoot) revert PrevStateRootMismatch(b.number, b.prevStateRoot, prev.stateRoot);
        // The batch must extend the chain of blocks L1 holds: its first block is the child of the
        // previous batch's last block (the proofs bind prevLastBlockHash and the block range).
        if (b.prevLastBlockHash != prev.lastBlockHash) {
            revert PrevLastBlockHashMismatch(b.number, b.prevLastBlockHash, prev.lastBlockHash);
        }
        uint64 prevLastBlock = prev.lastBlock;
        if (b.firstBlock != prevLastBlock + 1 || b.lastBlock < b.firstBlock) {
            revert InvalidBlockRange(b.number, b.firstBlock, b.lastBlock, prevLastBlock + 1);
        }
        // The deposit id the batch starts after is part of what its proofs
        // prove, so that no deposit can be skipped between two batches.
        uint64 prevLastDepositId = prev.lastDepositId;
        if (b.prevLastDepositId != prevLastDepositId) {
            revert PrevDepositIdMismatch(b.number, b.prevLastDepositId, prevLastDepositId);
        }
        if ((b.withdrawalsCount == 0) != (b.withdrawalsRoot == bytes32(0))) {
            revert WithdrawalsMismatch(b.number, b.withdrawalsRoot, b.withdrawalsCount);
        }
        _checkDeposits(b.lastDepositId, b.depositsRollingHash, prevLastDepositId);
        bytes32 computed = _dataCommitment(b.number, data);
        if (b.dataCommitment != computed) revert DataCommitmentMismatch(b.number, b.dataCommitment, computed);

        bytes32 h = batchHash(b);
        _checkCertificate(b.number, h, committee, attestations);

        StoredBatch storage s = batches[b.number];
        s.batchHash = h;
        s.stateRoot = b.stateRoot;
        if (b.withdrawalsRoot != bytes32(0)) s.withdrawalsRoot = b.withdrawalsRoot;
        s.lastBlockHash = b.lastBlockHash;
        s.lastBlock = b.lastBlock;
        s.lastDepositId = b.lastDepositId;
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

        bytes32 pih = batches[number].batchHash; // the public inputs hash (see publicInputsHash)
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
    /// prevLastBlockHash, lastBlockHash, prevLastDepositId, lastDepositId, depositsRollingHash,
    /// withdrawalsRoot, withdrawalsCount, dataCommitment)): the fields of BatchHeader in order, after
    /// the L2 chain id.
    function batchHash(BatchHeader calldata b) public view returns (bytes32) {
        return keccak256(abi.encode(l2ChainId, b));
    }

    /// @notice What every proof of the batch proves: the same hash as batchHash, since the proofs
    /// bind every field L1 relies on (the chain of blocks, states, deposits and withdrawals, and the
    /// data commitment: a proof is of the blocks whose data L1 received).
    /// A proof that bound less would let a batch build on a forged parent with the right state root.
    function publicInputsHash(BatchHeader calldata b) external view returns (bytes32) {
        return batchHash(b);
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
        uint256 n = c.members.length;
        attesters = new address[](n);
        weights = new uint64[](n);
        for (uint256 i = 0; i < n; i++) {
            uint256 m = c.members[i];
            attesters[i] = address(uint160(m >> 64));
            weights[i] = uint64(m);
        }
        return (c.fromBatch, attesters, weights);
    }

    /// @notice The committee that applies to `batch` as commitBatch takes it: 20-byte address ‖
    /// 8-byte weight per member, in the committee's order. Empty when none applies.
    function attesterCommitteeMembers(uint64 batch) external view returns (bytes memory packed) {
        (bool found, uint256 idx) = _committeeFor(batch);
        if (!found) return packed;
        uint256[] storage members = committees[idx].members;
        packed = new bytes(members.length * MEMBER_LENGTH);
        for (uint256 i = 0; i < members.length; i++) {
            uint256 m = members[i];
            assembly ("memory-safe") {
                mstore(add(add(packed, 32), mul(i, MEMBER_LENGTH)), shl(32, m))
            }
        }
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

    /// @dev The commitment to the batch's data that the transaction carries: its blobs' versioned
    /// hashes (then data must be empty) or, without blobs, data (then non-empty).
    function _dataCommitment(uint64 number, bytes calldata data) internal view returns (bytes32 computed) {
        if (blobhash(0) == bytes32(0)) {
            if (data.length == 0) revert NoBatchData(number);
            return keccak256(abi.encode(uint256(0), keccak256(data)));
        }
        if (data.length != 0) revert DataInBlobsAndCalldata(number, data.length);
        if (blobhash(MAX_BLOBS) != bytes32(0)) revert TooManyBlobs(number, MAX_BLOBS);
        assembly ("memory-safe") {
            // abi.encodePacked(uint256(1), blobhash(0), ..., blobhash(k-1)) in scratch memory past
            // the free memory pointer (not kept).
            let p := mload(0x40)
            mstore(p, 1)
            let k := 0
            for {} lt(k, MAX_BLOBS) { k := add(k, 1) } {
                let h := blobhash(k)
                if iszero(h) { break }
                mstore(add(p, mul(add(k, 1), 32)), h)
            }
            computed := keccak256(p, mul(add(k, 1), 32))
        }
    }

    /// @dev Per signature: one calldata read of the committee member it names, one ecrecover, no
    /// storage read (the committee calldata is checked once against its stored hash).
    function _checkCertificate(uint64 number, bytes32 h, bytes calldata committee, bytes calldata attestations)
        internal
        view
    {
        (bool found, uint256 idx) = _committeeFor(number);
        if (!found) {
            if (attestations.length != 0 || committee.length != 0) {
                revert UnexpectedAttestations(number, attestations.length + committee.length);
            }
            return;
        }
        if (keccak256(committee) != committees[idx].membersHash) revert CommitteeMismatch(number);
        uint256 weight = _certificateWeight(attestationDigest(number, h), committee, attestations);
        uint256 quorum = _quorum(committees[idx].totalWeight);
        if (weight < quorum) revert InsufficientAttestationWeight(number, weight, quorum);
    }

    /// @dev The committee weight of the signers of attestations, checking every signature, the
    /// strictly increasing signer order and each signer's membership.
    function _certificateWeight(bytes32 digest, bytes calldata committee, bytes calldata attestations)
        internal
        pure
        returns (uint256 weight)
    {
        if (attestations.length % ATTESTATION_LENGTH != 0) revert InvalidCertificateLength(attestations.length);
        uint256 count = attestations.length / ATTESTATION_LENGTH;
        uint256 previous = 0;
        for (uint256 i = 0; i < count; i++) {
            (uint256 key, uint256 at) = _recoverAttester(digest, attestations, i);
            if (key == previous) revert DuplicateSigner(i, address(uint160(key)));
            if (key < previous) revert SignersNotSorted(i, address(uint160(key)), address(uint160(previous)));
            weight += _memberWeight(committee, at, key, i);
            previous = key;
        }
    }

    /// @dev The weight of committee member `at`, which must be the signer `key` of attestation i.
    function _memberWeight(bytes calldata committee, uint256 at, uint256 key, uint256 i)
        internal
        pure
        returns (uint256)
    {
        uint256 size = committee.length / MEMBER_LENGTH;
        if (at >= size) revert AttesterIndexOutOfRange(i, at, size);
        uint256 member;
        assembly ("memory-safe") {
            member := calldataload(add(committee.offset, mul(at, MEMBER_LENGTH)))
        }
        // member: 20-byte address ‖ 8-byte weight ‖ 4 bytes of the next member.
        if (member >> 96 != key) revert SignerNotInCommittee(i, address(uint160(key)));
        return (member >> 32) & type(uint64).max;
    }

    /// @dev The signer (as a number) of attestation i and the committee index it names; reverts on a
    /// high s, a v other than 27/28 or a signature that recovers no address.
    function _recoverAttester(bytes32 digest, bytes calldata attestations, uint256 i)
        internal
        pure
        returns (uint256 key, uint256 at)
    {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            let p := add(attestations.offset, mul(i, ATTESTATION_LENGTH))
            at := byte(0, calldataload(p))
            r := calldataload(add(p, 1))
            s := calldataload(add(p, 33))
            v := byte(0, calldataload(add(p, 65)))
        }
        if (uint256(s) > HALF_N) revert InvalidAttestationS(i);
        if (v != 27 && v != 28) revert InvalidAttestation(i);
        address signer = ecrecover(digest, v, r, s);
        if (signer == address(0)) revert InvalidAttestation(i);
        key = uint160(signer);
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
