// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title Verifier of the EXEC proof type (1)
/// @notice An exec proof is a 65-byte r||s||v ECDSA signature (low-s, v 27/28) of an
/// allow-listed prover key over the EIP-712 typed data ExecProof(bytes32 publicInputsHash)
/// in the domain {name "Cairn ExecVerifier", version "1", chainId: this L1, verifyingContract:
/// this contract}: the trust model of a TEE prover, without the enclave. The domain keeps a
/// proof from being replayed on another L1 or against another verifier (another rollup).
/// @dev verify never reverts: a malformed proof (wrong length, high s, bad v, no signer)
/// or a signer that is not allow-listed is simply not accepted (false).
contract ExecVerifier {
    bytes32 internal constant EIP712_DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant DOMAIN_NAME_HASH = keccak256("Cairn ExecVerifier");
    bytes32 internal constant DOMAIN_VERSION_HASH = keccak256("1");
    bytes32 public constant EXEC_PROOF_TYPEHASH = keccak256("ExecProof(bytes32 publicInputsHash)");

    address public admin;
    mapping(address prover => bool) public isProver;

    event ProverAdded(address indexed prover);
    event ProverRemoved(address indexed prover);
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);

    error NotAdmin(address caller);
    error ZeroAddress();
    error ProverAlreadyAdded(address prover);
    error ProverNotFound(address prover);

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin(msg.sender);
        _;
    }

    /// @param provers the initial allow-list; the deployer is the admin.
    constructor(address[] memory provers) {
        admin = msg.sender;
        emit AdminTransferred(address(0), msg.sender);
        for (uint256 i = 0; i < provers.length; i++) {
            _addProver(provers[i]);
        }
    }

    function addProver(address prover) external onlyAdmin {
        _addProver(prover);
    }

    function removeProver(address prover) external onlyAdmin {
        if (!isProver[prover]) revert ProverNotFound(prover);
        isProver[prover] = false;
        emit ProverRemoved(prover);
    }

    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        emit AdminTransferred(admin, newAdmin);
        admin = newAdmin;
    }

    /// @notice True iff proof is a valid signature of an allow-listed prover over publicInputsHash.
    function verify(bytes32 publicInputsHash, bytes calldata proof) external view returns (bool) {
        return isProver[signer(publicInputsHash, proof)];
    }

    /// @notice The address that signed publicInputsHash with proof, or zero if proof is malformed.
    function signer(bytes32 publicInputsHash, bytes calldata proof) public view returns (address) {
        if (proof.length != 65) return address(0);
        bytes32 digest = proofDigest(publicInputsHash);
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, proof);
        if (err != ECDSA.RecoverError.NoError) return address(0);
        return recovered;
    }

    /// @notice The EIP-712 digest an exec proof of publicInputsHash signs.
    function proofDigest(bytes32 publicInputsHash) public view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(
            domainSeparator(), keccak256(abi.encode(EXEC_PROOF_TYPEHASH, publicInputsHash))
        );
    }

    /// @notice The EIP-712 domain separator: {name "Cairn ExecVerifier", version "1", chainId: this L1,
    /// verifyingContract: this}.
    /// @dev Computed on every call, so that it follows block.chainid after a chain split.
    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(EIP712_DOMAIN_TYPEHASH, DOMAIN_NAME_HASH, DOMAIN_VERSION_HASH, block.chainid, address(this))
        );
    }

    function _addProver(address prover) internal {
        if (prover == address(0)) revert ZeroAddress();
        if (isProver[prover]) revert ProverAlreadyAdded(prover);
        isProver[prover] = true;
        emit ProverAdded(prover);
    }
}
