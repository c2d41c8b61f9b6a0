package contracts_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// implementationSlot is ERC-1967's implementation slot:
// keccak256("eip1967.proxy.implementation") - 1.
var implementationSlot = common.BigToHash(new(big.Int).Sub(
	new(big.Int).SetBytes(crypto.Keccak256([]byte("eip1967.proxy.implementation"))), big.NewInt(1)))

func (e *pmEnv) implementation() common.Address {
	e.t.Helper()
	v, err := e.backend.StorageAt(context.Background(), e.addrs.ProofManager, implementationSlot, nil)
	require.NoError(e.t, err)
	return common.BytesToAddress(v)
}

// The proxy: upgrades by the admin only, state kept across them; the
// implementation is never usable on its own.
func TestProofManagerUpgrade(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm
	require.Equal(t, e.addrs.Implementation, e.implementation())
	e.validatedRequest(bindings.ProvingNetworkFermah, e.fermah, 1, usdc(9))

	newImpl, _, err := bindDeployFrom(e, bindings.ProofManagerMetaData.Bin, nil, nil)
	require.NoError(t, err)
	implC := pm.Instance(e.backend, e.addrs.Implementation)

	// Not by anyone else; not to something that is not a UUPS implementation.
	for _, a := range []account{e.submitter, e.fermah, e.stranger} {
		_, err = e.send(a, pm.PackUpgradeToAndCall(newImpl, nil))
		e.requireRevert(err, &bindings.ProofManagerNotAdmin{Caller: a.addr})
	}
	_, err = e.send(e.admin, pm.PackUpgradeToAndCall(e.addrs.USDC, nil)) // no proxiableUUID
	e.requireRevert(err, &bindings.ProofManagerERC1967InvalidImplementation{Implementation: e.addrs.USDC})
	// To an account without code, Solidity's try/catch fails to decode the
	// empty answer of proxiableUUID outside the catch: a revert without data.
	r, err := e.send(e.admin, pm.PackUpgradeToAndCall(e.stranger.addr, nil))
	require.Error(t, err)
	require.Equal(t, uint64(0), r.Status)
	_, err = e.send(e.admin, pm.PackUpgradeToAndCall(falseTokenAddr, nil))
	e.requireRevert(err, &bindings.ProofManagerUUPSUnsupportedProxiableUUID{Slot: [32]byte{}})
	_, err = e.sendTo(e.pmC, e.admin, big.NewInt(1), pm.PackUpgradeToAndCall(newImpl, nil))
	e.requireRevert(err, &bindings.ProofManagerERC1967NonPayable{})
	_, err = e.send(e.admin, pm.PackUpgradeToAndCall(newImpl, common.FromHex("0xdeadbeef")))
	e.requireRevert(err, &bindings.ProofManagerFailedCall{})
	_, err = e.send(e.admin, pm.PackUpgradeToAndCall(newImpl,
		pm.PackInitialize(e.stranger.addr, e.stranger.addr, e.fermah.addr, e.lagrange.addr, e.addrs.USDC)))
	e.requireRevert(err, &bindings.ProofManagerInvalidInitialization{})
	require.Equal(t, e.addrs.Implementation, e.implementation())

	// The implementation itself neither upgrades nor answers proxiableUUID
	// through the proxy; it does directly.
	_, err = e.sendTo(implC, e.admin, nil, pm.PackUpgradeToAndCall(newImpl, nil))
	e.requireRevert(err, &bindings.ProofManagerUUPSUnauthorizedCallContext{})
	_, err = bind.Call(e.pmC, nil, pm.PackProxiableUUID(), pm.UnpackProxiableUUID)
	e.requireRevert(err, &bindings.ProofManagerUUPSUnauthorizedCallContext{})
	require.Equal(t, [32]byte(implementationSlot), call(t, implC, pm.PackProxiableUUID(), pm.UnpackProxiableUUID))
	require.Equal(t, "5.0.0", call(t, e.pmC, pm.PackUPGRADEINTERFACEVERSION(), pm.UnpackUPGRADEINTERFACEVERSION))

	// The admin upgrades; everything stored is still there and works.
	r = e.mustSend(e.admin, pm.PackUpgradeToAndCall(newImpl, nil))
	require.Len(t, r.Logs, 1)
	ev, err := pm.UnpackUpgradedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, newImpl, ev.Implementation)
	require.Equal(t, newImpl, e.implementation())
	e.requireStatus(1, bindings.ProofRequestStatusValidated)
	require.Equal(t, usdc(9), e.network(bindings.ProvingNetworkFermah).PaymentDue)
	require.Equal(t, e.admin.addr, call(t, e.pmC, pm.PackAdmin(), pm.UnpackAdmin))
	e.withdrawOK(e.fermah, bindings.ProvingNetworkFermah, usdc(9), 1)
	e.submitAssigned(bindings.ProvingNetworkLagrange, 2, pmParams(2))
}

// The proxy's constructor refuses what ERC1967Proxy refuses.
func TestProofManagerProxyConstructor(t *testing.T) {
	e := newPMEnv(t)
	px := bindings.NewProofManagerProxy()
	_, _, err := bindDeployFrom(e, bindings.ProofManagerProxyMetaData.Bin, px.PackConstructor(e.stranger.addr, nil), nil)
	requireRevert(t, err, px, &bindings.ProofManagerProxyERC1967InvalidImplementation{Implementation: e.stranger.addr})
	_, _, err = bindDeployFrom(e, bindings.ProofManagerProxyMetaData.Bin, px.PackConstructor(e.addrs.Implementation, nil), big.NewInt(1))
	requireRevert(t, err, px, &bindings.ProofManagerProxyERC1967NonPayable{})
	_, _, err = bindDeployFrom(e, bindings.ProofManagerProxyMetaData.Bin,
		px.PackConstructor(e.addrs.Implementation, common.FromHex("0xdeadbeef")), nil)
	requireRevert(t, err, px, &bindings.ProofManagerProxyFailedCall{})

	// A proxy deployed without initialization data is left uninitialized
	// (DeployProofManager never does that): its admin is zero and nobody can upgrade it.
	addr, _, err := bindDeployFrom(e, bindings.ProofManagerProxyMetaData.Bin, px.PackConstructor(e.addrs.Implementation, nil), nil)
	require.NoError(t, err)
	c := e.pm.Instance(e.backend, addr)
	require.Equal(t, common.Address{}, call(t, c, e.pm.PackAdmin(), e.pm.UnpackAdmin))
	_, err = e.sendTo(c, e.admin, nil, e.pm.PackUpgradeToAndCall(e.addrs.Implementation, nil))
	e.requireRevert(err, &bindings.ProofManagerNotAdmin{Caller: e.admin.addr})
}

// bindDeployFrom deploys creation code binHex with constructor input and value
// from the env's admin, with gas estimation (a constructor that reverts
// returns the revert), and waits for the receipt.
func bindDeployFrom(e *pmEnv, binHex string, constructorInput []byte, value *big.Int) (common.Address, uint64, error) {
	o := e.opts(e.admin)
	o.Value = value
	addr, tx, err := bind.DeployContract(o, common.FromHex(binHex), e.backend, constructorInput)
	if err != nil {
		return common.Address{}, 0, err
	}
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		return common.Address{}, 0, err
	}
	require.Equal(e.t, uint64(1), r.Status)
	return addr, r.GasUsed, nil
}
