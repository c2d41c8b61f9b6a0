package agent

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/txmgr"
	"github.com/cairn-rollup/cairn/rollup"
)

// Defaults of the Config fields left zero.
const (
	DefaultCapacity       = 4
	DefaultPollInterval   = 2 * time.Second
	DefaultHTTPTimeout    = time.Minute
	DefaultMaxInputSize   = rollup.MaxProverInputSize
	DefaultMaxBlockStep   = 1000
	DefaultDeadlineMargin = 12 * time.Second
	DefaultRetryBackoff   = time.Second
	DefaultMaxBackoff     = time.Minute
)

// maxBackoffFactor caps the retry delay of a failed download or proof at
// RetryBackoff × maxBackoffFactor.
const maxBackoffFactor = 32

// NetworkName is the name of a ProofManager.ProvingNetwork value.
func NetworkName(n uint8) string {
	switch n {
	case bindings.ProvingNetworkFermah:
		return "fermah"
	case bindings.ProvingNetworkLagrange:
		return "lagrange"
	}
	return fmt.Sprintf("network(%d)", n)
}

// Config says which network the agent acts for and how.
type Config struct {
	// Network is the ProofManager.ProvingNetwork the agent acts for:
	// bindings.ProvingNetworkFermah (1) or bindings.ProvingNetworkLagrange (2).
	Network      uint8
	ProofManager common.Address
	// L2ChainID, when not zero, is the only chain whose requests the agent
	// accepts (its prover proves that chain only); others are refused.
	L2ChainID uint64
	// Price is asked per proof, in USDC base units (6 decimals); the contract
	// stores min(Price, maxReward).
	Price *big.Int
	// Capacity is how many requests the agent has committed to and not yet
	// proven at most; a request beyond it is refused.
	Capacity     int
	PollInterval time.Duration
	// StartBlock is the first L1 block read for events (the ProofManager's
	// deploy block, or later).
	StartBlock uint64
	// MaxBlockStep bounds the blocks one eth_getLogs call covers.
	MaxBlockStep uint64
	// HTTPTimeout bounds one download of a prover input; MaxInputSize bounds
	// its size in bytes.
	HTTPTimeout  time.Duration
	MaxInputSize int64
	// DeadlineMargin is how far ahead of a deadline (in L1 time) the agent
	// stops sending transactions that must land before it: a transaction is
	// mined in a later block than the head it was decided on.
	DeadlineMargin time.Duration
	// RetryBackoff is the delay before the first retry of a failed download
	// or proof; it doubles with every failure.
	RetryBackoff time.Duration
	// MaxBackoff caps the delay after failures in a row of a whole round (L1
	// unreachable) or of a withdrawal the contract refuses (e.g. not funded):
	// the delay starts at PollInterval and doubles up to MaxBackoff.
	MaxBackoff time.Duration
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Capacity == 0 {
		c.Capacity = DefaultCapacity
	}
	if c.PollInterval <= 0 {
		c.PollInterval = DefaultPollInterval
	}
	if c.MaxBlockStep == 0 {
		c.MaxBlockStep = DefaultMaxBlockStep
	}
	if c.HTTPTimeout <= 0 {
		c.HTTPTimeout = DefaultHTTPTimeout
	}
	if c.MaxInputSize == 0 {
		c.MaxInputSize = DefaultMaxInputSize
	}
	if c.DeadlineMargin == 0 {
		c.DeadlineMargin = DefaultDeadlineMargin
	}
	if c.RetryBackoff <= 0 {
		c.RetryBackoff = DefaultRetryBackoff
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = DefaultMaxBackoff
	}
	c.MaxBackoff = max(c.MaxBackoff, c.PollInterval)
	return c
}

func (c *Config) validate() error {
	if c.Network != bindings.ProvingNetworkFermah && c.Network != bindings.ProvingNetworkLagrange {
		return fmt.Errorf("network %d: want %d (Fermah) or %d (Lagrange)", c.Network, bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange)
	}
	if c.ProofManager == (common.Address{}) {
		return errors.New("no ProofManager address")
	}
	if c.Price == nil || c.Price.Sign() < 0 {
		return fmt.Errorf("price %v: want a non-negative amount of USDC base units", c.Price)
	}
	if c.Capacity < 0 {
		return fmt.Errorf("capacity %d is negative", c.Capacity)
	}
	if c.MaxInputSize < 0 {
		return fmt.Errorf("max input size %d is negative", c.MaxInputSize)
	}
	if c.DeadlineMargin < 0 {
		return fmt.Errorf("deadline margin %s is negative", c.DeadlineMargin)
	}
	return nil
}

