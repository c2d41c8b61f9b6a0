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

// L2BridgeMetaData contains all meta data concerning the L2Bridge contract.
var L2BridgeMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"name\":\"ZeroWithdrawal\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"withdrawalId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"WithdrawalInitiated\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"lastWithdrawalId\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"l1Recipient\",\"type\":\"address\"}],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"}]",
	ID:  "L2Bridge",
	Bin: "0x6080604052348015600e575f5ffd5b5061016a8061001c5f395ff3fe608060405260043610610028575f3560e01c806351cff8d91461002c578063f6d021ee14610041575b5f5ffd5b61003f61003a3660046100e2565b610067565b005b34801561004c575f5ffd5b506100555f5481565b60405190815260200160405180910390f35b345f0361008757604051630318014360e61b815260040160405180910390fd5b5f805461009590600161010f565b5f8190556040513481529091506001600160a01b03831690339083907f1041cecee47a16f2eef8148ea71d01b90db69676c56df3536841fa2aa5aeb09c9060200160405180910390a45050565b5f602082840312156100f2575f5ffd5b81356001600160a01b0381168114610108575f5ffd5b9392505050565b8082018082111561012e57634e487b7160e01b5f52601160045260245ffd5b9291505056fea2646970667358221220e71bbdc8d8783a6d2107b38ba98898b144d21155a4c5414d7beb5ce128ccf50f64736f6c634300081c0033",
}

// L2Bridge is an auto generated Go binding around an Ethereum contract.
type L2Bridge struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *L2Bridge) GetABI() abi.ABI {
	return c.abi
}

// NewL2Bridge creates a new instance of L2Bridge.
func NewL2Bridge() *L2Bridge {
	parsed, err := L2BridgeMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &L2Bridge{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *L2Bridge) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackLastWithdrawalId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6d021ee.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastWithdrawalId() view returns(uint256)
func (l2Bridge *L2Bridge) PackLastWithdrawalId() []byte {
	enc, err := l2Bridge.abi.Pack("lastWithdrawalId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastWithdrawalId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf6d021ee.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastWithdrawalId() view returns(uint256)
func (l2Bridge *L2Bridge) TryPackLastWithdrawalId() ([]byte, error) {
	return l2Bridge.abi.Pack("lastWithdrawalId")
}

// UnpackLastWithdrawalId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf6d021ee.
//
// Solidity: function lastWithdrawalId() view returns(uint256)
func (l2Bridge *L2Bridge) UnpackLastWithdrawalId(data []byte) (*big.Int, error) {
	out, err := l2Bridge.abi.Unpack("lastWithdrawalId", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51cff8d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function withdraw(address l1Recipient) payable returns()
func (l2Bridge *L2Bridge) PackWithdraw(l1Recipient common.Address) []byte {
	enc, err := l2Bridge.abi.Pack("withdraw", l1Recipient)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWithdraw is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51cff8d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function withdraw(address l1Recipient) payable returns()
func (l2Bridge *L2Bridge) TryPackWithdraw(l1Recipient common.Address) ([]byte, error) {
	return l2Bridge.abi.Pack("withdraw", l1Recipient)
}

// L2BridgeWithdrawalInitiated represents a WithdrawalInitiated event raised by the L2Bridge contract.
type L2BridgeWithdrawalInitiated struct {
	WithdrawalId *big.Int
	From         common.Address
	L1Recipient  common.Address
	Amount       *big.Int
	Raw          *types.Log // Blockchain specific contextual infos
}

const L2BridgeWithdrawalInitiatedEventName = "WithdrawalInitiated"

// ContractEventName returns the user-defined event name.
func (L2BridgeWithdrawalInitiated) ContractEventName() string {
	return L2BridgeWithdrawalInitiatedEventName
}

// UnpackWithdrawalInitiatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event WithdrawalInitiated(uint256 indexed withdrawalId, address indexed from, address indexed l1Recipient, uint256 amount)
func (l2Bridge *L2Bridge) UnpackWithdrawalInitiatedEvent(log *types.Log) (*L2BridgeWithdrawalInitiated, error) {
	event := "WithdrawalInitiated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != l2Bridge.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(L2BridgeWithdrawalInitiated)
	if len(log.Data) > 0 {
		if err := l2Bridge.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range l2Bridge.abi.Events[event].Inputs {
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
func (l2Bridge *L2Bridge) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], l2Bridge.abi.Errors["ZeroWithdrawal"].ID.Bytes()[:4]) {
		return l2Bridge.UnpackZeroWithdrawalError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// L2BridgeZeroWithdrawal represents a ZeroWithdrawal error raised by the L2Bridge contract.
type L2BridgeZeroWithdrawal struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroWithdrawal()
func L2BridgeZeroWithdrawalErrorID() common.Hash {
	return common.HexToHash("0xc60050c0a34b8b98b87f4e5b7a9a363b17796ed528bac602c840c48bd7ea4a95")
}

// UnpackZeroWithdrawalError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroWithdrawal()
func (l2Bridge *L2Bridge) UnpackZeroWithdrawalError(raw []byte) (*L2BridgeZeroWithdrawal, error) {
	out := new(L2BridgeZeroWithdrawal)
	if err := l2Bridge.abi.UnpackIntoInterface(out, "ZeroWithdrawal", raw); err != nil {
		return nil, err
	}
	return out, nil
}
