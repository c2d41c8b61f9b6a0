package submitter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"time"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/outage"
	"github.com/cairn-rollup/cairn/l1/stepper"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// ProofTypeExec is the proof type market proofs are stored under.
const ProofTypeExec uint8 = 1

// ackWindow is the contract's ACKNOWLEDGEMENT_WINDOW.
const ackWindow = 120

// Config tunes the submitter.
type Config struct {
	ProofManager  common.Address
	L2ChainID     uint64
	InputsURL     string // base URL where the node serves /proof-inputs/<chainId>/<batch>
	TimeoutAfter  uint64 // seconds a network has to prove, from submission
	MaxReward     *big.Int
	Protocol      [3]uint32
	StartBlock    uint64 // first L1 block to read events from without a cursor
	MaxBlockStep  uint64
	CheckInterval time.Duration
	// From is the address the Sender sends from: Run checks it is the
	// contract's submitter (zero: not checked).
	From common.Address
}

// L1 is what the submitter reads from L1.
type L1 interface {
	CallContract(ctx context.Context, msg ethereum.CallMsg, block *big.Int) ([]byte, error)
	FilterLogs(ctx context.Context, q ethereum.FilterQuery) ([]types.Log, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Sender sends the submitter's transactions.
type Sender interface {
	Send(ctx context.Context, what string, to common.Address, data []byte) (*types.Receipt, error)
}

// Rollup tells how far batches got on L1.
type Rollup interface {
	LastCommitted(ctx context.Context) (uint64, error)
	LastVerified(ctx context.Context) (uint64, error)
}

// Verifier checks a proof as the prover coordinator does.
type Verifier interface {
	VerifyProof(ctx context.Context, batch uint64, proofType uint8, proof []byte) error
}

// Store keeps the submitter's state.
type Store interface {
	MarketRequest(n uint64) (*store.MarketRequest, error)
	SaveMarketRequest(r *store.MarketRequest) error
	MarketRequests(from uint64) ([]store.MarketRequest, error)
	MarketCursor() (block, nextBatch uint64, err error)
	SaveMarketCursor(block, nextBatch uint64) error
	SaveProof(n uint64, proofType uint8, proof []byte) (bool, error)
}

// Submitter is the proof submitter service.
type Submitter struct {
	outages  *outage.Reporter // L1 outages are reported to it; nil: the loop's own
	cfg      Config
	l1       L1
	sender   Sender
	rollup   Rollup
	verifier Verifier
	store    Store
	log      *slog.Logger
	abi      *bindings.ProofManager
	released chan struct{}
	low      uint64    // every request below is settled
	audited  time.Time // when every request in flight was last read from L1
}

// ReportOutagesTo makes the loop report L1 outages to rep, which the
// node's L1 loops share, so that an outage is one Warn and one Info line
// for the node.
func (s *Submitter) ReportOutagesTo(rep *outage.Reporter) *Submitter {
	s.outages = rep
	return s
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.MaxBlockStep == 0 {
		c.MaxBlockStep = 1000
	}
	if c.CheckInterval <= 0 {
		c.CheckInterval = time.Second
	}
	return c
}

// New returns a submitter.
func New(cfg Config, l1 L1, sender Sender, rollup Rollup, v Verifier, st Store, log *slog.Logger) *Submitter {
	return &Submitter{cfg: cfg.withDefaults(), l1: l1, sender: sender, rollup: rollup, verifier: v, store: st, log: log,
		abi: bindings.NewProofManager(), released: make(chan struct{}, 1)}
}

// Released signals when a batch was handed to the internal prover or a
// network proof was stored.
func (s *Submitter) Released() <-chan struct{} { return s.released }

// Run works until ctx ends.
func (s *Submitter) Run(ctx context.Context) {
	s.checkSubmitter(ctx)
	stepper.RunReporting(ctx, s.log, s.outages, s.cfg.CheckInterval, nil, s.Step)
}

// checkSubmitter says, at Error, that the contract's submitter is not
// cfg.From: every request this node sends would revert (NotSubmitter)
// until the admin changes the submitter. It reports whether they match
// (true when it could not tell).
func (s *Submitter) checkSubmitter(ctx context.Context) bool {
	if s.cfg.From == (common.Address{}) {
		return true
	}
	out, err := s.l1.CallContract(ctx, ethereum.CallMsg{To: &s.cfg.ProofManager, Data: s.abi.PackSubmitter()}, nil)
	if err != nil {
		s.log.Debug("ProofManager submitter not read", "err", err)
		return true
	}
	sub, err := s.abi.UnpackSubmitter(out)
	if err != nil || sub == s.cfg.From {
		return true
	}
	s.log.Error("The ProofManager's submitter is not the key this node sends proof requests from: they revert (NotSubmitter)",
		"submitter", sub, "from", s.cfg.From,
		"fix", "l1.proof_sender_key_file (else the operator key) must be deploy's --proof-sender, or the admin runs pm-set-submitter")
	return false
}

// Step submits requests for newly committed batches, reads new events, and
// acts on every request in flight.
func (s *Submitter) Step(ctx context.Context) (bool, error) {
	submitted, err := s.submitNew(ctx)
	if err != nil {
		return false, err
	}
	if err := s.readEvents(ctx); err != nil {
		return false, err
	}
	acted, err := s.actOnInFlight(ctx)
	if err != nil {
		return false, err
	}
	return submitted || acted, nil
}

func (s *Submitter) id(n uint64) bindings.ProofManagerProofRequestIdentifier {
	return bindings.ProofManagerProofRequestIdentifier{ChainId: new(big.Int).SetUint64(s.cfg.L2ChainID), BatchNumber: new(big.Int).SetUint64(n)}
}

// request reads a batch's request from the contract; one that does not
// exist comes back with Exists false.
func (s *Submitter) request(ctx context.Context, n uint64) (bindings.ProofManagerProofRequest, error) {
	data := s.abi.PackProofRequest(new(big.Int).SetUint64(s.cfg.L2ChainID), new(big.Int).SetUint64(n))
	out, err := s.l1.CallContract(ctx, ethereum.CallMsg{To: &s.cfg.ProofManager, Data: data}, nil)
	if isRevert(err, bindings.ProofManagerProofRequestNotFoundErrorID()) {
		return bindings.ProofManagerProofRequest{}, nil
	}
	if err != nil {
		return bindings.ProofManagerProofRequest{}, fmt.Errorf("proofRequest(%d): %w", n, err)
	}
	return s.abi.UnpackProofRequest(out)
}

// isRevert says whether err is a revert with the custom error id.
func isRevert(err error, id common.Hash) bool {
	var de rpc.DataError
	if err == nil || !errors.As(err, &de) {
		return false
	}
	data, ok := de.ErrorData().(string)
	return ok && strings.HasPrefix(strings.ToLower(data), hexutil.Encode(id[:4]))
}

// submitNew submits one request per committed batch, in order. A request
// that already exists on L1 (sent before a crash) is adopted, not resent.
func (s *Submitter) submitNew(ctx context.Context) (bool, error) {
	block, next, err := s.store.MarketCursor()
	if err != nil {
		return false, err
	}
	if next == 0 {
		next = 1
	}
	committed, err := s.rollup.LastCommitted(ctx)
	if err != nil {
		return false, err
	}
	progressed := false
	for ; next <= committed; next++ {
		r, err := s.request(ctx, next)
		if err != nil {
			return progressed, err
		}
		if !r.Exists {
			params := bindings.ProofManagerProofRequestParams{
				ProofInputsUrl: fmt.Sprintf("%s/proof-inputs/%d/%d", s.cfg.InputsURL, s.cfg.L2ChainID, next),
				ProtocolMajor:  s.cfg.Protocol[0], ProtocolMinor: s.cfg.Protocol[1], ProtocolPatch: s.cfg.Protocol[2],
				TimeoutAfter: new(big.Int).SetUint64(s.cfg.TimeoutAfter), MaxReward: s.cfg.MaxReward,
			}
			if _, err := s.sender.Send(ctx, fmt.Sprintf("submit proof request %d", next), s.cfg.ProofManager,
				s.abi.PackSubmitProofRequest(s.id(next), params)); err != nil {
				return progressed, err
			}
			if r, err = s.request(ctx, next); err != nil {
				return progressed, err
			}
			if !r.Exists {
				return progressed, fmt.Errorf("proof request %d: not on L1 after its submission", next)
			}
			s.log.Info("Proof request submitted", "batch", next, "assigned_to", networkName(r.AssignedTo), "status", statusName(r.Status))
		}
		if _, err := s.record(next, r); err != nil {
			return progressed, err
		}
		if err := s.store.SaveMarketCursor(block, next+1); err != nil {
			return progressed, err
		}
		progressed = true
	}
	return progressed, nil
}

// record stores what the contract says of batch n, releasing the batch to
// the internal prover when the market will not prove it. It reports
// whether anything changed. A request the contract does not have was
// submitted on an L1 chain that a reorg replaced: submitNew sends it again.
func (s *Submitter) record(n uint64, r bindings.ProofManagerProofRequest) (bool, error) {
	old, err := s.store.MarketRequest(n)
	if errors.Is(err, store.ErrNotFound) {
		old = &store.MarketRequest{Batch: n}
	} else if err != nil {
		return false, err
	}
	if !r.Exists {
		return s.lost(n)
	}
	mr := *old
	mr.Status, mr.Assignee, mr.SubmittedAt = r.Status, r.AssignedTo, r.SubmittedAt
	if failed(r.Status) && !mr.Fallback {
		mr.Fallback = true
		s.log.Warn("Batch goes to the internal prover", "batch", n, "status", statusName(r.Status), "network", networkName(r.AssignedTo))
		s.signal()
	}
	if mr == *old {
		return false, nil
	}
	return true, s.store.SaveMarketRequest(&mr)
}

// lost moves the submission cursor back to batch n, whose request is not
// on L1 (any more).
func (s *Submitter) lost(n uint64) (bool, error) {
	block, next, err := s.store.MarketCursor()
	if err != nil {
		return false, err
	}
	if next <= n {
		return false, nil // not submitted yet: submitNew's
	}
	s.log.Warn("Proof request not on L1 (an L1 reorg dropped it): submitting it again", "batch", n, "later_batches_rechecked", next-n-1)
	s.low = min(s.low, n)
	return true, s.store.SaveMarketCursor(block, n)
}

func (s *Submitter) signal() {
	select {
	case s.released <- struct{}{}:
	default:
	}
}

// readEvents follows ProofStatusChanged from the stored cursor and records
// the current state of every batch an event names.
func (s *Submitter) readEvents(ctx context.Context) error {
	block, next, err := s.store.MarketCursor()
	if err != nil {
		return err
	}
	if block < s.cfg.StartBlock {
		block = s.cfg.StartBlock
	}
	head, err := s.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return err
	}
	if block > head.Number.Uint64()+1 || time.Since(s.audited) >= auditInterval {
		// L1 went back below the blocks already read (a reorg, or an
		// embedded L1 that lost its last blocks in a crash), or it is time
		// to look again anyway: events of a replaced chain are gone, so
		// every request in flight is read again as it is now.
		if err := s.audit(ctx); err != nil {
			return err
		}
		if block, next, err = s.store.MarketCursor(); err != nil {
			return err
		}
		block = max(min(block, head.Number.Uint64()+1), s.cfg.StartBlock)
		if err := s.store.SaveMarketCursor(block, next); err != nil {
			return err
		}
	}
	for block <= head.Number.Uint64() {
		to := min(head.Number.Uint64(), block+s.cfg.MaxBlockStep-1)
		topic := s.abi.GetABI().Events["ProofStatusChanged"].ID
		logs, err := s.l1.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(block), ToBlock: new(big.Int).SetUint64(to),
			Addresses: []common.Address{s.cfg.ProofManager}, Topics: [][]common.Hash{{topic}, {common.BigToHash(new(big.Int).SetUint64(s.cfg.L2ChainID))}}})
		if err != nil {
			return fmt.Errorf("Proof Manager events %d..%d: %w", block, to, err)
		}
		seen := map[uint64]bool{}
		for i := range logs {
			ev, err := s.abi.UnpackProofStatusChangedEvent(&logs[i])
			if err != nil || !ev.BatchNumber.IsUint64() {
				s.log.Warn("Undecodable Proof Manager event skipped", "tx", logs[i].TxHash, "err", err)
				continue
			}
			n := ev.BatchNumber.Uint64()
			if seen[n] || n >= next {
				continue // batches not submitted yet are recorded by submitNew
			}
			seen[n] = true
			r, err := s.request(ctx, n)
			if err != nil {
				return err
			}
			if _, err := s.record(n, r); err != nil {
				return err
			}
			if _, next, err = s.store.MarketCursor(); err != nil { // record may move it back
				return err
			}
		}
		block = to + 1
		if err := s.store.SaveMarketCursor(block, next); err != nil {
			return err
		}
	}
	return nil
}

