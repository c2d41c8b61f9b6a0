// Package pmdeploy deploys the Proof Manager (design/PROOF_MANAGER.md) on any
// L1 reachable through a go-ethereum bind v2 backend: the ProofManager
// implementation, the ERC-1967 proxy that holds its state and funds
// (ProofManagerProxy, initialized in its constructor), and, on a dev chain, a
// TestUSDC token to pay the proving networks with.
//
// Deploy sends its transactions in stages (transactions of one stage do not
// depend on each other and go out together with consecutive nonces) and waits
// for every receipt before the next stage:
//
//  1. ProofManager (the implementation) and, when Params.USDC is zero,
//     TestUSDC(sender)
//  2. ProofManagerProxy(implementation, initialize(admin, submitter, fermah,
//     lagrange, usdc))
//  3. when Params.Fund is positive: TestUSDC.mint(proxy, Fund), or, with an
//     existing token, USDC.transfer(proxy, Fund) from the sender
package pmdeploy

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// USDC is one USDC in the token's base units (6 decimals).
const USDC = 1_000_000

// receiptPoll is how often Deploy asks for a receipt it is waiting for.
const receiptPoll = 100 * time.Millisecond

// Params says what to deploy.
type Params struct {
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
	// USDC is the payment token. Zero: Deploy deploys a TestUSDC whose minter
	// is the sender.
	USDC common.Address
	// Fund, in USDC base units (6 decimals), is put on the proxy to pay the
	// networks with: minted when Deploy deployed TestUSDC, transferred from
	// the sender otherwise. Nil or zero: nothing.
	Fund *big.Int
}

// Addresses are the deployed contracts.
type Addresses struct {
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

// Deploy deploys the Proof Manager behind its proxy, sending every
// transaction from auth, and returns the addresses once every transaction has
// a successful receipt. auth is not modified (nonces are assigned from the
// sender's pending nonce). An error names the step that failed.
func Deploy(ctx context.Context, backend bind.Backend, auth *bind.TransactOpts, p Params) (Addresses, error) {
	if err := p.validate(); err != nil {
		return Addresses{}, fmt.Errorf("pmdeploy: %w", err)
	}
	d, err := newDeployer(ctx, backend, auth)
	if err != nil {
		return Addresses{}, fmt.Errorf("pmdeploy: %w", err)
	}
	admin := p.Admin
	if admin == (common.Address{}) {
		admin = auth.From
	}
	var (
		pm    = bindings.NewProofManager()
		proxy = bindings.NewProofManagerProxy()
		usdc  = bindings.NewTestUSDC()
		out   = Addresses{USDC: p.USDC}
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
		tx, err := d.call(step, out.USDC, calldata)
		if err != nil {
			return out, err
		}
		if _, err := d.wait(tx); err != nil {
			return out, err
		}
	}
	return out, nil
}

func (p Params) validate() error {
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
type deployer struct {
	ctx     context.Context
	backend bind.Backend
	auth    *bind.TransactOpts
	nonce   uint64
}

type pendingTx struct {
	step string
	tx   *types.Transaction
}

func newDeployer(ctx context.Context, backend bind.Backend, auth *bind.TransactOpts) (*deployer, error) {
	if auth == nil || auth.Signer == nil {
		return nil, errors.New("no transaction signer")
	}
	nonce, err := backend.PendingNonceAt(ctx, auth.From)
	if err != nil {
		return nil, fmt.Errorf("pending nonce of %s: %w", auth.From, err)
	}
	return &deployer{ctx: ctx, backend: backend, auth: auth, nonce: nonce}, nil
}

func (d *deployer) opts() *bind.TransactOpts {
	o := *d.auth
	o.Context = d.ctx
	o.Nonce = new(big.Int).SetUint64(d.nonce)
	return &o
}

func (d *deployer) create(step, binHex string, constructorInput []byte) (*pendingTx, error) {
	_, tx, err := bind.DeployContract(d.opts(), common.FromHex(binHex), d.backend, constructorInput)
	if err != nil {
		return nil, fmt.Errorf("pmdeploy: %s: %w", step, err)
	}
	d.nonce++
	return &pendingTx{step: step, tx: tx}, nil
}

func (d *deployer) call(step string, to common.Address, calldata []byte) (*pendingTx, error) {
	c := bind.NewBoundContract(to, abi.ABI{}, d.backend, d.backend, d.backend)
	tx, err := bind.Transact(c, d.opts(), calldata)
	if err != nil {
		return nil, fmt.Errorf("pmdeploy: %s: %w", step, err)
	}
	d.nonce++
	return &pendingTx{step: step, tx: tx}, nil
}

// wait returns the receipt of a successful transaction.
func (d *deployer) wait(p *pendingTx) (*types.Receipt, error) {
	t := time.NewTicker(receiptPoll)
	defer t.Stop()
	for {
		r, err := d.backend.TransactionReceipt(d.ctx, p.tx.Hash())
		switch {
		case err == nil:
			if r.Status != types.ReceiptStatusSuccessful {
				return nil, fmt.Errorf("pmdeploy: %s: transaction %s failed in block %d", p.step, p.tx.Hash(), r.BlockNumber)
			}
			return r, nil
		case !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "indexing is in progress"):
			// geth answers "transaction indexing is in progress" for a
			// mined transaction its indexer has not reached yet: keep waiting.
			return nil, fmt.Errorf("pmdeploy: %s: receipt of %s: %w", p.step, p.tx.Hash(), err)
		}
		select {
		case <-d.ctx.Done():
			return nil, fmt.Errorf("pmdeploy: %s: waiting for %s: %w", p.step, p.tx.Hash(), d.ctx.Err())
		case <-t.C:
		}
	}
}
