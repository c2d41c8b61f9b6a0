package contracts_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

// adminDelay is the timelock delay of the tests below.
const adminDelay = 24 * time.Hour

// tlEnv is a simulated L1 with the contracts deployed as `cairn deploy` does
// it: the deployer wires them, then the admin of OnChainProposer,
// ExecVerifier and the ProofManager is a CairnTimelock whose only proposer,
// canceller and executor is admin (another account than the deployer).
type tlEnv struct {
	*env
	deployer account
	tl       *bindings.CairnTimelock
	tlC      *bind.BoundContract
	pm       *bindings.ProofManager
	pmC      *bind.BoundContract
	pmAddrs  deploy.ProofManagerAddresses
}

func newTLEnv(t *testing.T) *tlEnv {
	t.Helper()
	e := &env{t: t}
	te := &tlEnv{env: e, deployer: newAccount(t)}
	e.admin, e.operator, e.prover, e.stranger, e.user = newAccount(t), newAccount(t), newAccount(t), newAccount(t), newAccount(t)
	alloc := types.GenesisAlloc{}
	for _, a := range []account{te.deployer, e.admin, e.operator, e.prover, e.stranger, e.user} {
		alloc[a.addr] = types.Account{Balance: ether(1_000_000)}
	}
	e.sim = simulated.NewBackend(alloc)
	t.Cleanup(func() { _ = e.sim.Close() })
	e.backend = autoMine{Client: e.sim.Client(), sim: e.sim}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addrs, err := deploy.Deploy(ctx, e.backend, e.opts(te.deployer), deploy.Params{
		L2ChainID: l2ChainID, GenesisStateRoot: genesisStateRoot, GenesisBlockHash: genesisBlockHash,
		Operator: e.operator.addr, Provers: []common.Address{e.prover.addr},
		Timelock: &deploy.TimelockParams{Admin: e.admin.addr, Delay: adminDelay},
	})
	require.NoError(t, err)
	require.NotEqual(t, common.Address{}, addrs.Timelock)
	te.pmAddrs, err = deploy.DeployProofManager(ctx, e.backend, e.opts(te.deployer), deploy.ProofManagerParams{
		Admin: addrs.Timelock, Submitter: e.operator.addr, Fermah: e.prover.addr, Lagrange: e.user.addr,
	})
	require.NoError(t, err)
	e.addrs = addrs
	e.bridge, e.ocp, e.exec = bindings.NewBridge(), bindings.NewOnChainProposer(), bindings.NewExecVerifier()
	e.bridgeC = e.bridge.Instance(e.backend, addrs.Bridge)
	e.ocpC = e.ocp.Instance(e.backend, addrs.OnChainProposer)
	e.execC = e.exec.Instance(e.backend, addrs.ExecVerifier)
	te.tl, te.pm = bindings.NewCairnTimelock(), bindings.NewProofManager()
	te.tlC = te.tl.Instance(e.backend, addrs.Timelock)
	te.pmC = te.pm.Instance(e.backend, te.pmAddrs.ProofManager)
	return te
}

// schedule schedules data to target through the timelock from the admin,
// with the full delay, and returns the operation id.
func (te *tlEnv) schedule(target common.Address, data []byte, salt byte) [32]byte {
	te.t.Helper()
	te.mustSend(te.tlC, te.admin, nil, te.tl.PackSchedule(target, new(big.Int), data, [32]byte{}, [32]byte{salt}, big.NewInt(int64(adminDelay/time.Second))))
	return call(te.t, te.tlC, te.tl.PackHashOperation(target, new(big.Int), data, [32]byte{}, [32]byte{salt}), te.tl.UnpackHashOperation)
}

func (te *tlEnv) execute(from account, target common.Address, data []byte, salt byte) error {
	_, err := te.send(te.tlC, from, nil, te.tl.PackExecute(target, new(big.Int), data, [32]byte{}, [32]byte{salt}))
	return err
}

// wait moves the chain's clock d ahead.
func (te *tlEnv) wait(d time.Duration) {
	require.NoError(te.t, te.sim.AdjustTime(d))
	te.sim.Commit()
}

// stateBitmap is TimelockController's _encodeStateBitmap of a state
// (Unset 0, Waiting 1, Ready 2, Done 3).
func stateBitmap(state uint8) [32]byte {
	var b [32]byte
	b[31-state/8] = 1 << (state % 8)
	return b
}