// Client is what the agent needs of an L1 node (an *ethclient.Client has
// it all).
type Client interface {
	txmgr.Client
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
}

// Prover proves an encoded rollup.ProverInput (exec.Backend is one).
type Prover interface {
	Prove(ctx context.Context, input []byte) ([]byte, error)
}

// ErrWrongKey is returned by Run when the ProofManager's address for the
// network is not the agent key's: every transaction the agent would send
// would revert.
var ErrWrongKey = errors.New("the key is not the proving network's address on L1")

// Agent is a proving network's agent. Run or Step drive it; they must not be
// called concurrently.
type Agent struct {
	cfg          Config
	l1           Client
	key          *ecdsa.PrivateKey
	from         common.Address
	prover       Prover
	log          *slog.Logger
	pm           *bindings.ProofManager
	eventTopic   common.Hash
	networkTopic common.Hash
	http         *http.Client
	marginSecs   uint64
	reverts      revertDecoder
	clock        clock.Clock // the local clock of retries
	l1Outage     *outage.Reporter

	withdrawBackoff backoff
	withdrawAfter   time.Time // no withdrawal attempt before (after a refused one)

	txs       *txmgr.Manager // created on the first round: it needs the L1 chain id
	ackWindow *big.Int       // ProofManager.ACKNOWLEDGEMENT_WINDOW, read on the first round
	cursor    uint64         // next L1 block to read events from
	jobs      map[requestKey]*job
	order     []requestKey // tracked requests, oldest first

	workers sync.WaitGroup
	running int           // workers started and not yet collected
	mu      sync.Mutex    // guards the result fields of jobs being proven
	done    chan struct{} // a worker finished (capacity 1, never blocks)
}

// requestKey identifies a request: its chain id and batch number as
// 32-byte big-endian words.
type requestKey struct{ chainID, batch common.Hash }

type phase int

const (
	// phasePending: seen in an event, not acknowledged by this agent yet.
	phasePending phase = iota
	// phaseCommitted: Committed on L1; a proof is to be produced.
	phaseCommitted
	// phaseProving: a worker is downloading and proving.
	phaseProving
	// phaseProved: the proof is ready to be submitted.
	phaseProved
)

type job struct {
	id          bindings.ProofManagerProofRequestIdentifier
	phase       phase
	url         string
	submittedAt uint64
	timeout     *big.Int // timeoutAfter, seconds from submittedAt
	maxReward   *big.Int
	retryAt     time.Time // local clock: no new attempt before
	backoff     time.Duration
	attempts    int
	proof       []byte

	// Written by the worker, read after it finished (under Agent.mu).
	finished bool
	result   []byte
	err      error
}

func (j *job) attrs() []any {
	return []any{"chain_id", j.id.ChainId, "batch", j.id.BatchNumber}
}

// New returns an agent acting for cfg.Network with key, which must be the
// network's address in the ProofManager. Run or Step start it.
func New(cfg Config, l1 Client, key *ecdsa.PrivateKey, prover Prover, log *slog.Logger) (*Agent, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("proving-network agent: %w", err)
	}
	if l1 == nil || key == nil || prover == nil {
		return nil, errors.New("proving-network agent: an L1 client, a key and a prover are required")
	}
	cfg.Price = new(big.Int).Set(cfg.Price) // the caller's stays the caller's
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	pm := bindings.NewProofManager()
	return &Agent{
		cfg:             cfg,
		l1:              l1,
		key:             key,
		from:            from,
		prover:          prover,
		log:             log.With("network", NetworkName(cfg.Network)),
		pm:              pm,
		eventTopic:      pm.GetABI().Events[bindings.ProofManagerProofRequestSubmittedEventName].ID,
		networkTopic:    common.BigToHash(new(big.Int).SetUint64(uint64(cfg.Network))),
		http:            &http.Client{Timeout: cfg.HTTPTimeout},
		marginSecs:      uint64((cfg.DeadlineMargin + time.Second - 1) / time.Second),
		reverts:         newRevertDecoder(),
		clock:           clock.System{},
		withdrawBackoff: backoff{base: cfg.PollInterval, max: cfg.MaxBackoff},
		cursor:          cfg.StartBlock,
		jobs:            make(map[requestKey]*job),
		done:            make(chan struct{}, 1),
		l1Outage:        outage.New(log.With("network", NetworkName(cfg.Network)), nil),
	}, nil
}

