package contracts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

func TestDeployWiresContracts(t *testing.T) {
	e := newEnv(t)
	ocp, bridge, exec := e.ocp, e.bridge, e.exec

	require.Equal(t, e.addrs.OnChainProposer, call(t, e.bridgeC, bridge.PackProposer(), bridge.UnpackProposer))
	require.Equal(t, e.addrs.Bridge, call(t, e.ocpC, ocp.PackBridge(), ocp.UnpackBridge))
	require.Equal(t, e.addrs.ExecVerifier, call(t, e.ocpC, ocp.PackVerifiers(deploy.ProofTypeExec), ocp.UnpackVerifiers))
	require.Equal(t, []uint8{deploy.ProofTypeExec}, call(t, e.ocpC, ocp.PackGetRequiredProofTypes(), ocp.UnpackGetRequiredProofTypes))
	require.Equal(t, e.operator.addr, call(t, e.ocpC, ocp.PackOperator(), ocp.UnpackOperator))
	require.Equal(t, e.admin.addr, call(t, e.ocpC, ocp.PackAdmin(), ocp.UnpackAdmin))
	require.Equal(t, e.admin.addr, call(t, e.execC, exec.PackAdmin(), exec.UnpackAdmin))
	require.True(t, call(t, e.execC, exec.PackIsProver(e.prover.addr), exec.UnpackIsProver))
	require.Equal(t, common.Hash(genesisStateRoot), common.Hash(call(t, e.ocpC, ocp.PackStateRoot(0), ocp.UnpackStateRoot)))
	require.Equal(t, uint64(0), call(t, e.ocpC, ocp.PackLastCommittedBatch(), ocp.UnpackLastCommittedBatch))
	require.Equal(t, uint64(l2ChainID), call(t, e.ocpC, ocp.PackL2ChainId(), ocp.UnpackL2ChainId).Uint64())
	require.Equal(t, uint64(l2ChainID), call(t, e.bridgeC, bridge.PackL2ChainId(), bridge.UnpackL2ChainId).Uint64())
	require.NotZero(t, e.addrs.BridgeDeployBlock)
}

func TestDeployWithAdminAndCommittee(t *testing.T) {
	e := newEnv(t)
	o, x := e.ocp, e.exec
	as := newAttesters(t, 3)
	finalAdmin := newAccount(t)
	addrs, err := deploy.Deploy(context.Background(), e.backend, e.opts(e.admin), deploy.Params{
		L2ChainID:        l2ChainID,
		GenesisStateRoot: genesisStateRoot,
		GenesisBlockHash: genesisBlockHash,
		Operator:         e.operator.addr,
		Admin:            finalAdmin.addr,
		Provers:          []common.Address{e.prover.addr, e.stranger.addr},
		Attesters:        []deploy.Attester{{Address: as[0].addr, Weight: 1}, {Address: as[1].addr, Weight: 2}, {Address: as[2].addr, Weight: 3}},
	})
	require.NoError(t, err)
	ocpC, execC := o.Instance(e.backend, addrs.OnChainProposer), x.Instance(e.backend, addrs.ExecVerifier)
	require.Equal(t, finalAdmin.addr, call(t, ocpC, o.PackAdmin(), o.UnpackAdmin))
	require.Equal(t, finalAdmin.addr, call(t, execC, x.PackAdmin(), x.UnpackAdmin))
	require.True(t, call(t, execC, x.PackIsProver(e.stranger.addr), x.UnpackIsProver))
	require.Equal(t, bindings.AttesterCommitteeOutput{FromBatch: 1, Attesters: addressesOf(as), Weights: []uint64{1, 2, 3}},
		call(t, ocpC, o.PackAttesterCommittee(1), o.UnpackAttesterCommittee))

	// The addresses have a stable JSON form.
	js, err := json.Marshal(addrs)
	require.NoError(t, err)
	var back deploy.Addresses
	require.NoError(t, json.Unmarshal(js, &back))
	require.Equal(t, addrs, back)
	require.Contains(t, string(js), `"onChainProposer":"`+strings.ToLower(addrs.OnChainProposer.Hex())+`"`)
	var tb bytes.Buffer
	require.NoError(t, toml.NewEncoder(&tb).Encode(addrs))
	require.Contains(t, tb.String(), `on_chain_proposer = "`+strings.ToLower(addrs.OnChainProposer.Hex())+`"`)
	back = deploy.Addresses{}
	_, err = toml.Decode(tb.String(), &back)
	require.NoError(t, err)
	require.Equal(t, addrs, back)
}

func TestDeployErrorsNameTheStep(t *testing.T) {
	e := newEnv(t)
	good := deploy.Params{L2ChainID: l2ChainID, GenesisStateRoot: genesisStateRoot, GenesisBlockHash: genesisBlockHash, Operator: e.operator.addr}
	ctx := context.Background()

	bad := good
	bad.Operator = common.Address{}
	_, err := deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "operator address is zero")
	bad = good
	bad.GenesisBlockHash = common.Hash{}
	_, err = deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "genesis block hash is zero")
	bad = good
	bad.Attesters = make([]deploy.Attester, 257)
	for i := range bad.Attesters {
		bad.Attesters[i] = deploy.Attester{Address: common.BigToAddress(big.NewInt(int64(i + 1))), Weight: 1}
	}
	_, err = deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "257 attesters")
	bad = good
	bad.L2ChainID = 0
	_, err = deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "L2 chain id is zero")
	bad = good
	bad.Attesters = []deploy.Attester{{Address: e.user.addr, Weight: 0}}
	_, err = deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "zero weight")
	bad = good
	bad.Provers = []common.Address{e.prover.addr, e.prover.addr}
	_, err = deploy.Deploy(ctx, e.backend, e.opts(e.admin), bad)
	require.ErrorContains(t, err, "listed twice")

	// A sender without funds fails at the first step, named.
	_, err = deploy.Deploy(ctx, e.backend, e.opts(newAccount(t)), good)
	require.ErrorContains(t, err, "deploy: deploy Bridge:")
}