// auditInterval is how often every request in flight is read again from
// L1 even when no reorg is seen (one of the same length replaces blocks
// without moving the head back).
const auditInterval = time.Minute

// audit reads every request in flight from L1 and records it as it is.
func (s *Submitter) audit(ctx context.Context) error {
	_, next, err := s.store.MarketCursor()
	if err != nil {
		return err
	}
	reqs, err := s.store.MarketRequests(max(s.low, 1))
	if err != nil {
		return err
	}
	for _, mr := range reqs {
		if settled(mr) || mr.Batch >= next {
			continue
		}
		r, err := s.request(ctx, mr.Batch)
		if err != nil {
			return err
		}
		if _, err := s.record(mr.Batch, r); err != nil {
			return err
		}
		if _, next, err = s.store.MarketCursor(); err != nil {
			return err
		}
	}
	s.audited = time.Now()
	return nil
}

// actOnInFlight marks deadlines, checks proofs and validates verified
// batches for every request the market still holds.
func (s *Submitter) actOnInFlight(ctx context.Context) (bool, error) {
	verified, err := s.rollup.LastVerified(ctx)
	if err != nil {
		return false, err
	}
	_, next, err := s.store.MarketCursor()
	if err != nil {
		return false, err
	}
	reqs, err := s.store.MarketRequests(max(s.low, 1))
	if err != nil {
		return false, err
	}
	// Requests from the cursor on wait for submitNew to send them again.
	for i, mr := range reqs {
		if mr.Batch >= next {
			reqs = reqs[:i]
			break
		}
	}
	// Skip past the settled prefix so that each step reads only what is in flight.
	for len(reqs) > 0 && settled(reqs[0]) && reqs[0].Batch == max(s.low, 1) {
		s.low = reqs[0].Batch + 1
		reqs = reqs[1:]
	}
	head, err := s.l1.HeaderByNumber(ctx, nil)
	if err != nil {
		return false, err
	}
	now := head.Time
	progressed := false
	for _, mr := range reqs {
		var to uint8
		switch mr.Status {
		case bindings.ProofRequestStatusPendingAcknowledgement:
			if now <= mr.SubmittedAt+ackWindow {
				continue
			}
			to = bindings.ProofRequestStatusUnacknowledged
		case bindings.ProofRequestStatusCommitted:
			if now <= mr.SubmittedAt+s.cfg.TimeoutAfter {
				continue
			}
			to = bindings.ProofRequestStatusTimedOut
		case bindings.ProofRequestStatusProven:
			if !mr.ProofStored {
				ok, err := s.takeProof(ctx, mr)
				if err != nil {
					return progressed, err
				}
				if !ok {
					to = bindings.ProofRequestStatusValidationFailed
					break
				}
				progressed = true
			}
			if mr.Batch > verified {
				continue
			}
			to = bindings.ProofRequestStatusValidated
		default:
			continue
		}
		changed, err := s.move(ctx, mr.Batch, to)
		if err != nil {
			return progressed, err
		}
		// A refused update that changed nothing is tried again at the
		// next check, not at once.
		progressed = progressed || changed
	}
	return progressed, nil
}