// Address is the agent's L1 address.
func (a *Agent) Address() common.Address { return a.from }

// Run runs rounds until ctx ends, proving in the background. L1 and
// download errors are logged and retried; it returns nil when ctx ends, or
// ErrWrongKey at the start when the network's address on L1 is not the
// key's. No goroutine it started outlives it.
func (a *Agent) Run(ctx context.Context) error {
	workCtx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		a.workers.Wait()
	}()
	a.log.Info("Proving-network agent started", "address", a.from, "proof_manager", a.cfg.ProofManager,
		"price", FormatUSDC(a.cfg.Price), "capacity", a.cfg.Capacity, "start_block", a.cfg.StartBlock)
	failures := backoff{base: a.cfg.PollInterval, max: a.cfg.MaxBackoff}
	// Reset discards a pending tick (Go 1.23 timers), so t is re-armed with
	// each round's wait whether or not it fired.
	t := time.NewTimer(a.cfg.PollInterval)
	defer t.Stop()
	for {
		wait := a.cfg.PollInterval
		if err := a.round(ctx, workCtx, false); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, ErrWrongKey) {
				return err
			}
			wait = failures.fail()
			a.roundFailed(err, failures.failures, wait)
		} else {
			failures.reset()
			a.l1Outage.OK()
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-a.done:
		}
	}
}

// roundFailed logs a failed round: an L1 outage as package outage says
// (one Warn line when L1 goes away, Debug while it stays down), any other
// failure a Warn line each time.
func (a *Agent) roundFailed(err error, failures int, wait time.Duration) {
	if a.l1Outage.Failed(err, wait) {
		return
	}
	a.log.Warn("Proving-network round failed, retrying", "err", err, "revert", a.reverts.describe(err),
		"failures", failures, "retry_in", wait)
}

// Step runs one round: reads new events, acknowledges, proves and submits
// (waiting for the proofs it started), and withdraws what is due. It returns
// the errors met, joined; the work that did not fail is done. No goroutine
// it started outlives it.
func (a *Agent) Step(ctx context.Context) error {
	return a.round(ctx, ctx, true)
}

// round is one pass. Workers run under workCtx; with wait, the round waits
// for them and submits what they proved before it returns.
func (a *Agent) round(ctx, workCtx context.Context, wait bool) error {
	if err := a.init(ctx); err != nil {
		return err
	}
	head, err := a.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("L1 head: %w", err)
	}
	var errs []error
	if err := a.scan(ctx, head.Number.Uint64()); err != nil {
		errs = append(errs, err)
	}
	a.collect()
	errs = append(errs, a.process(ctx, workCtx, head.Time, true))
	if wait && a.running > 0 {
		a.workers.Wait()
		a.collect()
		// Submit what was proved, without starting workers the round would
		// have to wait for again.
		if head, err = a.l1.HeaderByNumber(ctx, nil); err != nil {
			errs = append(errs, fmt.Errorf("L1 head: %w", err))
		} else {
			errs = append(errs, a.process(ctx, workCtx, head.Time, false))
		}
	}
	errs = append(errs, a.withdraw(ctx))
	return errors.Join(errs...)
}

// init checks that the key is the network's, reads the acknowledgement
// window and creates the transaction manager, once.
func (a *Agent) init(ctx context.Context) error {
	if a.txs != nil {
		return nil
	}
	info, err := a.networkInfo(ctx)
	if err != nil {
		return err
	}
	if info.Addr != a.from {
		return fmt.Errorf("%w: the ProofManager at %s has %s for %s, the key is %s's", ErrWrongKey,
			a.cfg.ProofManager, info.Addr, NetworkName(a.cfg.Network), a.from)
	}
	out, err := a.call(ctx, a.pm.PackACKNOWLEDGEMENTWINDOW())
	if err != nil {
		return fmt.Errorf("read ACKNOWLEDGEMENT_WINDOW: %w", err)
	}
	window, err := a.pm.UnpackACKNOWLEDGEMENTWINDOW(out)
	if err != nil {
		return fmt.Errorf("decode ACKNOWLEDGEMENT_WINDOW: %w", err)
	}
	poll := min(a.cfg.PollInterval, 200*time.Millisecond)
	txs, err := txmgr.New(ctx, txmgr.Config{PollInterval: poll}, a.l1, a.key, a.log)
	if err != nil {
		return err
	}
	a.txs, a.ackWindow = txs, window
	return nil
}

