// Package deploy deploys Cairn's L1 contracts (Bridge, OnChainProposer,
// ExecVerifier) on any L1 reachable through a go-ethereum bind v2 backend, and
// wires them together.
//
// Deploy sends its transactions in stages (transactions of one stage do not
// depend on each other and go out together with consecutive nonces) and waits
// for every receipt before the next stage:
//
//  1. Bridge(l2ChainId) and ExecVerifier(provers), and CairnTimelock(delay,
//     admin) when Params.Timelock is set
//  2. OnChainProposer(l2ChainId, genesisStateRoot, genesisBlockHash, bridge, operator)
//  3. Bridge.setProposer, OnChainProposer.setVerifier(ProofTypeExec, execVerifier),
//     Bridge.fundGenesis{value: Params.GenesisETH} when it is set, then
//     OnChainProposer.setAttesterCommittee(1, …) alone when Params.Attesters is set
//  4. OnChainProposer.setRequiredProofTypes([ProofTypeExec])
//  5. transferAdmin on OnChainProposer and ExecVerifier: to the timelock when
//     Params.Timelock is set, else to Params.Admin when it differs from the
//     sender
package deploy

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

// ProofTypeExec is the proof type of ExecVerifier proofs (ECDSA signatures of
// allow-listed provers over a batch's public inputs hash).
const ProofTypeExec uint8 = 1

// MaxAttesters is the largest attester committee OnChainProposer takes
// (MAX_ATTESTERS: a certificate names each signer's index in one byte).
const MaxAttesters = 256

// receiptPoll is how often Deploy asks for a receipt it is waiting for.
const receiptPoll = 100 * time.Millisecond

// Params says what to deploy.
type Params struct {
	// L2ChainID is hashed into batch hashes, public inputs, attestations and
	// withdrawal leaves.
	L2ChainID uint64
	// GenesisStateRoot is the L2 genesis state root (batch 0).
	GenesisStateRoot common.Hash
	// GenesisBlockHash is the L2 genesis block hash (batch 0's last block):
	// batch 1's first block must be its child.
	GenesisBlockHash common.Hash
	// Operator may commit batches.
	Operator common.Address
	// Admin ends up as the admin of OnChainProposer and ExecVerifier when
	// Timelock is nil. Zero means the sender (auth.From). The Bridge's admin
	// is always the sender: its only powers are setting the proposer once,
	// which Deploy uses, and adding ETH to the Bridge (fundGenesis).
	Admin common.Address
	// Timelock, when set, deploys a CairnTimelock and makes it the admin of
	// OnChainProposer and ExecVerifier (Admin is then ignored): every admin
	// call is scheduled, waits Timelock.Delay and can be cancelled.
	Timelock *TimelockParams
	// Provers is ExecVerifier's initial allow-list.
	Provers []common.Address
	// Attesters, when not empty, is set as the attester committee from batch 1.
	// Empty: no committee, and batches are committed with an empty certificate.
	Attesters []Attester
	// GenesisETH, when above zero, is sent to Bridge.fundGenesis: it backs
	// the ETH the L2 genesis gives its accounts, which no deposit brought
	// in, so that their withdrawals are not paid out of depositors' ETH.
	// The sender must hold it (Deploy checks before sending anything).
	GenesisETH *big.Int
}

// TimelockParams is the CairnTimelock that administers the contracts.
type TimelockParams struct {
	// Admin schedules, cancels and executes the timelock's calls (a key, a
	// multisig or any contract). Zero means the sender (auth.From).
	Admin common.Address
	// Delay is the least time between scheduling a call and executing it
	// (whole seconds; 0 executes at once, as on the devnet).
	Delay time.Duration
}

// Attester is a member of the attester committee.
type Attester struct {
	Address common.Address `json:"address" toml:"address"`
	Weight  uint64         `json:"weight" toml:"weight"`
}

// Addresses are the deployed contracts.
type Addresses struct {
	Bridge          common.Address `json:"bridge" toml:"bridge"`
	OnChainProposer common.Address `json:"onChainProposer" toml:"on_chain_proposer"`
	ExecVerifier    common.Address `json:"execVerifier" toml:"exec_verifier"`
	// Timelock is the CairnTimelock administering the contracts (zero
	// without Params.Timelock).
	Timelock common.Address `json:"timelock,omitempty" toml:"timelock"`
	// BridgeDeployBlock is the L1 block the Bridge was deployed in: no deposit
	// log is older, so it is where an L1 watcher with no cursor starts.
	BridgeDeployBlock uint64 `json:"bridgeDeployBlock" toml:"bridge_deploy_block"`
}

