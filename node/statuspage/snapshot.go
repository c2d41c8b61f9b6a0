package statuspage

import (
	"context"
	"time"
)

// Source gives the node's state as the page shows it. Snapshot must be
// cheap and bounded: no more L1 calls than the node's own status needs.
// A part it could not read is left zero and said in the L1 or other error
// fields, never a failed page.
type Source interface {
	Snapshot(ctx context.Context) Snapshot
}

// Snapshot is everything the page shows, read at Taken.
type Snapshot struct {
	Taken         time.Time      `json:"taken"`
	Roles         string         `json:"roles"`
	Head          Head           `json:"head"`
	Consensus     Consensus      `json:"consensus"`
	Peers         []Peer         `json:"peers"`
	Sync          Sync           `json:"sync"`
	Pipeline      Pipeline       `json:"pipeline"`
	Batches       []Batch        `json:"batches"` // the most recent sealed batches, newest first
	ProofRequests map[string]int `json:"proof_requests"`
	Deposits      Deposits       `json:"deposits"`
	L1            L1             `json:"l1"`
}

// Head is the node's last final block.
type Head struct {
	Number uint64    `json:"number"`
	Hash   string    `json:"hash"`
	Time   time.Time `json:"time"` // the block's timestamp
	// FinalitySeconds is the time from the last finalized block's
	// timestamp to its finalization here (0: none finalized since start).
	FinalitySeconds float64 `json:"finality_seconds"`
}

// Consensus is the validator's state (zero on a full node) and the
// committee.
type Consensus struct {
	Validator string   `json:"validator,omitempty"` // this node's validator key
	View      uint64   `json:"view"`
	Phase     string   `json:"phase,omitempty"`
	Leader    string   `json:"leader,omitempty"`
	Timeouts  uint64   `json:"timeouts"`
	Committee []Member `json:"committee"`
}

// Member is a validator of the committee.
type Member struct {
	Key       string `json:"key"`
	Weight    uint64 `json:"weight"`
	Connected bool   `json:"connected"`
	Self      bool   `json:"self"`
	// LastSeenView is the highest view of a consensus message this node
	// saw signed by the validator (nil: none since start).
	LastSeenView *uint64 `json:"last_seen_view"`
}

// Peer is a connected peer that passed the handshake.
type Peer struct {
	ID        string `json:"id"`
	Addr      string `json:"addr"`
	Inbound   bool   `json:"inbound"`
	Validator bool   `json:"validator"`
}

// Sync is block sync's view: this node's last final block, the best a
// peer announced, and the blocks between.
type Sync struct {
	Local    uint64 `json:"local"`
	BestPeer uint64 `json:"best_peer"`
	Lag      uint64 `json:"lag"`
}

// Pipeline is the last batch at each stage.
type Pipeline struct {
	Sealed    uint64 `json:"sealed"`
	Certified uint64 `json:"certified"`
	Committed uint64 `json:"committed"` // on L1
	Verified  uint64 `json:"verified"`  // on L1
	// CommitterWaiting says why the committer waits ("" when it does not
	// or the node commits nothing).
	CommitterWaiting string `json:"committer_waiting,omitempty"`
}

// Batch is one sealed batch and how far it went.
type Batch struct {
	Number     uint64 `json:"number"`
	FirstBlock uint64 `json:"first_block"`
	LastBlock  uint64 `json:"last_block"`
	Certified  bool   `json:"certified"`
	// Weight and Quorum are the attesters' weight for the batch (its
	// certificate's, or the votes so far) and the quorum, where the node
	// knows the committee (Quorum 0: it does not, or none applies).
	Weight    uint64 `json:"weight"`
	Quorum    uint64 `json:"quorum"`
	Committed bool   `json:"committed"`
	CommitTx  string `json:"commit_tx,omitempty"` // known on the node that committed it
	Proven    bool   `json:"proven"`              // a proof is stored here, or L1 verified it
	Verified  bool   `json:"verified"`
	VerifyTx  string `json:"verify_tx,omitempty"`
	Stage     string `json:"stage"` // the furthest stage; filled by the Handler
}

// Deposits are the L1 deposits as this node has them.
type Deposits struct {
	Seen    uint64 `json:"seen"`   // highest deposit id stored from L1
	Minted  uint64 `json:"minted"` // highest deposit id minted on L2
	Pending uint64 `json:"pending"`
	// Halted says why deposits are not taken ("" when they are).
	Halted string `json:"halted,omitempty"`
}

// L1 is what the node knows of L1.
type L1 struct {
	// Head is the L1 block the deposit watcher last read as its target,
	// of kind HeadTag (the head, or the safe or finalized block).
	Head    uint64 `json:"head"`
	HeadTag string `json:"head_tag,omitempty"`
	Down    bool   `json:"down"` // the node's L1 loops see L1 unreachable
	// Error is the last error of the node's L1 loops, at ErrorAt.
	Error   string    `json:"error,omitempty"`
	ErrorAt time.Time `json:"error_at,omitzero"`
	// StatusError is why this snapshot could not read L1's counters
	// (Committed and Verified are then zero).
	StatusError string `json:"status_error,omitempty"`
}

// stage is the furthest stage batch b reached.
func (b Batch) stage() string {
	switch {
	case b.Verified:
		return "verified"
	case b.Proven:
		return "proven"
	case b.Committed:
		return "committed"
	case b.Certified:
		return "certified"
	}
	return "sealed"
}
