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

// ProofManagerProxyMetaData contains all meta data concerning the ProofManagerProxy contract.
var ProofManagerProxyMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"implementation\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"initData\",\"type\":\"bytes\"}],\"stateMutability\":\"payable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"target\",\"type\":\"address\"}],\"name\":\"AddressEmptyCode\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"implementation\",\"type\":\"address\"}],\"name\":\"ERC1967InvalidImplementation\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ERC1967NonPayable\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"FailedCall\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"implementation\",\"type\":\"address\"}],\"name\":\"Upgraded\",\"type\":\"event\"},{\"stateMutability\":\"payable\",\"type\":\"fallback\"}]",
	ID:  "ProofManagerProxy",
	Bin: "0x60806040526040516103d43803806103d483398101604081905261002291610240565b818161002e8282610037565b50505050610325565b61004082610095565b6040516001600160a01b038316907fbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b905f90a2805115610089576100848282610110565b505050565b610091610183565b5050565b806001600160a01b03163b5f036100cf57604051634c9c8ce360e01b81526001600160a01b03821660048201526024015b60405180910390fd5b7f360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc80546001600160a01b0319166001600160a01b0392909216919091179055565b60605f5f846001600160a01b03168460405161012c919061030f565b5f60405180830381855af49150503d805f8114610164576040519150601f19603f3d011682016040523d82523d5f602084013e610169565b606091505b50909250905061017a8583836101a4565b95945050505050565b34156101a25760405163b398979f60e01b815260040160405180910390fd5b565b6060826101b9576101b482610203565b6101fc565b81511580156101d057506001600160a01b0384163b155b156101f957604051639996b31560e01b81526001600160a01b03851660048201526024016100c6565b50805b9392505050565b8051156102135780518082602001fd5b60405163d6bda27560e01b815260040160405180910390fd5b634e487b7160e01b5f52604160045260245ffd5b5f5f60408385031215610251575f5ffd5b82516001600160a01b0381168114610267575f5ffd5b60208401519092506001600160401b03811115610282575f5ffd5b8301601f81018513610292575f5ffd5b80516001600160401b038111156102ab576102ab61022c565b604051601f8201601f19908116603f011681016001600160401b03811182821017156102d9576102d961022c565b6040528181528282016020018710156102f0575f5ffd5b8160208401602083015e5f602083830101528093505050509250929050565b5f82518060208501845e5f920191825250919050565b60a3806103315f395ff3fe6080604052600a600c565b005b60186014601a565b6050565b565b5f604b7f360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc546001600160a01b031690565b905090565b365f5f375f5f365f845af43d5f5f3e8080156069573d5ff35b3d5ffdfea2646970667358221220e5c2608bfff6d8d55497d2b8f655cfb2361c0d1aaa60a21911d15e717a7ac22f64736f6c634300081c0033",
}

// ProofManagerProxy is an auto generated Go binding around an Ethereum contract.
type ProofManagerProxy struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ProofManagerProxy) GetABI() abi.ABI {
	return c.abi
}

// NewProofManagerProxy creates a new instance of ProofManagerProxy.
func NewProofManagerProxy() *ProofManagerProxy {
	parsed, err := ProofManagerProxyMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ProofManagerProxy{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ProofManagerProxy) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address implementation, bytes initData) payable returns()
func (proofManagerProxy *ProofManagerProxy) PackConstructor(implementation common.Address, initData []byte) []byte {
	enc, err := proofManagerProxy.abi.Pack("", implementation, initData)
	if err != nil {
		panic(err)
	}
	return enc
}

// ProofManagerProxyUpgraded represents a Upgraded event raised by the ProofManagerProxy contract.
type ProofManagerProxyUpgraded struct {
	Implementation common.Address
	Raw            *types.Log // Blockchain specific contextual infos
}

const ProofManagerProxyUpgradedEventName = "Upgraded"

// ContractEventName returns the user-defined event name.
func (ProofManagerProxyUpgraded) ContractEventName() string {
	return ProofManagerProxyUpgradedEventName
}

// UnpackUpgradedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Upgraded(address indexed implementation)
func (proofManagerProxy *ProofManagerProxy) UnpackUpgradedEvent(log *types.Log) (*ProofManagerProxyUpgraded, error) {
	event := "Upgraded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proofManagerProxy.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProofManagerProxyUpgraded)
	if len(log.Data) > 0 {
		if err := proofManagerProxy.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proofManagerProxy.abi.Events[event].Inputs {
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
func (proofManagerProxy *ProofManagerProxy) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], proofManagerProxy.abi.Errors["AddressEmptyCode"].ID.Bytes()[:4]) {
		return proofManagerProxy.UnpackAddressEmptyCodeError(raw[4:])
	}
	if bytes.Equal(raw[:4], proofManagerProxy.abi.Errors["ERC1967InvalidImplementation"].ID.Bytes()[:4]) {
		return proofManagerProxy.UnpackERC1967InvalidImplementationError(raw[4:])
	}
	if bytes.Equal(raw[:4], proofManagerProxy.abi.Errors["ERC1967NonPayable"].ID.Bytes()[:4]) {
		return proofManagerProxy.UnpackERC1967NonPayableError(raw[4:])
	}
	if bytes.Equal(raw[:4], proofManagerProxy.abi.Errors["FailedCall"].ID.Bytes()[:4]) {
		return proofManagerProxy.UnpackFailedCallError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ProofManagerProxyAddressEmptyCode represents a AddressEmptyCode error raised by the ProofManagerProxy contract.
type ProofManagerProxyAddressEmptyCode struct {
	Target common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AddressEmptyCode(address target)
func ProofManagerProxyAddressEmptyCodeErrorID() common.Hash {
	return common.HexToHash("0x9996b315c842ff135b8fc4a08ad5df1c344efbc03d2687aecc0678050d2aac89")
}

// UnpackAddressEmptyCodeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AddressEmptyCode(address target)
func (proofManagerProxy *ProofManagerProxy) UnpackAddressEmptyCodeError(raw []byte) (*ProofManagerProxyAddressEmptyCode, error) {
	out := new(ProofManagerProxyAddressEmptyCode)
	if err := proofManagerProxy.abi.UnpackIntoInterface(out, "AddressEmptyCode", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProofManagerProxyERC1967InvalidImplementation represents a ERC1967InvalidImplementation error raised by the ProofManagerProxy contract.
type ProofManagerProxyERC1967InvalidImplementation struct {
	Implementation common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1967InvalidImplementation(address implementation)
func ProofManagerProxyERC1967InvalidImplementationErrorID() common.Hash {
	return common.HexToHash("0x4c9c8ce3ceb3130f17f7cdba48d89b5b0129f266a8bac114e6e315a41879b617")
}

// UnpackERC1967InvalidImplementationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1967InvalidImplementation(address implementation)
func (proofManagerProxy *ProofManagerProxy) UnpackERC1967InvalidImplementationError(raw []byte) (*ProofManagerProxyERC1967InvalidImplementation, error) {
	out := new(ProofManagerProxyERC1967InvalidImplementation)
	if err := proofManagerProxy.abi.UnpackIntoInterface(out, "ERC1967InvalidImplementation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProofManagerProxyERC1967NonPayable represents a ERC1967NonPayable error raised by the ProofManagerProxy contract.
type ProofManagerProxyERC1967NonPayable struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ERC1967NonPayable()
func ProofManagerProxyERC1967NonPayableErrorID() common.Hash {
	return common.HexToHash("0xb398979fa84f543c8e222f17890372c487baf85e062276c127fef521eea7224b")
}

// UnpackERC1967NonPayableError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ERC1967NonPayable()
func (proofManagerProxy *ProofManagerProxy) UnpackERC1967NonPayableError(raw []byte) (*ProofManagerProxyERC1967NonPayable, error) {
	out := new(ProofManagerProxyERC1967NonPayable)
	if err := proofManagerProxy.abi.UnpackIntoInterface(out, "ERC1967NonPayable", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProofManagerProxyFailedCall represents a FailedCall error raised by the ProofManagerProxy contract.
type ProofManagerProxyFailedCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FailedCall()
func ProofManagerProxyFailedCallErrorID() common.Hash {
	return common.HexToHash("0xd6bda27508c0fb6d8a39b4b122878dab26f731a7d4e4abe711dd3731899052a4")
}

// UnpackFailedCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FailedCall()
func (proofManagerProxy *ProofManagerProxy) UnpackFailedCallError(raw []byte) (*ProofManagerProxyFailedCall, error) {
	out := new(ProofManagerProxyFailedCall)
	if err := proofManagerProxy.abi.UnpackIntoInterface(out, "FailedCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}