// Deploy deploys and wires Bridge, OnChainProposer and ExecVerifier, sending
// every transaction from auth, and returns their addresses once every
// transaction has a successful receipt. auth is not modified (nonces are
// assigned from the sender's pending nonce). An error names the step that
// failed.
func Deploy(ctx context.Context, backend bind.Backend, auth *bind.TransactOpts, p Params) (Addresses, error) {
	if err := p.validate(); err != nil {
		return Addresses{}, fmt.Errorf("deploy: %w", err)
	}
	d, err := newDeployer(ctx, backend, auth)
	if err != nil {
		return Addresses{}, fmt.Errorf("deploy: %w", err)
	}
	if err := d.checkGenesisETH(p.GenesisETH); err != nil {
		return Addresses{}, fmt.Errorf("deploy: %w", err)
	}
	var out Addresses
	for _, stage := range []func(*deployer, Params, *Addresses) error{
		deployBridgeAndVerifier, // 1
		deployProposer,          // 2
		wireContracts,           // 3
		requireExecProofs,       // 4
		handOverAdmin,           // 5
	} {
		if err := stage(d, p, &out); err != nil {
			return out, err
		}
	}
	return out, nil
}

var (
	bridgeABI = bindings.NewBridge()
	ocpABI    = bindings.NewOnChainProposer()
	execABI   = bindings.NewExecVerifier()
	tlABI     = bindings.NewCairnTimelock()
)

// deployBridgeAndVerifier is stage 1: Bridge and ExecVerifier.
func deployBridgeAndVerifier(d *deployer, p Params, out *Addresses) error {
	chainID := new(big.Int).SetUint64(p.L2ChainID)
	bridgeTx, err := d.create("deploy Bridge", bindings.BridgeMetaData.Bin, bridgeABI.PackConstructor(chainID))
	if err != nil {
		return err
	}
	execTx, err := d.create("deploy ExecVerifier", bindings.ExecVerifierMetaData.Bin, execABI.PackConstructor(p.Provers))
	if err != nil {
		return err
	}
	var tlTx *pendingTx
	if p.Timelock != nil {
		admin := p.Timelock.Admin
		if admin == (common.Address{}) {
			admin = d.auth.From
		}
		delay := new(big.Int).SetUint64(uint64(p.Timelock.Delay / time.Second))
		if tlTx, err = d.create("deploy CairnTimelock", bindings.CairnTimelockMetaData.Bin, tlABI.PackConstructor(delay, admin)); err != nil {
			return err
		}
	}
	bridgeRcpt, err := d.wait(bridgeTx)
	if err != nil {
		return err
	}
	execRcpt, err := d.wait(execTx)
	if err != nil {
		return err
	}
	out.Bridge, out.ExecVerifier = bridgeRcpt.ContractAddress, execRcpt.ContractAddress
	out.BridgeDeployBlock = bridgeRcpt.BlockNumber.Uint64()
	if tlTx != nil {
		tlRcpt, err := d.wait(tlTx)
		if err != nil {
			return err
		}
		out.Timelock = tlRcpt.ContractAddress
	}
	return nil
}

// deployProposer is stage 2: OnChainProposer, on the genesis and the Bridge.
func deployProposer(d *deployer, p Params, out *Addresses) error {
	chainID := new(big.Int).SetUint64(p.L2ChainID)
	ocpTx, err := d.create("deploy OnChainProposer", bindings.OnChainProposerMetaData.Bin,
		ocpABI.PackConstructor(chainID, p.GenesisStateRoot, p.GenesisBlockHash, out.Bridge, p.Operator))
	if err != nil {
		return err
	}
	ocpRcpt, err := d.wait(ocpTx)
	if err != nil {
		return err
	}
	out.OnChainProposer = ocpRcpt.ContractAddress
	return nil
}