func TestTimelockIsTheOnlyAdmin(t *testing.T) {
	te := newTLEnv(t)
	tl := te.addrs.Timelock
	require.Equal(t, tl, call(t, te.ocpC, te.ocp.PackAdmin(), te.ocp.UnpackAdmin))
	require.Equal(t, tl, call(t, te.execC, te.exec.PackAdmin(), te.exec.UnpackAdmin))
	require.Equal(t, tl, call(t, te.pmC, te.pm.PackAdmin(), te.pm.UnpackAdmin))
	require.Equal(t, big.NewInt(int64(adminDelay/time.Second)), call(t, te.tlC, te.tl.PackGetMinDelay(), te.tl.UnpackGetMinDelay))

	// Roles: the admin proposes, cancels and executes; the timelock alone
	// administers its roles (no extra admin); the deployer holds nothing.
	roles := map[string][32]byte{
		"proposer":  call(t, te.tlC, te.tl.PackPROPOSERROLE(), te.tl.UnpackPROPOSERROLE),
		"canceller": call(t, te.tlC, te.tl.PackCANCELLERROLE(), te.tl.UnpackCANCELLERROLE),
		"executor":  call(t, te.tlC, te.tl.PackEXECUTORROLE(), te.tl.UnpackEXECUTORROLE),
		"admin":     call(t, te.tlC, te.tl.PackDEFAULTADMINROLE(), te.tl.UnpackDEFAULTADMINROLE),
	}
	hasRole := func(role [32]byte, who common.Address) bool {
		return call(t, te.tlC, te.tl.PackHasRole(role, who), te.tl.UnpackHasRole)
	}
	for name, role := range roles {
		require.Equal(t, name != "admin", hasRole(role, te.admin.addr), name)
		require.False(t, hasRole(role, te.deployer.addr), name)
		require.False(t, hasRole(role, common.Address{}), name+": open to anyone")
		require.Equal(t, name == "admin", hasRole(role, tl), name)
	}

	// Every admin-only function refuses the deployer, the timelock's admin
	// and a stranger when called directly.
	newImpl, _, err := bindDeploy(te.env, bindings.ProofManagerMetaData.Bin, nil)
	require.NoError(t, err)
	ocpCalls := map[string][]byte{
		"transferAdmin":         te.ocp.PackTransferAdmin(te.stranger.addr),
		"setOperator":           te.ocp.PackSetOperator(te.stranger.addr),
		"setVerifier":           te.ocp.PackSetVerifier(2, te.stranger.addr),
		"setRequiredProofTypes": te.ocp.PackSetRequiredProofTypes([]uint8{1}),
		"setAttesterCommittee":  te.ocp.PackSetAttesterCommittee(1, []common.Address{te.stranger.addr}, []uint64{1}),
		"revertBatch":           te.ocp.PackRevertBatch(1),
	}
	execCalls := map[string][]byte{
		"addProver":     te.exec.PackAddProver(te.stranger.addr),
		"removeProver":  te.exec.PackRemoveProver(te.prover.addr),
		"transferAdmin": te.exec.PackTransferAdmin(te.stranger.addr),
	}
	pmCalls := map[string][]byte{
		"updateProvingNetworkAddress":   te.pm.PackUpdateProvingNetworkAddress(bindings.ProvingNetworkFermah, te.stranger.addr),
		"updateProvingNetworkStatus":    te.pm.PackUpdateProvingNetworkStatus(bindings.ProvingNetworkFermah, bindings.ProvingNetworkStatusInactive),
		"updatePreferredProvingNetwork": te.pm.PackUpdatePreferredProvingNetwork(bindings.ProvingNetworkFermah),
		"setSubmitter":                  te.pm.PackSetSubmitter(te.stranger.addr),
		"transferAdmin":                 te.pm.PackTransferAdmin(te.stranger.addr),
		"upgradeToAndCall":              te.pm.PackUpgradeToAndCall(newImpl, nil),
	}
	for _, who := range []account{te.deployer, te.admin, te.stranger} {
		for _, data := range ocpCalls {
			_, err := te.send(te.ocpC, who, nil, data)
			requireRevert(t, err, te.ocp, &bindings.OnChainProposerNotAdmin{Caller: who.addr})
		}
		for _, data := range execCalls {
			_, err := te.send(te.execC, who, nil, data)
			requireRevert(t, err, te.exec, &bindings.ExecVerifierNotAdmin{Caller: who.addr})
		}
		for _, data := range pmCalls {
			_, err := te.send(te.pmC, who, nil, data)
			requireRevert(t, err, te.pm, &bindings.ProofManagerNotAdmin{Caller: who.addr})
		}
		// Nor can anyone change the timelock's delay or roles but the timelock.
		_, err := te.send(te.tlC, who, nil, te.tl.PackUpdateDelay(big.NewInt(0)))
		requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockUnauthorizedCaller{Caller: who.addr})
		_, err = te.send(te.tlC, who, nil, te.tl.PackGrantRole(roles["proposer"], who.addr))
		requireRevert(t, err, te.tl, &bindings.CairnTimelockAccessControlUnauthorizedAccount{Account: who.addr, NeededRole: roles["admin"]})
	}
	// The proxy stays initialized: initialize cannot hand it to another admin.
	_, err = te.send(te.pmC, te.deployer, nil, te.pm.PackInitialize(te.deployer.addr, te.deployer.addr, te.deployer.addr, te.stranger.addr, te.stranger.addr))
	requireRevert(t, err, te.pm, &bindings.ProofManagerInvalidInitialization{})
	// The Bridge's admin is still the deployer, but the proposer is set for good.
	_, err = te.send(te.bridgeC, te.deployer, nil, te.bridge.PackSetProposer(te.stranger.addr))
	requireRevert(t, err, te.bridge, &bindings.BridgeProposerAlreadySet{Proposer: te.addrs.OnChainProposer})
}

