// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// OnChainProposerBatchHeader is an auto generated low-level Go binding around an user-defined struct.
type OnChainProposerBatchHeader struct {
	Number              uint64
	FirstBlock          uint64
	LastBlock           uint64
	PrevStateRoot       [32]byte
	StateRoot           [32]byte
	PrevLastBlockHash   [32]byte
	LastBlockHash       [32]byte
	PrevLastDepositId   uint64
	LastDepositId       uint64
	DepositsRollingHash [32]byte
	WithdrawalsRoot     [32]byte
	WithdrawalsCount    uint64
	DataCommitment      [32]byte
}

// OnChainProposerMetaData contains all meta data concerning the OnChainProposer contract.
var OnChainProposerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"l2ChainId_\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"genesisStateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"genesisBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"bridge_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"operator_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"attesterIndex\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"committeeSize\",\"type\":\"uint256\"}],\"name\":\"AttesterIndexOutOfRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastVerifiedBatch\",\"type\":\"uint64\"}],\"name\":\"BatchAlreadyVerified\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastCommittedBatch\",\"type\":\"uint64\"}],\"name\":\"BatchNotCommitted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"}],\"name\":\"BatchNumberMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"l2ChainId\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bridgeL2ChainId\",\"type\":\"uint256\"}],\"name\":\"ChainIdMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"attesters\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"weights\",\"type\":\"uint256\"}],\"name\":\"CommitteeLengthMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"}],\"name\":\"CommitteeMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"fromBatch\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastCommittedBatch\",\"type\":\"uint64\"}],\"name\":\"CommitteeStartTooLow\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"given\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"computed\",\"type\":\"bytes32\"}],\"name\":\"DataCommitmentMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"dataLength\",\"type\":\"uint256\"}],\"name\":\"DataInBlobsAndCalldata\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"previousLastDepositId\",\"type\":\"uint64\"}],\"name\":\"DepositIdDecreased\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"bridgeLastDepositId\",\"type\":\"uint256\"}],\"name\":\"DepositIdTooHigh\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"depositsRollingHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"bridgeDepositHash\",\"type\":\"bytes32\"}],\"name\":\"DepositsHashMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"attester\",\"type\":\"address\"}],\"name\":\"DuplicateAttester\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"}],\"name\":\"DuplicateProofType\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"DuplicateSigner\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyCommittee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"weight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"quorum\",\"type\":\"uint256\"}],\"name\":\"InsufficientAttestationWeight\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"InvalidAttestation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"InvalidAttestationS\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"expectedFirstBlock\",\"type\":\"uint64\"}],\"name\":\"InvalidBlockRange\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"InvalidCertificateLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"}],\"name\":\"MissingProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"}],\"name\":\"NoBatchData\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NoRequiredProofTypes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOperator\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"prevLastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"expected\",\"type\":\"uint64\"}],\"name\":\"PrevDepositIdMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevLastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"expected\",\"type\":\"bytes32\"}],\"name\":\"PrevLastBlockHashMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevStateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"expected\",\"type\":\"bytes32\"}],\"name\":\"PrevStateRootMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"proofTypes\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proofs\",\"type\":\"uint256\"}],\"name\":\"ProofCountMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"ProofRejected\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"SignerNotInCommittee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"previous\",\"type\":\"address\"}],\"name\":\"SignersNotSorted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"TooManyAttesters\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"maxBlobs\",\"type\":\"uint256\"}],\"name\":\"TooManyBlobs\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"UnexpectedAttestations\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"}],\"name\":\"UnexpectedProofType\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"}],\"name\":\"VerifierNotSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"withdrawalsCount\",\"type\":\"uint64\"}],\"name\":\"WithdrawalsMismatch\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"ZeroAttester\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"attester\",\"type\":\"address\"}],\"name\":\"ZeroWeight\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousAdmin\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newAdmin\",\"type\":\"address\"}],\"name\":\"AdminTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"fromBatch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"attesters\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint64[]\",\"name\":\"weights\",\"type\":\"uint64[]\"}],\"name\":\"AttesterCommitteeSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"batchHash\",\"type\":\"bytes32\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"}],\"name\":\"BatchVerified\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"fromBatch\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"toBatch\",\"type\":\"uint64\"}],\"name\":\"BatchesReverted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousOperator\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newOperator\",\"type\":\"address\"}],\"name\":\"OperatorChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint8[]\",\"name\":\"proofTypes\",\"type\":\"uint8[]\"}],\"name\":\"RequiredProofTypesSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"VerifierSet\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BATCH_ATTESTATION_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ATTESTERS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_BLOBS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"admin\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"batchHash_\",\"type\":\"bytes32\"}],\"name\":\"attestationDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batch\",\"type\":\"uint64\"}],\"name\":\"attesterCommittee\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"fromBatch\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"attesters\",\"type\":\"address[]\"},{\"internalType\":\"uint64[]\",\"name\":\"weights\",\"type\":\"uint64[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batch\",\"type\":\"uint64\"}],\"name\":\"attesterCommitteeMembers\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"packed\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batch\",\"type\":\"uint64\"}],\"name\":\"attesterQuorum\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"totalWeight\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"quorum\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevStateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"prevLastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"lastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"prevLastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"depositsRollingHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"withdrawalsCount\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"dataCommitment\",\"type\":\"bytes32\"}],\"internalType\":\"structOnChainProposer.BatchHeader\",\"name\":\"b\",\"type\":\"tuple\"}],\"name\":\"batchHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"batchHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"lastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bridge\",\"outputs\":[{\"internalType\":\"contractIDeposits\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevStateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"prevLastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"lastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"prevLastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"depositsRollingHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"withdrawalsCount\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"dataCommitment\",\"type\":\"bytes32\"}],\"internalType\":\"structOnChainProposer.BatchHeader\",\"name\":\"b\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"committee\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"attestations\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"getRequiredProofTypes\",\"outputs\":[{\"internalType\":\"uint8[]\",\"name\":\"\",\"type\":\"uint8[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2ChainId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommittedBatch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastVerifiedBatch\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"operator\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"firstBlock\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastBlock\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"prevStateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"stateRoot\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"prevLastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"lastBlockHash\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"prevLastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastDepositId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"depositsRollingHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"withdrawalsRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"withdrawalsCount\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"dataCommitment\",\"type\":\"bytes32\"}],\"internalType\":\"structOnChainProposer.BatchHeader\",\"name\":\"b\",\"type\":\"tuple\"}],\"name\":\"publicInputsHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"n\",\"type\":\"uint64\"}],\"name\":\"revertBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"fromBatch\",\"type\":\"uint64\"},{\"internalType\":\"address[]\",\"name\":\"attesters\",\"type\":\"address[]\"},{\"internalType\":\"uint64[]\",\"name\":\"weights\",\"type\":\"uint64[]\"}],\"name\":\"setAttesterCommittee\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newOperator\",\"type\":\"address\"}],\"name\":\"setOperator\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8[]\",\"name\":\"proofTypes\",\"type\":\"uint8[]\"}],\"name\":\"setRequiredProofTypes\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"verifier\",\"type\":\"address\"}],\"name\":\"setVerifier\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"}],\"name\":\"stateRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newAdmin\",\"type\":\"address\"}],\"name\":\"transferAdmin\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"proofType\",\"type\":\"uint8\"}],\"name\":\"verifiers\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint8[]\",\"name\":\"proofTypes\",\"type\":\"uint8[]\"},{\"internalType\":\"bytes[]\",\"name\":\"proofs\",\"type\":\"bytes[]\"}],\"name\":\"verifyBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"}],\"name\":\"withdrawalsRoot\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "OnChainProposer",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161328638038061328683398101604081905261002e91610204565b6001600160a01b038216158061004b57506001600160a01b038116155b156100695760405163d92e233d60e01b815260040160405180910390fd5b5f826001600160a01b031663d6ae3cd56040518163ffffffff1660e01b8152600401602060405180830381865afa1580156100a6573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906100ca9190610251565b90508581146100fa57604051630432cec160e31b8152600481018790526024810182905260440160405180910390fd5b60808690526001600160a01b0383811660a0525f8054336001600160a01b0319918216811783556001805490921693861693909317905580805260036020527f3617319a054d772f909f7c479a2cebe5066e836a939412e32403c99029b92f008790557f3617319a054d772f909f7c479a2cebe5066e836a939412e32403c99029b92f028690556040517ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec6908290a36040516001600160a01b038316905f907fd58299b712891143e76310d5e664c4203c940a67db37cf856bdaa3c5c76a802c908290a3505050505050610268565b80516001600160a01b03811681146101ff575f5ffd5b919050565b5f5f5f5f5f60a08688031215610218575f5ffd5b85516020870151604088015191965094509250610237606087016101e9565b9150610245608087016101e9565b90509295509295909350565b5f60208284031215610261575f5ffd5b5051919050565b60805160a051612fe16102a55f395f818161050701528181611fca01526120a601525f818161049d015281816114c3015261154d0152612fe15ff3fe608060405234801561000f575f5ffd5b50600436106101c6575f3560e01c806375829def116100fe578063d6ae3cd51161009e578063e78cea921161006e578063e78cea9214610502578063f09e078214610529578063f698da2514610531578063f851a44014610539575f5ffd5b8063d6ae3cd514610498578063d83849ab146104bf578063da771733146104d2578063e40e4214146104db575f5ffd5b8063b3ab15fb116100d9578063b3ab15fb14610427578063c0c61aac1461043a578063c6992fcc14610465578063d11313a314610478575f5ffd5b806375829def146103775780637fcb36531461038a5780638232e3891461039d575f5ffd5b80632fb8ff9711610169578063570ca73511610144578063570ca7351461030c5780635eb4e3131461031f57806365212f831461033257806367c773ab14610345575f5ffd5b80632fb8ff97146102c457806330ca2366146102d75780634b7d130f146102f9575f5ffd5b806320180501116101a4578063201805011461022557806327e58060146102385780632bf5baf51461024b5780632d69be9814610284575f5ffd5b806305434537146101ca5780630d905edb146101e85780630f5fa62214610210575b5f5ffd5b6101d261054b565b6040516101df9190612781565b60405180910390f35b6101fb6101f63660046127e1565b6105be565b604080519283526020830191909152016101df565b61022361021e366004612841565b610627565b005b6102236102333660046128d3565b61081a565b610223610246366004612984565b610db6565b6102766102593660046127e1565b6001600160401b03165f9081526003602052604090206001015490565b6040519081526020016101df565b6102ac610292366004612a12565b60056020525f90815260409020546001600160a01b031681565b6040516001600160a01b0390911681526020016101df565b6102236102d2366004612a41565b61126c565b6102ea6102e53660046127e1565b611325565b6040516101df93929190612a72565b610276610307366004612b15565b6114c0565b6001546102ac906001600160a01b031681565b61027661032d366004612b15565b611511565b610276610340366004612b30565b611521565b60015461035f90600160a01b90046001600160401b031681565b6040516001600160401b0390911681526020016101df565b610223610385366004612b58565b6115db565b60025461035f906001600160401b031681565b6103ee6103ab3660046127e1565b600360208190525f9182526040909120805460018201546002830154938301546004909301549193909290916001600160401b0380821691600160401b90041686565b6040805196875260208701959095529385019290925260608401526001600160401b0390811660808401521660a082015260c0016101df565b610223610435366004612b58565b611687565b6102766104483660046127e1565b6001600160401b03165f9081526003602052604090206002015490565b610223610473366004612984565b611735565b61048b6104863660046127e1565b611bb0565b6040516101df9190612b71565b6102767f000000000000000000000000000000000000000000000000000000000000000081565b6102236104cd3660046127e1565b611c8f565b61027661010081565b6102767f38935a1702db1872730f2d4e9f69cbdd156cfcb55f0cd65c1327196044a9899781565b6102ac7f000000000000000000000000000000000000000000000000000000000000000081565b610276600681565b610276611e35565b5f546102ac906001600160a01b031681565b606060068054806020026020016040519081016040528092919081815260200182805480156105b457602002820191905f5260205f20905f905b825461010083900a900460ff168152602060019283018181049485019490930390920291018084116105855790505b5050505050905090565b5f5f5f5f6105cb85611ed9565b91509150816105e057505f9485945092505050565b600481815481106105f3576105f3612ba6565b5f918252602090912060039091020154600160401b90046001600160801b0316935061061e84611f5f565b92505050915091565b5f546001600160a01b0316331461065857604051630bd4212160e11b81523360048201526024015b60405180910390fd5b5f8190036106795760405163b816562b60e01b815260040160405180910390fd5b5f5b818110156107cf575f60058185858581811061069957610699612ba6565b90506020020160208101906106ae9190612a12565b60ff16815260208101919091526040015f20546001600160a01b031603610715578282828181106106e1576106e1612ba6565b90506020020160208101906106f69190612a12565b604051630227f6d760e11b815260ff909116600482015260240161064f565b5f5b818110156107c65783838381811061073157610731612ba6565b90506020020160208101906107469190612a12565b60ff1684848381811061075b5761075b612ba6565b90506020020160208101906107709190612a12565b60ff16036107be5783838381811061078a5761078a612ba6565b905060200201602081019061079f9190612a12565b604051634b0e04c960e01b815260ff909116600482015260240161064f565b600101610717565b5060010161067b565b506107dc600683836126ab565b507f183697efbdec5321e6df27ae213f91512764cadad8e423b61436f9381d224182828260405161080e929190612bba565b60405180910390a15050565b6001546001600160a01b0316331461084757604051633b63649d60e11b815233600482015260240161064f565b60018054600160a01b90046001600160401b031690610867908290612c12565b6001600160401b031661087d60208a018a6127e1565b6001600160401b0316146108cf5761089860208901896127e1565b6108a3826001612c12565b6040516346f5d64960e01b81526001600160401b0392831660048201529116602482015260440161064f565b6001600160401b0381165f908152600360205260409020600181015460608a01351461093b5761090260208a018a6127e1565b60018201546040516303251b6b60e21b81526001600160401b03909216600483015260608b01356024830152604482015260640161064f565b80600301548960a00135146109905761095760208a018a6127e1565b600382015460405163127fe79160e01b81526001600160401b03909216600483015260a08b01356024830152604482015260640161064f565b60048101546001600160401b03166109a9816001612c12565b6001600160401b03166109c260408c0160208d016127e1565b6001600160401b0316141580610a0757506109e360408b0160208c016127e1565b6001600160401b03166109fc60608c0160408d016127e1565b6001600160401b0316105b15610a8157610a1960208b018b6127e1565b610a2960408c0160208d016127e1565b610a3960608d0160408e016127e1565b610a44846001612c12565b604051632597992d60e01b81526001600160401b03948516600482015292841660248401529083166044830152909116606482015260840161064f565b6004820154600160401b90046001600160401b031680610aa86101008d0160e08e016127e1565b6001600160401b031614610b0957610ac360208c018c6127e1565b610ad46101008d0160e08e016127e1565b6040516304c6ae6760e31b81526001600160401b0392831660048201529082166024820152908216604482015260640161064f565b6101408b013515610b226101808d016101608e016127e1565b6001600160401b03161514610b8b57610b3e60208c018c6127e1565b6101408c0135610b566101808e016101608f016127e1565b6040516309f2e11560e11b81526001600160401b0393841660048201526024810192909252909116604482015260640161064f565b610bac610ba06101208d016101008e016127e1565b8c610120013583611f81565b5f610bc4610bbd60208e018e6127e1565b8c8c612159565b9050808c610180013514610c1657610bdf60208d018d6127e1565b6040516336b7289160e11b81526001600160401b0390911660048201526101808d013560248201526044810182905260640161064f565b5f610c208d6114c0565b9050610c3c610c3260208f018f6127e1565b828c8c8c8c612281565b5f60035f8f5f016020810190610c5291906127e1565b6001600160401b0316815260208101919091526040015f2082815560808f0135600182015590506101408e013515610c90576101408e013560028201555b8d60c0013581600301819055508d6040016020810190610cb091906127e1565b816004015f6101000a8154816001600160401b0302191690836001600160401b031602179055508d610100016020810190610ceb91906127e1565b6004820180546001600160401b0392909216600160401b026fffffffffffffffff000000000000000019909216919091179055610d2b60208f018f6127e1565b600180546001600160401b0392909216600160a01b0267ffffffffffffffff60a01b19909216919091179055610d6460208f018f6127e1565b6001600160401b03167f56a97c651a69e6397cf7985fdb1b4108fede0e492b546fd24fcfe5f094a7168583604051610d9e91815260200190565b60405180910390a25050505050505050505050505050565b828114610de0576040516361c7429560e11b8152600481018490526024810182905260440161064f565b6002546001600160401b039081169086168110610e23576040516351a68de760e01b81526001600160401b0380881660048301528216602482015260440161064f565b6001546001600160401b03600160a01b90910481169087161115610e795760015460405163321ea57b60e11b81526001600160401b038881166004830152600160a01b909204909116602482015260440161064f565b610e84816001612c12565b6001600160401b0316866001600160401b031614610ea857856108a3826001612c12565b5f6006805480602002602001604051908101604052809291908181526020018280548015610f1057602002820191905f5260205f20905f905b825461010083900a900460ff16815260206001928301818104948501949093039092029101808411610ee15790505b5050505050905080515f03610f385760405163b816562b60e01b815260040160405180910390fd5b5f5b8581101561107e575f805b8351811015610fab57888884818110610f6057610f60612ba6565b9050602002016020810190610f759190612a12565b60ff16848281518110610f8a57610f8a612ba6565b602002602001015160ff1603610fa35760019150610fab565b600101610f45565b5080610ff757878783818110610fc357610fc3612ba6565b9050602002016020810190610fd89190612a12565b60405163807e3bd560e01b815260ff909116600482015260240161064f565b5f5b828110156110745788888481811061101357611013612ba6565b90506020020160208101906110289190612a12565b60ff1689898381811061103d5761103d612ba6565b90506020020160208101906110529190612a12565b60ff160361106c5788888481811061078a5761078a612ba6565b600101610ff9565b5050600101610f3a565b506001600160401b0387165f90815260036020526040812054905b825181101561121a575f8382815181106110b5576110b5612ba6565b602002602001015190505f5f90505b88811080156110ff57508160ff168a8a838181106110e4576110e4612ba6565b90506020020160208101906110f99190612a12565b60ff1614155b15611116578061110e81612c31565b9150506110c4565b88810361113b576040516304b045a760e31b815260ff8316600482015260240161064f565b60ff82165f908152600560205260409020546001600160a01b03168063258ae582868b8b8681811061116f5761116f612ba6565b90506020028101906111819190612c49565b6040518463ffffffff1660e01b815260040161119f93929190612c8b565b602060405180830381865afa1580156111ba573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906111de9190612cc0565b61120f57604051634fc304e160e01b815260ff841660048201526001600160a01b038216602482015260440161064f565b505050600101611099565b506002805467ffffffffffffffff19166001600160401b038a169081179091556040517f8608675b7d03406f03d44fd9c786a9011eaf9f89a9020833474629bf62d91c01905f90a25050505050505050565b5f546001600160a01b0316331461129857604051630bd4212160e11b815233600482015260240161064f565b6001600160a01b0381166112bf5760405163d92e233d60e01b815260040160405180910390fd5b60ff82165f8181526005602090815260409182902080546001600160a01b0319166001600160a01b03861690811790915591519182527fc58e8cab34dffa84e0d7eb3a1dbc1bc3bf028ea22d6d0e36fd663fc2d97c9e0691015b60405180910390a25050565b5f6060805f5f61133486611ed9565b915091508161135f575050604080515f808252602082018181528284019093529450925090506114b9565b5f6004828154811061137357611373612ba6565b5f91825260209091206003909102016002810154909150806001600160401b038111156113a2576113a2612cdf565b6040519080825280602002602001820160405280156113cb578160200160208202803683370190505b509550806001600160401b038111156113e6576113e6612cdf565b60405190808252806020026020018201604052801561140f578160200160208202803683370190505b5094505f5b818110156114a8575f83600201828154811061143257611432612ba6565b905f5260205f2001549050604081901c88838151811061145457611454612ba6565b60200260200101906001600160a01b031690816001600160a01b0316815250508087838151811061148757611487612ba6565b6001600160401b039092166020928302919091019091015250600101611414565b5050546001600160401b0316945050505b9193909250565b5f7f0000000000000000000000000000000000000000000000000000000000000000826040516020016114f4929190612cf3565b604051602081830303815290604052805190602001209050919050565b5f61151b826114c0565b92915050565b604080517f38935a1702db1872730f2d4e9f69cbdd156cfcb55f0cd65c1327196044a9899760208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091526001600160401b0383166060820152608081018290525f90819060a0016040516020818303038152906040528051906020012090506115d36115b3611e35565b8260405161190160f01b8152600281019290925260228201526042902090565b949350505050565b5f546001600160a01b0316331461160757604051630bd4212160e11b815233600482015260240161064f565b6001600160a01b03811661162e5760405163d92e233d60e01b815260040160405180910390fd5b5f80546040516001600160a01b03808516939216917ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec691a35f80546001600160a01b0319166001600160a01b0392909216919091179055565b5f546001600160a01b031633146116b357604051630bd4212160e11b815233600482015260240161064f565b6001600160a01b0381166116da5760405163d92e233d60e01b815260040160405180910390fd5b6001546040516001600160a01b038084169216907fd58299b712891143e76310d5e664c4203c940a67db37cf856bdaa3c5c76a802c905f90a3600180546001600160a01b0319166001600160a01b0392909216919091179055565b5f546001600160a01b0316331461176157604051630bd4212160e11b815233600482015260240161064f565b6001546001600160401b03600160a01b9091048116908616116117b6576001546040516301295b0760e71b81526001600160401b038781166004830152600160a01b909204909116602482015260440161064f565b825f8190036117d857604051633028b91f60e01b815260040160405180910390fd5b8082146118025760405163f841867b60e01b8152600481018290526024810183905260440161064f565b61010081111561183057604051634f1e1f2560e11b815260048101829052610100602482015260440161064f565b600454158015906118845750600480546001600160401b038816919061185890600190612e0a565b8154811061186857611868612ba6565b5f9182526020909120600390910201546001600160401b031610155b156118d957600480548061189a5761189a612e1d565b5f8281526020812060035f199093019283020180546001600160c01b031916815560018101829055906118d0600283018261274f565b50509055611830565b600480546001810182555f9182526003027f8a35acfbc15ff81a39ae7d344fd709f28e8600b4aa8c65c6b64bfe7fe36bd19b0180546001600160401b03891667ffffffffffffffff1990911617815590611934601c84612e31565b6001600160401b0381111561194b5761194b612cdf565b6040519080825280601f01601f191660200182016040528015611975576020820181803683370190505b5090505f805b84811015611ade575f89898381811061199657611996612ba6565b90506020020160208101906119ab9190612b58565b90505f8888848181106119c0576119c0612ba6565b90506020020160208101906119d591906127e1565b90506001600160a01b038216611a0157604051632f24f33560e21b81526004810184905260240161064f565b806001600160401b03165f03611a3c57604051636cbb2b2160e11b8152600481018490526001600160a01b038316602482015260440161064f565b815c6001835d8015611a735760405163c664132760e01b8152600481018590526001600160a01b038416602482015260440161064f565b6002870180546001810182555f9182526020918290206001600160401b038516604087901b68010000000000000000600160e01b031681179190920181905580831b601c88028a0190930192909252611acc9087612e48565b9550506001909301925061197b915050565b505f5b84811015611b1f575f898983818110611afc57611afc612ba6565b9050602002016020810190611b119190612b58565b90505f815d50600101611ae1565b50815160208301206001840155825477ffffffffffffffffffffffffffffffff00000000000000001916600160401b6001600160801b038316021783556040516001600160401b038a16907f3354bf5dec2498610238b5554c6d6dd450c098a67efe67d0bcab69f7e6205a9890611b9d908b908b908b908b90612e5b565b60405180910390a2505050505050505050565b60605f5f611bbd84611ed9565b9150915081611bcd575050919050565b5f60048281548110611be157611be1612ba6565b905f5260205f2090600302016002019050601c8180549050611c039190612e31565b6001600160401b03811115611c1a57611c1a612cdf565b6040519080825280601f01601f191660200182016040528015611c44576020820181803683370190505b5093505f5b8154811015611c86575f828281548110611c6557611c65612ba6565b5f9182526020918290200154811b601c840288019091015250600101611c49565b50505050919050565b5f546001600160a01b03163314611cbb57604051630bd4212160e11b815233600482015260240161064f565b6001546002546001600160401b03600160a01b90920482169190811690831611611d0f576002546040516351a68de760e01b81526001600160401b038085166004830152909116602482015260440161064f565b806001600160401b0316826001600160401b03161115611d555760405163321ea57b60e11b81526001600160401b0380841660048301528216602482015260440161064f565b815b816001600160401b0316816001600160401b031611611dcd576001600160401b0381165f908152600360208190526040822082815560018101839055600281018390559081019190915560040180546fffffffffffffffffffffffffffffffff1916905580611dc581612eed565b915050611d57565b50611dd9600183612f17565b6001805467ffffffffffffffff60a01b1916600160a01b6001600160401b03938416021790556040518282168152908316907f2af0251272b661694a7a5135567664cbbb819e99e473292a7a26ad10c32a434e90602001611319565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527fc3176e39fa904bb29796080894ca1f918af45d5b887b485652ca6b91d078cb96918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b6004545f9081905b8015611f54576001600160401b0384166004611efe600184612e0a565b81548110611f0e57611f0e612ba6565b5f9182526020909120600390910201546001600160401b031611611f42576001611f388183612e0a565b9250925050915091565b80611f4c81612f36565b915050611ee1565b505f93849350915050565b5f6005611f6d600184612e0a565b611f779190612f5f565b61151b9083612e0a565b806001600160401b0316836001600160401b03161015611fc757604051632bb3634f60e11b81526001600160401b0380851660048301528216602482015260440161064f565b5f7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03166310f811a86040518163ffffffff1660e01b8152600401602060405180830381865afa158015612024573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906120489190612f72565b905080846001600160401b0316111561208657604051633a9d2f7760e11b81526001600160401b03851660048201526024810182905260440161064f565b604051633658767560e11b81526001600160401b03851660048201525f907f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031690636cb0ecea90602401602060405180830381865afa1580156120f3573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906121179190612f72565b90508084146121525760405163a400280160e01b81526001600160401b0386166004820152602481018590526044810182905260640161064f565b5050505050565b5f80496121d9575f82900361218c57604051631366011960e21b81526001600160401b038516600482015260240161064f565b5f838360405161219d929190612f89565b6040519081900381206121bc9291602001918252602082015260400190565b60405160208183030381529060405280519060200120905061227a565b811561220a5760405163151643e960e11b81526001600160401b03851660048201526024810183905260440161064f565b6006491561223d57604051631b94664760e11b81526001600160401b03851660048201526006602482015260440161064f565b604051600181525f5b600681101561226f5780498061225c575061226f565b6020600192909201918202830152612246565b600101602002902090505b9392505050565b5f5f61228c88611ed9565b91509150816122e357821515806122a257508415155b156122dc57876122b28685612e48565b604051631ae6cf8d60e31b81526001600160401b039092166004830152602482015260440161064f565b50506123dd565b600481815481106122f6576122f6612ba6565b905f5260205f209060030201600101548686604051612316929190612f89565b6040518091039020146123475760405163547f4a6960e11b81526001600160401b038916600482015260240161064f565b5f61235e6123558a8a611521565b888888886123e5565b90505f61239c6004848154811061237757612377612ba6565b5f918252602090912060039091020154600160401b90046001600160801b0316611f5f565b9050808210156123d857604051632a4d041b60e21b81526001600160401b038b166004820152602481018390526044810182905260640161064f565b505050505b505050505050565b5f6123f1604283612f98565b15612412576040516339a45dad60e11b81526004810183905260240161064f565b5f61241e604284612f5f565b90505f805b828110156124cf575f5f6124398b8989866124db565b9150915083820361246f57604051630fb8c71560e11b8152600481018490526001600160a01b038316602482015260440161064f565b838210156124aa5760405163185b505d60e11b8152600481018490526001600160a01b0380841660248301528516604482015260640161064f565b6124b78a8a838587612616565b6124c19087612e48565b955090925050600101612423565b50505095945050505050565b5f6042820284018035821a9060018101359060218101359060410135841a7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082111561253d57604051630f852b5160e21b81526004810187905260240161064f565b8060ff16601b1415801561255557508060ff16601c14155b1561257657604051636ce6f56360e11b81526004810187905260240161064f565b604080515f808252602082018084528c905260ff841692820192909252606081018590526080810184905260019060a0016020604051602081039080840390855afa1580156125c7573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b0381166125fe57604051636ce6f56360e11b81526004810188905260240161064f565b6001600160a01b031699939850929650505050505050565b5f80612623601c87612f5f565b9050808510612656576040516358cb550760e11b815260048101849052602481018690526044810182905260640161064f565b601c8502870135606081901c85146126935760405163dadadeb160e01b8152600481018590526001600160a01b038616602482015260440161064f565b60201c6001600160401b031691505095945050505050565b828054828255905f5260205f2090601f0160209004810192821561273f579160200282015f5b8382111561271157833560ff1683826101000a81548160ff021916908360ff16021790555092602001926001016020815f010492830192600103026126d1565b801561273d5782816101000a81549060ff02191690556001016020815f01049283019260010302612711565b505b5061274b92915061276d565b5090565b5080545f8255905f5260205f209081019061276a919061276d565b50565b5b8082111561274b575f815560010161276e565b602080825282518282018190525f918401906040840190835b818110156127bb57835160ff1683526020938401939092019160010161279a565b509095945050505050565b80356001600160401b03811681146127dc575f5ffd5b919050565b5f602082840312156127f1575f5ffd5b61227a826127c6565b5f5f83601f84011261280a575f5ffd5b5081356001600160401b03811115612820575f5ffd5b6020830191508360208260051b850101111561283a575f5ffd5b9250929050565b5f5f60208385031215612852575f5ffd5b82356001600160401b03811115612867575f5ffd5b612873858286016127fa565b90969095509350505050565b5f6101a08284031215612890575f5ffd5b50919050565b5f5f83601f8401126128a6575f5ffd5b5081356001600160401b038111156128bc575f5ffd5b60208301915083602082850101111561283a575f5ffd5b5f5f5f5f5f5f5f610200888a0312156128ea575f5ffd5b6128f4898961287f565b96506101a08801356001600160401b0381111561290f575f5ffd5b61291b8a828b01612896565b9097509550506101c08801356001600160401b0381111561293a575f5ffd5b6129468a828b01612896565b9095509350506101e08801356001600160401b03811115612965575f5ffd5b6129718a828b01612896565b989b979a50959850939692959293505050565b5f5f5f5f5f60608688031215612998575f5ffd5b6129a1866127c6565b945060208601356001600160401b038111156129bb575f5ffd5b6129c7888289016127fa565b90955093505060408601356001600160401b038111156129e5575f5ffd5b6129f1888289016127fa565b969995985093965092949392505050565b803560ff811681146127dc575f5ffd5b5f60208284031215612a22575f5ffd5b61227a82612a02565b80356001600160a01b03811681146127dc575f5ffd5b5f5f60408385031215612a52575f5ffd5b612a5b83612a02565b9150612a6960208401612a2b565b90509250929050565b5f606082016001600160401b0386168352606060208401528085518083526080850191506020870192505f5b81811015612ac55783516001600160a01b0316835260209384019390920191600101612a9e565b50508381036040850152845180825260209182019250908501905f5b81811015612b085782516001600160401b0316845260209384019390920191600101612ae1565b5091979650505050505050565b5f6101a08284031215612b26575f5ffd5b61227a838361287f565b5f5f60408385031215612b41575f5ffd5b612b4a836127c6565b946020939093013593505050565b5f60208284031215612b68575f5ffd5b61227a82612a2b565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b634e487b7160e01b5f52603260045260245ffd5b602080825281018290525f8360408301825b85811015612bf45760ff612bdf84612a02565b16825260209283019290910190600101612bcc565b5095945050505050565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b03818116838216019081111561151b5761151b612bfe565b5f60018201612c4257612c42612bfe565b5060010190565b5f5f8335601e19843603018112612c5e575f5ffd5b8301803591506001600160401b03821115612c77575f5ffd5b60200191503681900382131561283a575f5ffd5b83815260406020820152816040820152818360608301375f818301606090810191909152601f909201601f1916010192915050565b5f60208284031215612cd0575f5ffd5b8151801515811461227a575f5ffd5b634e487b7160e01b5f52604160045260245ffd5b8281526101c08101612d1860208301612d0b856127c6565b6001600160401b03169052565b612d24602084016127c6565b6001600160401b038116604084015250612d40604084016127c6565b6001600160401b038116606084015250606083013560808381019190915283013560a08084019190915283013560c08084019190915283013560e080840191909152612d8d9084016127c6565b6001600160401b03811661010084015250612dab61010084016127c6565b6001600160401b038116610120840152506101208301356101408381019190915283013561016080840191909152612de49084016127c6565b6001600160401b0381166101808401525061018092909201356101a09190910152919050565b8181038181111561151b5761151b612bfe565b634e487b7160e01b5f52603160045260245ffd5b808202811582820484141761151b5761151b612bfe565b8082018082111561151b5761151b612bfe565b604080825281018490525f8560608301825b87811015612e9b576001600160a01b03612e8684612a2b565b16825260209283019290910190600101612e6d565b50838103602080860191909152858252019050845f5b85811015612ee0576001600160401b03612eca836127c6565b1683526020928301929190910190600101612eb1565b5090979650505050505050565b5f6001600160401b0382166001600160401b038103612f0e57612f0e612bfe565b60010192915050565b6001600160401b03828116828216039081111561151b5761151b612bfe565b5f81612f4457612f44612bfe565b505f190190565b634e487b7160e01b5f52601260045260245ffd5b5f82612f6d57612f6d612f4b565b500490565b5f60208284031215612f82575f5ffd5b5051919050565b818382375f9101908152919050565b5f82612fa657612fa6612f4b565b50069056fea264697066735822122099b5c472b97da0692aabbfbf98ece141e3a4c42cdff540f77fe7881863bcf22164736f6c634300081c0033",
}