// wireContracts is stage 3: the Bridge's proposer and the proposer's exec
// verifier, then the attester committee.
func wireContracts(d *deployer, p Params, out *Addresses) error {
	calls := []contractCall{
		{step: "Bridge.setProposer", to: out.Bridge, data: bridgeABI.PackSetProposer(out.OnChainProposer)},
		{step: "OnChainProposer.setVerifier", to: out.OnChainProposer, data: ocpABI.PackSetVerifier(ProofTypeExec, out.ExecVerifier)},
	}
	if p.GenesisETH != nil && p.GenesisETH.Sign() > 0 {
		calls = append(calls, contractCall{step: "Bridge.fundGenesis", to: out.Bridge, data: bridgeABI.PackFundGenesis(), value: p.GenesisETH})
	}
	if err := d.stage(calls...); err != nil {
		return err
	}
	if len(p.Attesters) == 0 {
		return nil
	}
	// The committee goes alone, estimated on the wired contracts: estimated
	// beside the stage's other transactions, its gas came out far too low
	// now and then, and the transaction ran out of gas.
	addrs := make([]common.Address, len(p.Attesters))
	weights := make([]uint64, len(p.Attesters))
	for i, a := range p.Attesters {
		addrs[i], weights[i] = a.Address, a.Weight
	}
	return d.stage(contractCall{step: "OnChainProposer.setAttesterCommittee", to: out.OnChainProposer,
		data: ocpABI.PackSetAttesterCommittee(1, addrs, weights)})
}

// requireExecProofs is stage 4: a batch is verified with an exec proof.
func requireExecProofs(d *deployer, _ Params, out *Addresses) error {
	return d.stage(contractCall{step: "OnChainProposer.setRequiredProofTypes", to: out.OnChainProposer,
		data: ocpABI.PackSetRequiredProofTypes([]uint8{ProofTypeExec})})
}

// handOverAdmin is stage 5: the admin of OnChainProposer and ExecVerifier
// goes to the timelock, or else to Params.Admin when it is not the sender.
func handOverAdmin(d *deployer, p Params, out *Addresses) error {
	admin := p.Admin
	if p.Timelock != nil {
		admin = out.Timelock
	}
	if admin == (common.Address{}) || admin == d.auth.From {
		return nil
	}
	return d.stage(
		contractCall{step: "OnChainProposer.transferAdmin", to: out.OnChainProposer, data: ocpABI.PackTransferAdmin(admin)},
		contractCall{step: "ExecVerifier.transferAdmin", to: out.ExecVerifier, data: execABI.PackTransferAdmin(admin)},
	)
}

