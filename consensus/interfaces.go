package consensus

import (
	"context"

	"github.com/cairn-rollup/cairn/crypto/bls"
)

// PublicKey is a validator's key, the address of a consensus message.
type PublicKey = bls.PublicKey

// Engine is what the execution layer gives consensus.
type Engine interface {
	Genesis() *Genesis
	// LastFinal returns the persisted chain tip: the number and payload hash
	// of the newest final block, or a zero hash when no block is final yet.
	LastFinal(ctx context.Context) (uint64, Hash)
	ProposePayload(ctx context.Context, number uint64) ([]byte, error)
	VerifyPayload(ctx context.Context, number uint64, payload []byte) error
	// Finalize persists the block with its CommitQC, then returns.
	Finalize(ctx context.Context, b FinalBlock) error
	// ReplicaState returns the persisted replica state (empty if none).
	ReplicaState(ctx context.Context) ([]byte, error)
	// SetReplicaState stores the state durably before it returns.
	SetReplicaState(ctx context.Context, state []byte) error
}

// Transport is what the network gives consensus.
type Transport interface {
	Broadcast(msg Signed) // to every validator, self included
	Send(to PublicKey, msg Signed)
	Inbound() <-chan Signed
}