// OnChainProposer is an auto generated Go binding around an Ethereum contract.
type OnChainProposer struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *OnChainProposer) GetABI() abi.ABI {
	return c.abi
}

// NewOnChainProposer creates a new instance of OnChainProposer.
func NewOnChainProposer() *OnChainProposer {
	parsed, err := OnChainProposerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &OnChainProposer{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *OnChainProposer) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint256 l2ChainId_, bytes32 genesisStateRoot, bytes32 genesisBlockHash, address bridge_, address operator_) returns()
func (onChainProposer *OnChainProposer) PackConstructor(l2ChainId_ *big.Int, genesisStateRoot [32]byte, genesisBlockHash [32]byte, bridge_ common.Address, operator_ common.Address) []byte {
	enc, err := onChainProposer.abi.Pack("", l2ChainId_, genesisStateRoot, genesisBlockHash, bridge_, operator_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackBATCHATTESTATIONTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe40e4214.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BATCH_ATTESTATION_TYPEHASH() view returns(bytes32)
func (onChainProposer *OnChainProposer) PackBATCHATTESTATIONTYPEHASH() []byte {
	enc, err := onChainProposer.abi.Pack("BATCH_ATTESTATION_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBATCHATTESTATIONTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe40e4214.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BATCH_ATTESTATION_TYPEHASH() view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackBATCHATTESTATIONTYPEHASH() ([]byte, error) {
	return onChainProposer.abi.Pack("BATCH_ATTESTATION_TYPEHASH")
}

// UnpackBATCHATTESTATIONTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe40e4214.
//
// Solidity: function BATCH_ATTESTATION_TYPEHASH() view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackBATCHATTESTATIONTYPEHASH(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("BATCH_ATTESTATION_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMAXATTESTERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda771733.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ATTESTERS() view returns(uint256)
func (onChainProposer *OnChainProposer) PackMAXATTESTERS() []byte {
	enc, err := onChainProposer.abi.Pack("MAX_ATTESTERS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXATTESTERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xda771733.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ATTESTERS() view returns(uint256)
func (onChainProposer *OnChainProposer) TryPackMAXATTESTERS() ([]byte, error) {
	return onChainProposer.abi.Pack("MAX_ATTESTERS")
}

// UnpackMAXATTESTERS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xda771733.
//
// Solidity: function MAX_ATTESTERS() view returns(uint256)
func (onChainProposer *OnChainProposer) UnpackMAXATTESTERS(data []byte) (*big.Int, error) {
	out, err := onChainProposer.abi.Unpack("MAX_ATTESTERS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf09e0782.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (onChainProposer *OnChainProposer) PackMAXBLOBS() []byte {
	enc, err := onChainProposer.abi.Pack("MAX_BLOBS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXBLOBS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf09e0782.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (onChainProposer *OnChainProposer) TryPackMAXBLOBS() ([]byte, error) {
	return onChainProposer.abi.Pack("MAX_BLOBS")
}

// UnpackMAXBLOBS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf09e0782.
//
// Solidity: function MAX_BLOBS() view returns(uint256)
func (onChainProposer *OnChainProposer) UnpackMAXBLOBS(data []byte) (*big.Int, error) {
	out, err := onChainProposer.abi.Unpack("MAX_BLOBS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf851a440.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admin() view returns(address)
func (onChainProposer *OnChainProposer) PackAdmin() []byte {
	enc, err := onChainProposer.abi.Pack("admin")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf851a440.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function admin() view returns(address)
func (onChainProposer *OnChainProposer) TryPackAdmin() ([]byte, error) {
	return onChainProposer.abi.Pack("admin")
}

// UnpackAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf851a440.
//
// Solidity: function admin() view returns(address)
func (onChainProposer *OnChainProposer) UnpackAdmin(data []byte) (common.Address, error) {
	out, err := onChainProposer.abi.Unpack("admin", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackAttestationDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x65212f83.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attestationDigest(uint64 batchNumber, bytes32 batchHash_) view returns(bytes32)
func (onChainProposer *OnChainProposer) PackAttestationDigest(batchNumber uint64, batchHash [32]byte) []byte {
	enc, err := onChainProposer.abi.Pack("attestationDigest", batchNumber, batchHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttestationDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x65212f83.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attestationDigest(uint64 batchNumber, bytes32 batchHash_) view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackAttestationDigest(batchNumber uint64, batchHash [32]byte) ([]byte, error) {
	return onChainProposer.abi.Pack("attestationDigest", batchNumber, batchHash)
}

// UnpackAttestationDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x65212f83.
//
// Solidity: function attestationDigest(uint64 batchNumber, bytes32 batchHash_) view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackAttestationDigest(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("attestationDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAttesterCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ca2366.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attesterCommittee(uint64 batch) view returns(uint64 fromBatch, address[] attesters, uint64[] weights)
func (onChainProposer *OnChainProposer) PackAttesterCommittee(batch uint64) []byte {
	enc, err := onChainProposer.abi.Pack("attesterCommittee", batch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttesterCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x30ca2366.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attesterCommittee(uint64 batch) view returns(uint64 fromBatch, address[] attesters, uint64[] weights)
func (onChainProposer *OnChainProposer) TryPackAttesterCommittee(batch uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("attesterCommittee", batch)
}

// AttesterCommitteeOutput serves as a container for the return parameters of contract
// method AttesterCommittee.
type AttesterCommitteeOutput struct {
	FromBatch uint64
	Attesters []common.Address
	Weights   []uint64
}

// UnpackAttesterCommittee is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x30ca2366.
//
// Solidity: function attesterCommittee(uint64 batch) view returns(uint64 fromBatch, address[] attesters, uint64[] weights)
func (onChainProposer *OnChainProposer) UnpackAttesterCommittee(data []byte) (AttesterCommitteeOutput, error) {
	out, err := onChainProposer.abi.Unpack("attesterCommittee", data)
	outstruct := new(AttesterCommitteeOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.FromBatch = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Attesters = *abi.ConvertType(out[1], new([]common.Address)).(*[]common.Address)
	outstruct.Weights = *abi.ConvertType(out[2], new([]uint64)).(*[]uint64)
	return *outstruct, nil
}

// PackAttesterCommitteeMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd11313a3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attesterCommitteeMembers(uint64 batch) view returns(bytes packed)
func (onChainProposer *OnChainProposer) PackAttesterCommitteeMembers(batch uint64) []byte {
	enc, err := onChainProposer.abi.Pack("attesterCommitteeMembers", batch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttesterCommitteeMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd11313a3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attesterCommitteeMembers(uint64 batch) view returns(bytes packed)
func (onChainProposer *OnChainProposer) TryPackAttesterCommitteeMembers(batch uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("attesterCommitteeMembers", batch)
}

// UnpackAttesterCommitteeMembers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd11313a3.
//
// Solidity: function attesterCommitteeMembers(uint64 batch) view returns(bytes packed)
func (onChainProposer *OnChainProposer) UnpackAttesterCommitteeMembers(data []byte) ([]byte, error) {
	out, err := onChainProposer.abi.Unpack("attesterCommitteeMembers", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackAttesterQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d905edb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attesterQuorum(uint64 batch) view returns(uint256 totalWeight, uint256 quorum)
func (onChainProposer *OnChainProposer) PackAttesterQuorum(batch uint64) []byte {
	enc, err := onChainProposer.abi.Pack("attesterQuorum", batch)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttesterQuorum is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d905edb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attesterQuorum(uint64 batch) view returns(uint256 totalWeight, uint256 quorum)
func (onChainProposer *OnChainProposer) TryPackAttesterQuorum(batch uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("attesterQuorum", batch)
}

// AttesterQuorumOutput serves as a container for the return parameters of contract
// method AttesterQuorum.
type AttesterQuorumOutput struct {
	TotalWeight *big.Int
	Quorum      *big.Int
}

// UnpackAttesterQuorum is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0d905edb.
//
// Solidity: function attesterQuorum(uint64 batch) view returns(uint256 totalWeight, uint256 quorum)
func (onChainProposer *OnChainProposer) UnpackAttesterQuorum(data []byte) (AttesterQuorumOutput, error) {
	out, err := onChainProposer.abi.Unpack("attesterQuorum", data)
	outstruct := new(AttesterQuorumOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.TotalWeight = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Quorum = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b7d130f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) PackBatchHash(b OnChainProposerBatchHeader) []byte {
	enc, err := onChainProposer.abi.Pack("batchHash", b)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatchHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4b7d130f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackBatchHash(b OnChainProposerBatchHeader) ([]byte, error) {
	return onChainProposer.abi.Pack("batchHash", b)
}

// UnpackBatchHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4b7d130f.
//
// Solidity: function batchHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackBatchHash(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("batchHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8232e389.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batches(uint64 batchNumber) view returns(bytes32 batchHash, bytes32 stateRoot, bytes32 withdrawalsRoot, bytes32 lastBlockHash, uint64 lastBlock, uint64 lastDepositId)
func (onChainProposer *OnChainProposer) PackBatches(batchNumber uint64) []byte {
	enc, err := onChainProposer.abi.Pack("batches", batchNumber)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8232e389.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batches(uint64 batchNumber) view returns(bytes32 batchHash, bytes32 stateRoot, bytes32 withdrawalsRoot, bytes32 lastBlockHash, uint64 lastBlock, uint64 lastDepositId)
func (onChainProposer *OnChainProposer) TryPackBatches(batchNumber uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("batches", batchNumber)
}

// BatchesOutput serves as a container for the return parameters of contract
// method Batches.
type BatchesOutput struct {
	BatchHash       [32]byte
	StateRoot       [32]byte
	WithdrawalsRoot [32]byte
	LastBlockHash   [32]byte
	LastBlock       uint64
	LastDepositId   uint64
}

// UnpackBatches is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8232e389.
//
// Solidity: function batches(uint64 batchNumber) view returns(bytes32 batchHash, bytes32 stateRoot, bytes32 withdrawalsRoot, bytes32 lastBlockHash, uint64 lastBlock, uint64 lastDepositId)
func (onChainProposer *OnChainProposer) UnpackBatches(data []byte) (BatchesOutput, error) {
	out, err := onChainProposer.abi.Unpack("batches", data)
	outstruct := new(BatchesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.BatchHash = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.StateRoot = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.WithdrawalsRoot = *abi.ConvertType(out[2], new([32]byte)).(*[32]byte)
	outstruct.LastBlockHash = *abi.ConvertType(out[3], new([32]byte)).(*[32]byte)
	outstruct.LastBlock = *abi.ConvertType(out[4], new(uint64)).(*uint64)
	outstruct.LastDepositId = *abi.ConvertType(out[5], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackBridge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe78cea92.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function bridge() view returns(address)
func (onChainProposer *OnChainProposer) PackBridge() []byte {
	enc, err := onChainProposer.abi.Pack("bridge")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBridge is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe78cea92.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function bridge() view returns(address)
func (onChainProposer *OnChainProposer) TryPackBridge() ([]byte, error) {
	return onChainProposer.abi.Pack("bridge")
}

// UnpackBridge is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe78cea92.
//
// Solidity: function bridge() view returns(address)
func (onChainProposer *OnChainProposer) UnpackBridge(data []byte) (common.Address, error) {
	out, err := onChainProposer.abi.Unpack("bridge", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20180501.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitBatch((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b, bytes data, bytes committee, bytes attestations) returns()
func (onChainProposer *OnChainProposer) PackCommitBatch(b OnChainProposerBatchHeader, data []byte, committee []byte, attestations []byte) []byte {
	enc, err := onChainProposer.abi.Pack("commitBatch", b, data, committee, attestations)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20180501.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitBatch((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b, bytes data, bytes committee, bytes attestations) returns()
func (onChainProposer *OnChainProposer) TryPackCommitBatch(b OnChainProposerBatchHeader, data []byte, committee []byte, attestations []byte) ([]byte, error) {
	return onChainProposer.abi.Pack("commitBatch", b, data, committee, attestations)
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (onChainProposer *OnChainProposer) PackDomainSeparator() []byte {
	enc, err := onChainProposer.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackDomainSeparator() ([]byte, error) {
	return onChainProposer.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackGetRequiredProofTypes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x05434537.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getRequiredProofTypes() view returns(uint8[])
func (onChainProposer *OnChainProposer) PackGetRequiredProofTypes() []byte {
	enc, err := onChainProposer.abi.Pack("getRequiredProofTypes")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetRequiredProofTypes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x05434537.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getRequiredProofTypes() view returns(uint8[])
func (onChainProposer *OnChainProposer) TryPackGetRequiredProofTypes() ([]byte, error) {
	return onChainProposer.abi.Pack("getRequiredProofTypes")
}

// UnpackGetRequiredProofTypes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x05434537.
//
// Solidity: function getRequiredProofTypes() view returns(uint8[])
func (onChainProposer *OnChainProposer) UnpackGetRequiredProofTypes(data []byte) ([]uint8, error) {
	out, err := onChainProposer.abi.Unpack("getRequiredProofTypes", data)
	if err != nil {
		return *new([]uint8), err
	}
	out0 := *abi.ConvertType(out[0], new([]uint8)).(*[]uint8)
	return out0, nil
}

// PackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function l2ChainId() view returns(uint256)
func (onChainProposer *OnChainProposer) PackL2ChainId() []byte {
	enc, err := onChainProposer.abi.Pack("l2ChainId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function l2ChainId() view returns(uint256)
func (onChainProposer *OnChainProposer) TryPackL2ChainId() ([]byte, error) {
	return onChainProposer.abi.Pack("l2ChainId")
}

// UnpackL2ChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6ae3cd5.
//
// Solidity: function l2ChainId() view returns(uint256)
func (onChainProposer *OnChainProposer) UnpackL2ChainId(data []byte) (*big.Int, error) {
	out, err := onChainProposer.abi.Unpack("l2ChainId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLastCommittedBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67c773ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastCommittedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) PackLastCommittedBatch() []byte {
	enc, err := onChainProposer.abi.Pack("lastCommittedBatch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastCommittedBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x67c773ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastCommittedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) TryPackLastCommittedBatch() ([]byte, error) {
	return onChainProposer.abi.Pack("lastCommittedBatch")
}

// UnpackLastCommittedBatch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x67c773ab.
//
// Solidity: function lastCommittedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) UnpackLastCommittedBatch(data []byte) (uint64, error) {
	out, err := onChainProposer.abi.Unpack("lastCommittedBatch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackLastVerifiedBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7fcb3653.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastVerifiedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) PackLastVerifiedBatch() []byte {
	enc, err := onChainProposer.abi.Pack("lastVerifiedBatch")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastVerifiedBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7fcb3653.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastVerifiedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) TryPackLastVerifiedBatch() ([]byte, error) {
	return onChainProposer.abi.Pack("lastVerifiedBatch")
}

// UnpackLastVerifiedBatch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7fcb3653.
//
// Solidity: function lastVerifiedBatch() view returns(uint64)
func (onChainProposer *OnChainProposer) UnpackLastVerifiedBatch(data []byte) (uint64, error) {
	out, err := onChainProposer.abi.Unpack("lastVerifiedBatch", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackOperator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x570ca735.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function operator() view returns(address)
func (onChainProposer *OnChainProposer) PackOperator() []byte {
	enc, err := onChainProposer.abi.Pack("operator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackOperator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x570ca735.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function operator() view returns(address)
func (onChainProposer *OnChainProposer) TryPackOperator() ([]byte, error) {
	return onChainProposer.abi.Pack("operator")
}

// UnpackOperator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x570ca735.
//
// Solidity: function operator() view returns(address)
func (onChainProposer *OnChainProposer) UnpackOperator(data []byte) (common.Address, error) {
	out, err := onChainProposer.abi.Unpack("operator", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackPublicInputsHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5eb4e313.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publicInputsHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) PackPublicInputsHash(b OnChainProposerBatchHeader) []byte {
	enc, err := onChainProposer.abi.Pack("publicInputsHash", b)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublicInputsHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5eb4e313.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publicInputsHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackPublicInputsHash(b OnChainProposerBatchHeader) ([]byte, error) {
	return onChainProposer.abi.Pack("publicInputsHash", b)
}

// UnpackPublicInputsHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5eb4e313.
//
// Solidity: function publicInputsHash((uint64,uint64,uint64,bytes32,bytes32,bytes32,bytes32,uint64,uint64,bytes32,bytes32,uint64,bytes32) b) view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackPublicInputsHash(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("publicInputsHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRevertBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd83849ab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revertBatch(uint64 n) returns()
func (onChainProposer *OnChainProposer) PackRevertBatch(n uint64) []byte {
	enc, err := onChainProposer.abi.Pack("revertBatch", n)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevertBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd83849ab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revertBatch(uint64 n) returns()
func (onChainProposer *OnChainProposer) TryPackRevertBatch(n uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("revertBatch", n)
}

// PackSetAttesterCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc6992fcc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setAttesterCommittee(uint64 fromBatch, address[] attesters, uint64[] weights) returns()
func (onChainProposer *OnChainProposer) PackSetAttesterCommittee(fromBatch uint64, attesters []common.Address, weights []uint64) []byte {
	enc, err := onChainProposer.abi.Pack("setAttesterCommittee", fromBatch, attesters, weights)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetAttesterCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc6992fcc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setAttesterCommittee(uint64 fromBatch, address[] attesters, uint64[] weights) returns()
func (onChainProposer *OnChainProposer) TryPackSetAttesterCommittee(fromBatch uint64, attesters []common.Address, weights []uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("setAttesterCommittee", fromBatch, attesters, weights)
}

// PackSetOperator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb3ab15fb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setOperator(address newOperator) returns()
func (onChainProposer *OnChainProposer) PackSetOperator(newOperator common.Address) []byte {
	enc, err := onChainProposer.abi.Pack("setOperator", newOperator)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetOperator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb3ab15fb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setOperator(address newOperator) returns()
func (onChainProposer *OnChainProposer) TryPackSetOperator(newOperator common.Address) ([]byte, error) {
	return onChainProposer.abi.Pack("setOperator", newOperator)
}

// PackSetRequiredProofTypes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f5fa622.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setRequiredProofTypes(uint8[] proofTypes) returns()
func (onChainProposer *OnChainProposer) PackSetRequiredProofTypes(proofTypes []uint8) []byte {
	enc, err := onChainProposer.abi.Pack("setRequiredProofTypes", proofTypes)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetRequiredProofTypes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f5fa622.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setRequiredProofTypes(uint8[] proofTypes) returns()
func (onChainProposer *OnChainProposer) TryPackSetRequiredProofTypes(proofTypes []uint8) ([]byte, error) {
	return onChainProposer.abi.Pack("setRequiredProofTypes", proofTypes)
}

// PackSetVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2fb8ff97.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setVerifier(uint8 proofType, address verifier) returns()
func (onChainProposer *OnChainProposer) PackSetVerifier(proofType uint8, verifier common.Address) []byte {
	enc, err := onChainProposer.abi.Pack("setVerifier", proofType, verifier)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2fb8ff97.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setVerifier(uint8 proofType, address verifier) returns()
func (onChainProposer *OnChainProposer) TryPackSetVerifier(proofType uint8, verifier common.Address) ([]byte, error) {
	return onChainProposer.abi.Pack("setVerifier", proofType, verifier)
}

// PackStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bf5baf5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function stateRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) PackStateRoot(batchNumber uint64) []byte {
	enc, err := onChainProposer.abi.Pack("stateRoot", batchNumber)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStateRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2bf5baf5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function stateRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackStateRoot(batchNumber uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("stateRoot", batchNumber)
}

// UnpackStateRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2bf5baf5.
//
// Solidity: function stateRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackStateRoot(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("stateRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackTransferAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75829def.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferAdmin(address newAdmin) returns()
func (onChainProposer *OnChainProposer) PackTransferAdmin(newAdmin common.Address) []byte {
	enc, err := onChainProposer.abi.Pack("transferAdmin", newAdmin)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75829def.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferAdmin(address newAdmin) returns()
func (onChainProposer *OnChainProposer) TryPackTransferAdmin(newAdmin common.Address) ([]byte, error) {
	return onChainProposer.abi.Pack("transferAdmin", newAdmin)
}

// PackVerifiers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d69be98.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifiers(uint8 proofType) view returns(address)
func (onChainProposer *OnChainProposer) PackVerifiers(proofType uint8) []byte {
	enc, err := onChainProposer.abi.Pack("verifiers", proofType)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifiers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d69be98.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifiers(uint8 proofType) view returns(address)
func (onChainProposer *OnChainProposer) TryPackVerifiers(proofType uint8) ([]byte, error) {
	return onChainProposer.abi.Pack("verifiers", proofType)
}

// UnpackVerifiers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2d69be98.
//
// Solidity: function verifiers(uint8 proofType) view returns(address)
func (onChainProposer *OnChainProposer) UnpackVerifiers(data []byte) (common.Address, error) {
	out, err := onChainProposer.abi.Unpack("verifiers", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackVerifyBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27e58060.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifyBatch(uint64 number, uint8[] proofTypes, bytes[] proofs) returns()
func (onChainProposer *OnChainProposer) PackVerifyBatch(number uint64, proofTypes []uint8, proofs [][]byte) []byte {
	enc, err := onChainProposer.abi.Pack("verifyBatch", number, proofTypes, proofs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifyBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x27e58060.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifyBatch(uint64 number, uint8[] proofTypes, bytes[] proofs) returns()
func (onChainProposer *OnChainProposer) TryPackVerifyBatch(number uint64, proofTypes []uint8, proofs [][]byte) ([]byte, error) {
	return onChainProposer.abi.Pack("verifyBatch", number, proofTypes, proofs)
}

// PackWithdrawalsRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc0c61aac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawalsRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) PackWithdrawalsRoot(batchNumber uint64) []byte {
	enc, err := onChainProposer.abi.Pack("withdrawalsRoot", batchNumber)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawalsRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc0c61aac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawalsRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) TryPackWithdrawalsRoot(batchNumber uint64) ([]byte, error) {
	return onChainProposer.abi.Pack("withdrawalsRoot", batchNumber)
}

// UnpackWithdrawalsRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc0c61aac.
//
// Solidity: function withdrawalsRoot(uint64 batchNumber) view returns(bytes32)
func (onChainProposer *OnChainProposer) UnpackWithdrawalsRoot(data []byte) ([32]byte, error) {
	out, err := onChainProposer.abi.Unpack("withdrawalsRoot", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// OnChainProposerAdminTransferred represents a AdminTransferred event raised by the OnChainProposer contract.
type OnChainProposerAdminTransferred struct {
	PreviousAdmin common.Address
	NewAdmin      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const OnChainProposerAdminTransferredEventName = "AdminTransferred"

// ContractEventName returns the user-defined event name.
func (OnChainProposerAdminTransferred) ContractEventName() string {
	return OnChainProposerAdminTransferredEventName
}

// UnpackAdminTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AdminTransferred(address indexed previousAdmin, address indexed newAdmin)
func (onChainProposer *OnChainProposer) UnpackAdminTransferredEvent(log *types.Log) (*OnChainProposerAdminTransferred, error) {
	event := "AdminTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerAdminTransferred)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerAttesterCommitteeSet represents a AttesterCommitteeSet event raised by the OnChainProposer contract.
type OnChainProposerAttesterCommitteeSet struct {
	FromBatch uint64
	Attesters []common.Address
	Weights   []uint64
	Raw       *types.Log // Blockchain specific contextual infos
}

const OnChainProposerAttesterCommitteeSetEventName = "AttesterCommitteeSet"

// ContractEventName returns the user-defined event name.
func (OnChainProposerAttesterCommitteeSet) ContractEventName() string {
	return OnChainProposerAttesterCommitteeSetEventName
}

// UnpackAttesterCommitteeSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AttesterCommitteeSet(uint64 indexed fromBatch, address[] attesters, uint64[] weights)
func (onChainProposer *OnChainProposer) UnpackAttesterCommitteeSetEvent(log *types.Log) (*OnChainProposerAttesterCommitteeSet, error) {
	event := "AttesterCommitteeSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerAttesterCommitteeSet)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerBatchCommitted represents a BatchCommitted event raised by the OnChainProposer contract.
type OnChainProposerBatchCommitted struct {
	Number    uint64
	BatchHash [32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const OnChainProposerBatchCommittedEventName = "BatchCommitted"

// ContractEventName returns the user-defined event name.
func (OnChainProposerBatchCommitted) ContractEventName() string {
	return OnChainProposerBatchCommittedEventName
}

// UnpackBatchCommittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchCommitted(uint64 indexed number, bytes32 batchHash)
func (onChainProposer *OnChainProposer) UnpackBatchCommittedEvent(log *types.Log) (*OnChainProposerBatchCommitted, error) {
	event := "BatchCommitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerBatchCommitted)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerBatchVerified represents a BatchVerified event raised by the OnChainProposer contract.
type OnChainProposerBatchVerified struct {
	Number uint64
	Raw    *types.Log // Blockchain specific contextual infos
}

const OnChainProposerBatchVerifiedEventName = "BatchVerified"

// ContractEventName returns the user-defined event name.
func (OnChainProposerBatchVerified) ContractEventName() string {
	return OnChainProposerBatchVerifiedEventName
}

// UnpackBatchVerifiedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchVerified(uint64 indexed number)
func (onChainProposer *OnChainProposer) UnpackBatchVerifiedEvent(log *types.Log) (*OnChainProposerBatchVerified, error) {
	event := "BatchVerified"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerBatchVerified)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerBatchesReverted represents a BatchesReverted event raised by the OnChainProposer contract.
type OnChainProposerBatchesReverted struct {
	FromBatch uint64
	ToBatch   uint64
	Raw       *types.Log // Blockchain specific contextual infos
}

const OnChainProposerBatchesRevertedEventName = "BatchesReverted"

// ContractEventName returns the user-defined event name.
func (OnChainProposerBatchesReverted) ContractEventName() string {
	return OnChainProposerBatchesRevertedEventName
}

// UnpackBatchesRevertedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchesReverted(uint64 indexed fromBatch, uint64 toBatch)
func (onChainProposer *OnChainProposer) UnpackBatchesRevertedEvent(log *types.Log) (*OnChainProposerBatchesReverted, error) {
	event := "BatchesReverted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerBatchesReverted)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerOperatorChanged represents a OperatorChanged event raised by the OnChainProposer contract.
type OnChainProposerOperatorChanged struct {
	PreviousOperator common.Address
	NewOperator      common.Address
	Raw              *types.Log // Blockchain specific contextual infos
}

const OnChainProposerOperatorChangedEventName = "OperatorChanged"

// ContractEventName returns the user-defined event name.
func (OnChainProposerOperatorChanged) ContractEventName() string {
	return OnChainProposerOperatorChangedEventName
}

// UnpackOperatorChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event OperatorChanged(address indexed previousOperator, address indexed newOperator)
func (onChainProposer *OnChainProposer) UnpackOperatorChangedEvent(log *types.Log) (*OnChainProposerOperatorChanged, error) {
	event := "OperatorChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerOperatorChanged)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerRequiredProofTypesSet represents a RequiredProofTypesSet event raised by the OnChainProposer contract.
type OnChainProposerRequiredProofTypesSet struct {
	ProofTypes []uint8
	Raw        *types.Log // Blockchain specific contextual infos
}

const OnChainProposerRequiredProofTypesSetEventName = "RequiredProofTypesSet"

// ContractEventName returns the user-defined event name.
func (OnChainProposerRequiredProofTypesSet) ContractEventName() string {
	return OnChainProposerRequiredProofTypesSetEventName
}

// UnpackRequiredProofTypesSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RequiredProofTypesSet(uint8[] proofTypes)
func (onChainProposer *OnChainProposer) UnpackRequiredProofTypesSetEvent(log *types.Log) (*OnChainProposerRequiredProofTypesSet, error) {
	event := "RequiredProofTypesSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerRequiredProofTypesSet)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// OnChainProposerVerifierSet represents a VerifierSet event raised by the OnChainProposer contract.
type OnChainProposerVerifierSet struct {
	ProofType uint8
	Verifier  common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const OnChainProposerVerifierSetEventName = "VerifierSet"

// ContractEventName returns the user-defined event name.
func (OnChainProposerVerifierSet) ContractEventName() string {
	return OnChainProposerVerifierSetEventName
}

// UnpackVerifierSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event VerifierSet(uint8 indexed proofType, address verifier)
func (onChainProposer *OnChainProposer) UnpackVerifierSetEvent(log *types.Log) (*OnChainProposerVerifierSet, error) {
	event := "VerifierSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != onChainProposer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(OnChainProposerVerifierSet)
	if len(log.Data) > 0 {
		if err := onChainProposer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range onChainProposer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (onChainProposer *OnChainProposer) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["AttesterIndexOutOfRange"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackAttesterIndexOutOfRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["BatchAlreadyVerified"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackBatchAlreadyVerifiedError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["BatchNotCommitted"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackBatchNotCommittedError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["BatchNumberMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackBatchNumberMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ChainIdMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackChainIdMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["CommitteeLengthMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackCommitteeLengthMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["CommitteeMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackCommitteeMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["CommitteeStartTooLow"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackCommitteeStartTooLowError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DataCommitmentMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDataCommitmentMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DataInBlobsAndCalldata"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDataInBlobsAndCalldataError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DepositIdDecreased"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDepositIdDecreasedError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DepositIdTooHigh"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDepositIdTooHighError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DepositsHashMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDepositsHashMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DuplicateAttester"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDuplicateAttesterError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DuplicateProofType"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDuplicateProofTypeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["DuplicateSigner"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackDuplicateSignerError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["EmptyCommittee"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackEmptyCommitteeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["InsufficientAttestationWeight"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackInsufficientAttestationWeightError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["InvalidAttestation"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackInvalidAttestationError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["InvalidAttestationS"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackInvalidAttestationSError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["InvalidBlockRange"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackInvalidBlockRangeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["InvalidCertificateLength"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackInvalidCertificateLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["MissingProof"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackMissingProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["NoBatchData"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackNoBatchDataError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["NoRequiredProofTypes"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackNoRequiredProofTypesError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["NotAdmin"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackNotAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["NotOperator"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackNotOperatorError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["PrevDepositIdMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackPrevDepositIdMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["PrevLastBlockHashMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackPrevLastBlockHashMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["PrevStateRootMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackPrevStateRootMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ProofCountMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackProofCountMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ProofRejected"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackProofRejectedError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["SignerNotInCommittee"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackSignerNotInCommitteeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["SignersNotSorted"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackSignersNotSortedError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["TooManyAttesters"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackTooManyAttestersError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["TooManyBlobs"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackTooManyBlobsError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["UnexpectedAttestations"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackUnexpectedAttestationsError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["UnexpectedProofType"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackUnexpectedProofTypeError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["VerifierNotSet"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackVerifierNotSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["WithdrawalsMismatch"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackWithdrawalsMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ZeroAttester"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackZeroAttesterError(raw[4:])
	}
	if bytes.Equal(raw[:4], onChainProposer.abi.Errors["ZeroWeight"].ID.Bytes()[:4]) {
		return onChainProposer.UnpackZeroWeightError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// OnChainProposerAttesterIndexOutOfRange represents a AttesterIndexOutOfRange error raised by the OnChainProposer contract.
type OnChainProposerAttesterIndexOutOfRange struct {
	Index         *big.Int
	AttesterIndex *big.Int
	CommitteeSize *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AttesterIndexOutOfRange(uint256 index, uint256 attesterIndex, uint256 committeeSize)
func OnChainProposerAttesterIndexOutOfRangeErrorID() common.Hash {
	return common.HexToHash("0xb196aa0eee8f0dc0cb24c6aa966fe322cf1e744db02f77582dcd57f531e319da")
}

// UnpackAttesterIndexOutOfRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AttesterIndexOutOfRange(uint256 index, uint256 attesterIndex, uint256 committeeSize)
func (onChainProposer *OnChainProposer) UnpackAttesterIndexOutOfRangeError(raw []byte) (*OnChainProposerAttesterIndexOutOfRange, error) {
	out := new(OnChainProposerAttesterIndexOutOfRange)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "AttesterIndexOutOfRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerBatchAlreadyVerified represents a BatchAlreadyVerified error raised by the OnChainProposer contract.
type OnChainProposerBatchAlreadyVerified struct {
	Number            uint64
	LastVerifiedBatch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchAlreadyVerified(uint64 number, uint64 lastVerifiedBatch)
func OnChainProposerBatchAlreadyVerifiedErrorID() common.Hash {
	return common.HexToHash("0x51a68de7b75278874cbdb85be92a2d0cf90fcaa25761685a2b0a9d6bb5e16316")
}

// UnpackBatchAlreadyVerifiedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchAlreadyVerified(uint64 number, uint64 lastVerifiedBatch)
func (onChainProposer *OnChainProposer) UnpackBatchAlreadyVerifiedError(raw []byte) (*OnChainProposerBatchAlreadyVerified, error) {
	out := new(OnChainProposerBatchAlreadyVerified)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "BatchAlreadyVerified", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerBatchNotCommitted represents a BatchNotCommitted error raised by the OnChainProposer contract.
type OnChainProposerBatchNotCommitted struct {
	Number             uint64
	LastCommittedBatch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchNotCommitted(uint64 number, uint64 lastCommittedBatch)
func OnChainProposerBatchNotCommittedErrorID() common.Hash {
	return common.HexToHash("0x643d4af6046f561b55f24202429f053e75efd503491cca0934b37bd9cdfc1f3f")
}

// UnpackBatchNotCommittedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchNotCommitted(uint64 number, uint64 lastCommittedBatch)
func (onChainProposer *OnChainProposer) UnpackBatchNotCommittedError(raw []byte) (*OnChainProposerBatchNotCommitted, error) {
	out := new(OnChainProposerBatchNotCommitted)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "BatchNotCommitted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerBatchNumberMismatch represents a BatchNumberMismatch error raised by the OnChainProposer contract.
type OnChainProposerBatchNumberMismatch struct {
	Number   uint64
	Expected uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchNumberMismatch(uint64 number, uint64 expected)
func OnChainProposerBatchNumberMismatchErrorID() common.Hash {
	return common.HexToHash("0x46f5d6499d5e274843d9d7eee0fecbaeb4805f51e46b728f48d8a27a22124124")
}

// UnpackBatchNumberMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchNumberMismatch(uint64 number, uint64 expected)
func (onChainProposer *OnChainProposer) UnpackBatchNumberMismatchError(raw []byte) (*OnChainProposerBatchNumberMismatch, error) {
	out := new(OnChainProposerBatchNumberMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "BatchNumberMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerChainIdMismatch represents a ChainIdMismatch error raised by the OnChainProposer contract.
type OnChainProposerChainIdMismatch struct {
	L2ChainId       *big.Int
	BridgeL2ChainId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ChainIdMismatch(uint256 l2ChainId, uint256 bridgeL2ChainId)
func OnChainProposerChainIdMismatchErrorID() common.Hash {
	return common.HexToHash("0x2196760847e5b1363e2d45393f57ac770dbffaaf16a080ff95181b5816663d84")
}

// UnpackChainIdMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ChainIdMismatch(uint256 l2ChainId, uint256 bridgeL2ChainId)
func (onChainProposer *OnChainProposer) UnpackChainIdMismatchError(raw []byte) (*OnChainProposerChainIdMismatch, error) {
	out := new(OnChainProposerChainIdMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ChainIdMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerCommitteeLengthMismatch represents a CommitteeLengthMismatch error raised by the OnChainProposer contract.
type OnChainProposerCommitteeLengthMismatch struct {
	Attesters *big.Int
	Weights   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CommitteeLengthMismatch(uint256 attesters, uint256 weights)
func OnChainProposerCommitteeLengthMismatchErrorID() common.Hash {
	return common.HexToHash("0xf841867b00d7c91adf096d32f4edce0a1014b47209537c264eb3b4cd5410004e")
}

// UnpackCommitteeLengthMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CommitteeLengthMismatch(uint256 attesters, uint256 weights)
func (onChainProposer *OnChainProposer) UnpackCommitteeLengthMismatchError(raw []byte) (*OnChainProposerCommitteeLengthMismatch, error) {
	out := new(OnChainProposerCommitteeLengthMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "CommitteeLengthMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerCommitteeMismatch represents a CommitteeMismatch error raised by the OnChainProposer contract.
type OnChainProposerCommitteeMismatch struct {
	Number uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CommitteeMismatch(uint64 number)
func OnChainProposerCommitteeMismatchErrorID() common.Hash {
	return common.HexToHash("0xa8fe94d28faeeed3ea4229f8f4b336893b295a5f7f806d244ce43c0ee60239a5")
}

// UnpackCommitteeMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CommitteeMismatch(uint64 number)
func (onChainProposer *OnChainProposer) UnpackCommitteeMismatchError(raw []byte) (*OnChainProposerCommitteeMismatch, error) {
	out := new(OnChainProposerCommitteeMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "CommitteeMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerCommitteeStartTooLow represents a CommitteeStartTooLow error raised by the OnChainProposer contract.
type OnChainProposerCommitteeStartTooLow struct {
	FromBatch          uint64
	LastCommittedBatch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CommitteeStartTooLow(uint64 fromBatch, uint64 lastCommittedBatch)
func OnChainProposerCommitteeStartTooLowErrorID() common.Hash {
	return common.HexToHash("0x94ad8380a1fe93cfe7634573a30de119584e0118cccf742d54b2211dc227afdd")
}

// UnpackCommitteeStartTooLowError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CommitteeStartTooLow(uint64 fromBatch, uint64 lastCommittedBatch)
func (onChainProposer *OnChainProposer) UnpackCommitteeStartTooLowError(raw []byte) (*OnChainProposerCommitteeStartTooLow, error) {
	out := new(OnChainProposerCommitteeStartTooLow)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "CommitteeStartTooLow", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDataCommitmentMismatch represents a DataCommitmentMismatch error raised by the OnChainProposer contract.
type OnChainProposerDataCommitmentMismatch struct {
	Number   uint64
	Given    [32]byte
	Computed [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DataCommitmentMismatch(uint64 number, bytes32 given, bytes32 computed)
func OnChainProposerDataCommitmentMismatchErrorID() common.Hash {
	return common.HexToHash("0x6d6e51223e7efc2f4abf505f6511289e0f7d235eb47ce57692b9e716d4969664")
}

// UnpackDataCommitmentMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DataCommitmentMismatch(uint64 number, bytes32 given, bytes32 computed)
func (onChainProposer *OnChainProposer) UnpackDataCommitmentMismatchError(raw []byte) (*OnChainProposerDataCommitmentMismatch, error) {
	out := new(OnChainProposerDataCommitmentMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DataCommitmentMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDataInBlobsAndCalldata represents a DataInBlobsAndCalldata error raised by the OnChainProposer contract.
type OnChainProposerDataInBlobsAndCalldata struct {
	Number     uint64
	DataLength *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DataInBlobsAndCalldata(uint64 number, uint256 dataLength)
func OnChainProposerDataInBlobsAndCalldataErrorID() common.Hash {
	return common.HexToHash("0x2a2c87d2c0065a359d4cc91efdb849d24139502c5acb9db910009fec036a3cd0")
}

// UnpackDataInBlobsAndCalldataError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DataInBlobsAndCalldata(uint64 number, uint256 dataLength)
func (onChainProposer *OnChainProposer) UnpackDataInBlobsAndCalldataError(raw []byte) (*OnChainProposerDataInBlobsAndCalldata, error) {
	out := new(OnChainProposerDataInBlobsAndCalldata)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DataInBlobsAndCalldata", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDepositIdDecreased represents a DepositIdDecreased error raised by the OnChainProposer contract.
type OnChainProposerDepositIdDecreased struct {
	LastDepositId         uint64
	PreviousLastDepositId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositIdDecreased(uint64 lastDepositId, uint64 previousLastDepositId)
func OnChainProposerDepositIdDecreasedErrorID() common.Hash {
	return common.HexToHash("0x5766c69e3b925c4d6029d71e3f00263c56602d1fb64867f4e0a0813cb804b3cc")
}

// UnpackDepositIdDecreasedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositIdDecreased(uint64 lastDepositId, uint64 previousLastDepositId)
func (onChainProposer *OnChainProposer) UnpackDepositIdDecreasedError(raw []byte) (*OnChainProposerDepositIdDecreased, error) {
	out := new(OnChainProposerDepositIdDecreased)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DepositIdDecreased", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDepositIdTooHigh represents a DepositIdTooHigh error raised by the OnChainProposer contract.
type OnChainProposerDepositIdTooHigh struct {
	LastDepositId       uint64
	BridgeLastDepositId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositIdTooHigh(uint64 lastDepositId, uint256 bridgeLastDepositId)
func OnChainProposerDepositIdTooHighErrorID() common.Hash {
	return common.HexToHash("0x753a5eee6fb0a3cd93b5cfad088dbc90017a1803eb2d09ed317ef09f42328fa9")
}

// UnpackDepositIdTooHighError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositIdTooHigh(uint64 lastDepositId, uint256 bridgeLastDepositId)
func (onChainProposer *OnChainProposer) UnpackDepositIdTooHighError(raw []byte) (*OnChainProposerDepositIdTooHigh, error) {
	out := new(OnChainProposerDepositIdTooHigh)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DepositIdTooHigh", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDepositsHashMismatch represents a DepositsHashMismatch error raised by the OnChainProposer contract.
type OnChainProposerDepositsHashMismatch struct {
	LastDepositId       uint64
	DepositsRollingHash [32]byte
	BridgeDepositHash   [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DepositsHashMismatch(uint64 lastDepositId, bytes32 depositsRollingHash, bytes32 bridgeDepositHash)
func OnChainProposerDepositsHashMismatchErrorID() common.Hash {
	return common.HexToHash("0xa40028014cdd5864b5b3b625b9661266d46afb973361f91113842bd4a1a9c3fa")
}

// UnpackDepositsHashMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DepositsHashMismatch(uint64 lastDepositId, bytes32 depositsRollingHash, bytes32 bridgeDepositHash)
func (onChainProposer *OnChainProposer) UnpackDepositsHashMismatchError(raw []byte) (*OnChainProposerDepositsHashMismatch, error) {
	out := new(OnChainProposerDepositsHashMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DepositsHashMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDuplicateAttester represents a DuplicateAttester error raised by the OnChainProposer contract.
type OnChainProposerDuplicateAttester struct {
	Index    *big.Int
	Attester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateAttester(uint256 index, address attester)
func OnChainProposerDuplicateAttesterErrorID() common.Hash {
	return common.HexToHash("0xc66413270b0378a16c4ff93d9311672d9a2226e978b901dd63232a11612ce7fa")
}

// UnpackDuplicateAttesterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateAttester(uint256 index, address attester)
func (onChainProposer *OnChainProposer) UnpackDuplicateAttesterError(raw []byte) (*OnChainProposerDuplicateAttester, error) {
	out := new(OnChainProposerDuplicateAttester)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DuplicateAttester", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDuplicateProofType represents a DuplicateProofType error raised by the OnChainProposer contract.
type OnChainProposerDuplicateProofType struct {
	ProofType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateProofType(uint8 proofType)
func OnChainProposerDuplicateProofTypeErrorID() common.Hash {
	return common.HexToHash("0x4b0e04c9361836471b2ee2a747e9e1bd5b35e76b112db12aeb15751c3d148275")
}

// UnpackDuplicateProofTypeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateProofType(uint8 proofType)
func (onChainProposer *OnChainProposer) UnpackDuplicateProofTypeError(raw []byte) (*OnChainProposerDuplicateProofType, error) {
	out := new(OnChainProposerDuplicateProofType)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DuplicateProofType", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerDuplicateSigner represents a DuplicateSigner error raised by the OnChainProposer contract.
type OnChainProposerDuplicateSigner struct {
	Index  *big.Int
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateSigner(uint256 index, address signer)
func OnChainProposerDuplicateSignerErrorID() common.Hash {
	return common.HexToHash("0x1f718e2a7a991ce9a7e0f0e1bd1c89e40d89911db7421098491275664ede7938")
}

// UnpackDuplicateSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateSigner(uint256 index, address signer)
func (onChainProposer *OnChainProposer) UnpackDuplicateSignerError(raw []byte) (*OnChainProposerDuplicateSigner, error) {
	out := new(OnChainProposerDuplicateSigner)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "DuplicateSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerEmptyCommittee represents a EmptyCommittee error raised by the OnChainProposer contract.
type OnChainProposerEmptyCommittee struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyCommittee()
func OnChainProposerEmptyCommitteeErrorID() common.Hash {
	return common.HexToHash("0x3028b91f36183db1d580bc5a9a1a398a99fa7c333138b8792ac2cb572c8f321b")
}

// UnpackEmptyCommitteeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyCommittee()
func (onChainProposer *OnChainProposer) UnpackEmptyCommitteeError(raw []byte) (*OnChainProposerEmptyCommittee, error) {
	out := new(OnChainProposerEmptyCommittee)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "EmptyCommittee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerInsufficientAttestationWeight represents a InsufficientAttestationWeight error raised by the OnChainProposer contract.
type OnChainProposerInsufficientAttestationWeight struct {
	Number uint64
	Weight *big.Int
	Quorum *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientAttestationWeight(uint64 number, uint256 weight, uint256 quorum)
func OnChainProposerInsufficientAttestationWeightErrorID() common.Hash {
	return common.HexToHash("0xa934106c7d5be077b47bfdabca5de6f0675044d62050957adec7b4619b8eafa3")
}

// UnpackInsufficientAttestationWeightError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientAttestationWeight(uint64 number, uint256 weight, uint256 quorum)
func (onChainProposer *OnChainProposer) UnpackInsufficientAttestationWeightError(raw []byte) (*OnChainProposerInsufficientAttestationWeight, error) {
	out := new(OnChainProposerInsufficientAttestationWeight)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "InsufficientAttestationWeight", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerInvalidAttestation represents a InvalidAttestation error raised by the OnChainProposer contract.
type OnChainProposerInvalidAttestation struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidAttestation(uint256 index)
func OnChainProposerInvalidAttestationErrorID() common.Hash {
	return common.HexToHash("0xd9cdeac6d9e4421bd8d11da0d967ba67e27b2b707280be8e746e1a9ff933f2cd")
}

// UnpackInvalidAttestationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidAttestation(uint256 index)
func (onChainProposer *OnChainProposer) UnpackInvalidAttestationError(raw []byte) (*OnChainProposerInvalidAttestation, error) {
	out := new(OnChainProposerInvalidAttestation)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "InvalidAttestation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerInvalidAttestationS represents a InvalidAttestationS error raised by the OnChainProposer contract.
type OnChainProposerInvalidAttestationS struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidAttestationS(uint256 index)
func OnChainProposerInvalidAttestationSErrorID() common.Hash {
	return common.HexToHash("0x3e14ad4403a3d203d9c870b1870f728de5d33966c34c835c3dab99bf4c32f8df")
}

// UnpackInvalidAttestationSError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidAttestationS(uint256 index)
func (onChainProposer *OnChainProposer) UnpackInvalidAttestationSError(raw []byte) (*OnChainProposerInvalidAttestationS, error) {
	out := new(OnChainProposerInvalidAttestationS)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "InvalidAttestationS", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerInvalidBlockRange represents a InvalidBlockRange error raised by the OnChainProposer contract.
type OnChainProposerInvalidBlockRange struct {
	Number             uint64
	FirstBlock         uint64
	LastBlock          uint64
	ExpectedFirstBlock uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidBlockRange(uint64 number, uint64 firstBlock, uint64 lastBlock, uint64 expectedFirstBlock)
func OnChainProposerInvalidBlockRangeErrorID() common.Hash {
	return common.HexToHash("0x2597992da411878ba4d9388255152efb85dc10a3fcd8733410888e0fb458d5e9")
}

// UnpackInvalidBlockRangeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidBlockRange(uint64 number, uint64 firstBlock, uint64 lastBlock, uint64 expectedFirstBlock)
func (onChainProposer *OnChainProposer) UnpackInvalidBlockRangeError(raw []byte) (*OnChainProposerInvalidBlockRange, error) {
	out := new(OnChainProposerInvalidBlockRange)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "InvalidBlockRange", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerInvalidCertificateLength represents a InvalidCertificateLength error raised by the OnChainProposer contract.
type OnChainProposerInvalidCertificateLength struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidCertificateLength(uint256 length)
func OnChainProposerInvalidCertificateLengthErrorID() common.Hash {
	return common.HexToHash("0x7348bb5a5447338cdaabf2b57779c527413467ad234c716a183b2fe140108a12")
}

// UnpackInvalidCertificateLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidCertificateLength(uint256 length)
func (onChainProposer *OnChainProposer) UnpackInvalidCertificateLengthError(raw []byte) (*OnChainProposerInvalidCertificateLength, error) {
	out := new(OnChainProposerInvalidCertificateLength)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "InvalidCertificateLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerMissingProof represents a MissingProof error raised by the OnChainProposer contract.
type OnChainProposerMissingProof struct {
	ProofType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MissingProof(uint8 proofType)
func OnChainProposerMissingProofErrorID() common.Hash {
	return common.HexToHash("0x25822d386918bc7685fed779c1b9e5b2c2dc55f1e92f9feefc15429e52b6866c")
}

// UnpackMissingProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MissingProof(uint8 proofType)
func (onChainProposer *OnChainProposer) UnpackMissingProofError(raw []byte) (*OnChainProposerMissingProof, error) {
	out := new(OnChainProposerMissingProof)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "MissingProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerNoBatchData represents a NoBatchData error raised by the OnChainProposer contract.
type OnChainProposerNoBatchData struct {
	Number uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoBatchData(uint64 number)
func OnChainProposerNoBatchDataErrorID() common.Hash {
	return common.HexToHash("0x4d980464c49c9180e1afae520f30b3517248c3c492c8cd8c61750cbd7bfd2f9b")
}

// UnpackNoBatchDataError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoBatchData(uint64 number)
func (onChainProposer *OnChainProposer) UnpackNoBatchDataError(raw []byte) (*OnChainProposerNoBatchData, error) {
	out := new(OnChainProposerNoBatchData)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "NoBatchData", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerNoRequiredProofTypes represents a NoRequiredProofTypes error raised by the OnChainProposer contract.
type OnChainProposerNoRequiredProofTypes struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoRequiredProofTypes()
func OnChainProposerNoRequiredProofTypesErrorID() common.Hash {
	return common.HexToHash("0xb816562b753e1870133790771c5f4c74ae22da721b858228cbcd099cbefa61be")
}

// UnpackNoRequiredProofTypesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoRequiredProofTypes()
func (onChainProposer *OnChainProposer) UnpackNoRequiredProofTypesError(raw []byte) (*OnChainProposerNoRequiredProofTypes, error) {
	out := new(OnChainProposerNoRequiredProofTypes)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "NoRequiredProofTypes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerNotAdmin represents a NotAdmin error raised by the OnChainProposer contract.
type OnChainProposerNotAdmin struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAdmin(address caller)
func OnChainProposerNotAdminErrorID() common.Hash {
	return common.HexToHash("0x17a8424239494df835a470bd5e48f10a94b5febfef662a1917fe31decebbedeb")
}

// UnpackNotAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAdmin(address caller)
func (onChainProposer *OnChainProposer) UnpackNotAdminError(raw []byte) (*OnChainProposerNotAdmin, error) {
	out := new(OnChainProposerNotAdmin)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "NotAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerNotOperator represents a NotOperator error raised by the OnChainProposer contract.
type OnChainProposerNotOperator struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOperator(address caller)
func OnChainProposerNotOperatorErrorID() common.Hash {
	return common.HexToHash("0x76c6c93a6423c7e2cef5f93921b1d4d1a5ffb795cd7cfed2df95566b7c7f7c40")
}

// UnpackNotOperatorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOperator(address caller)
func (onChainProposer *OnChainProposer) UnpackNotOperatorError(raw []byte) (*OnChainProposerNotOperator, error) {
	out := new(OnChainProposerNotOperator)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "NotOperator", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerPrevDepositIdMismatch represents a PrevDepositIdMismatch error raised by the OnChainProposer contract.
type OnChainProposerPrevDepositIdMismatch struct {
	Number            uint64
	PrevLastDepositId uint64
	Expected          uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrevDepositIdMismatch(uint64 number, uint64 prevLastDepositId, uint64 expected)
func OnChainProposerPrevDepositIdMismatchErrorID() common.Hash {
	return common.HexToHash("0x2635733856ca25358ed3e71b5781bcee1e4125f91f532c69f2e114e21a1ca487")
}

// UnpackPrevDepositIdMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrevDepositIdMismatch(uint64 number, uint64 prevLastDepositId, uint64 expected)
func (onChainProposer *OnChainProposer) UnpackPrevDepositIdMismatchError(raw []byte) (*OnChainProposerPrevDepositIdMismatch, error) {
	out := new(OnChainProposerPrevDepositIdMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "PrevDepositIdMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerPrevLastBlockHashMismatch represents a PrevLastBlockHashMismatch error raised by the OnChainProposer contract.
type OnChainProposerPrevLastBlockHashMismatch struct {
	Number            uint64
	PrevLastBlockHash [32]byte
	Expected          [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrevLastBlockHashMismatch(uint64 number, bytes32 prevLastBlockHash, bytes32 expected)
func OnChainProposerPrevLastBlockHashMismatchErrorID() common.Hash {
	return common.HexToHash("0x127fe791783852c6161350db1f5be005fdcdfe95605058e44fbf1f835103fd18")
}

// UnpackPrevLastBlockHashMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrevLastBlockHashMismatch(uint64 number, bytes32 prevLastBlockHash, bytes32 expected)
func (onChainProposer *OnChainProposer) UnpackPrevLastBlockHashMismatchError(raw []byte) (*OnChainProposerPrevLastBlockHashMismatch, error) {
	out := new(OnChainProposerPrevLastBlockHashMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "PrevLastBlockHashMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerPrevStateRootMismatch represents a PrevStateRootMismatch error raised by the OnChainProposer contract.
type OnChainProposerPrevStateRootMismatch struct {
	Number        uint64
	PrevStateRoot [32]byte
	Expected      [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrevStateRootMismatch(uint64 number, bytes32 prevStateRoot, bytes32 expected)
func OnChainProposerPrevStateRootMismatchErrorID() common.Hash {
	return common.HexToHash("0x0c946dacaa5b00de4e3a250101b945ae8440898375c611a37aeb5d2317024fde")
}

// UnpackPrevStateRootMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrevStateRootMismatch(uint64 number, bytes32 prevStateRoot, bytes32 expected)
func (onChainProposer *OnChainProposer) UnpackPrevStateRootMismatchError(raw []byte) (*OnChainProposerPrevStateRootMismatch, error) {
	out := new(OnChainProposerPrevStateRootMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "PrevStateRootMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerProofCountMismatch represents a ProofCountMismatch error raised by the OnChainProposer contract.
type OnChainProposerProofCountMismatch struct {
	ProofTypes *big.Int
	Proofs     *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProofCountMismatch(uint256 proofTypes, uint256 proofs)
func OnChainProposerProofCountMismatchErrorID() common.Hash {
	return common.HexToHash("0xc38e852a9aeaf567c79f2fe08c3e92a5cbb69404ac36cff701e714a9e13c378a")
}

// UnpackProofCountMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProofCountMismatch(uint256 proofTypes, uint256 proofs)
func (onChainProposer *OnChainProposer) UnpackProofCountMismatchError(raw []byte) (*OnChainProposerProofCountMismatch, error) {
	out := new(OnChainProposerProofCountMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ProofCountMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerProofRejected represents a ProofRejected error raised by the OnChainProposer contract.
type OnChainProposerProofRejected struct {
	ProofType uint8
	Verifier  common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProofRejected(uint8 proofType, address verifier)
func OnChainProposerProofRejectedErrorID() common.Hash {
	return common.HexToHash("0x4fc304e1eb30d0eca564dde460b241bdce17180267bfc70cb0ebee57f0a05a19")
}

// UnpackProofRejectedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProofRejected(uint8 proofType, address verifier)
func (onChainProposer *OnChainProposer) UnpackProofRejectedError(raw []byte) (*OnChainProposerProofRejected, error) {
	out := new(OnChainProposerProofRejected)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ProofRejected", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerSignerNotInCommittee represents a SignerNotInCommittee error raised by the OnChainProposer contract.
type OnChainProposerSignerNotInCommittee struct {
	Index  *big.Int
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignerNotInCommittee(uint256 index, address signer)
func OnChainProposerSignerNotInCommitteeErrorID() common.Hash {
	return common.HexToHash("0xdadadeb197bbc4e1b52ba34c091588b256fa807f302dea20987358420570ca42")
}

// UnpackSignerNotInCommitteeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignerNotInCommittee(uint256 index, address signer)
func (onChainProposer *OnChainProposer) UnpackSignerNotInCommitteeError(raw []byte) (*OnChainProposerSignerNotInCommittee, error) {
	out := new(OnChainProposerSignerNotInCommittee)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "SignerNotInCommittee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerSignersNotSorted represents a SignersNotSorted error raised by the OnChainProposer contract.
type OnChainProposerSignersNotSorted struct {
	Index    *big.Int
	Signer   common.Address
	Previous common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignersNotSorted(uint256 index, address signer, address previous)
func OnChainProposerSignersNotSortedErrorID() common.Hash {
	return common.HexToHash("0x30b6a0ba770e5d72286e74edc2a06932c95c24ea7b4d4fb5095a881be05f096e")
}

// UnpackSignersNotSortedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignersNotSorted(uint256 index, address signer, address previous)
func (onChainProposer *OnChainProposer) UnpackSignersNotSortedError(raw []byte) (*OnChainProposerSignersNotSorted, error) {
	out := new(OnChainProposerSignersNotSorted)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "SignersNotSorted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerTooManyAttesters represents a TooManyAttesters error raised by the OnChainProposer contract.
type OnChainProposerTooManyAttesters struct {
	Count *big.Int
	Max   *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyAttesters(uint256 count, uint256 max)
func OnChainProposerTooManyAttestersErrorID() common.Hash {
	return common.HexToHash("0x9e3c3e4a3efc9f93341c715e0972226f603113b6fadda8aba4f805832d4a0fe5")
}

// UnpackTooManyAttestersError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyAttesters(uint256 count, uint256 max)
func (onChainProposer *OnChainProposer) UnpackTooManyAttestersError(raw []byte) (*OnChainProposerTooManyAttesters, error) {
	out := new(OnChainProposerTooManyAttesters)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "TooManyAttesters", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerTooManyBlobs represents a TooManyBlobs error raised by the OnChainProposer contract.
type OnChainProposerTooManyBlobs struct {
	Number   uint64
	MaxBlobs *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyBlobs(uint64 number, uint256 maxBlobs)
func OnChainProposerTooManyBlobsErrorID() common.Hash {
	return common.HexToHash("0x3728cc8ef184f3c5a70dc01a435bd455eaa7c747c959ee7af4e83321b0bfcaa8")
}

// UnpackTooManyBlobsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyBlobs(uint64 number, uint256 maxBlobs)
func (onChainProposer *OnChainProposer) UnpackTooManyBlobsError(raw []byte) (*OnChainProposerTooManyBlobs, error) {
	out := new(OnChainProposerTooManyBlobs)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "TooManyBlobs", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerUnexpectedAttestations represents a UnexpectedAttestations error raised by the OnChainProposer contract.
type OnChainProposerUnexpectedAttestations struct {
	Number uint64
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnexpectedAttestations(uint64 number, uint256 length)
func OnChainProposerUnexpectedAttestationsErrorID() common.Hash {
	return common.HexToHash("0xd7367c688c2d6e95c92747058417bd31292543734d0e646df233b1f3d0f5795f")
}

// UnpackUnexpectedAttestationsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnexpectedAttestations(uint64 number, uint256 length)
func (onChainProposer *OnChainProposer) UnpackUnexpectedAttestationsError(raw []byte) (*OnChainProposerUnexpectedAttestations, error) {
	out := new(OnChainProposerUnexpectedAttestations)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "UnexpectedAttestations", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerUnexpectedProofType represents a UnexpectedProofType error raised by the OnChainProposer contract.
type OnChainProposerUnexpectedProofType struct {
	ProofType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnexpectedProofType(uint8 proofType)
func OnChainProposerUnexpectedProofTypeErrorID() common.Hash {
	return common.HexToHash("0x807e3bd5d2b7bc0a1c28a7617f13a62aeeffbbe10c7355d8f88a291eee91f4ea")
}

// UnpackUnexpectedProofTypeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnexpectedProofType(uint8 proofType)
func (onChainProposer *OnChainProposer) UnpackUnexpectedProofTypeError(raw []byte) (*OnChainProposerUnexpectedProofType, error) {
	out := new(OnChainProposerUnexpectedProofType)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "UnexpectedProofType", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerVerifierNotSet represents a VerifierNotSet error raised by the OnChainProposer contract.
type OnChainProposerVerifierNotSet struct {
	ProofType uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error VerifierNotSet(uint8 proofType)
func OnChainProposerVerifierNotSetErrorID() common.Hash {
	return common.HexToHash("0x044fedaed48b27281f634314d4ce99a6a2034641c27723252da429fe0eb21ce4")
}

// UnpackVerifierNotSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error VerifierNotSet(uint8 proofType)
func (onChainProposer *OnChainProposer) UnpackVerifierNotSetError(raw []byte) (*OnChainProposerVerifierNotSet, error) {
	out := new(OnChainProposerVerifierNotSet)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "VerifierNotSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerWithdrawalsMismatch represents a WithdrawalsMismatch error raised by the OnChainProposer contract.
type OnChainProposerWithdrawalsMismatch struct {
	Number           uint64
	WithdrawalsRoot  [32]byte
	WithdrawalsCount uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WithdrawalsMismatch(uint64 number, bytes32 withdrawalsRoot, uint64 withdrawalsCount)
func OnChainProposerWithdrawalsMismatchErrorID() common.Hash {
	return common.HexToHash("0x13e5c22a5605bbba1cdedb275479afd4c438aab5dbde9c5197138dff38a65387")
}

// UnpackWithdrawalsMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WithdrawalsMismatch(uint64 number, bytes32 withdrawalsRoot, uint64 withdrawalsCount)
func (onChainProposer *OnChainProposer) UnpackWithdrawalsMismatchError(raw []byte) (*OnChainProposerWithdrawalsMismatch, error) {
	out := new(OnChainProposerWithdrawalsMismatch)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "WithdrawalsMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerZeroAddress represents a ZeroAddress error raised by the OnChainProposer contract.
type OnChainProposerZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func OnChainProposerZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (onChainProposer *OnChainProposer) UnpackZeroAddressError(raw []byte) (*OnChainProposerZeroAddress, error) {
	out := new(OnChainProposerZeroAddress)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerZeroAttester represents a ZeroAttester error raised by the OnChainProposer contract.
type OnChainProposerZeroAttester struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAttester(uint256 index)
func OnChainProposerZeroAttesterErrorID() common.Hash {
	return common.HexToHash("0xbc93ccd4e32ab0ff1f84f1b60d68d60e7fb329087b3e6042dc1173a076e11fa1")
}

// UnpackZeroAttesterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAttester(uint256 index)
func (onChainProposer *OnChainProposer) UnpackZeroAttesterError(raw []byte) (*OnChainProposerZeroAttester, error) {
	out := new(OnChainProposerZeroAttester)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ZeroAttester", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// OnChainProposerZeroWeight represents a ZeroWeight error raised by the OnChainProposer contract.
type OnChainProposerZeroWeight struct {
	Index    *big.Int
	Attester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroWeight(uint256 index, address attester)
func OnChainProposerZeroWeightErrorID() common.Hash {
	return common.HexToHash("0xd97656424a41f112070b7b38f3f9d9c8df972b449359ced4bf3a7675b9b66177")
}

// UnpackZeroWeightError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroWeight(uint256 index, address attester)
func (onChainProposer *OnChainProposer) UnpackZeroWeightError(raw []byte) (*OnChainProposerZeroWeight, error) {
	out := new(OnChainProposerZeroWeight)
	if err := onChainProposer.abi.UnpackIntoInterface(out, "ZeroWeight", raw); err != nil {
		return nil, err
	}
	return out, nil
}
