// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";

/// @title Verifier of the EXEC proof type (1)
/// @notice An exec proof is a 65-byte r||s||v ECDSA signature (low-s, v 27/28) of an
/// allow-listed prover key over the EIP-191 digest of the batch's public inputs hash,
/// keccak256("\x19Ethereum Signed Message:\n32" || publicInputsHash): the trust model of
/// a TEE prover, without the enclave.
/// @dev verify never reverts: a malformed proof (wrong length, high s, bad v, no signer)
/// or a signer that is not allow-listed is simply not accepted (false).
contract ExecVerifier {
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
    function signer(bytes32 publicInputsHash, bytes calldata proof) public pure returns (address) {
        if (proof.length != 65) return address(0);
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(publicInputsHash);
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, proof);
        if (err != ECDSA.RecoverError.NoError) return address(0);
        return recovered;
    }

    function _addProver(address prover) internal {
        if (prover == address(0)) revert ZeroAddress();
        if (isProver[prover]) revert ProverAlreadyAdded(prover);
        isProver[prover] = true;
        emit ProverAdded(prover);
    }
}
