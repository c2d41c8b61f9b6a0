package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/contracts"
	"github.com/cairn-rollup/cairn/crypto/bls"
	"github.com/cairn-rollup/cairn/crypto/nodekey"
	"github.com/cairn-rollup/cairn/execution"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/urfave/cli/v2"
)

func deployCommand() *cli.Command {
	return &cli.Command{
		Name:  "deploy",
		Usage: "deploy and wire the L1 contracts on any L1 and write the network's genesis file",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "l1-rpc", Required: true, Usage: "L1 JSON-RPC URL"},
			&cli.StringFlag{Name: "key", Required: true, Usage: "file with the hex key that deploys and wires the contracts (then the timelock administers them)"},
			&cli.Uint64Flag{Name: "l2-chain-id", Value: config.DefaultL2ChainID, Usage: "the L2 chain id"},
			&cli.StringFlag{Name: "admin", Usage: "address that schedules, cancels and executes admin calls through the timelock (a key, a multisig or any contract; default: the deploying key)"},
			&cli.DurationFlag{Name: "admin-delay", Value: defaultAdminDelay, Usage: "how long an admin call (verifiers, proof types, provers, operator, attester committee, Proof Manager settings and upgrades) waits, announced on L1, before it can run (whole seconds)"},
			&cli.StringSliceFlag{Name: "attester", Usage: "attester public key attester:public:secp256k1:… as cairn keys show prints it: the attester committee from batch 1 (repeatable)"},
			&cli.Uint64SliceFlag{Name: "attester-weight", Usage: "weight of each --attester in order, or one weight for all (default 1)"},
			&cli.BoolFlag{Name: "no-attesters", Usage: "deploy without an attester committee: the operator alone decides what L1 accepts until one is set"},
			&cli.StringFlag{Name: "operator", Usage: "address allowed to commit batches (default: the deploying key)"},
			&cli.StringFlag{Name: "proof-sender", Usage: "address of the node's l1.proof_sender_key, the Proof Manager's submitter (default: the operator)"},
			&cli.StringSliceFlag{Name: "prover", Usage: "exec prover address to allow-list (repeatable; default: the deploying key)"},
			&cli.StringSliceFlag{Name: "fund", Usage: "L2 genesis account funded with --fund-eth ETH (repeatable); the deploying key backs the total in the Bridge"},
			&cli.Uint64Flag{Name: "fund-eth", Value: 1_000_000, Usage: "ETH each --fund account gets in the L2 genesis"},
			&cli.BoolFlag{Name: "back-genesis-eth", Value: true, Usage: "deposit the --fund total into the Bridge at deploy (Bridge.fundGenesis, nothing minted on L2); " +
				"without it --fund is refused: unbacked genesis ETH would be withdrawn out of depositors' ETH"},
			&cli.StringSliceFlag{Name: "validator", Required: true, Usage: "a committee member as `cairn keys show` prints it: validator:public:…,validator:pop:…,node:public:…[,weight=N] (repeatable)"},
			&cli.DurationFlag{Name: "view-timeout", Value: config.DefaultViewTimeout, Usage: "consensus view timeout"},
			&cli.Uint64Flag{Name: "max-deposits-per-block", Value: config.DefaultMaxDepositsPerBlock, Usage: "an L2 block mints at most this many L1 deposits (a block validity rule: it goes into the genesis)"},
			&cli.Uint64Flag{Name: "batch-max-blocks", Value: 100, Usage: "a batch seals after this many blocks"},
			&cli.Uint64Flag{Name: "batch-max-seconds", Value: 60, Usage: "a batch seals when its blocks span this many seconds"},
			&cli.Uint64Flag{Name: "batch-max-gas", Value: 300_000_000, Usage: "a batch seals when its gas reaches this"},
			&cli.Uint64Flag{Name: "batch-max-deposits", Value: 1000, Usage: "a batch seals when it holds this many deposits"},
			&cli.Uint64Flag{Name: "batch-max-da-bytes", Usage: "a batch seals before its published data would pass this many bytes (default: what one commit carries: 6 blobs, or 120,000 bytes of calldata)"},
			&cli.StringFlag{Name: "data-availability", Usage: `where commits publish batch data: "blobs" or "calldata" (default: blobs if L1 takes them, else calldata)`},
			&cli.BoolFlag{Name: "preinstalls", Value: true, Usage: "put the standard contracts in the L2 genesis at their canonical addresses: Multicall3, " +
				"the deterministic deployment proxy, the ERC-2470 singleton factory, the ERC-1820 registry, the ERC-4337 EntryPoint v0.7 (--preinstalls=false leaves them out)"},
			&cli.StringFlag{Name: "genesis-out", Value: "genesis.json", Usage: "where to write the genesis file"},
			&cli.StringFlag{Name: "fermah", Usage: "deploy the Proof Manager too, with this address for the Fermah proving network (also allow-listed as an exec prover)"},
			&cli.StringFlag{Name: "lagrange", Usage: "the Lagrange proving network's address (with --fermah; also allow-listed as an exec prover)"},
			&cli.StringFlag{Name: "preferred", Value: "fermah", Usage: "the preferred proving network, which gets two requests in four: fermah, lagrange or none (none: those requests are refused and go to the internal prover)"},
			&cli.StringFlag{Name: "usdc", Usage: "the USDC token that pays the networks (default: deploy a test USDC)"},
			&cli.Uint64Flag{Name: "usdc-fund", Usage: fmt.Sprintf("USDC put on the Proof Manager: minted with the test USDC (default %d), transferred from the deploying key with --usdc (default 0)", defaultTestUSDCFund)},
		},
		Action: runDeploy,
	}
}