// takeProof verifies the network's proof and stores it for the proof
// sender. It reports false when the proof does not verify.
func (s *Submitter) takeProof(ctx context.Context, mr store.MarketRequest) (bool, error) {
	r, err := s.request(ctx, mr.Batch)
	if err != nil {
		return false, err
	}
	if err := s.verifier.VerifyProof(ctx, mr.Batch, ProofTypeExec, r.Proof); err != nil {
		s.log.Warn("Network proof refused", "batch", mr.Batch, "network", networkName(mr.Assignee), "err", err)
		return false, nil
	}
	if _, err := s.store.SaveProof(mr.Batch, ProofTypeExec, r.Proof); err != nil {
		return false, err
	}
	mr.ProofStored = true
	if err := s.store.SaveMarketRequest(&mr); err != nil {
		return false, err
	}
	s.log.Info("Network proof accepted", "batch", mr.Batch, "network", networkName(mr.Assignee), "price", r.Price)
	s.signal()
	return true, nil
}

// move sends updateProofRequestStatus and records the result, reporting
// whether the stored request changed. A transition another actor already
// made (the contract refuses ours) is not an error: the request is re-read
// and recorded as it is.
func (s *Submitter) move(ctx context.Context, n uint64, to uint8) (bool, error) {
	_, err := s.sender.Send(ctx, fmt.Sprintf("mark batch %d %s", n, statusName(to)), s.cfg.ProofManager,
		s.abi.PackUpdateProofRequestStatus(s.id(n), to))
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		s.log.Warn("Status update refused, re-reading the request", "batch", n, "to", statusName(to), "err", err)
	} else {
		s.log.Info("Proof request updated", "batch", n, "status", statusName(to))
	}
	r, rerr := s.request(ctx, n)
	if rerr != nil {
		return false, rerr
	}
	return s.record(n, r)
}

// settled says whether a request needs nothing more from the submitter.
func settled(mr store.MarketRequest) bool {
	return mr.Fallback || mr.Status == bindings.ProofRequestStatusValidated || mr.Status == bindings.ProofRequestStatusPaid
}

// failed says whether the market will not prove a batch in this status.
func failed(status uint8) bool {
	switch status {
	case bindings.ProofRequestStatusRefused, bindings.ProofRequestStatusUnacknowledged,
		bindings.ProofRequestStatusTimedOut, bindings.ProofRequestStatusValidationFailed:
		return true
	}
	return false
}

var statusNames = []string{"PendingAcknowledgement", "Committed", "Refused", "Unacknowledged", "Proven",
	"TimedOut", "Validated", "ValidationFailed", "Paid"}

func statusName(s uint8) string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// StatusName is the contract's name of a request status.
func StatusName(s uint8) string { return statusName(s) }

func networkName(n uint8) string {
	switch n {
	case bindings.ProvingNetworkFermah:
		return "fermah"
	case bindings.ProvingNetworkLagrange:
		return "lagrange"
	}
	return "none"
}
