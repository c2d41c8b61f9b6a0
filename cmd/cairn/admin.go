package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"
)

// adminCommand is `cairn admin`: the calls only the contracts' admin may
// make, through the CairnTimelock that `cairn deploy` makes their admin
// (scheduled, shown with their ETA, executed once ready, or cancelled).
func adminCommand() *cli.Command {
	target := []cli.Flag{
		&cli.StringFlag{Name: "l1-rpc", Required: true, Usage: "L1 JSON-RPC URL"},
		&cli.StringFlag{Name: "genesis", Usage: "the network's genesis file (for the contracts' addresses)"},
		&cli.StringFlag{Name: "proposer", Usage: "the OnChainProposer address (instead of --genesis)"},
	}
	withKey := append([]cli.Flag{&cli.StringFlag{Name: "key", Required: true, Usage: "file with the hex key of the timelock's admin (--admin of cairn deploy)"}}, target...)
	return &cli.Command{
		Name:  "admin",
		Usage: "schedule, show, execute and cancel the admin's calls through the timelock",
		Subcommands: []*cli.Command{
			{
				Name:      "schedule",
				Usage:     "schedule an admin call (executed at once when the delay is 0)",
				ArgsUsage: "ACTION ARGS… (" + strings.Join(adminActionNames(), ", ") + ")",
				Flags:     withKey,
				Action:    runAdminSchedule,
			},
			{Name: "show", Usage: "list the pending operations with their ETA", Flags: target, Action: runAdminShow},
			{Name: "execute", Usage: "execute a pending operation once ready", ArgsUsage: "OPERATION_ID", Flags: withKey, Action: runAdminExecute},
			{Name: "cancel", Usage: "cancel a pending operation", ArgsUsage: "OPERATION_ID", Flags: withKey, Action: runAdminCancel},
		},
	}
}

// adminAction encodes one admin call from its arguments.
type adminAction struct {
	args  string
	build func(n *networkContracts, args []string) (to common.Address, data []byte, err error)
}

var (
	ocpBinding  = bindings.NewOnChainProposer()
	execBinding = bindings.NewExecVerifier()
	pmBinding   = bindings.NewProofManager()
	tlBinding   = bindings.NewCairnTimelock()
)

var adminActions = map[string]adminAction{
	"set-operator": {"ADDRESS", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		addr, err := address("set-operator", a[0])
		return n.ocp, ocpBinding.PackSetOperator(addr), err
	}},
	"set-verifier": {"PROOF_TYPE ADDRESS", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		t, err := strconv.ParseUint(a[0], 10, 8)
		if err != nil {
			return common.Address{}, nil, fmt.Errorf("set-verifier: proof type %q: %w", a[0], err)
		}
		addr, err := address("set-verifier", a[1])
		return n.ocp, ocpBinding.PackSetVerifier(uint8(t), addr), err
	}},
	"set-proof-types": {"TYPE[,TYPE…]", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		var types []uint8
		for _, s := range strings.Split(a[0], ",") {
			t, err := strconv.ParseUint(strings.TrimSpace(s), 10, 8)
			if err != nil {
				return common.Address{}, nil, fmt.Errorf("set-proof-types: proof type %q: %w", s, err)
			}
			types = append(types, uint8(t))
		}
		return n.ocp, ocpBinding.PackSetRequiredProofTypes(types), nil
	}},
	"revert-batch": {"BATCH", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		b, err := strconv.ParseUint(a[0], 10, 64)
		return n.ocp, ocpBinding.PackRevertBatch(b), err
	}},
	"add-prover":    {"ADDRESS", proverAction(execBinding.PackAddProver)},
	"remove-prover": {"ADDRESS", proverAction(execBinding.PackRemoveProver)},
	"pm-set-network": {"fermah|lagrange ADDRESS", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		net, err := networkArg(a[0])
		if err != nil {
			return common.Address{}, nil, err
		}
		addr, err := address("pm-set-network", a[1])
		return n.pm, pmBinding.PackUpdateProvingNetworkAddress(net, addr), err
	}},
	"pm-set-network-status": {"fermah|lagrange active|inactive", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		net, err := networkArg(a[0])
		if err != nil {
			return common.Address{}, nil, err
		}
		st, ok := map[string]uint8{"active": bindings.ProvingNetworkStatusActive, "inactive": bindings.ProvingNetworkStatusInactive}[a[1]]
		if !ok {
			return common.Address{}, nil, fmt.Errorf("pm-set-network-status: %q is not active or inactive", a[1])
		}
		return n.pm, pmBinding.PackUpdateProvingNetworkStatus(net, st), nil
	}},
	"pm-set-preferred": {"fermah|lagrange|none", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		net, err := networkArg(a[0])
		if a[0] == "none" {
			net, err = bindings.ProvingNetworkNone, nil
		}
		return n.pm, pmBinding.PackUpdatePreferredProvingNetwork(net), err
	}},
	"pm-set-submitter": {"ADDRESS", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		addr, err := address("pm-set-submitter", a[0])
		return n.pm, pmBinding.PackSetSubmitter(addr), err
	}},
	"set-delay": {"SECONDS", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		d, err := strconv.ParseUint(a[0], 10, 63)
		if err != nil {
			return common.Address{}, nil, fmt.Errorf("set-delay: %q seconds: %w", a[0], err)
		}
		return n.timelock, tlBinding.PackUpdateDelay(new(big.Int).SetUint64(d)), nil
	}},
	"pm-upgrade": {"IMPLEMENTATION", func(n *networkContracts, a []string) (common.Address, []byte, error) {
		addr, err := address("pm-upgrade", a[0])
		return n.pm, pmBinding.PackUpgradeToAndCall(addr, nil), err
	}},
}