// defaultAdminDelay is cairn deploy's --admin-delay: a week to see a change
// of who decides what L1 accepts coming, and to withdraw before it runs.
const defaultAdminDelay = 7 * 24 * time.Hour

// noAttestersWarning is what cairn deploy --no-attesters trusts.
const noAttestersWarning = "warning: --no-attesters: no attester committee, so the operator alone decides what L1 accepts until the admin sets one (cairn attesters set)"

// defaultTestUSDCFund is the test USDC minted onto the ProofManager when
// --usdc-fund is not given: at the node's default proof_manager.max_reward_usdc
// (100, the most one proof is paid) it pays 10,000 batches, a week of
// one-minute batches (deploy's --batch-max-seconds default). Test USDC is
// minted, so it costs nothing.
const defaultTestUSDCFund = 1_000_000

// defaultMaxRewardUSDC is the node's default proof_manager.max_reward_usdc:
// a market holding less cannot pay one batch.
const defaultMaxRewardUSDC = 100

func address(flag, s string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("--%s %q is not an address", flag, s)
	}
	return common.HexToAddress(s), nil
}

// deployPlan is what `cairn deploy` deploys, read from its flags.
type deployPlan struct {
	key      *ecdsa.PrivateKey
	from     common.Address // the deploying key's address
	operator common.Address
	// proofSender submits Proof Manager requests (the node's
	// l1.proof_sender_key; the operator by default).
	proofSender common.Address
	provers     []common.Address
	funds       map[common.Address]*big.Int
	fundTotal   *big.Int // the sum of funds, backed in the Bridge at deploy
	consensus   *config.ConsensusGenesis
	market      *deploy.ProofManagerParams // nil: no Proof Manager
	preferred   uint8
	limits      rollup.SealLimits
	sequencer   config.SequencerGenesis
	// dataAvailability is --data-availability: "" chooses from L1.
	dataAvailability string
	l2ChainID        uint64
	// noPreinstalls is --preinstalls=false.
	noPreinstalls bool
	// admin is the timelock's proposer, canceller and executor; adminDelay
	// its minimum delay.
	admin      common.Address
	adminDelay time.Duration
	// attesters is the committee from batch 1 (empty with --no-attesters).
	attesters []deploy.Attester
	// timelock is the deployed CairnTimelock, the admin of every contract.
	timelock common.Address
}

