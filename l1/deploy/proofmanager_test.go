package deploy_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

const simChainID = 1337

// autoMine commits a block after every transaction, so that Deploy's waits end.
type autoMine struct {
	simulated.Client
	sim *simulated.Backend
}

func (a autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := a.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	a.sim.Commit()
	return nil
}

type chain struct {
	backend  autoMine
	auth     *bind.TransactOpts
	deployer common.Address
}

func newChain(t *testing.T) chain {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}})
	t.Cleanup(func() { _ = sim.Close() })
	auth := bind.NewKeyedTransactor(key, big.NewInt(simChainID))
	return chain{backend: autoMine{Client: sim.Client(), sim: sim}, auth: auth, deployer: from}
}

func (c chain) call(t *testing.T, to common.Address, data []byte) []byte {
	out, err := c.backend.CallContract(context.Background(), ethereumCall(to, data), nil)
	require.NoError(t, err)
	return out
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestDeploy(t *testing.T) {
	c := newChain(t)
	pm, usdc := bindings.NewProofManager(), bindings.NewTestUSDC()
	admin, submitter := common.HexToAddress("0xad"), common.HexToAddress("0x5b")
	fermah, lagrange := common.HexToAddress("0xfe"), common.HexToAddress("0x1a")
	fund := big.NewInt(50_000 * deploy.USDC)

	addrs, err := deploy.DeployProofManager(ctx(t), c.backend, c.auth, deploy.ProofManagerParams{
		Admin: admin, Submitter: submitter, Fermah: fermah, Lagrange: lagrange, Fund: fund,
	})
	require.NoError(t, err)
	for _, a := range []common.Address{addrs.ProofManager, addrs.Implementation, addrs.USDC} {
		code, err := c.backend.CodeAt(context.Background(), a, nil)
		require.NoError(t, err)
		require.NotEmpty(t, code, "no code at %s", a)
	}
	require.NotZero(t, addrs.DeployBlock)

	get := func(data []byte) []byte { return c.call(t, addrs.ProofManager, data) }
	got, err := pm.UnpackAdmin(get(pm.PackAdmin()))
	require.NoError(t, err)
	require.Equal(t, admin, got)
	got, err = pm.UnpackSubmitter(get(pm.PackSubmitter()))
	require.NoError(t, err)
	require.Equal(t, submitter, got)
	got, err = pm.UnpackUsdc(get(pm.PackUsdc()))
	require.NoError(t, err)
	require.Equal(t, addrs.USDC, got)
	for n, want := range map[uint8]common.Address{bindings.ProvingNetworkFermah: fermah, bindings.ProvingNetworkLagrange: lagrange} {
		info, err := pm.UnpackProvingNetworkInfo(get(pm.PackProvingNetworkInfo(n)))
		require.NoError(t, err)
		require.Equal(t, want, info.Addr)
		require.Equal(t, bindings.ProvingNetworkStatusActive, info.Status)
	}
	bal, err := usdc.UnpackBalanceOf(c.call(t, addrs.USDC, usdc.PackBalanceOf(addrs.ProofManager)))
	require.NoError(t, err)
	require.Equal(t, fund, bal)
	minter, err := usdc.UnpackAdmin(c.call(t, addrs.USDC, usdc.PackAdmin()))
	require.NoError(t, err)
	require.Equal(t, c.deployer, minter)
	slot := common.HexToHash("0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc")
	impl, err := c.backend.StorageAt(context.Background(), addrs.ProofManager, slot, nil)
	require.NoError(t, err)
	require.Equal(t, addrs.Implementation, common.BytesToAddress(impl))

	// With an existing token, the fund is transferred from the sender; the
	// admin defaults to the sender.
	mint := c.auth
	mintC := bind.NewBoundContract(addrs.USDC, usdc.GetABI(), c.backend, c.backend, c.backend)
	_, err = bind.Transact(mintC, mint, usdc.PackMint(c.deployer, big.NewInt(7*deploy.USDC)))
	require.NoError(t, err)
	addrs2, err := deploy.DeployProofManager(ctx(t), c.backend, c.auth, deploy.ProofManagerParams{
		Submitter: submitter, Fermah: fermah, Lagrange: lagrange, USDC: addrs.USDC, Fund: big.NewInt(5 * deploy.USDC),
	})
	require.NoError(t, err)
	require.Equal(t, addrs.USDC, addrs2.USDC)
	got, err = pm.UnpackAdmin(c.call(t, addrs2.ProofManager, pm.PackAdmin()))
	require.NoError(t, err)
	require.Equal(t, c.deployer, got)
	bal, err = usdc.UnpackBalanceOf(c.call(t, addrs.USDC, usdc.PackBalanceOf(addrs2.ProofManager)))
	require.NoError(t, err)
	require.Equal(t, big.NewInt(5*deploy.USDC), bal)
	bal, err = usdc.UnpackBalanceOf(c.call(t, addrs.USDC, usdc.PackBalanceOf(c.deployer)))
	require.NoError(t, err)
	require.Equal(t, big.NewInt(2*deploy.USDC), bal)

	// A fund the sender does not have fails at that step.
	_, err = deploy.DeployProofManager(ctx(t), c.backend, c.auth, deploy.ProofManagerParams{
		Submitter: submitter, Fermah: fermah, Lagrange: lagrange, USDC: addrs.USDC, Fund: big.NewInt(3 * deploy.USDC),
	})
	require.ErrorContains(t, err, "USDC.transfer to the ProofManager")
}

func TestDeployRefusesBadParams(t *testing.T) {
	c := newChain(t)
	a, b, s := common.HexToAddress("0xa"), common.HexToAddress("0xb"), common.HexToAddress("0xc")
	for _, tc := range []struct {
		name string
		p    deploy.ProofManagerParams
		want string
	}{
		{"zero submitter", deploy.ProofManagerParams{Fermah: a, Lagrange: b}, "submitter address is zero"},
		{"zero Fermah", deploy.ProofManagerParams{Submitter: s, Lagrange: b}, "Fermah's address is zero"},
		{"zero Lagrange", deploy.ProofManagerParams{Submitter: s, Fermah: a}, "Lagrange's address is zero"},
		{"same address", deploy.ProofManagerParams{Submitter: s, Fermah: a, Lagrange: a}, "same address"},
		{"negative fund", deploy.ProofManagerParams{Submitter: s, Fermah: a, Lagrange: b, Fund: big.NewInt(-1)}, "negative fund"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := deploy.DeployProofManager(ctx(t), c.backend, c.auth, tc.p)
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := deploy.DeployProofManager(ctx(t), c.backend, nil, deploy.ProofManagerParams{Submitter: s, Fermah: a, Lagrange: b})
	require.ErrorContains(t, err, "no transaction signer")
}

func ethereumCall(to common.Address, data []byte) ethereum.CallMsg {
	return ethereum.CallMsg{To: &to, Data: data}
}
