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

// BridgeMetaData contains all meta data concerning the Bridge contract.
var BridgeMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"l2ChainId_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"lastVerifiedBatch\",\"type\":\"uint64\"}],\"name\":\"BatchNotVerified\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"InvalidDepositAmount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"}],\"name\":\"InvalidWithdrawalProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"PaymentFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"}],\"name\":\"ProposerAlreadySet\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ProposerNotSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"}],\"name\":\"WithdrawalAlreadyClaimed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"depositId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"DepositInitiated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"GenesisFunded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"address\",\"name\":\"proposer\",\"type\":\"address\"}],\"name\":\"ProposerSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"WithdrawalClaimed\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_DEPOSIT_WEI\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"admin\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"batchNumber\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"claimWithdrawal\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"l2Recipient\",\"type\":\"address\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"depositId\",\"type\":\"uint256\"}],\"name\":\"depositHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"fundGenesis\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"l2ChainId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastDepositId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proposer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"proposer_\",\"type\":\"address\"}],\"name\":\"setProposer\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"}],\"name\":\"withdrawalClaimed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"withdrawalLeaf\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Bridge",
	Bin: "0x60a0604052348015600e575f5ffd5b50604051610b78380380610b78833981016040819052602b916043565b6080525f80546001600160a01b031916331790556059565b5f602082840312156052575f5ffd5b5051919050565b608051610b006100785f395f818161020201526103400152610b005ff3fe6080604052600436106100a5575f3560e01c8063a645883111610062578063a645883114610199578063a8e4fb90146101a1578063aa412985146101d8578063d6ae3cd5146101f1578063f340fa0114610224578063f851a44014610237575f5ffd5b806310f811a8146100a95780631d821854146100d15780631fb4a2281461010f5780636cb0ecea146101305780637d68cc821461015b578063a5e14ef11461017a575b5f5ffd5b3480156100b4575f5ffd5b506100be60025481565b6040519081526020015b60405180910390f35b3480156100dc575f5ffd5b506100ff6100eb3660046108c9565b60046020525f908152604090205460ff1681565b60405190151581526020016100c8565b34801561011a575f5ffd5b5061012e6101293660046108fb565b610255565b005b34801561013b575f5ffd5b506100be61014a3660046108c9565b60036020525f908152604090205481565b348015610166575f5ffd5b506100be610175366004610914565b61033a565b348015610185575f5ffd5b5061012e61019436600461096d565b6103ca565b61012e6106a3565b3480156101ac575f5ffd5b506001546101c0906001600160a01b031681565b6040516001600160a01b0390911681526020016100c8565b3480156101e3575f5ffd5b506100be621dcd6560491b81565b3480156101fc575f5ffd5b506100be7f000000000000000000000000000000000000000000000000000000000000000081565b61012e6102323660046108fb565b610728565b348015610242575f5ffd5b505f546101c0906001600160a01b031681565b5f546001600160a01b0316331461028657604051630bd4212160e11b81523360048201526024015b60405180910390fd5b6001546001600160a01b0316156102bf57600154604051630146807d60e71b81526001600160a01b03909116600482015260240161027d565b6001600160a01b0381166102e65760405163d92e233d60e01b815260040160405180910390fd5b600180546001600160a01b0319166001600160a01b0383169081179091556040519081527fcb01a7f7172301bc845052ce4b20f9ab6dbbbc83aba5c3d0f5c21a63c38e613c9060200160405180910390a150565b604080517f000000000000000000000000000000000000000000000000000000000000000060208201529081018590526001600160a01b0380851660608301528316608082015260a081018290525f9060c00160408051601f1981840301815282825280516020918201209083015201604051602081830303815290604052805190602001209050949350505050565b6001546001600160a01b0316806103f457604051639234483f60e01b815260040160405180910390fd5b5f816001600160a01b0316637fcb36536040518163ffffffff1660e01b8152600401602060405180830381865afa158015610431573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104559190610a24565b905067ffffffffffffffff8916158061048157508067ffffffffffffffff168967ffffffffffffffff16115b156104b357604051632177373d60e21b815267ffffffffffffffff808b1660048301528216602482015260440161027d565b5f8881526004602052604090205460ff16156104e55760405163c558eebb60e01b81526004810189905260240161027d565b5f6104f28989898961033a565b60405163303186ab60e21b815267ffffffffffffffff8c1660048201529091505f906001600160a01b0385169063c0c61aac90602401602060405180830381865afa158015610543573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105679190610a46565b905061057586868385610840565b6105a5576040516306f08cd760e21b815267ffffffffffffffff8c166004820152602481018b905260440161027d565b5f8a815260046020908152604091829020805460ff1916600117905581516001600160a01b038c811682529181018a9052908a169167ffffffffffffffff8e16918d917f80f2a8b72cdada3c4fc9d359af5662337f311500a78952aea88c72bb4d447c46910160405180910390a45f886001600160a01b0316886040515f6040518083038185875af1925050503d805f811461065c576040519150601f19603f3d011682016040523d82523d5f602084013e610661565b606091505b50509050806106955760405163a09e616560e01b81526001600160a01b038a1660048201526024810189905260440161027d565b505050505050505050505050565b5f546001600160a01b031633146106cf57604051630bd4212160e11b815233600482015260240161027d565b345f036106f157604051632097692160e11b81525f600482015260240161027d565b60405134815233907fc306546a066b9aecc1be43d3f6bf859541316a4b051623605096e7b5fb2fc3009060200160405180910390a2565b34801580610742575061073f633b9aca0082610a5d565b15155b806107535750621dcd6560491b8110155b1561077457604051632097692160e11b81526004810182905260240161027d565b5f60025460016107849190610a90565b6002819055905060035f610799600184610aa3565b815260208082019290925260409081015f205481519283015281018290526001600160a01b03841660608201526080810183905260a00160408051601f1981840301815282825280516020918201205f8581526003909252919020556001600160a01b03841690339083907f7142c1446622b71fb14ba6808d8d08a5973a86e4433f33546e133c1d6cfa86bc906108339087815260200190565b60405180910390a4505050565b5f8261084d868685610857565b1495945050505050565b5f81815b8481101561088f576108858287878481811061087957610879610ab6565b90506020020135610898565b915060010161085b565b50949350505050565b5f8183106108b2575f8281526020849052604090206108c0565b5f8381526020839052604090205b90505b92915050565b5f602082840312156108d9575f5ffd5b5035919050565b80356001600160a01b03811681146108f6575f5ffd5b919050565b5f6020828403121561090b575f5ffd5b6108c0826108e0565b5f5f5f5f60808587031215610927575f5ffd5b84359350610937602086016108e0565b9250610945604086016108e0565b9396929550929360600135925050565b67ffffffffffffffff8116811461096a575f5ffd5b50565b5f5f5f5f5f5f5f60c0888a031215610983575f5ffd5b873561098e81610955565b9650602088013595506109a3604089016108e0565b94506109b1606089016108e0565b93506080880135925060a088013567ffffffffffffffff8111156109d3575f5ffd5b8801601f81018a136109e3575f5ffd5b803567ffffffffffffffff8111156109f9575f5ffd5b8a60208260051b8401011115610a0d575f5ffd5b602082019350809250505092959891949750929550565b5f60208284031215610a34575f5ffd5b8151610a3f81610955565b9392505050565b5f60208284031215610a56575f5ffd5b5051919050565b5f82610a7757634e487b7160e01b5f52601260045260245ffd5b500690565b634e487b7160e01b5f52601160045260245ffd5b808201808211156108c3576108c3610a7c565b818103818111156108c3576108c3610a7c565b634e487b7160e01b5f52603260045260245ffdfea26469706673582212208f0f88d5aada1831c9d6442f7e1d430d78d3783fcaf7cf1e2204fb02fa4a580d64736f6c634300081c0033",
}