func runDeploy(c *cli.Context) error {
	plan, err := deployFlags(c)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.Context, 5*time.Minute)
	defer cancel()
	l1, err := ethclient.DialContext(ctx, c.String("l1-rpc"))
	if err != nil {
		return fmt.Errorf("--l1-rpc: %w", err)
	}
	defer l1.Close()
	l1ID, err := l1.ChainID(ctx)
	if err != nil {
		return fmt.Errorf("--l1-rpc %s: %w", c.String("l1-rpc"), err)
	}
	if plan.market != nil {
		if err := checkUSDCFund(ctx, l1, plan.from, *plan.market); err != nil {
			return err
		}
	}
	if err := checkGenesisBacking(ctx, l1, plan); err != nil {
		return err
	}
	if len(plan.attesters) == 0 {
		fmt.Fprintln(c.App.ErrWriter, noAttestersWarning)
	}
	fmt.Fprintf(c.App.Writer, "deploying on L1 chain %d from %s…\n", l1ID, plan.from)
	gen, err := deployRollup(ctx, l1, l1ID, plan)
	if err != nil {
		return err
	}
	if plan.market != nil {
		if err := deployProofManager(ctx, c, l1, l1ID, plan, gen); err != nil {
			return err
		}
	}
	if err := config.SaveGenesis(c.String("genesis-out"), gen); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "Bridge          %s\nOnChainProposer %s\nExecVerifier    %s\n%s\ngenesis written to %s (genesis hash %s)\n",
		gen.Contracts.Bridge, gen.Contracts.OnChainProposer, gen.Contracts.ExecVerifier, proversLine(plan.provers), c.String("genesis-out"), gen.Hash())
	fmt.Fprintf(c.App.Writer, "batch data      %s, at most %d bytes a batch\n", gen.DataAvailability, gen.Batcher.MaxDABytes)
	printAdmin(c.App.Writer, plan)
	if plan.fundTotal.Sign() > 0 {
		fmt.Fprintf(c.App.Writer, "genesis ETH     %s ETH on %d L2 accounts, backed by as much in the Bridge (Bridge.fundGenesis)\n", ethText(plan.fundTotal), len(plan.funds))
	}
	adminKey := c.String("key")
	if plan.admin != plan.from {
		adminKey = "<key file of --admin " + plan.admin.Hex() + ">"
	}
	printStillUnset(c.App.Writer, stillUnset(ctx, l1, gen, deployedWith{l1RPC: c.String("l1-rpc"), key: adminKey, genesis: c.String("genesis-out")}))
	return nil
}

// printAdmin says who administers the contracts and how fast, and the
// attester committee set at deploy.
func printAdmin(w io.Writer, p *deployPlan) {
	fmt.Fprintf(w, "admin           timelock %s, delay %s: every admin call is scheduled by %s (--admin), announced on L1, and runs after the delay unless cancelled (cairn admin)\n",
		p.timelock, p.adminDelay, p.admin)
	if len(p.attesters) == 0 {
		fmt.Fprintln(w, "attesters       none (--no-attesters): the operator alone decides what L1 accepts")
		return
	}
	var total uint64
	for _, a := range p.attesters {
		total += a.Weight
	}
	fmt.Fprintf(w, "attesters       %d from batch 1, total weight %d, quorum %d\n", len(p.attesters), total, attest.Quorum(total))
}

// deployFlags reads and checks the flags of `cairn deploy`.
func deployFlags(c *cli.Context) (*deployPlan, error) {
	key, err := readKeyFile(c.String("key"))
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, errors.New("--key: the file is empty")
	}
	p := &deployPlan{key: key, from: crypto.PubkeyToAddress(key.PublicKey), l2ChainID: c.Uint64("l2-chain-id")}
	if err := p.accountFlags(c); err != nil {
		return nil, err
	}
	vals, err := validatorsFlag(c.StringSlice("validator"))
	if err != nil {
		return nil, err
	}
	p.consensus = config.NewConsensusGenesis(vals)
	p.consensus.ViewTimeoutMs = uint64(c.Duration("view-timeout") / time.Millisecond)
	if err := p.consensus.Validate(); err != nil {
		return nil, fmt.Errorf("--validator: %w", err)
	}
	if p.market, p.preferred, err = marketParams(c); err != nil {
		return nil, err
	}
	if p.market != nil {
		// A network signs its exec proofs with its own key: without it in the
		// allow-list every network proof fails validation.
		p.addProvers(p.market.Fermah, p.market.Lagrange)
		p.market.Submitter = p.proofSender
	}
	p.sequencer.MaxDepositsPerBlock = c.Uint64("max-deposits-per-block")
	if n := p.sequencer.MaxDepositsPerBlock; n == 0 || n > config.MaxMaxDepositsPerBlock {
		return nil, fmt.Errorf("--max-deposits-per-block %d: must be 1 to %d", n, config.MaxMaxDepositsPerBlock)
	}
	p.limits = rollup.SealLimits{MaxBlocks: c.Uint64("batch-max-blocks"), MaxSeconds: c.Uint64("batch-max-seconds"),
		MaxGas: c.Uint64("batch-max-gas"), MaxDeposits: c.Uint64("batch-max-deposits"), MaxDABytes: c.Uint64("batch-max-da-bytes")}
	if c.IsSet("batch-max-da-bytes") && p.limits.MaxDABytes == 0 {
		return nil, errors.New("--batch-max-da-bytes must be positive")
	}
	// Checked before L1 is asked anything; max_da_bytes's default comes
	// from the data availability mode, chosen with L1.
	checked := p.limits
	checked.MaxDABytes = max(checked.MaxDABytes, 1)
	if err := checked.Validate(); err != nil {
		return nil, fmt.Errorf("batch limits: %w", err)
	}
	p.dataAvailability = c.String("data-availability")
	p.noPreinstalls = !c.Bool("preinstalls")
	if err := p.adminFlags(c); err != nil {
		return nil, err
	}
	return p, nil
}