func (p Params) validate() error {
	if p.L2ChainID == 0 {
		return errors.New("L2 chain id is zero")
	}
	if p.Operator == (common.Address{}) {
		return errors.New("operator address is zero")
	}
	if p.GenesisBlockHash == (common.Hash{}) {
		return errors.New("L2 genesis block hash is zero (no batch could be committed on it)")
	}
	if p.Timelock != nil && (p.Timelock.Delay < 0 || p.Timelock.Delay%time.Second != 0) {
		return fmt.Errorf("admin delay %s is not a whole number of seconds", p.Timelock.Delay)
	}
	if len(p.Attesters) > MaxAttesters {
		return fmt.Errorf("%d attesters, OnChainProposer takes at most %d", len(p.Attesters), MaxAttesters)
	}
	seen := make(map[common.Address]bool)
	for i, a := range p.Attesters {
		if a.Address == (common.Address{}) {
			return fmt.Errorf("attester %d: zero address", i)
		}
		if a.Weight == 0 {
			return fmt.Errorf("attester %d (%s): zero weight", i, a.Address)
		}
		if seen[a.Address] {
			return fmt.Errorf("attester %d (%s): listed twice", i, a.Address)
		}
		seen[a.Address] = true
	}
	seen = make(map[common.Address]bool)
	for i, a := range p.Provers {
		if a == (common.Address{}) {
			return fmt.Errorf("prover %d: zero address", i)
		}
		if seen[a] {
			return fmt.Errorf("prover %d (%s): listed twice", i, a)
		}
		seen[a] = true
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

// checkGenesisETH refuses, before anything is sent, a GenesisETH the
// sender does not hold (when the backend can tell a balance).
func (d *deployer) checkGenesisETH(amount *big.Int) error {
	if amount == nil || amount.Sign() <= 0 {
		return nil
	}
	b, ok := d.backend.(interface {
		BalanceAt(context.Context, common.Address, *big.Int) (*big.Int, error)
	})
	if !ok {
		return nil
	}
	have, err := b.BalanceAt(d.ctx, d.auth.From, nil)
	if err != nil {
		return fmt.Errorf("balance of %s: %w", d.auth.From, err)
	}
	if have.Cmp(amount) <= 0 {
		return fmt.Errorf("the genesis ETH to back in the Bridge is %s wei, the sender %s holds %s wei (and pays gas too)", amount, d.auth.From, have)
	}
	return nil
}

func (d *deployer) opts() *bind.TransactOpts {
	o := *d.auth
	o.Context = d.ctx
	o.Nonce = new(big.Int).SetUint64(d.nonce)
	return &o
}

func (d *deployer) create(step, binHex string, constructorInput []byte) (*pendingTx, error) {
	code := common.FromHex(binHex)
	opts, err := d.optsFor(step, nil, nil, append(append([]byte(nil), code...), constructorInput...))
	if err != nil {
		return nil, err
	}
	_, tx, err := bind.DeployContract(opts, code, d.backend, constructorInput)
	if err != nil {
		return nil, fmt.Errorf("deploy: %s: %w", step, err)
	}
	d.nonce++
	return &pendingTx{step: step, tx: tx}, nil
}

func (d *deployer) call(c contractCall) (*pendingTx, error) {
	step, to, calldata := c.step, c.to, c.data
	opts, err := d.optsFor(step, &to, c.value, calldata)
	if err != nil {
		return nil, err
	}
	opts.Value = c.value
	bc := bind.NewBoundContract(to, abi.ABI{}, d.backend, d.backend, d.backend)
	tx, err := bind.Transact(bc, opts, calldata)
	if err != nil {
		return nil, fmt.Errorf("deploy: %s: %w", step, err)
	}
	d.nonce++
	return &pendingTx{step: step, tx: tx}, nil
}

// optsFor returns transaction options with twice the gas estimated now,
// plus 50,000 (a limit, not a price: only the gas used is paid):
// transactions of one stage are estimated before the ones ahead of
// them are mined, and L1s that price state growth per block (geth's dev
// chain does) can charge a transaction more next to others than alone.
func (d *deployer) optsFor(step string, to *common.Address, value *big.Int, data []byte) (*bind.TransactOpts, error) {
	o := d.opts()
	gas, err := d.backend.EstimateGas(d.ctx, ethereum.CallMsg{From: d.auth.From, To: to, Value: value, Data: data})
	if err != nil {
		return nil, fmt.Errorf("deploy: %s: estimate gas: %w", step, err)
	}
	o.GasLimit = 2*gas + 50_000
	return o, nil
}

func (d *deployer) waitAll(txs []*pendingTx) error {
	for _, tx := range txs {
		if _, err := d.wait(tx); err != nil {
			return err
		}
	}
	return nil
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
				return nil, fmt.Errorf("deploy: %s: transaction %s failed in block %d (gas used %d of %d)", p.step, p.tx.Hash(), r.BlockNumber, r.GasUsed, p.tx.Gas())
			}
			return r, nil
		case !errors.Is(err, ethereum.NotFound) && !strings.Contains(err.Error(), "indexing is in progress"):
			// geth answers "transaction indexing is in progress" for a
			// mined transaction its indexer has not reached yet: keep waiting.
			return nil, fmt.Errorf("deploy: %s: receipt of %s: %w", p.step, p.tx.Hash(), err)
		}
		select {
		case <-d.ctx.Done():
			return nil, fmt.Errorf("deploy: %s: waiting for %s: %w", p.step, p.tx.Hash(), d.ctx.Err())
		case <-t.C:
		}
	}
}

// contractCall is one transaction of a stage.
type contractCall struct {
	step  string
	to    common.Address
	data  []byte
	value *big.Int // nil: none
}

// stage sends calls one after the other, with consecutive nonces, and
// waits for every receipt.
func (d *deployer) stage(calls ...contractCall) error {
	txs := make([]*pendingTx, 0, len(calls))
	for _, c := range calls {
		tx, err := d.call(c)
		if err != nil {
			return err
		}
		txs = append(txs, tx)
	}
	return d.waitAll(txs)
}
