package rpc

import "github.com/ethereum/go-ethereum/common/hexutil"

// ConsensusSource gives the node's view of consensus and the network.
type ConsensusSource interface {
	ConsensusStatus() ConsensusStatus
}

// ConsensusAPI serves cairn_consensusStatus; it is registered under the
// cairn namespace beside API.
type ConsensusAPI struct{ src ConsensusSource }

// NewConsensusAPI returns the API.
func NewConsensusAPI(src ConsensusSource) *ConsensusAPI { return &ConsensusAPI{src: src} }

// ConsensusStatus is the answer of cairn_consensusStatus.
type ConsensusStatus struct {
	// Validator is this node's validator key, empty on a full node.
	Validator string `json:"validator,omitempty"`
	// View, Phase and Leader are this replica's (absent on a full node).
	View   *hexutil.Uint64 `json:"view,omitempty"`
	Phase  string          `json:"phase,omitempty"`
	Leader string          `json:"leader,omitempty"`
	// Timeouts counts the views this replica timed out in since start.
	Timeouts       *hexutil.Uint64   `json:"timeouts,omitempty"`
	Committee      []CommitteeMember `json:"committee"`
	LastFinalBlock hexutil.Uint64    `json:"lastFinalBlock"`
	Peers          []Peer            `json:"peers"`
	Sync           SyncStatus        `json:"sync"`
}

// CommitteeMember is one validator with the last view this node saw from it.
type CommitteeMember struct {
	Key          string          `json:"key"`
	NodeKey      string          `json:"nodeKey"`
	Weight       hexutil.Uint64  `json:"weight"`
	Connected    bool            `json:"connected"`
	LastSeenView *hexutil.Uint64 `json:"lastSeenView"`
}

// Peer is a connected peer.
type Peer struct {
	ID        string `json:"id"`
	Addr      string `json:"addr"`
	Inbound   bool   `json:"inbound"`
	Validator bool   `json:"validator"`
}

// SyncStatus says how far behind the best announced block this node is.
type SyncStatus struct {
	Local    hexutil.Uint64 `json:"local"`
	BestPeer hexutil.Uint64 `json:"bestPeer"`
	Lag      hexutil.Uint64 `json:"lag"`
}

// ConsensusStatus returns the view, phase and leader of this validator,
// the committee with each member's last seen view, the last final block,
// the peers and the sync lag.
func (a *ConsensusAPI) ConsensusStatus() ConsensusStatus { return a.src.ConsensusStatus() }