// adminFlags reads --admin, --admin-delay, --attester, --attester-weight and
// --no-attesters: a network is not deployed without an attester committee
// unless --no-attesters says so.
func (p *deployPlan) adminFlags(c *cli.Context) error {
	p.admin, p.adminDelay = p.from, c.Duration("admin-delay")
	if c.IsSet("admin") {
		a, err := address("admin", c.String("admin"))
		if err != nil {
			return err
		}
		p.admin = a
	}
	if p.adminDelay < 0 || p.adminDelay%time.Second != 0 {
		return fmt.Errorf("--admin-delay %s: give a whole number of seconds, 0 or more", p.adminDelay)
	}
	switch {
	case c.IsSet("attester") && c.Bool("no-attesters"):
		return errors.New("--attester and --no-attesters: give one or the other")
	case c.Bool("no-attesters"):
		return nil
	case !c.IsSet("attester"):
		return errors.New("no attester committee: give --attester attester:public:secp256k1:… (as cairn keys show prints it, repeatable), " +
			"or --no-attesters to let the operator alone decide what L1 accepts until one is set")
	}
	addrs, ws, err := parseCommittee(c.StringSlice("attester"), c.Uint64Slice("attester-weight"), "attester-weight", 1)
	if err != nil {
		return err
	}
	for i, a := range addrs {
		p.attesters = append(p.attesters, deploy.Attester{Address: a, Weight: ws[i]})
	}
	return nil
}

// accountFlags reads --operator, --prover and --fund.
func (p *deployPlan) accountFlags(c *cli.Context) error {
	p.operator = p.from
	if c.IsSet("operator") {
		a, err := address("operator", c.String("operator"))
		if err != nil {
			return err
		}
		p.operator = a
	}
	p.proofSender = p.operator
	if c.IsSet("proof-sender") {
		a, err := address("proof-sender", c.String("proof-sender"))
		if err != nil {
			return err
		}
		p.proofSender = a
	}
	if !c.IsSet("prover") {
		p.provers = []common.Address{p.from}
	}
	for _, s := range c.StringSlice("prover") {
		a, err := address("prover", s)
		if err != nil {
			return err
		}
		p.addProvers(a)
	}
	return p.fundFlags(c)
}

// fundFlags reads --fund, --fund-eth and --back-genesis-eth: genesis ETH is
// refused unless the deploying key backs it in the Bridge.
func (p *deployPlan) fundFlags(c *cli.Context) error {
	p.funds, p.fundTotal = map[common.Address]*big.Int{}, new(big.Int)
	each := new(big.Int).Mul(new(big.Int).SetUint64(c.Uint64("fund-eth")), big.NewInt(params.Ether))
	for _, s := range c.StringSlice("fund") {
		a, err := address("fund", s)
		if err != nil {
			return err
		}
		if each.Sign() == 0 {
			return errors.New("--fund-eth 0: a --fund account would get nothing")
		}
		if p.funds[a] == nil {
			p.fundTotal.Add(p.fundTotal, each)
		}
		p.funds[a] = each
	}
	if p.fundTotal.Sign() > 0 && !c.Bool("back-genesis-eth") {
		return fmt.Errorf("--fund without --back-genesis-eth: %s ETH of L2 genesis ETH that no deposit backs would be withdrawn out of depositors' ETH in the Bridge; refused",
			ethText(p.fundTotal))
	}
	return nil
}