// scan reads the ProofRequestSubmitted events assigned to the network from
// the cursor up to head, MaxBlockStep blocks a call, and tracks the requests
// it did not know.
func (a *Agent) scan(ctx context.Context, head uint64) error {
	for a.cursor <= head {
		to := min(head, a.cursor+a.cfg.MaxBlockStep-1)
		logs, err := a.l1.FilterLogs(ctx, ethereum.FilterQuery{
			FromBlock: new(big.Int).SetUint64(a.cursor), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{a.cfg.ProofManager},
			Topics:    [][]common.Hash{{a.eventTopic}, nil, nil, {a.networkTopic}},
		})
		if err != nil {
			return fmt.Errorf("ProofManager logs of L1 blocks %d..%d: %w", a.cursor, to, err)
		}
		for i := range logs {
			if logs[i].Removed {
				continue
			}
			ev, err := a.parseRequest(&logs[i])
			if err != nil {
				a.log.Warn("Skipping a ProofRequestSubmitted log that does not decode", "l1_block", logs[i].BlockNumber,
					"tx", logs[i].TxHash, "err", err)
				continue
			}
			k := keyOf(ev.ChainId, ev.BatchNumber)
			if _, ok := a.jobs[k]; ok {
				continue
			}
			j := &job{id: bindings.ProofManagerProofRequestIdentifier{ChainId: ev.ChainId, BatchNumber: ev.BatchNumber}}
			a.jobs[k] = j
			a.order = append(a.order, k)
			a.log.Debug("Proof request seen", append(j.attrs(), "url", ev.ProofInputsUrl, "l1_block", logs[i].BlockNumber)...)
		}
		a.cursor = to + 1
	}
	return nil
}

// parseRequest decodes a ProofRequestSubmitted log of the ProofManager
// assigned to the agent's network. Logs are untrusted: anything else is an
// error.
func (a *Agent) parseRequest(l *types.Log) (*bindings.ProofManagerProofRequestSubmitted, error) {
	if l.Address != a.cfg.ProofManager {
		return nil, fmt.Errorf("log of %s, not the ProofManager %s", l.Address, a.cfg.ProofManager)
	}
	if len(l.Topics) != 4 {
		return nil, fmt.Errorf("%d topics, want 4", len(l.Topics))
	}
	// Six head words (the URL's offset, the protocol version, timeoutAfter,
	// maxReward) and the URL's length at least.
	if len(l.Data) < 7*32 {
		return nil, fmt.Errorf("%d bytes of data, want at least %d", len(l.Data), 7*32)
	}
	ev, err := a.pm.UnpackProofRequestSubmittedEvent(l)
	if err != nil {
		return nil, err
	}
	if ev.ChainId == nil || ev.BatchNumber == nil {
		return nil, errors.New("no request id")
	}
	if ev.AssignedTo != a.cfg.Network {
		return nil, fmt.Errorf("assigned to %s", NetworkName(ev.AssignedTo))
	}
	return ev, nil
}

// collect takes the results of the workers that finished.
func (a *Agent) collect() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range a.order {
		j := a.jobs[k]
		if j.phase != phaseProving || !j.finished {
			continue
		}
		a.running--
		j.finished = false
		result, err := j.result, j.err
		j.result, j.err = nil, nil
		if err != nil {
			var perm permanentError
			if errors.As(err, &perm) {
				a.log.Error("Giving up on a committed request", append(j.attrs(), "url", j.url, "err", err)...)
				a.drop(k)
				continue
			}
			j.phase = phaseCommitted
			j.backoff = min(max(2*j.backoff, a.cfg.RetryBackoff), maxBackoffFactor*a.cfg.RetryBackoff)
			j.retryAt = a.clock.Now().Add(j.backoff)
			a.log.Warn("Proof failed, will retry", append(j.attrs(), "attempt", j.attempts, "retry_in", j.backoff, "err", err)...)
			continue
		}
		j.phase, j.proof = phaseProved, result
	}
}