func proverAction(pack func(common.Address) []byte) func(*networkContracts, []string) (common.Address, []byte, error) {
	return func(n *networkContracts, a []string) (common.Address, []byte, error) {
		addr, err := address("prover", a[0])
		return n.exec, pack(addr), err
	}
}

func networkArg(s string) (uint8, error) {
	n, ok := map[string]uint8{"fermah": bindings.ProvingNetworkFermah, "lagrange": bindings.ProvingNetworkLagrange}[s]
	if !ok {
		return 0, fmt.Errorf("proving network %q: use fermah or lagrange", s)
	}
	return n, nil
}

func adminActionNames() []string {
	var out []string
	for name, a := range adminActions {
		out = append(out, name+" "+a.args)
	}
	slices.Sort(out)
	return out
}

// networkContracts are the addresses the admin calls go to, from --genesis
// or --proposer (then the ExecVerifier is the proposer's verifier of type 1
// and there is no ProofManager).
type networkContracts struct {
	ocp, exec, pm common.Address
	timelock      common.Address // the OnChainProposer's admin
	fromBlock     uint64         // where the timelock's events start
}

func contractsFlags(ctx context.Context, c *cli.Context, l1 *ethclient.Client) (*networkContracts, error) {
	if c.IsSet("genesis") && !c.IsSet("proposer") {
		g, err := config.LoadGenesis(c.String("genesis"))
		if err != nil {
			return nil, err
		}
		return &networkContracts{ocp: g.Contracts.OnChainProposer, exec: g.Contracts.ExecVerifier, pm: g.Contracts.ProofManager,
			fromBlock: g.Contracts.BridgeDeployBlock}, nil
	}
	ocp, err := proposerAddress(c)
	if err != nil {
		return nil, err
	}
	n := &networkContracts{ocp: ocp}
	out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &ocp, Data: ocpBinding.PackVerifiers(1)}, nil)
	if err == nil {
		n.exec, _ = ocpBinding.UnpackVerifiers(out)
	}
	return n, nil
}

// adminEnv is what every `cairn admin` subcommand works with.
type adminEnv struct {
	ctx      context.Context
	w        io.Writer
	l1       *ethclient.Client
	net      *networkContracts
	timelock common.Address
	delay    uint64 // seconds
	key      *ecdsa.PrivateKey
	from     common.Address
}