// ethText is wei as whole ETH (and a fraction when there is one).
func ethText(wei *big.Int) string {
	return new(big.Rat).SetFrac(wei, big.NewInt(params.Ether)).FloatString(0)
}

// checkGenesisBacking refuses, before anything is sent, a deploying key that
// cannot back the --fund total in the Bridge.
func checkGenesisBacking(ctx context.Context, l1 *ethclient.Client, p *deployPlan) error {
	if p.fundTotal.Sign() == 0 {
		return nil
	}
	have, err := l1.BalanceAt(ctx, p.from, nil)
	if err != nil {
		return fmt.Errorf("--fund: the deploying key's balance: %w", err)
	}
	if have.Cmp(p.fundTotal) <= 0 {
		return fmt.Errorf("--fund: the deploying key %s holds %s ETH on L1, not the %s ETH of L2 genesis ETH it must back in the Bridge (and gas); refused",
			p.from, ethText(have), ethText(p.fundTotal))
	}
	return nil
}

// addProvers allow-lists the provers not allow-listed yet.
func (p *deployPlan) addProvers(provers ...common.Address) {
	for _, a := range provers {
		if !slices.Contains(p.provers, a) {
			p.provers = append(p.provers, a)
		}
	}
}

// deployRollup deploys the rollup's contracts over a new L2 genesis, and
// returns the network's genesis without a Proof Manager.
func deployRollup(ctx context.Context, l1 *ethclient.Client, l1ID *big.Int, p *deployPlan) (*config.Genesis, error) {
	l2 := execution.NewGenesis(execution.GenesisParams{ChainID: p.l2ChainID, Accounts: p.funds, L2BridgeCode: contracts.L2BridgeRuntimeCode(),
		Timestamp: uint64(time.Now().Unix()), NoPreinstalls: p.noPreinstalls})
	mode, limits, err := deploy.DataLimits(ctx, l1, p.dataAvailability, p.limits)
	if err != nil {
		return nil, err
	}
	addrs, err := deploy.Deploy(ctx, l1, bind.NewKeyedTransactor(p.key, l1ID), deploy.Params{
		L2ChainID: p.l2ChainID, GenesisStateRoot: l2.ToBlock().Root(), GenesisBlockHash: l2.ToBlock().Hash(), Operator: p.operator, Provers: p.provers,
		GenesisETH: p.fundTotal, Attesters: p.attesters, Timelock: &deploy.TimelockParams{Admin: p.admin, Delay: p.adminDelay}})
	if err != nil {
		return nil, err
	}
	p.timelock = addrs.Timelock
	return &config.Genesis{ProtocolVersion: config.ProtocolVersion, L1ChainID: l1ID.Uint64(), Batcher: limits, DataAvailability: mode,
		Sequencer: p.sequencer, L2: l2, Consensus: p.consensus,
		Contracts: config.Contracts{Bridge: addrs.Bridge, OnChainProposer: addrs.OnChainProposer,
			ExecVerifier: addrs.ExecVerifier, BridgeDeployBlock: addrs.BridgeDeployBlock}}, nil
}

// deployProofManager deploys the Proof Manager, writes it into the genesis
// and warns of what would keep it from paying the networks (runDeploy then
// says that the node must enable it).
func deployProofManager(ctx context.Context, c *cli.Context, l1 *ethclient.Client, l1ID *big.Int, p *deployPlan, gen *config.Genesis) error {
	pm, err := deployMarket(ctx, l1, p.key, l1ID, *p.market, p.preferred, p.timelock)
	if err != nil {
		return err
	}
	gen.Contracts.ProofManager, gen.Contracts.ProofManagerDeployBlock = pm.ProofManager, pm.DeployBlock
	fmt.Fprintf(c.App.Writer, "ProofManager    %s (implementation %s, USDC %s, submitter %s)\n", pm.ProofManager, pm.Implementation, pm.USDC, p.market.Submitter)
	for _, w := range marketWarnings(ctx, l1, *p.market, p.preferred, pm) {
		fmt.Fprintln(c.App.ErrWriter, "warning:", w)
	}
	return nil
}

