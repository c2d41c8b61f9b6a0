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

// ExecVerifierMetaData contains all meta data concerning the ExecVerifier contract.
var ExecVerifierMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"ProverAlreadyAdded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"ProverNotFound\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousAdmin\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"newAdmin\",\"type\":\"address\"}],\"name\":\"AdminTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"ProverAdded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"ProverRemoved\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"EXEC_PROOF_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"addProver\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"admin\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"publicInputsHash\",\"type\":\"bytes32\"}],\"name\":\"proofDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"removeProver\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"publicInputsHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"signer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newAdmin\",\"type\":\"address\"}],\"name\":\"transferAdmin\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"publicInputsHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"verify\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "ExecVerifier",
	Bin: "0x608060405234801561000f575f5ffd5b50604051610a81380380610a8183398101604081905261002e9161019a565b5f80546001600160a01b0319163390811782556040519091907ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec6908290a35f5b81518110156100a75761009f82828151811061008c5761008c610264565b60200260200101516100ae60201b60201c565b60010161006e565b5050610278565b6001600160a01b0381166100d55760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0381165f9081526001602052604090205460ff161561011d5760405163336cefef60e21b81526001600160a01b038216600482015260240160405180910390fd5b6001600160a01b0381165f818152600160208190526040808320805460ff1916909217909155517fef1fa0a4d797341645c201a742cf59be633da0589e0e3cda511cfc90cd0396849190a250565b634e487b7160e01b5f52604160045260245ffd5b80516001600160a01b0381168114610195575f5ffd5b919050565b5f602082840312156101aa575f5ffd5b81516001600160401b038111156101bf575f5ffd5b8201601f810184136101cf575f5ffd5b80516001600160401b038111156101e8576101e861016b565b604051600582901b90603f8201601f191681016001600160401b03811182821017156102165761021661016b565b604052918252602081840181019290810187841115610233575f5ffd5b6020850194505b838510156102595761024b8561017f565b81526020948501940161023a565b509695505050505050565b634e487b7160e01b5f52603260045260245ffd5b6107fc806102855f395ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c806375829def1161006357806375829def1461015e5780639cc294de14610171578063b571d3dd14610184578063f698da2514610197578063f851a4401461019f575f5ffd5b80630a2459241461009f5780631d413112146100d65780631d49e45714610101578063258ae58214610116578063408285d214610129575b5f5ffd5b6100c16100ad3660046106fe565b60016020525f908152604090205460ff1681565b60405190151581526020015b60405180910390f35b6100e96100e4366004610724565b6101b1565b6040516001600160a01b0390911681526020016100cd565b61011461010f3660046106fe565b610243565b005b6100c1610124366004610724565b610280565b6101507f6cd328f6578a3f9cffd27cec3bbd835dcb2d88095b939822ad80072043b53e6f81565b6040519081526020016100cd565b61011461016c3660046106fe565b6102b3565b61015061017f36600461079b565b61035f565b6101146101923660046106fe565b6103d9565b610150610490565b5f546100e9906001600160a01b031681565b5f604182146101c157505f61023c565b5f6101cb8561035f565b90505f5f61020e8387878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061053492505050565b5090925090505f816003811115610227576102276107b2565b14610237575f935050505061023c565b509150505b9392505050565b5f546001600160a01b0316331461027457604051630bd4212160e11b81523360048201526024015b60405180910390fd5b61027d8161057d565b50565b5f60015f61028f8686866101b1565b6001600160a01b0316815260208101919091526040015f205460ff16949350505050565b5f546001600160a01b031633146102df57604051630bd4212160e11b815233600482015260240161026b565b6001600160a01b0381166103065760405163d92e233d60e01b815260040160405180910390fd5b5f80546040516001600160a01b03808516939216917ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec691a35f80546001600160a01b0319166001600160a01b0392909216919091179055565b5f6103d361036b610490565b604080517f6cd328f6578a3f9cffd27cec3bbd835dcb2d88095b939822ad80072043b53e6f60208201529081018590526060016040516020818303038152906040528051906020012060405161190160f01b8152600281019290925260228201526042902090565b92915050565b5f546001600160a01b0316331461040557604051630bd4212160e11b815233600482015260240161026b565b6001600160a01b0381165f9081526001602052604090205460ff16610448576040516360aecfcf60e11b81526001600160a01b038216600482015260240161026b565b6001600160a01b0381165f81815260016020526040808220805460ff19169055517fd64d11086d859b73cf85a91ca06cbc484398acabe3d9a1b26d4366dff377d9859190a250565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527fa1c11435840d166c4453557bbac8161ff590718a80bd55fef91a5e983a709fb8918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f5f5f835160410361056b576020840151604085015160608601515f1a61055d88828585610636565b955095509550505050610576565b505081515f91506002905b9250925092565b6001600160a01b0381166105a45760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b0381165f9081526001602052604090205460ff16156105e85760405163336cefef60e21b81526001600160a01b038216600482015260240161026b565b6001600160a01b0381165f818152600160208190526040808320805460ff1916909217909155517fef1fa0a4d797341645c201a742cf59be633da0589e0e3cda511cfc90cd0396849190a250565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a084111561066f57505f915060039050826106f4565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa1580156106c0573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b0381166106eb57505f9250600191508290506106f4565b92505f91508190505b9450945094915050565b5f6020828403121561070e575f5ffd5b81356001600160a01b038116811461023c575f5ffd5b5f5f5f60408486031215610736575f5ffd5b83359250602084013567ffffffffffffffff811115610753575f5ffd5b8401601f81018613610763575f5ffd5b803567ffffffffffffffff811115610779575f5ffd5b86602082840101111561078a575f5ffd5b939660209190910195509293505050565b5f602082840312156107ab575f5ffd5b5035919050565b634e487b7160e01b5f52602160045260245ffdfea2646970667358221220109ba73fdc8de3431ae93f05dd287a70b33ee9ccec29397e74faba47437bdf4e64736f6c634300081c0033",
}