// openAdmin dials L1, reads the contracts and the timelock (the
// OnChainProposer's admin), and the key when the subcommand sends.
func openAdmin(ctx context.Context, c *cli.Context, needKey bool) (*adminEnv, error) {
	e := &adminEnv{ctx: ctx, w: c.App.Writer}
	if needKey {
		key, err := readKeyFile(c.String("key"))
		if err != nil {
			return nil, err
		}
		if key == nil {
			return nil, errors.New("--key: the file is empty")
		}
		e.key, e.from = key, crypto.PubkeyToAddress(key.PublicKey)
	}
	l1, err := ethclient.DialContext(ctx, c.String("l1-rpc"))
	if err != nil {
		return nil, fmt.Errorf("--l1-rpc: %w", err)
	}
	e.l1 = l1
	if e.net, err = contractsFlags(ctx, c, l1); err != nil {
		l1.Close()
		return nil, err
	}
	admin, err := contractAdmin(ctx, l1, e.net.ocp)
	if err != nil {
		l1.Close()
		return nil, err
	}
	delay, isTL := timelockDelay(ctx, l1, admin)
	if !isTL {
		l1.Close()
		return nil, fmt.Errorf("the OnChainProposer %s is administered by %s, not by a timelock: it takes admin calls directly", e.net.ocp, admin)
	}
	e.timelock, e.delay, e.net.timelock = admin, delay, admin
	return e, nil
}

// contractAdmin is admin() of any of Cairn's contracts.
func contractAdmin(ctx context.Context, l1 *ethclient.Client, contract common.Address) (common.Address, error) {
	out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &contract, Data: ocpBinding.PackAdmin()}, nil)
	if err != nil {
		return common.Address{}, fmt.Errorf("admin of %s: %w", contract, err)
	}
	if len(out) == 0 {
		return common.Address{}, fmt.Errorf("no contract at %s on this L1: check --genesis/--proposer", contract)
	}
	return ocpBinding.UnpackAdmin(out)
}

// timelockDelay is the timelock's minimum delay in seconds, and false when
// addr is no timelock (a key, or another contract).
func timelockDelay(ctx context.Context, l1 *ethclient.Client, addr common.Address) (uint64, bool) {
	out, err := l1.CallContract(ctx, ethereum.CallMsg{To: &addr, Data: tlBinding.PackGetMinDelay()}, nil)
	if err != nil || len(out) != 32 {
		return 0, false
	}
	d, err := tlBinding.UnpackGetMinDelay(out)
	if err != nil || !d.IsUint64() {
		return 0, false
	}
	return d.Uint64(), true
}

// requireRole refuses, in one line, a key without the timelock role.
func (e *adminEnv) requireRole(name string, pack func() []byte, unpack func([]byte) ([32]byte, error)) error {
	out, err := e.l1.CallContract(e.ctx, ethereum.CallMsg{To: &e.timelock, Data: pack()}, nil)
	if err != nil {
		return fmt.Errorf("timelock %s: %w", e.timelock, err)
	}
	role, err := unpack(out)
	if err != nil {
		return err
	}
	out, err = e.l1.CallContract(e.ctx, ethereum.CallMsg{To: &e.timelock, Data: tlBinding.PackHasRole(role, e.from)}, nil)
	if err != nil {
		return fmt.Errorf("timelock %s: %w", e.timelock, err)
	}
	if ok, err := tlBinding.UnpackHasRole(out); err != nil || !ok {
		return fmt.Errorf("--key: %s is not the admin: it is no %s of the timelock %s that administers the contracts", e.from, name, e.timelock)
	}
	return nil
}

func (e *adminEnv) send(what string, data []byte) (common.Hash, error) {
	tm, err := txmgr.New(e.ctx, txmgr.Config{}, e.l1, e.key, slog.New(slog.DiscardHandler))
	if err != nil {
		return common.Hash{}, err
	}
	r, err := tm.Send(e.ctx, what, e.timelock, data)
	if err != nil {
		return common.Hash{}, fmt.Errorf("%s: %s", what, timelockRevert(err))
	}
	return r.TxHash, nil
}

