package devnet

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/cairn-rollup/cairn/prover/exec"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// Market configures the devnet's proof market: the ProofManager with test
// USDC, and one agent per proving network.
type Market struct {
	Disabled bool
	// Preferred is the preferred network (the contract's enum); default Fermah.
	Preferred uint8
	// TimeoutAfter is what a network has to prove a batch; default 5 minutes.
	TimeoutAfter time.Duration
	// NewAgent, when set, makes each network's agent in place of agent.New
	// (the end-to-end tests run misbehaving networks with it:
	// proofmarket/agent/agenttest).
	NewAgent NewAgentFunc
}

// Agent is a proving network's agent as the devnet runs it.
type Agent interface {
	Run(ctx context.Context) error
}

// NewAgentFunc makes a proving network's agent from agent.New's arguments.
type NewAgentFunc func(cfg agent.Config, l1 agent.Client, key *ecdsa.PrivateKey, prover agent.Prover, log *slog.Logger) (Agent, error)

// newHonestAgent is agent.New.
func newHonestAgent(cfg agent.Config, l1 agent.Client, key *ecdsa.PrivateKey, prover agent.Prover, log *slog.Logger) (Agent, error) {
	return agent.New(cfg, l1, key, prover, log)
}

// The proving networks' keys: dev keys 8 and 9 (also allow-listed exec provers).
func networkKeys() (fermah, lagrange *ecdsa.PrivateKey) {
	keys := devchain.DevKeys()
	return keys[8], keys[9]
}

// MarketFund is the test USDC put on the ProofManager to pay the networks.
var MarketFund = big.NewInt(1_000_000 * deploy.USDC)

// deployMarket deploys the ProofManager, funds it, sets the preferred
// network and hands its admin to the timelock.
func (d *Devnet) deployMarket(ctx context.Context, l1 *ethclient.Client, l1ID *big.Int, m Market, timelock common.Address) (deploy.ProofManagerAddresses, error) {
	fermah, lagrange := networkKeys()
	operator := crypto.PubkeyToAddress(d.Operator.PublicKey)
	addrs, err := deploy.DeployProofManager(ctx, l1, bind.NewKeyedTransactor(d.Operator, l1ID), deploy.ProofManagerParams{
		Admin: operator, Submitter: crypto.PubkeyToAddress(d.ProofSender.PublicKey),
		Fermah: crypto.PubkeyToAddress(fermah.PublicKey), Lagrange: crypto.PubkeyToAddress(lagrange.PublicKey),
		Fund: MarketFund,
	})
	if err != nil {
		return addrs, err
	}
	tm, err := txmgr.New(ctx, txmgr.Config{PollInterval: 50 * time.Millisecond}, l1, d.Operator, d.log)
	if err != nil {
		return addrs, err
	}
	preferred := m.Preferred
	if preferred == 0 {
		preferred = bindings.ProvingNetworkFermah
	}
	if _, err := tm.Send(ctx, "set the preferred proving network", addrs.ProofManager,
		bindings.NewProofManager().PackUpdatePreferredProvingNetwork(preferred)); err != nil {
		return addrs, err
	}
	if _, err := tm.Send(ctx, "hand the Proof Manager's admin to the timelock", addrs.ProofManager,
		bindings.NewProofManager().PackTransferAdmin(timelock)); err != nil {
		return addrs, err
	}
	d.log.Info("Proof Manager deployed", "proxy", addrs.ProofManager, "usdc", addrs.USDC, "funded", MarketFund)
	return addrs, nil
}

// startAgents runs the two proving-network agents in-process.
func (d *Devnet) startAgents(ctx context.Context, gen *config.Genesis, m Market) error {
	l1, err := ethclient.DialContext(ctx, d.L1URL)
	if err != nil {
		return err
	}
	d.closers = append(d.closers, l1.Close)
	newAgent := m.NewAgent
	if newAgent == nil {
		newAgent = newHonestAgent
	}
	fermah, lagrange := networkKeys()
	for _, n := range []struct {
		network uint8
		key     *ecdsa.PrivateKey
	}{{bindings.ProvingNetworkFermah, fermah}, {bindings.ProvingNetworkLagrange, lagrange}} {
		backend, err := exec.NewBackend(n.key, exec.Domain{L1ChainID: gen.L1ChainID, Verifier: gen.Contracts.ExecVerifier},
			exec.WithChainConfig(gen.L2.Config))
		if err != nil {
			return err
		}
		a, err := newAgent(agent.Config{Network: n.network, ProofManager: gen.Contracts.ProofManager,
			Price: big.NewInt(10 * deploy.USDC), Capacity: 4, PollInterval: 250 * time.Millisecond,
			StartBlock: gen.Contracts.ProofManagerDeployBlock, L2ChainID: gen.L2ChainID()},
			l1, n.key, backend, d.log.With("service", "agent", "network", n.network))
		if err != nil {
			return fmt.Errorf("proving-network agent %d: %w", n.network, err)
		}
		d.wg.Add(1)
		go func() {
			defer d.wg.Done()
			if err := a.Run(d.runCtx); err != nil && d.runCtx.Err() == nil {
				d.log.Error("Proving-network agent stopped", "network", n.network, "err", err)
			}
		}()
	}
	return nil
}

// MarketStatus counts proof requests by status and the USDC the networks
// have been paid (their token balances).
type MarketStatus struct {
	ByStatus map[string]int
	PaidUSDC *big.Int // base units (6 decimals)
}

// MarketStatus reads the market's progress; nil when the market is off.
func (d *Devnet) MarketStatus(ctx context.Context) (*MarketStatus, error) {
	if d.Genesis.Contracts.ProofManager == (common.Address{}) {
		return nil, nil
	}
	st := &MarketStatus{ByStatus: d.Node.MarketCounts(), PaidUSDC: new(big.Int)}
	l1, err := ethclient.DialContext(ctx, d.L1URL)
	if err != nil {
		return nil, err
	}
	defer l1.Close()
	pm := bindings.NewProofManager()
	out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &d.Genesis.Contracts.ProofManager, Data: pm.PackUsdc()}, nil)
	if err != nil {
		return nil, err
	}
	usdc, err := pm.UnpackUsdc(out)
	if err != nil {
		return nil, err
	}
	tok := bindings.NewTestUSDC()
	fermah, lagrange := networkKeys()
	for _, k := range []*ecdsa.PrivateKey{fermah, lagrange} {
		out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &usdc, Data: tok.PackBalanceOf(crypto.PubkeyToAddress(k.PublicKey))}, nil)
		if err != nil {
			return nil, err
		}
		b, err := tok.UnpackBalanceOf(out)
		if err != nil {
			return nil, err
		}
		st.PaidUSDC.Add(st.PaidUSDC, b)
	}
	return st, nil
}