// ExecVerifier is an auto generated Go binding around an Ethereum contract.
type ExecVerifier struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ExecVerifier) GetABI() abi.ABI {
	return c.abi
}

// NewExecVerifier creates a new instance of ExecVerifier.
func NewExecVerifier() *ExecVerifier {
	parsed, err := ExecVerifierMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ExecVerifier{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ExecVerifier) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address[] provers) returns()
func (execVerifier *ExecVerifier) PackConstructor(provers []common.Address) []byte {
	enc, err := execVerifier.abi.Pack("", provers)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackEXECPROOFTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x408285d2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function EXEC_PROOF_TYPEHASH() view returns(bytes32)
func (execVerifier *ExecVerifier) PackEXECPROOFTYPEHASH() []byte {
	enc, err := execVerifier.abi.Pack("EXEC_PROOF_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEXECPROOFTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x408285d2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function EXEC_PROOF_TYPEHASH() view returns(bytes32)
func (execVerifier *ExecVerifier) TryPackEXECPROOFTYPEHASH() ([]byte, error) {
	return execVerifier.abi.Pack("EXEC_PROOF_TYPEHASH")
}

// UnpackEXECPROOFTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x408285d2.
//
// Solidity: function EXEC_PROOF_TYPEHASH() view returns(bytes32)
func (execVerifier *ExecVerifier) UnpackEXECPROOFTYPEHASH(data []byte) ([32]byte, error) {
	out, err := execVerifier.abi.Unpack("EXEC_PROOF_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAddProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d49e457.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addProver(address prover) returns()
func (execVerifier *ExecVerifier) PackAddProver(prover common.Address) []byte {
	enc, err := execVerifier.abi.Pack("addProver", prover)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d49e457.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addProver(address prover) returns()
func (execVerifier *ExecVerifier) TryPackAddProver(prover common.Address) ([]byte, error) {
	return execVerifier.abi.Pack("addProver", prover)
}

// PackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf851a440.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admin() view returns(address)
func (execVerifier *ExecVerifier) PackAdmin() []byte {
	enc, err := execVerifier.abi.Pack("admin")
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
func (execVerifier *ExecVerifier) TryPackAdmin() ([]byte, error) {
	return execVerifier.abi.Pack("admin")
}

// UnpackAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf851a440.
//
// Solidity: function admin() view returns(address)
func (execVerifier *ExecVerifier) UnpackAdmin(data []byte) (common.Address, error) {
	out, err := execVerifier.abi.Unpack("admin", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (execVerifier *ExecVerifier) PackDomainSeparator() []byte {
	enc, err := execVerifier.abi.Pack("domainSeparator")
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
func (execVerifier *ExecVerifier) TryPackDomainSeparator() ([]byte, error) {
	return execVerifier.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (execVerifier *ExecVerifier) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := execVerifier.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isProver(address prover) view returns(bool)
func (execVerifier *ExecVerifier) PackIsProver(prover common.Address) []byte {
	enc, err := execVerifier.abi.Pack("isProver", prover)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isProver(address prover) view returns(bool)
func (execVerifier *ExecVerifier) TryPackIsProver(prover common.Address) ([]byte, error) {
	return execVerifier.abi.Pack("isProver", prover)
}

// UnpackIsProver is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0a245924.
//
// Solidity: function isProver(address prover) view returns(bool)
func (execVerifier *ExecVerifier) UnpackIsProver(data []byte) (bool, error) {
	out, err := execVerifier.abi.Unpack("isProver", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackProofDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cc294de.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proofDigest(bytes32 publicInputsHash) view returns(bytes32)
func (execVerifier *ExecVerifier) PackProofDigest(publicInputsHash [32]byte) []byte {
	enc, err := execVerifier.abi.Pack("proofDigest", publicInputsHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProofDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9cc294de.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proofDigest(bytes32 publicInputsHash) view returns(bytes32)
func (execVerifier *ExecVerifier) TryPackProofDigest(publicInputsHash [32]byte) ([]byte, error) {
	return execVerifier.abi.Pack("proofDigest", publicInputsHash)
}

// UnpackProofDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9cc294de.
//
// Solidity: function proofDigest(bytes32 publicInputsHash) view returns(bytes32)
func (execVerifier *ExecVerifier) UnpackProofDigest(data []byte) ([32]byte, error) {
	out, err := execVerifier.abi.Unpack("proofDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRemoveProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb571d3dd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeProver(address prover) returns()
func (execVerifier *ExecVerifier) PackRemoveProver(prover common.Address) []byte {
	enc, err := execVerifier.abi.Pack("removeProver", prover)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb571d3dd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeProver(address prover) returns()
func (execVerifier *ExecVerifier) TryPackRemoveProver(prover common.Address) ([]byte, error) {
	return execVerifier.abi.Pack("removeProver", prover)
}

// PackSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d413112.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signer(bytes32 publicInputsHash, bytes proof) view returns(address)
func (execVerifier *ExecVerifier) PackSigner(publicInputsHash [32]byte, proof []byte) []byte {
	enc, err := execVerifier.abi.Pack("signer", publicInputsHash, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d413112.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signer(bytes32 publicInputsHash, bytes proof) view returns(address)
func (execVerifier *ExecVerifier) TryPackSigner(publicInputsHash [32]byte, proof []byte) ([]byte, error) {
	return execVerifier.abi.Pack("signer", publicInputsHash, proof)
}

// UnpackSigner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1d413112.
//
// Solidity: function signer(bytes32 publicInputsHash, bytes proof) view returns(address)
func (execVerifier *ExecVerifier) UnpackSigner(data []byte) (common.Address, error) {
	out, err := execVerifier.abi.Unpack("signer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackTransferAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75829def.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferAdmin(address newAdmin) returns()
func (execVerifier *ExecVerifier) PackTransferAdmin(newAdmin common.Address) []byte {
	enc, err := execVerifier.abi.Pack("transferAdmin", newAdmin)
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
func (execVerifier *ExecVerifier) TryPackTransferAdmin(newAdmin common.Address) ([]byte, error) {
	return execVerifier.abi.Pack("transferAdmin", newAdmin)
}

// PackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x258ae582.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verify(bytes32 publicInputsHash, bytes proof) view returns(bool)
func (execVerifier *ExecVerifier) PackVerify(publicInputsHash [32]byte, proof []byte) []byte {
	enc, err := execVerifier.abi.Pack("verify", publicInputsHash, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x258ae582.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verify(bytes32 publicInputsHash, bytes proof) view returns(bool)
func (execVerifier *ExecVerifier) TryPackVerify(publicInputsHash [32]byte, proof []byte) ([]byte, error) {
	return execVerifier.abi.Pack("verify", publicInputsHash, proof)
}

// UnpackVerify is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x258ae582.
//
// Solidity: function verify(bytes32 publicInputsHash, bytes proof) view returns(bool)
func (execVerifier *ExecVerifier) UnpackVerify(data []byte) (bool, error) {
	out, err := execVerifier.abi.Unpack("verify", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// ExecVerifierAdminTransferred represents a AdminTransferred event raised by the ExecVerifier contract.
type ExecVerifierAdminTransferred struct {
	PreviousAdmin common.Address
	NewAdmin      common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const ExecVerifierAdminTransferredEventName = "AdminTransferred"

// ContractEventName returns the user-defined event name.
func (ExecVerifierAdminTransferred) ContractEventName() string {
	return ExecVerifierAdminTransferredEventName
}

// UnpackAdminTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AdminTransferred(address indexed previousAdmin, address indexed newAdmin)
func (execVerifier *ExecVerifier) UnpackAdminTransferredEvent(log *types.Log) (*ExecVerifierAdminTransferred, error) {
	event := "AdminTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != execVerifier.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ExecVerifierAdminTransferred)
	if len(log.Data) > 0 {
		if err := execVerifier.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range execVerifier.abi.Events[event].Inputs {
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

// ExecVerifierProverAdded represents a ProverAdded event raised by the ExecVerifier contract.
type ExecVerifierProverAdded struct {
	Prover common.Address
	Raw    *types.Log // Blockchain specific contextual infos
}

const ExecVerifierProverAddedEventName = "ProverAdded"

// ContractEventName returns the user-defined event name.
func (ExecVerifierProverAdded) ContractEventName() string {
	return ExecVerifierProverAddedEventName
}

// UnpackProverAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProverAdded(address indexed prover)
func (execVerifier *ExecVerifier) UnpackProverAddedEvent(log *types.Log) (*ExecVerifierProverAdded, error) {
	event := "ProverAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != execVerifier.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ExecVerifierProverAdded)
	if len(log.Data) > 0 {
		if err := execVerifier.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range execVerifier.abi.Events[event].Inputs {
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

// ExecVerifierProverRemoved represents a ProverRemoved event raised by the ExecVerifier contract.
type ExecVerifierProverRemoved struct {
	Prover common.Address
	Raw    *types.Log // Blockchain specific contextual infos
}

const ExecVerifierProverRemovedEventName = "ProverRemoved"

// ContractEventName returns the user-defined event name.
func (ExecVerifierProverRemoved) ContractEventName() string {
	return ExecVerifierProverRemovedEventName
}

// UnpackProverRemovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProverRemoved(address indexed prover)
func (execVerifier *ExecVerifier) UnpackProverRemovedEvent(log *types.Log) (*ExecVerifierProverRemoved, error) {
	event := "ProverRemoved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != execVerifier.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ExecVerifierProverRemoved)
	if len(log.Data) > 0 {
		if err := execVerifier.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range execVerifier.abi.Events[event].Inputs {
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
func (execVerifier *ExecVerifier) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], execVerifier.abi.Errors["NotAdmin"].ID.Bytes()[:4]) {
		return execVerifier.UnpackNotAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], execVerifier.abi.Errors["ProverAlreadyAdded"].ID.Bytes()[:4]) {
		return execVerifier.UnpackProverAlreadyAddedError(raw[4:])
	}
	if bytes.Equal(raw[:4], execVerifier.abi.Errors["ProverNotFound"].ID.Bytes()[:4]) {
		return execVerifier.UnpackProverNotFoundError(raw[4:])
	}
	if bytes.Equal(raw[:4], execVerifier.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return execVerifier.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ExecVerifierNotAdmin represents a NotAdmin error raised by the ExecVerifier contract.
type ExecVerifierNotAdmin struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAdmin(address caller)
func ExecVerifierNotAdminErrorID() common.Hash {
	return common.HexToHash("0x17a8424239494df835a470bd5e48f10a94b5febfef662a1917fe31decebbedeb")
}

// UnpackNotAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAdmin(address caller)
func (execVerifier *ExecVerifier) UnpackNotAdminError(raw []byte) (*ExecVerifierNotAdmin, error) {
	out := new(ExecVerifierNotAdmin)
	if err := execVerifier.abi.UnpackIntoInterface(out, "NotAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ExecVerifierProverAlreadyAdded represents a ProverAlreadyAdded error raised by the ExecVerifier contract.
type ExecVerifierProverAlreadyAdded struct {
	Prover common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProverAlreadyAdded(address prover)
func ExecVerifierProverAlreadyAddedErrorID() common.Hash {
	return common.HexToHash("0xcdb3bfbc7f5ca2e1fcada377806bbe7ddeb0fcc954ceb3ae8cd8376a9b164b07")
}

// UnpackProverAlreadyAddedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProverAlreadyAdded(address prover)
func (execVerifier *ExecVerifier) UnpackProverAlreadyAddedError(raw []byte) (*ExecVerifierProverAlreadyAdded, error) {
	out := new(ExecVerifierProverAlreadyAdded)
	if err := execVerifier.abi.UnpackIntoInterface(out, "ProverAlreadyAdded", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ExecVerifierProverNotFound represents a ProverNotFound error raised by the ExecVerifier contract.
type ExecVerifierProverNotFound struct {
	Prover common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProverNotFound(address prover)
func ExecVerifierProverNotFoundErrorID() common.Hash {
	return common.HexToHash("0xc15d9f9e6ed4f9a088007b543257280cfacc31d64f1b9c38b23c1734fb9c1f0b")
}

// UnpackProverNotFoundError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProverNotFound(address prover)
func (execVerifier *ExecVerifier) UnpackProverNotFoundError(raw []byte) (*ExecVerifierProverNotFound, error) {
	out := new(ExecVerifierProverNotFound)
	if err := execVerifier.abi.UnpackIntoInterface(out, "ProverNotFound", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ExecVerifierZeroAddress represents a ZeroAddress error raised by the ExecVerifier contract.
type ExecVerifierZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func ExecVerifierZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (execVerifier *ExecVerifier) UnpackZeroAddressError(raw []byte) (*ExecVerifierZeroAddress, error) {
	out := new(ExecVerifierZeroAddress)
	if err := execVerifier.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}