// scheduleCall schedules to.call(data) through the timelock with its
// minimum delay and a fresh salt, and executes it at once when the delay
// is 0; what names the call in the lines it prints.
func (e *adminEnv) scheduleCall(what string, to common.Address, data []byte) error {
	if err := e.requireRole("proposer", tlBinding.PackPROPOSERROLE, tlBinding.UnpackPROPOSERROLE); err != nil {
		return err
	}
	// The call must succeed as the timelock makes it (now; a later state
	// may differ by the ETA).
	if _, err := e.l1.EstimateGas(e.ctx, ethereum.CallMsg{From: e.timelock, To: &to, Data: data}); err != nil {
		return fmt.Errorf("%s would be refused: %s", what, revertReason(err))
	}
	var salt [32]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return err
	}
	zero, delay := new(big.Int), new(big.Int).SetUint64(e.delay)
	tx, err := e.send("schedule "+what, tlBinding.PackSchedule(to, zero, data, [32]byte{}, salt, delay))
	if err != nil {
		return err
	}
	id := crypto.Keccak256Hash(abiEncodeOperation(to, data, salt))
	if e.delay == 0 {
		tx2, err := e.send("execute "+what, tlBinding.PackExecute(to, zero, data, [32]byte{}, salt))
		if err != nil {
			return err
		}
		fmt.Fprintf(e.w, "%s: done through the timelock %s (delay 0; scheduled in tx %s, executed in tx %s)\n", what, e.timelock, tx, tx2)
		return nil
	}
	eta, err := e.eta(id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "%s: scheduled through the timelock %s as operation %s in tx %s; executable from %s (in %s): cairn admin execute %s\n",
		what, e.timelock, id, tx, eta.UTC().Format(time.RFC3339), time.Duration(e.delay)*time.Second, id)
	return nil
}

// abiEncodeOperation is the input of TimelockController.hashOperation with
// no value and no predecessor: keccak256(abi.encode(target, 0, data, 0, salt)).
func abiEncodeOperation(to common.Address, data []byte, salt [32]byte) []byte {
	packed := tlBinding.PackHashOperation(to, new(big.Int), data, [32]byte{}, salt)
	return packed[4:] // the arguments are abi.encode'd exactly so
}

// eta is when a pending operation becomes executable.
func (e *adminEnv) eta(id common.Hash) (time.Time, error) {
	out, err := e.l1.CallContract(e.ctx, ethereum.CallMsg{To: &e.timelock, Data: tlBinding.PackGetTimestamp(id)}, nil)
	if err != nil {
		return time.Time{}, fmt.Errorf("timelock %s: %w", e.timelock, err)
	}
	ts, err := tlBinding.UnpackGetTimestamp(out)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(ts.Int64(), 0), nil
}

// timelockRevert decodes a timelock custom error (or a target's) into one line.
func timelockRevert(err error) string {
	data, ok := ethclient.RevertErrorData(err)
	if !ok {
		return strings.ReplaceAll(err.Error(), "\n", " ")
	}
	if e, uerr := tlBinding.UnpackError(data); uerr == nil {
		switch e := e.(type) {
		case *bindings.CairnTimelockAccessControlUnauthorizedAccount:
			return fmt.Sprintf("%s lacks the timelock role %x", e.Account, e.NeededRole)
		case *bindings.CairnTimelockTimelockUnexpectedOperationState:
			return fmt.Sprintf("operation %x is not in the state this needs", e.OperationId)
		default:
			return strings.TrimPrefix(fmt.Sprintf("%T%+v", e, e), "*bindings.CairnTimelock")
		}
	}
	return revertReason(err)
}

func runAdminSchedule(c *cli.Context) error {
	args := c.Args().Slice()
	if len(args) == 0 {
		return fmt.Errorf("give an action: %s", strings.Join(adminActionNames(), "; "))
	}
	act, ok := adminActions[args[0]]
	if !ok {
		return fmt.Errorf("unknown action %q: use one of %s", args[0], strings.Join(adminActionNames(), "; "))
	}
	if want := len(strings.Fields(act.args)); len(args)-1 != want {
		return fmt.Errorf("%s takes %s", args[0], act.args)
	}
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Minute)
	defer cancel()
	e, err := openAdmin(ctx, c, true)
	if err != nil {
		return err
	}
	defer e.l1.Close()
	to, data, err := act.build(e.net, args[1:])
	if err != nil {
		return err
	}
	if to == (common.Address{}) {
		return fmt.Errorf("%s: the network has no such contract (give --genesis)", args[0])
	}
	return e.scheduleCall(strings.Join(args, " "), to, data)
}