// validatorsFlag parses --validator values: the three public key texts
// of `cairn keys show`, comma-separated, and an optional weight=N. The CLI
// splits slice flags at commas, so the parts are regrouped: a validator
// starts at its public key.
func validatorsFlag(parts []string) ([]config.GenesisValidator, error) {
	var vals []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if strings.HasPrefix(p, bls.PublicKeyPrefix) || len(vals) == 0 {
			vals = append(vals, p)
		} else {
			vals[len(vals)-1] += "," + p
		}
	}
	out := make([]config.GenesisValidator, 0, len(vals))
	for i, v := range vals {
		gv := config.GenesisValidator{Weight: 1, Leader: true}
		var haveKey, havePoP, haveNode bool
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			var err error
			switch {
			case strings.HasPrefix(part, bls.PublicKeyPrefix):
				gv.Key, err = bls.ParsePublicKey(part)
				haveKey = true
			case strings.HasPrefix(part, bls.PoPPrefix):
				gv.PoP, err = bls.ParsePoP(part)
				havePoP = true
			case strings.HasPrefix(part, nodekey.PublicKeyPrefix):
				gv.NodeKey, err = nodekey.ParsePublicKey(part)
				haveNode = true
			case strings.HasPrefix(part, "weight="):
				gv.Weight, err = strconv.ParseUint(strings.TrimPrefix(part, "weight="), 10, 64)
				if err == nil && gv.Weight == 0 {
					err = errors.New("weight must be at least 1")
				}
			default:
				err = fmt.Errorf("unknown part %q", part)
			}
			if err != nil {
				return nil, fmt.Errorf("--validator %d: %w", i+1, err)
			}
		}
		if !haveKey || !havePoP || !haveNode {
			return nil, fmt.Errorf("--validator %d: needs the validator public key, its proof of possession and the node public key (cairn keys show prints them)", i+1)
		}
		out = append(out, gv)
	}
	return out, nil
}

// marketParams reads the Proof Manager flags before anything is sent; nil
// when the market is not deployed.
func marketParams(c *cli.Context) (*deploy.ProofManagerParams, uint8, error) {
	if !c.IsSet("fermah") && !c.IsSet("lagrange") {
		return nil, 0, nil
	}
	if !c.IsSet("fermah") || !c.IsSet("lagrange") {
		return nil, 0, errors.New("--fermah and --lagrange go together: the Proof Manager needs both networks' addresses")
	}
	var p deploy.ProofManagerParams
	var err error
	if p.Fermah, err = address("fermah", c.String("fermah")); err != nil {
		return nil, 0, err
	}
	if p.Lagrange, err = address("lagrange", c.String("lagrange")); err != nil {
		return nil, 0, err
	}
	if c.IsSet("usdc") {
		if p.USDC, err = address("usdc", c.String("usdc")); err != nil {
			return nil, 0, err
		}
	}
	preferred, ok := map[string]uint8{"none": bindings.ProvingNetworkNone, "fermah": bindings.ProvingNetworkFermah,
		"lagrange": bindings.ProvingNetworkLagrange}[c.String("preferred")]
	if !ok {
		return nil, 0, fmt.Errorf("--preferred %q: use fermah, lagrange or none", c.String("preferred"))
	}
	fund := c.Uint64("usdc-fund")
	if !c.IsSet("usdc-fund") && !c.IsSet("usdc") {
		fund = defaultTestUSDCFund
	}
	p.Fund = new(big.Int).Mul(new(big.Int).SetUint64(fund), big.NewInt(deploy.USDC))
	return &p, preferred, nil
}

// checkUSDCFund refuses, before anything is sent, a --usdc that is no
// contract and a transfer of --usdc-fund from a deploying key that does not
// hold it.
func checkUSDCFund(ctx context.Context, l1 *ethclient.Client, from common.Address, p deploy.ProofManagerParams) error {
	if p.USDC == (common.Address{}) {
		return nil
	}
	code, err := l1.CodeAt(ctx, p.USDC, nil)
	if err != nil {
		return fmt.Errorf("--usdc %s: %w", p.USDC, err)
	}
	if len(code) == 0 {
		return fmt.Errorf("--usdc %s: no contract at that address on this L1", p.USDC)
	}
	if p.Fund.Sign() == 0 {
		return nil
	}
	have, err := usdcBalance(ctx, l1, p.USDC, from)
	if err != nil {
		return fmt.Errorf("--usdc %s: %w", p.USDC, err)
	}
	if have.Cmp(p.Fund) < 0 {
		return fmt.Errorf("--usdc-fund %s: the deploying key %s holds only %s USDC of %s", agent.FormatUSDC(p.Fund), from, agent.FormatUSDC(have), p.USDC)
	}
	return nil
}