// Bridge is an auto generated Go binding around an Ethereum contract.
type Bridge struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Bridge) GetABI() abi.ABI {
	return c.abi
}

// NewBridge creates a new instance of Bridge.
func NewBridge() *Bridge {
	parsed, err := BridgeMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Bridge{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Bridge) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint256 l2ChainId_) returns()
func (bridge *Bridge) PackConstructor(l2ChainId_ *big.Int) []byte {
	enc, err := bridge.abi.Pack("", l2ChainId_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXDEPOSITWEI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa412985.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_DEPOSIT_WEI() view returns(uint256)
func (bridge *Bridge) PackMAXDEPOSITWEI() []byte {
	enc, err := bridge.abi.Pack("MAX_DEPOSIT_WEI")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXDEPOSITWEI is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa412985.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_DEPOSIT_WEI() view returns(uint256)
func (bridge *Bridge) TryPackMAXDEPOSITWEI() ([]byte, error) {
	return bridge.abi.Pack("MAX_DEPOSIT_WEI")
}

// UnpackMAXDEPOSITWEI is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaa412985.
//
// Solidity: function MAX_DEPOSIT_WEI() view returns(uint256)
func (bridge *Bridge) UnpackMAXDEPOSITWEI(data []byte) (*big.Int, error) {
	out, err := bridge.abi.Unpack("MAX_DEPOSIT_WEI", data)
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
func (bridge *Bridge) PackAdmin() []byte {
	enc, err := bridge.abi.Pack("admin")
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
func (bridge *Bridge) TryPackAdmin() ([]byte, error) {
	return bridge.abi.Pack("admin")
}

// UnpackAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf851a440.
//
// Solidity: function admin() view returns(address)
func (bridge *Bridge) UnpackAdmin(data []byte) (common.Address, error) {
	out, err := bridge.abi.Unpack("admin", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackClaimWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5e14ef1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimWithdrawal(uint64 batchNumber, uint256 withdrawalId, address from, address l1Recipient, uint256 amount, bytes32[] proof) returns()
func (bridge *Bridge) PackClaimWithdrawal(batchNumber uint64, withdrawalId *big.Int, from common.Address, l1Recipient common.Address, amount *big.Int, proof [][32]byte) []byte {
	enc, err := bridge.abi.Pack("claimWithdrawal", batchNumber, withdrawalId, from, l1Recipient, amount, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimWithdrawal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5e14ef1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimWithdrawal(uint64 batchNumber, uint256 withdrawalId, address from, address l1Recipient, uint256 amount, bytes32[] proof) returns()
func (bridge *Bridge) TryPackClaimWithdrawal(batchNumber uint64, withdrawalId *big.Int, from common.Address, l1Recipient common.Address, amount *big.Int, proof [][32]byte) ([]byte, error) {
	return bridge.abi.Pack("claimWithdrawal", batchNumber, withdrawalId, from, l1Recipient, amount, proof)
}

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf340fa01.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(address l2Recipient) payable returns()
func (bridge *Bridge) PackDeposit(l2Recipient common.Address) []byte {
	enc, err := bridge.abi.Pack("deposit", l2Recipient)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf340fa01.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(address l2Recipient) payable returns()
func (bridge *Bridge) TryPackDeposit(l2Recipient common.Address) ([]byte, error) {
	return bridge.abi.Pack("deposit", l2Recipient)
}

// PackDepositHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cb0ecea.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function depositHash(uint256 depositId) view returns(bytes32)
func (bridge *Bridge) PackDepositHash(depositId *big.Int) []byte {
	enc, err := bridge.abi.Pack("depositHash", depositId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDepositHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6cb0ecea.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function depositHash(uint256 depositId) view returns(bytes32)
func (bridge *Bridge) TryPackDepositHash(depositId *big.Int) ([]byte, error) {
	return bridge.abi.Pack("depositHash", depositId)
}

// UnpackDepositHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6cb0ecea.
//
// Solidity: function depositHash(uint256 depositId) view returns(bytes32)
func (bridge *Bridge) UnpackDepositHash(data []byte) ([32]byte, error) {
	out, err := bridge.abi.Unpack("depositHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackFundGenesis is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa6458831.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fundGenesis() payable returns()
func (bridge *Bridge) PackFundGenesis() []byte {
	enc, err := bridge.abi.Pack("fundGenesis")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFundGenesis is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa6458831.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fundGenesis() payable returns()
func (bridge *Bridge) TryPackFundGenesis() ([]byte, error) {
	return bridge.abi.Pack("fundGenesis")
}

// PackL2ChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd6ae3cd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function l2ChainId() view returns(uint256)
func (bridge *Bridge) PackL2ChainId() []byte {
	enc, err := bridge.abi.Pack("l2ChainId")
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
func (bridge *Bridge) TryPackL2ChainId() ([]byte, error) {
	return bridge.abi.Pack("l2ChainId")
}

// UnpackL2ChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd6ae3cd5.
//
// Solidity: function l2ChainId() view returns(uint256)
func (bridge *Bridge) UnpackL2ChainId(data []byte) (*big.Int, error) {
	out, err := bridge.abi.Unpack("l2ChainId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLastDepositId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10f811a8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastDepositId() view returns(uint256)
func (bridge *Bridge) PackLastDepositId() []byte {
	enc, err := bridge.abi.Pack("lastDepositId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastDepositId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10f811a8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastDepositId() view returns(uint256)
func (bridge *Bridge) TryPackLastDepositId() ([]byte, error) {
	return bridge.abi.Pack("lastDepositId")
}

// UnpackLastDepositId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10f811a8.
//
// Solidity: function lastDepositId() view returns(uint256)
func (bridge *Bridge) UnpackLastDepositId(data []byte) (*big.Int, error) {
	out, err := bridge.abi.Unpack("lastDepositId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8e4fb90.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proposer() view returns(address)
func (bridge *Bridge) PackProposer() []byte {
	enc, err := bridge.abi.Pack("proposer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa8e4fb90.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proposer() view returns(address)
func (bridge *Bridge) TryPackProposer() ([]byte, error) {
	return bridge.abi.Pack("proposer")
}

// UnpackProposer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa8e4fb90.
//
// Solidity: function proposer() view returns(address)
func (bridge *Bridge) UnpackProposer(data []byte) (common.Address, error) {
	out, err := bridge.abi.Unpack("proposer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSetProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fb4a228.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function setProposer(address proposer_) returns()
func (bridge *Bridge) PackSetProposer(proposer common.Address) []byte {
	enc, err := bridge.abi.Pack("setProposer", proposer)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSetProposer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1fb4a228.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function setProposer(address proposer_) returns()
func (bridge *Bridge) TryPackSetProposer(proposer common.Address) ([]byte, error) {
	return bridge.abi.Pack("setProposer", proposer)
}

// PackWithdrawalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d821854.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawalClaimed(uint256 withdrawalId) view returns(bool)
func (bridge *Bridge) PackWithdrawalClaimed(withdrawalId *big.Int) []byte {
	enc, err := bridge.abi.Pack("withdrawalClaimed", withdrawalId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawalClaimed is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1d821854.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawalClaimed(uint256 withdrawalId) view returns(bool)
func (bridge *Bridge) TryPackWithdrawalClaimed(withdrawalId *big.Int) ([]byte, error) {
	return bridge.abi.Pack("withdrawalClaimed", withdrawalId)
}

// UnpackWithdrawalClaimed is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1d821854.
//
// Solidity: function withdrawalClaimed(uint256 withdrawalId) view returns(bool)
func (bridge *Bridge) UnpackWithdrawalClaimed(data []byte) (bool, error) {
	out, err := bridge.abi.Unpack("withdrawalClaimed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackWithdrawalLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d68cc82.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdrawalLeaf(uint256 withdrawalId, address from, address l1Recipient, uint256 amount) view returns(bytes32)
func (bridge *Bridge) PackWithdrawalLeaf(withdrawalId *big.Int, from common.Address, l1Recipient common.Address, amount *big.Int) []byte {
	enc, err := bridge.abi.Pack("withdrawalLeaf", withdrawalId, from, l1Recipient, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdrawalLeaf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7d68cc82.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdrawalLeaf(uint256 withdrawalId, address from, address l1Recipient, uint256 amount) view returns(bytes32)
func (bridge *Bridge) TryPackWithdrawalLeaf(withdrawalId *big.Int, from common.Address, l1Recipient common.Address, amount *big.Int) ([]byte, error) {
	return bridge.abi.Pack("withdrawalLeaf", withdrawalId, from, l1Recipient, amount)
}

// UnpackWithdrawalLeaf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7d68cc82.
//
// Solidity: function withdrawalLeaf(uint256 withdrawalId, address from, address l1Recipient, uint256 amount) view returns(bytes32)
func (bridge *Bridge) UnpackWithdrawalLeaf(data []byte) ([32]byte, error) {
	out, err := bridge.abi.Unpack("withdrawalLeaf", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// BridgeDepositInitiated represents a DepositInitiated event raised by the Bridge contract.
type BridgeDepositInitiated struct {
	DepositId *big.Int
	From      common.Address
	To        common.Address
	Amount    *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const BridgeDepositInitiatedEventName = "DepositInitiated"

// ContractEventName returns the user-defined event name.
func (BridgeDepositInitiated) ContractEventName() string {
	return BridgeDepositInitiatedEventName
}

// UnpackDepositInitiatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DepositInitiated(uint256 indexed depositId, address indexed from, address indexed to, uint256 amount)
func (bridge *Bridge) UnpackDepositInitiatedEvent(log *types.Log) (*BridgeDepositInitiated, error) {
	event := "DepositInitiated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeDepositInitiated)
	if len(log.Data) > 0 {
		if err := bridge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridge.abi.Events[event].Inputs {
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

// BridgeGenesisFunded represents a GenesisFunded event raised by the Bridge contract.
type BridgeGenesisFunded struct {
	From   common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const BridgeGenesisFundedEventName = "GenesisFunded"

// ContractEventName returns the user-defined event name.
func (BridgeGenesisFunded) ContractEventName() string {
	return BridgeGenesisFundedEventName
}

// UnpackGenesisFundedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event GenesisFunded(address indexed from, uint256 amount)
func (bridge *Bridge) UnpackGenesisFundedEvent(log *types.Log) (*BridgeGenesisFunded, error) {
	event := "GenesisFunded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeGenesisFunded)
	if len(log.Data) > 0 {
		if err := bridge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridge.abi.Events[event].Inputs {
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

// BridgeProposerSet represents a ProposerSet event raised by the Bridge contract.
type BridgeProposerSet struct {
	Proposer common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const BridgeProposerSetEventName = "ProposerSet"

// ContractEventName returns the user-defined event name.
func (BridgeProposerSet) ContractEventName() string {
	return BridgeProposerSetEventName
}

// UnpackProposerSetEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ProposerSet(address proposer)
func (bridge *Bridge) UnpackProposerSetEvent(log *types.Log) (*BridgeProposerSet, error) {
	event := "ProposerSet"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeProposerSet)
	if len(log.Data) > 0 {
		if err := bridge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridge.abi.Events[event].Inputs {
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

// BridgeWithdrawalClaimed represents a WithdrawalClaimed event raised by the Bridge contract.
type BridgeWithdrawalClaimed struct {
	WithdrawalId *big.Int
	BatchNumber  uint64
	L1Recipient  common.Address
	From         common.Address
	Amount       *big.Int
	Raw          *types.Log // Blockchain specific contextual infos
}

const BridgeWithdrawalClaimedEventName = "WithdrawalClaimed"

// ContractEventName returns the user-defined event name.
func (BridgeWithdrawalClaimed) ContractEventName() string {
	return BridgeWithdrawalClaimedEventName
}

// UnpackWithdrawalClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event WithdrawalClaimed(uint256 indexed withdrawalId, uint64 indexed batchNumber, address indexed l1Recipient, address from, uint256 amount)
func (bridge *Bridge) UnpackWithdrawalClaimedEvent(log *types.Log) (*BridgeWithdrawalClaimed, error) {
	event := "WithdrawalClaimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeWithdrawalClaimed)
	if len(log.Data) > 0 {
		if err := bridge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridge.abi.Events[event].Inputs {
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
func (bridge *Bridge) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], bridge.abi.Errors["BatchNotVerified"].ID.Bytes()[:4]) {
		return bridge.UnpackBatchNotVerifiedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["InvalidDepositAmount"].ID.Bytes()[:4]) {
		return bridge.UnpackInvalidDepositAmountError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["InvalidWithdrawalProof"].ID.Bytes()[:4]) {
		return bridge.UnpackInvalidWithdrawalProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["NotAdmin"].ID.Bytes()[:4]) {
		return bridge.UnpackNotAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["PaymentFailed"].ID.Bytes()[:4]) {
		return bridge.UnpackPaymentFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["ProposerAlreadySet"].ID.Bytes()[:4]) {
		return bridge.UnpackProposerAlreadySetError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["ProposerNotSet"].ID.Bytes()[:4]) {
		return bridge.UnpackProposerNotSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["WithdrawalAlreadyClaimed"].ID.Bytes()[:4]) {
		return bridge.UnpackWithdrawalAlreadyClaimedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridge.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return bridge.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BridgeBatchNotVerified represents a BatchNotVerified error raised by the Bridge contract.
type BridgeBatchNotVerified struct {
	BatchNumber       uint64
	LastVerifiedBatch uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BatchNotVerified(uint64 batchNumber, uint64 lastVerifiedBatch)
func BridgeBatchNotVerifiedErrorID() common.Hash {
	return common.HexToHash("0x85dcdcf4d2022d960ec32887bbf08cc9da247594c81f6eabea48c97ccf7faad6")
}

// UnpackBatchNotVerifiedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BatchNotVerified(uint64 batchNumber, uint64 lastVerifiedBatch)
func (bridge *Bridge) UnpackBatchNotVerifiedError(raw []byte) (*BridgeBatchNotVerified, error) {
	out := new(BridgeBatchNotVerified)
	if err := bridge.abi.UnpackIntoInterface(out, "BatchNotVerified", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeInvalidDepositAmount represents a InvalidDepositAmount error raised by the Bridge contract.
type BridgeInvalidDepositAmount struct {
	Amount *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidDepositAmount(uint256 amount)
func BridgeInvalidDepositAmountErrorID() common.Hash {
	return common.HexToHash("0x412ed2422118aa5b2c4e71821b69e180f4aa7db9e1832c94de5bfc3af136a139")
}

// UnpackInvalidDepositAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidDepositAmount(uint256 amount)
func (bridge *Bridge) UnpackInvalidDepositAmountError(raw []byte) (*BridgeInvalidDepositAmount, error) {
	out := new(BridgeInvalidDepositAmount)
	if err := bridge.abi.UnpackIntoInterface(out, "InvalidDepositAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeInvalidWithdrawalProof represents a InvalidWithdrawalProof error raised by the Bridge contract.
type BridgeInvalidWithdrawalProof struct {
	BatchNumber  uint64
	WithdrawalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidWithdrawalProof(uint64 batchNumber, uint256 withdrawalId)
func BridgeInvalidWithdrawalProofErrorID() common.Hash {
	return common.HexToHash("0x1bc2335c8f56e13fdccf5c835084d0c3bddb406ebc9ebc5679c58e21fc98af81")
}

// UnpackInvalidWithdrawalProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidWithdrawalProof(uint64 batchNumber, uint256 withdrawalId)
func (bridge *Bridge) UnpackInvalidWithdrawalProofError(raw []byte) (*BridgeInvalidWithdrawalProof, error) {
	out := new(BridgeInvalidWithdrawalProof)
	if err := bridge.abi.UnpackIntoInterface(out, "InvalidWithdrawalProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeNotAdmin represents a NotAdmin error raised by the Bridge contract.
type BridgeNotAdmin struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAdmin(address caller)
func BridgeNotAdminErrorID() common.Hash {
	return common.HexToHash("0x17a8424239494df835a470bd5e48f10a94b5febfef662a1917fe31decebbedeb")
}

// UnpackNotAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAdmin(address caller)
func (bridge *Bridge) UnpackNotAdminError(raw []byte) (*BridgeNotAdmin, error) {
	out := new(BridgeNotAdmin)
	if err := bridge.abi.UnpackIntoInterface(out, "NotAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgePaymentFailed represents a PaymentFailed error raised by the Bridge contract.
type BridgePaymentFailed struct {
	L1Recipient common.Address
	Amount      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PaymentFailed(address l1Recipient, uint256 amount)
func BridgePaymentFailedErrorID() common.Hash {
	return common.HexToHash("0xa09e6165f4dcdc4e418edf5d4543c54cdb7d7a2166ff3723d856102f4f4a3c4d")
}

// UnpackPaymentFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PaymentFailed(address l1Recipient, uint256 amount)
func (bridge *Bridge) UnpackPaymentFailedError(raw []byte) (*BridgePaymentFailed, error) {
	out := new(BridgePaymentFailed)
	if err := bridge.abi.UnpackIntoInterface(out, "PaymentFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeProposerAlreadySet represents a ProposerAlreadySet error raised by the Bridge contract.
type BridgeProposerAlreadySet struct {
	Proposer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProposerAlreadySet(address proposer)
func BridgeProposerAlreadySetErrorID() common.Hash {
	return common.HexToHash("0xa3403e8010760e3d4b65309bf26176cbdcd376fd35909363e1a721c2643e2687")
}

// UnpackProposerAlreadySetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProposerAlreadySet(address proposer)
func (bridge *Bridge) UnpackProposerAlreadySetError(raw []byte) (*BridgeProposerAlreadySet, error) {
	out := new(BridgeProposerAlreadySet)
	if err := bridge.abi.UnpackIntoInterface(out, "ProposerAlreadySet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeProposerNotSet represents a ProposerNotSet error raised by the Bridge contract.
type BridgeProposerNotSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProposerNotSet()
func BridgeProposerNotSetErrorID() common.Hash {
	return common.HexToHash("0x9234483f5059e0eae03259b1b02e9e69d8f3eb4676cc8c3a0609b97a33c56375")
}

// UnpackProposerNotSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProposerNotSet()
func (bridge *Bridge) UnpackProposerNotSetError(raw []byte) (*BridgeProposerNotSet, error) {
	out := new(BridgeProposerNotSet)
	if err := bridge.abi.UnpackIntoInterface(out, "ProposerNotSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeWithdrawalAlreadyClaimed represents a WithdrawalAlreadyClaimed error raised by the Bridge contract.
type BridgeWithdrawalAlreadyClaimed struct {
	WithdrawalId *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WithdrawalAlreadyClaimed(uint256 withdrawalId)
func BridgeWithdrawalAlreadyClaimedErrorID() common.Hash {
	return common.HexToHash("0xc558eebb0f61f9a860e0cfa83ff6602c6339eeab9da190b95b0817ce2b40bc48")
}

// UnpackWithdrawalAlreadyClaimedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WithdrawalAlreadyClaimed(uint256 withdrawalId)
func (bridge *Bridge) UnpackWithdrawalAlreadyClaimedError(raw []byte) (*BridgeWithdrawalAlreadyClaimed, error) {
	out := new(BridgeWithdrawalAlreadyClaimed)
	if err := bridge.abi.UnpackIntoInterface(out, "WithdrawalAlreadyClaimed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeZeroAddress represents a ZeroAddress error raised by the Bridge contract.
type BridgeZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func BridgeZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (bridge *Bridge) UnpackZeroAddressError(raw []byte) (*BridgeZeroAddress, error) {
	out := new(BridgeZeroAddress)
	if err := bridge.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}