// operation is a call scheduled on the timelock, read from its events.
type operation struct {
	id          common.Hash
	target      common.Address
	data        []byte
	predecessor [32]byte
	salt        [32]byte
}

// operations reads every call ever scheduled on the timelock, in order.
func (e *adminEnv) operations() ([]*operation, error) {
	tlABI, err := bindings.CairnTimelockMetaData.ParseABI()
	if err != nil {
		return nil, err
	}
	scheduled, salted := tlABI.Events["CallScheduled"].ID, tlABI.Events["CallSalt"].ID
	logs, err := e.l1.FilterLogs(e.ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(e.net.fromBlock),
		Addresses: []common.Address{e.timelock}, Topics: [][]common.Hash{{scheduled, salted}}})
	if err != nil {
		return nil, fmt.Errorf("the timelock's events: %w", err)
	}
	var out []*operation
	byID := map[common.Hash]*operation{}
	for i := range logs {
		l := &logs[i]
		switch l.Topics[0] {
		case scheduled:
			ev, err := tlBinding.UnpackCallScheduledEvent(l)
			if err != nil {
				return nil, err
			}
			op := &operation{id: ev.Id, target: ev.Target, data: ev.Data, predecessor: ev.Predecessor}
			if prev := byID[op.id]; prev != nil {
				op.salt = prev.salt // CallSalt comes after CallScheduled; a re-schedule keeps it
			}
			byID[op.id] = op
			out = append(out, op)
		case salted:
			ev, err := tlBinding.UnpackCallSaltEvent(l)
			if err != nil {
				return nil, err
			}
			if op := byID[ev.Id]; op != nil {
				op.salt = ev.Salt
			}
		}
	}
	return out, nil
}

// Operation states of TimelockController.getOperationState.
const (
	opUnset uint8 = iota
	opWaiting
	opReady
	opDone
)

func (e *adminEnv) state(id common.Hash) (uint8, error) {
	out, err := e.l1.CallContract(e.ctx, ethereum.CallMsg{To: &e.timelock, Data: tlBinding.PackGetOperationState(id)}, nil)
	if err != nil {
		return 0, fmt.Errorf("timelock %s: %w", e.timelock, err)
	}
	return tlBinding.UnpackGetOperationState(out)
}

// describe names a scheduled call: its contract and its decoded arguments.
func (e *adminEnv) describe(op *operation) string {
	names := map[common.Address]struct {
		name string
		meta *bind.MetaData
	}{
		e.net.ocp: {"OnChainProposer", &bindings.OnChainProposerMetaData}, e.net.exec: {"ExecVerifier", &bindings.ExecVerifierMetaData},
		e.net.pm: {"ProofManager", &bindings.ProofManagerMetaData}, e.timelock: {"timelock", &bindings.CairnTimelockMetaData},
	}
	n, ok := names[op.target]
	if !ok || op.target == (common.Address{}) || len(op.data) < 4 {
		return fmt.Sprintf("%s call 0x%x", op.target, op.data)
	}
	parsed, err := n.meta.ParseABI()
	if err != nil {
		return fmt.Sprintf("%s call 0x%x", n.name, op.data)
	}
	m, err := parsed.MethodById(op.data[:4])
	if err != nil {
		return fmt.Sprintf("%s call 0x%x", n.name, op.data)
	}
	vals, err := m.Inputs.Unpack(op.data[4:])
	if err != nil {
		return fmt.Sprintf("%s.%s 0x%x", n.name, m.Name, op.data[4:])
	}
	args := make([]string, len(vals))
	for i, v := range vals {
		args[i] = fmt.Sprintf("%s=%v", m.Inputs[i].Name, v)
	}
	return fmt.Sprintf("%s.%s(%s)", n.name, m.Name, strings.Join(args, ", "))
}

