package deploy

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// USDC is one USDC in the token's base units (6 decimals).
const USDC = 1_000_000

// ProofManagerParams says how to deploy the Proof Manager.
type ProofManagerParams struct {
	// Admin sets the networks' addresses and statuses, the preferred network
	// and the submitter, and upgrades the contract. Zero means the sender
	// (auth.From).
	Admin common.Address
	// Submitter submits proof requests and moves them to Unacknowledged,
	// TimedOut, Validated and ValidationFailed.
	Submitter common.Address
	// Fermah and Lagrange are the proving networks' initial addresses (both
	// start Active; the preferred network starts None).
	Fermah   common.Address
	Lagrange common.Address
	// USDC is the payment token. Zero: DeployProofManager deploys a TestUSDC whose minter
	// is the sender.
	USDC common.Address
	// Fund, in USDC base units (6 decimals), is put on the proxy to pay the
	// networks with: minted when DeployProofManager deployed TestUSDC, transferred from
	// the sender otherwise. Nil or zero: nothing.
	Fund *big.Int
}

// ProofManagerAddresses are the Proof Manager's deployed contracts.
type ProofManagerAddresses struct {
	// ProofManager is the proxy: the address everyone talks to.
	ProofManager common.Address `json:"proofManager" toml:"proof_manager"`
	// Implementation is the ProofManager code behind the proxy.
	Implementation common.Address `json:"implementation" toml:"implementation"`
	// USDC is the payment token (Params.USDC or the TestUSDC deployed).
	USDC common.Address `json:"usdc" toml:"usdc"`
	// DeployBlock is the L1 block the proxy was deployed in: no ProofManager
	// event is older, so it is where an event follower with no cursor starts.
	DeployBlock uint64 `json:"deployBlock" toml:"deploy_block"`
}

// DeployProofManager deploys the Proof Manager
// (docs/protocols/proof-manager.md) in stages: the ProofManager implementation
// and, when USDC is zero, a TestUSDC; then the ERC-1967 ProofManagerProxy,
// initialized in its constructor; then, when Fund is positive,
// TestUSDC.mint(proxy, Fund) or a transfer of Fund from the sender. It deploys
// behind its proxy, sending every transaction from auth, and returns the
// addresses once every transaction has a successful receipt. auth is not
// modified (nonces are assigned from the sender's pending nonce). An error
// names the step that failed.
func DeployProofManager(ctx context.Context, backend bind.Backend, auth *bind.TransactOpts, p ProofManagerParams) (ProofManagerAddresses, error) {
	if err := p.validate(); err != nil {
		return ProofManagerAddresses{}, fmt.Errorf("deploy proof manager: %w", err)
	}
	d, err := newDeployer(ctx, backend, auth)
	if err != nil {
		return ProofManagerAddresses{}, fmt.Errorf("deploy proof manager: %w", err)
	}
	admin := p.Admin
	if admin == (common.Address{}) {
		admin = auth.From
	}
	var (
		pm    = bindings.NewProofManager()
		proxy = bindings.NewProofManagerProxy()
		usdc  = bindings.NewTestUSDC()
		out   = ProofManagerAddresses{USDC: p.USDC}
	)

	// Stage 1.
	implTx, err := d.create("deploy ProofManager", bindings.ProofManagerMetaData.Bin, nil)
	if err != nil {
		return out, err
	}
	var usdcTx *pendingTx
	if p.USDC == (common.Address{}) {
		if usdcTx, err = d.create("deploy TestUSDC", bindings.TestUSDCMetaData.Bin, usdc.PackConstructor(auth.From)); err != nil {
			return out, err
		}
	}
	implRcpt, err := d.wait(implTx)
	if err != nil {
		return out, err
	}
	out.Implementation = implRcpt.ContractAddress
	if usdcTx != nil {
		r, err := d.wait(usdcTx)
		if err != nil {
			return out, err
		}
		out.USDC = r.ContractAddress
	}

	// Stage 2.
	initData := pm.PackInitialize(admin, p.Submitter, p.Fermah, p.Lagrange, out.USDC)
	proxyTx, err := d.create("deploy ProofManagerProxy", bindings.ProofManagerProxyMetaData.Bin,
		proxy.PackConstructor(out.Implementation, initData))
	if err != nil {
		return out, err
	}
	proxyRcpt, err := d.wait(proxyTx)
	if err != nil {
		return out, err
	}
	out.ProofManager = proxyRcpt.ContractAddress
	out.DeployBlock = proxyRcpt.BlockNumber.Uint64()

	// Stage 3.
	if p.Fund != nil && p.Fund.Sign() > 0 {
		step, calldata := "USDC.transfer to the ProofManager", usdc.PackTransfer(out.ProofManager, p.Fund)
		if usdcTx != nil {
			step, calldata = "TestUSDC.mint to the ProofManager", usdc.PackMint(out.ProofManager, p.Fund)
		}
		tx, err := d.call(contractCall{step: step, to: out.USDC, data: calldata})
		if err != nil {
			return out, err
		}
		if _, err := d.wait(tx); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (p ProofManagerParams) validate() error {
	if p.Submitter == (common.Address{}) {
		return errors.New("submitter address is zero")
	}
	if p.Fermah == (common.Address{}) {
		return errors.New("Fermah's address is zero")
	}
	if p.Lagrange == (common.Address{}) {
		return errors.New("Lagrange's address is zero")
	}
	if p.Fermah == p.Lagrange {
		return fmt.Errorf("Fermah and Lagrange have the same address %s", p.Fermah)
	}
	if p.Fund != nil && p.Fund.Sign() < 0 {
		return fmt.Errorf("negative fund %s", p.Fund)
	}
	return nil
}

// deployer sends transactions from one account with nonces it assigns itself,
// so that the transactions of a stage can be in flight together.
