package harness

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/cairn-rollup/cairn/consensus"
)

// ErrBadPayload is returned by MemEngine.VerifyPayload for payloads starting
// with "bad".
var ErrBadPayload = errors.New("payload refused by the engine")

// MemEngine is an in-memory consensus.Engine with small payloads. Its block
// store and replica state survive replica restarts.
type MemEngine struct {
	mu      sync.Mutex
	genesis *consensus.Genesis
	id      uint64
	blocks  []consensus.FinalBlock
	state   []byte
	onFinal func(consensus.FinalBlock)
	onProp  func(number uint64)
	// PayloadSize is the size of proposed payloads (at least 16).
	PayloadSize int
	// Writes counts SetReplicaState calls.
	Writes int
}

// NewMemEngine returns an engine; id makes its payloads differ from those of
// another engine (twins propose different blocks). onFinal, if set, sees
// every finalized or imported block.
func NewMemEngine(g *consensus.Genesis, id uint64, onFinal func(consensus.FinalBlock)) *MemEngine {
	return &MemEngine{genesis: g, id: id, onFinal: onFinal, PayloadSize: 32}
}

// Genesis implements consensus.Engine.
func (e *MemEngine) Genesis() *consensus.Genesis { return e.genesis }

// LastFinal implements consensus.Engine.
func (e *MemEngine) LastFinal(context.Context) (uint64, consensus.Hash) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.blocks) == 0 {
		return 0, consensus.Hash{}
	}
	b := e.blocks[len(e.blocks)-1]
	return b.Number(), b.QC.Header().PayloadHash
}

// ProposePayload implements consensus.Engine.
func (e *MemEngine) ProposePayload(_ context.Context, number uint64) ([]byte, error) {
	if e.onProp != nil {
		e.onProp(number)
	}
	p := make([]byte, max(e.PayloadSize, 16))
	binary.BigEndian.PutUint64(p, number)
	binary.BigEndian.PutUint64(p[8:], e.id)
	return p, nil
}

// VerifyPayload implements consensus.Engine.
func (e *MemEngine) VerifyPayload(_ context.Context, number uint64, payload []byte) error {
	if len(payload) >= 3 && string(payload[:3]) == "bad" {
		return ErrBadPayload
	}
	return nil
}

// Finalize implements consensus.Engine.
func (e *MemEngine) Finalize(_ context.Context, b consensus.FinalBlock) error {
	e.mu.Lock()
	next := e.genesis.FirstBlock
	if len(e.blocks) > 0 {
		next = e.blocks[len(e.blocks)-1].Number() + 1
	}
	if b.Number() != next {
		e.mu.Unlock()
		return fmt.Errorf("finalize block %d: next block is %d", b.Number(), next)
	}
	if consensus.PayloadHash(b.Payload) != b.QC.Header().PayloadHash {
		e.mu.Unlock()
		return fmt.Errorf("finalize block %d: %w", b.Number(), consensus.ErrPayloadHashMismatch)
	}
	e.blocks = append(e.blocks, b)
	e.mu.Unlock()
	if e.onFinal != nil {
		e.onFinal(b)
	}
	return nil
}

// ReplicaState implements consensus.Engine.
func (e *MemEngine) ReplicaState(context.Context) ([]byte, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.state), nil
}

// SetReplicaState implements consensus.Engine.
func (e *MemEngine) SetReplicaState(_ context.Context, s []byte) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.state = slices.Clone(s)
	e.Writes++
	return nil
}

// Blocks returns the final blocks.
func (e *MemEngine) Blocks() []consensus.FinalBlock {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.blocks)
}

// Height returns the number of final blocks.
func (e *MemEngine) Height() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.blocks)
}

// SyncFrom imports the blocks other has beyond this engine's tip, as block
// sync would: each CommitQC is verified before import.
func (e *MemEngine) SyncFrom(other *MemEngine, verify func(*consensus.FinalBlock) error) error {
	theirs := other.Blocks()
	for {
		h := e.Height()
		if h >= len(theirs) {
			return nil
		}
		b := theirs[h]
		if err := verify(&b); err != nil {
			return fmt.Errorf("sync block %d: %w", b.Number(), err)
		}
		if err := e.Finalize(context.Background(), b); err != nil {
			return err
		}
	}
}