func runAdminShow(c *cli.Context) error {
	ctx, cancel := context.WithTimeout(c.Context, time.Minute)
	defer cancel()
	e, err := openAdmin(ctx, c, false)
	if err != nil {
		return err
	}
	defer e.l1.Close()
	ops, err := e.operations()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "timelock %s, delay %s\n", e.timelock, time.Duration(e.delay)*time.Second)
	pending := 0
	for _, op := range ops {
		st, err := e.state(op.id)
		if err != nil {
			return err
		}
		if st != opWaiting && st != opReady {
			continue
		}
		eta, err := e.eta(op.id)
		if err != nil {
			return err
		}
		word := "waiting"
		if st == opReady {
			word = "ready"
		}
		pending++
		fmt.Fprintf(e.w, "%s  %s  ETA %s  %s\n", op.id, word, eta.UTC().Format(time.RFC3339), e.describe(op))
	}
	if pending == 0 {
		fmt.Fprintln(e.w, "no pending operation")
	}
	return nil
}

// pendingOp finds the operation of the subcommand's argument, refusing in
// one line one that is unknown or executed.
func (e *adminEnv) pendingOp(c *cli.Context) (*operation, uint8, error) {
	if c.Args().Len() != 1 || !isHash(c.Args().First()) {
		return nil, 0, errors.New("give the operation id (0x… 32 bytes, as cairn admin show prints it)")
	}
	id := common.HexToHash(c.Args().First())
	st, err := e.state(id)
	if err != nil {
		return nil, 0, err
	}
	switch st {
	case opUnset:
		return nil, 0, fmt.Errorf("unknown operation %s: never scheduled on the timelock %s, or cancelled", id, e.timelock)
	case opDone:
		return nil, 0, fmt.Errorf("operation %s was executed already", id)
	}
	ops, err := e.operations()
	if err != nil {
		return nil, 0, err
	}
	for i := len(ops) - 1; i >= 0; i-- {
		if ops[i].id == id {
			return ops[i], st, nil
		}
	}
	return nil, 0, fmt.Errorf("operation %s is pending but none of the timelock's events since block %d schedules it", id, e.net.fromBlock)
}

func isHash(s string) bool {
	b, err := hexutil.Decode(s)
	return err == nil && len(b) == common.HashLength
}

func runAdminExecute(c *cli.Context) error {
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Minute)
	defer cancel()
	e, err := openAdmin(ctx, c, true)
	if err != nil {
		return err
	}
	defer e.l1.Close()
	op, st, err := e.pendingOp(c)
	if err != nil {
		return err
	}
	if st == opWaiting {
		eta, err := e.eta(op.id)
		if err != nil {
			return err
		}
		return fmt.Errorf("operation %s is not ready: executable from %s (in %s)", op.id, eta.UTC().Format(time.RFC3339),
			time.Until(eta).Round(time.Second))
	}
	if err := e.requireRole("executor", tlBinding.PackEXECUTORROLE, tlBinding.UnpackEXECUTORROLE); err != nil {
		return err
	}
	tx, err := e.send("execute", tlBinding.PackExecute(op.target, new(big.Int), op.data, op.predecessor, op.salt))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "executed %s: %s in tx %s\n", op.id, e.describe(op), tx)
	return nil
}

func runAdminCancel(c *cli.Context) error {
	ctx, cancel := context.WithTimeout(c.Context, 2*time.Minute)
	defer cancel()
	e, err := openAdmin(ctx, c, true)
	if err != nil {
		return err
	}
	defer e.l1.Close()
	op, _, err := e.pendingOp(c)
	if err != nil {
		return err
	}
	if err := e.requireRole("canceller", tlBinding.PackCANCELLERROLE, tlBinding.UnpackCANCELLERROLE); err != nil {
		return err
	}
	tx, err := e.send("cancel", tlBinding.PackCancel(op.id))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.w, "cancelled %s: %s in tx %s\n", op.id, e.describe(op), tx)
	return nil
}