// marketWarnings reads the deployed market back and names what still keeps
// it from proving or paying. The contracts are deployed by then: what it
// cannot read is a warning too, not an error that would lose the genesis.
func marketWarnings(ctx context.Context, l1 *ethclient.Client, p deploy.ProofManagerParams, preferred uint8, pm deploy.ProofManagerAddresses) []string {
	var out []string
	if preferred == bindings.ProvingNetworkNone {
		out = append(out, "--preferred none: two requests in four are Refused at once and proven by the internal prover")
	}
	bal, err := usdcBalance(ctx, l1, pm.USDC, pm.ProofManager)
	if err != nil {
		out = append(out, fmt.Sprintf("cannot read the ProofManager's USDC (%s): %v", pm.USDC, err))
	} else if oneBatch := big.NewInt(defaultMaxRewardUSDC * deploy.USDC); bal.Cmp(oneBatch) < 0 {
		out = append(out, fmt.Sprintf("the ProofManager %s holds %s USDC, less than one batch at the default max_reward_usdc (%d): "+
			"proofs are Validated but not paid until USDC %s is transferred to it", pm.ProofManager, agent.FormatUSDC(bal), defaultMaxRewardUSDC, pm.USDC))
	}
	for _, n := range []struct {
		name string
		addr common.Address
	}{{"fermah", p.Fermah}, {"lagrange", p.Lagrange}} {
		eth, err := l1.BalanceAt(ctx, n.addr, nil)
		switch {
		case err != nil:
			out = append(out, fmt.Sprintf("cannot read %s's L1 balance: %v", n.name, err))
		case eth.Sign() == 0:
			out = append(out, fmt.Sprintf("%s's address %s has no ETH on L1: it cannot acknowledge, submit proofs or withdraw until it is funded", n.name, n.addr))
		}
	}
	return out
}

func usdcBalance(ctx context.Context, l1 *ethclient.Client, token, who common.Address) (*big.Int, error) {
	tok := bindings.NewTestUSDC() // the ERC-20 part of its ABI
	out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &token, Data: tok.PackBalanceOf(who)}, nil)
	if err != nil {
		return nil, fmt.Errorf("balanceOf(%s): %w", who, err)
	}
	v, err := tok.UnpackBalanceOf(out)
	if err != nil {
		return nil, fmt.Errorf("balanceOf(%s): %w", who, err)
	}
	return v, nil
}

// deployMarket deploys the Proof Manager with the operator as its
// submitter, sets the preferred network, and hands its admin (settings and
// upgrades) to the timelock.
func deployMarket(ctx context.Context, l1 *ethclient.Client, key *ecdsa.PrivateKey, l1ID *big.Int, p deploy.ProofManagerParams, preferred uint8,
	timelock common.Address) (deploy.ProofManagerAddresses, error) {
	addrs, err := deploy.DeployProofManager(ctx, l1, bind.NewKeyedTransactor(key, l1ID), p)
	if err != nil {
		return addrs, err
	}
	tm, err := txmgr.New(ctx, txmgr.Config{}, l1, key, slog.New(slog.DiscardHandler))
	if err != nil {
		return addrs, err
	}
	pm := bindings.NewProofManager()
	if preferred != bindings.ProvingNetworkNone {
		if _, err := tm.Send(ctx, "set the preferred proving network", addrs.ProofManager, pm.PackUpdatePreferredProvingNetwork(preferred)); err != nil {
			return addrs, err
		}
	}
	if timelock != (common.Address{}) {
		if _, err := tm.Send(ctx, "hand the Proof Manager's admin to the timelock", addrs.ProofManager, pm.PackTransferAdmin(timelock)); err != nil {
			return addrs, err
		}
	}
	return addrs, nil
}