func TestTimelockDelaysCommitteeChange(t *testing.T) {
	te := newTLEnv(t)
	ocp := te.addrs.OnChainProposer
	data := te.ocp.PackSetAttesterCommittee(1, []common.Address{te.stranger.addr, te.user.addr}, []uint64{1, 2})

	// Only the admin schedules.
	_, err := te.send(te.tlC, te.stranger, nil, te.tl.PackSchedule(ocp, new(big.Int), data, [32]byte{}, [32]byte{1}, big.NewInt(int64(adminDelay/time.Second))))
	roleP := call(t, te.tlC, te.tl.PackPROPOSERROLE(), te.tl.UnpackPROPOSERROLE)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockAccessControlUnauthorizedAccount{Account: te.stranger.addr, NeededRole: roleP})
	// Nor with less than the delay.
	_, err = te.send(te.tlC, te.admin, nil, te.tl.PackSchedule(ocp, new(big.Int), data, [32]byte{}, [32]byte{1}, big.NewInt(60)))
	requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockInsufficientDelay{Delay: big.NewInt(60), MinDelay: big.NewInt(int64(adminDelay / time.Second))})

	id := te.schedule(ocp, data, 1)
	eta := call(t, te.tlC, te.tl.PackGetTimestamp(id), te.tl.UnpackGetTimestamp)
	require.NotZero(t, eta.Sign())
	err = te.execute(te.admin, ocp, data, 1)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockUnexpectedOperationState{OperationId: id, ExpectedStates: stateBitmap(2)})
	te.wait(adminDelay - time.Hour)
	err = te.execute(te.admin, ocp, data, 1)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockUnexpectedOperationState{OperationId: id, ExpectedStates: stateBitmap(2)})
	te.wait(time.Hour)
	// Ready: a stranger still cannot execute it, the admin can.
	err = te.execute(te.stranger, ocp, data, 1)
	roleE := call(t, te.tlC, te.tl.PackEXECUTORROLE(), te.tl.UnpackEXECUTORROLE)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockAccessControlUnauthorizedAccount{Account: te.stranger.addr, NeededRole: roleE})
	require.NoError(t, te.execute(te.admin, ocp, data, 1))
	members := call(t, te.ocpC, te.ocp.PackAttesterCommitteeMembers(1), te.ocp.UnpackAttesterCommitteeMembers)
	require.Len(t, members, 2*28)
	// Done: it cannot run twice.
	err = te.execute(te.admin, ocp, data, 1)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockUnexpectedOperationState{OperationId: id, ExpectedStates: stateBitmap(2)})

	// A scheduled change that is cancelled never runs, even after the delay.
	other := te.ocp.PackSetOperator(te.stranger.addr)
	id2 := te.schedule(ocp, other, 2)
	_, err = te.send(te.tlC, te.stranger, nil, te.tl.PackCancel(id2))
	roleC := call(t, te.tlC, te.tl.PackCANCELLERROLE(), te.tl.UnpackCANCELLERROLE)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockAccessControlUnauthorizedAccount{Account: te.stranger.addr, NeededRole: roleC})
	te.mustSend(te.tlC, te.admin, nil, te.tl.PackCancel(id2))
	te.wait(adminDelay)
	err = te.execute(te.admin, ocp, other, 2)
	requireRevert(t, err, te.tl, &bindings.CairnTimelockTimelockUnexpectedOperationState{OperationId: id2, ExpectedStates: stateBitmap(2)})
	require.Equal(t, te.operator.addr, call(t, te.ocpC, te.ocp.PackOperator(), te.ocp.UnpackOperator))
}

func TestTimelockUpgradesProofManager(t *testing.T) {
	te := newTLEnv(t)
	newImpl, _, err := bindDeploy(te.env, bindings.ProofManagerMetaData.Bin, nil)
	require.NoError(t, err)
	proxy := te.pmAddrs.ProofManager
	data := te.pm.PackUpgradeToAndCall(newImpl, nil)
	implSlot := common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
	impl := func() common.Address {
		v, err := te.backend.StorageAt(context.Background(), proxy, implSlot, nil)
		require.NoError(t, err)
		return common.BytesToAddress(v)
	}
	require.Equal(t, te.pmAddrs.Implementation, impl())
	te.schedule(proxy, data, 7)
	te.wait(adminDelay / 2)
	require.Error(t, te.execute(te.admin, proxy, data, 7))
	require.Equal(t, te.pmAddrs.Implementation, impl())
	te.wait(adminDelay / 2)
	require.NoError(t, te.execute(te.admin, proxy, data, 7))
	require.Equal(t, newImpl, impl())
	require.Equal(t, te.addrs.Timelock, call(t, te.pmC, te.pm.PackAdmin(), te.pm.UnpackAdmin))
}