// process moves every tracked request forward; headTime is the L1 head's
// timestamp, the clock of every deadline. start says whether it may start
// workers.
func (a *Agent) process(ctx, workCtx context.Context, headTime uint64, start bool) error {
	var errs []error
	for _, k := range append([]requestKey(nil), a.order...) {
		j, ok := a.jobs[k]
		if !ok {
			continue
		}
		var err error
		switch j.phase {
		case phasePending:
			err = a.acknowledge(ctx, k, j, headTime)
		case phaseProved:
			err = a.submit(ctx, k, j, headTime)
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		// A request just committed to is started in the same round.
		if j, ok := a.jobs[k]; ok && j.phase == phaseCommitted && start {
			a.startProof(workCtx, k, j, headTime)
		}
	}
	a.compact()
	return errors.Join(errs...)
}

// acknowledge reads a request the agent has not acted on and acknowledges
// it if it is still waiting for that, or takes up one this network already
// committed to (after a restart).
func (a *Agent) acknowledge(ctx context.Context, k requestKey, j *job, headTime uint64) error {
	r, err := a.request(ctx, j)
	if err != nil {
		return a.readFailed(k, j, err)
	}
	j.url, j.submittedAt, j.timeout, j.maxReward = r.ProofInputsUrl, r.SubmittedAt, r.TimeoutAfter, r.MaxReward
	if r.AssignedTo != a.cfg.Network {
		a.log.Warn("Request is not assigned to this network, ignoring it", append(j.attrs(), "assigned_to", NetworkName(r.AssignedTo))...)
		a.drop(k)
		return nil
	}
	switch r.Status {
	case bindings.ProofRequestStatusPendingAcknowledgement:
	case bindings.ProofRequestStatusCommitted:
		a.log.Info("Resuming a committed request", append(j.attrs(), "url", j.url)...)
		j.phase = phaseCommitted
		return nil
	default:
		a.log.Debug("Request already settled, leaving it", append(j.attrs(), "status", r.Status)...)
		a.drop(k)
		return nil
	}
	if !a.beforeDeadline(headTime, j.submittedAt, a.ackWindow) {
		a.log.Warn("Acknowledgement window passed, not acknowledging", append(j.attrs(), "submitted_at", j.submittedAt, "l1_time", headTime)...)
		a.drop(k)
		return nil
	}

	accept, reason := true, ""
	switch {
	case a.cfg.L2ChainID != 0 && (!j.id.ChainId.IsUint64() || j.id.ChainId.Uint64() != a.cfg.L2ChainID):
		accept, reason = false, fmt.Sprintf("chain %s, this prover proves chain %d", j.id.ChainId, a.cfg.L2ChainID)
	case checkURL(j.url) != nil:
		accept, reason = false, checkURL(j.url).Error()
	case a.inFlight() >= a.cfg.Capacity:
		accept, reason = false, fmt.Sprintf("at capacity (%d requests in flight)", a.cfg.Capacity)
	}
	if _, err := a.txs.Send(ctx, "acknowledge proof request", a.cfg.ProofManager, a.pm.PackAcknowledgeProofRequest(j.id, accept)); err != nil {
		if errors.Is(err, txmgr.ErrReverted) {
			a.log.Warn("Acknowledgement refused by the ProofManager", append(j.attrs(), "accept", accept,
				"revert", a.reverts.describe(err), "err", err)...)
			a.drop(k)
			return nil
		}
		return fmt.Errorf("acknowledge batch %s: %w", j.id.BatchNumber, err)
	}
	if !accept {
		a.log.Info("Proof request refused", append(j.attrs(), "reason", reason)...)
		a.drop(k)
		return nil
	}
	a.log.Info("Proof request acknowledged", append(j.attrs(), "url", j.url, "max_reward", FormatUSDC(j.maxReward),
		"deadline", deadline(j.submittedAt, j.timeout))...)
	j.phase = phaseCommitted
	return nil
}

// startProof starts a worker for a committed request whose retry time has
// come, unless its proving deadline passed or too many workers run.
func (a *Agent) startProof(ctx context.Context, k requestKey, j *job, headTime uint64) {
	if !a.beforeDeadline(headTime, j.submittedAt, j.timeout) {
		a.log.Warn("Proving deadline passed, giving up", append(j.attrs(), "deadline", deadline(j.submittedAt, j.timeout), "l1_time", headTime)...)
		a.drop(k)
		return
	}
	if a.clock.Now().Before(j.retryAt) || a.running >= a.cfg.Capacity {
		return
	}
	j.phase = phaseProving
	j.attempts++
	a.running++
	a.workers.Add(1)
	url := j.url
	go func() {
		defer a.workers.Done()
		proof, err := a.produce(ctx, url)
		a.mu.Lock()
		j.finished, j.result, j.err = true, proof, err
		a.mu.Unlock()
		select {
		case a.done <- struct{}{}:
		default:
		}
	}()
}

// produce downloads a prover input and proves it (the worker's job).
func (a *Agent) produce(ctx context.Context, url string) ([]byte, error) {
	input, err := a.download(ctx, url)
	if err != nil {
		return nil, err
	}
	proof, err := a.prover.Prove(ctx, input)
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	if len(proof) == 0 {
		return nil, errors.New("prove: the prover returned an empty proof")
	}
	return proof, nil
}

// submit submits a proof if the request is still Committed and its deadline
// has not passed.
func (a *Agent) submit(ctx context.Context, k requestKey, j *job, headTime uint64) error {
	r, err := a.request(ctx, j)
	if err != nil {
		return a.readFailed(k, j, err)
	}
	if r.Status != bindings.ProofRequestStatusCommitted {
		a.log.Warn("Request no longer Committed, not submitting the proof", append(j.attrs(), "status", r.Status)...)
		a.drop(k)
		return nil
	}
	if !a.beforeDeadline(headTime, r.SubmittedAt, r.TimeoutAfter) {
		a.log.Warn("Proving deadline passed, not submitting the proof", append(j.attrs(), "deadline", deadline(r.SubmittedAt, r.TimeoutAfter), "l1_time", headTime)...)
		a.drop(k)
		return nil
	}
	price := a.cfg.Price
	if _, err := a.txs.Send(ctx, "submit proof", a.cfg.ProofManager, a.pm.PackSubmitProof(j.id, j.proof, price)); err != nil {
		if errors.Is(err, txmgr.ErrReverted) {
			a.log.Warn("Proof refused by the ProofManager", append(j.attrs(), "revert", a.reverts.describe(err), "err", err)...)
			a.drop(k)
			return nil
		}
		return fmt.Errorf("submit the proof of batch %s: %w", j.id.BatchNumber, err)
	}
	stored := price
	if r.MaxReward.Cmp(price) < 0 {
		stored = r.MaxReward
	}
	a.log.Info("Proof submitted", append(j.attrs(), "price", FormatUSDC(stored), "asked", FormatUSDC(price),
		"proof_bytes", len(j.proof), "attempts", j.attempts)...)
	a.drop(k)
	return nil
}

// withdraw withdraws the network's payment when some is due (one call a
// round: a call pays at most the contract's cap). After a refused call it
// waits, longer after every refusal in a row, before trying again.
func (a *Agent) withdraw(ctx context.Context) error {
	if a.clock.Now().Before(a.withdrawAfter) {
		return nil
	}
	info, err := a.networkInfo(ctx)
	if err != nil {
		return err
	}
	if info.PaymentDue == nil || info.PaymentDue.Sign() == 0 {
		return nil
	}
	if info.Addr != a.from {
		a.log.Warn("Payment due, but the network's address on L1 is not this key's", "due", FormatUSDC(info.PaymentDue), "l1_address", info.Addr)
		return nil
	}
	rcpt, err := a.txs.Send(ctx, "withdraw", a.cfg.ProofManager, a.pm.PackWithdraw())
	if err != nil {
		if errors.Is(err, txmgr.ErrReverted) {
			wait := a.withdrawBackoff.fail()
			a.withdrawAfter = a.clock.Now().Add(wait)
			a.log.Warn("Withdraw refused by the ProofManager, retrying later", "due", FormatUSDC(info.PaymentDue),
				"revert", a.reverts.describe(err), "failures", a.withdrawBackoff.failures, "retry_in", wait, "err", err)
			return nil
		}
		return fmt.Errorf("withdraw: %w", err)
	}
	a.withdrawBackoff.reset()
	paid := new(big.Int)
	for _, l := range rcpt.Logs {
		if l.Address != a.cfg.ProofManager {
			continue
		}
		if ev, err := a.pm.UnpackPaymentWithdrawnEvent(l); err == nil {
			paid.Add(paid, ev.Amount)
		}
	}
	a.log.Info("Payment withdrawn", "amount", FormatUSDC(paid), "due", FormatUSDC(info.PaymentDue),
		"requests", info.UnpaidRequests, "tx", rcpt.TxHash)
	return nil
}

// request reads a request as the ProofManager stores it now.
func (a *Agent) request(ctx context.Context, j *job) (bindings.ProofManagerProofRequest, error) {
	out, err := a.call(ctx, a.pm.PackProofRequest(j.id.ChainId, j.id.BatchNumber))
	if err != nil {
		return bindings.ProofManagerProofRequest{}, fmt.Errorf("read proof request of batch %s: %w", j.id.BatchNumber, err)
	}
	r, err := a.pm.UnpackProofRequest(out)
	if err != nil {
		return r, fmt.Errorf("decode proof request of batch %s: %w", j.id.BatchNumber, err)
	}
	if r.TimeoutAfter == nil || r.MaxReward == nil {
		return r, fmt.Errorf("decode proof request of batch %s: missing fields", j.id.BatchNumber)
	}
	return r, nil
}

func (a *Agent) networkInfo(ctx context.Context) (bindings.ProofManagerProvingNetworkInfo, error) {
	out, err := a.call(ctx, a.pm.PackProvingNetworkInfo(a.cfg.Network))
	if err != nil {
		return bindings.ProofManagerProvingNetworkInfo{}, fmt.Errorf("read provingNetworkInfo(%s): %w", NetworkName(a.cfg.Network), err)
	}
	info, err := a.pm.UnpackProvingNetworkInfo(out)
	if err != nil {
		return info, fmt.Errorf("decode provingNetworkInfo(%s): %w", NetworkName(a.cfg.Network), err)
	}
	return info, nil
}

func (a *Agent) call(ctx context.Context, data []byte) ([]byte, error) {
	return a.l1.CallContract(ctx, ethereum.CallMsg{To: &a.cfg.ProofManager, Data: data}, nil)
}

// readFailed handles a failed read of a request: one the contract refuses
// to return (e.g. gone in a reorg) is dropped, an RPC failure is retried.
func (a *Agent) readFailed(k requestKey, j *job, err error) error {
	if isRevert(err) {
		a.log.Warn("Request not readable from the ProofManager, dropping it", append(j.attrs(), "err", err)...)
		a.drop(k)
		return nil
	}
	return err
}

// beforeDeadline says whether a transaction decided at L1 time headTime
// still lands by start + window, DeadlineMargin included.
func (a *Agent) beforeDeadline(headTime, start uint64, window *big.Int) bool {
	latest := new(big.Int).SetUint64(headTime)
	latest.Add(latest, new(big.Int).SetUint64(a.marginSecs))
	return latest.Cmp(deadline(start, window)) <= 0
}

func deadline(start uint64, window *big.Int) *big.Int {
	return new(big.Int).Add(new(big.Int).SetUint64(start), window)
}

// inFlight counts the requests committed to and not yet proven.
func (a *Agent) inFlight() int {
	n := 0
	for _, j := range a.jobs {
		if j.phase != phasePending {
			n++
		}
	}
	return n
}

func (a *Agent) drop(k requestKey) { delete(a.jobs, k) }

// compact forgets the dropped keys of order.
func (a *Agent) compact() {
	kept := a.order[:0]
	for _, k := range a.order {
		if _, ok := a.jobs[k]; ok {
			kept = append(kept, k)
		}
	}
	clear(a.order[len(kept):])
	a.order = kept
}

func keyOf(chainID, batch *big.Int) requestKey {
	return requestKey{chainID: common.BigToHash(chainID), batch: common.BigToHash(batch)}
}

func isRevert(err error) bool { return strings.Contains(err.Error(), "revert") }

// FormatUSDC formats an amount of USDC base units (6 decimals) as a decimal
// number of USDC, e.g. 10500000 → "10.5".
func FormatUSDC(v *big.Int) string {
	if v == nil {
		return "0"
	}
	neg := v.Sign() < 0
	abs := new(big.Int).Abs(v)
	q, r := new(big.Int).QuoRem(abs, big.NewInt(1_000_000), new(big.Int))
	s := q.String()
	if r.Sign() != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%06d", r.Int64()), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}
