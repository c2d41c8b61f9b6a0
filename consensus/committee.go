package consensus

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"sync"

	"github.com/cairn-rollup/cairn/crypto/bls"
)

// MaxCommitteeSize bounds the committee, and with it every signer bitmap and
// QC a decoder accepts.
const MaxCommitteeSize = 1024

// Validator is one committee member.
type Validator struct {
	Key    bls.PublicKey
	Weight uint64
	Leader bool
	PoP    bls.ProofOfPossession
}

// LeaderSelection says how leaders are chosen.
type LeaderSelection struct {
	// Frequency is the number of consecutive views a leader keeps (≥ 1).
	Frequency uint64
	// Weighted picks leaders pseudo-randomly by weight instead of round robin.
	Weighted bool
}

// Committee is the validator set, sorted by public key bytes: signer bitmaps
// and leader indexes use that order.
type Committee struct {
	vals         []Validator
	index        map[[bls.PublicKeySize]byte]int
	total        uint64
	leaders      []int
	leaderWeight uint64
	sel          LeaderSelection
	aggs         *aggregateKeys
}

// aggregateKeys remembers the sum of the public keys of each signer bitmap
// seen: the committee is fixed, and QCs of one committee mostly carry the
// same few bitmaps. It is a pure function of the bitmap, not a verification
// result, so a cached entry can never make a signature pass.
type aggregateKeys struct {
	mu   sync.Mutex
	keys map[string]bls.AggregateKey
}

// maxAggregateKeys bounds the cache; it is cleared when full.
const maxAggregateKeys = 1024

// NewCommittee validates and sorts a committee. Every proof of possession is
// checked; duplicate keys, zero weights, an empty committee, no leader, a
// zero frequency or a weight overflow are errors.
func NewCommittee(vals []Validator, sel LeaderSelection) (*Committee, error) {
	if len(vals) == 0 {
		return nil, errors.New("committee: empty")
	}
	if len(vals) > MaxCommitteeSize {
		return nil, fmt.Errorf("committee: %d validators, limit %d", len(vals), MaxCommitteeSize)
	}
	if sel.Frequency == 0 {
		return nil, errors.New("committee: leader frequency must be at least 1")
	}
	c := &Committee{vals: slices.Clone(vals), index: make(map[[bls.PublicKeySize]byte]int, len(vals)), sel: sel,
		aggs: &aggregateKeys{keys: map[string]bls.AggregateKey{}}}
	slices.SortFunc(c.vals, func(a, b Validator) int { return a.Key.Compare(b.Key) })
	for i, v := range c.vals {
		if v.Key.IsZero() {
			return nil, fmt.Errorf("committee: validator %d has no key", i)
		}
		if _, dup := c.index[v.Key.Array()]; dup {
			return nil, fmt.Errorf("committee: duplicate key %s", v.Key)
		}
		if v.Weight == 0 {
			return nil, fmt.Errorf("committee: validator %s has weight 0", v.Key)
		}
		if err := v.Key.VerifyPoP(v.PoP); err != nil {
			return nil, fmt.Errorf("committee: validator %s: %w", v.Key, err)
		}
		c.index[v.Key.Array()] = i
		if c.total+v.Weight < c.total {
			return nil, errors.New("committee: total weight overflows")
		}
		c.total += v.Weight
		if v.Leader {
			c.leaders = append(c.leaders, i)
			c.leaderWeight += v.Weight
		}
	}
	if len(c.leaders) == 0 {
		return nil, errors.New("committee: no leader")
	}
	return c, nil
}

// Len is the number of validators.
func (c *Committee) Len() int { return len(c.vals) }

// Validator returns the i-th validator in schedule order.
func (c *Committee) Validator(i int) Validator { return c.vals[i] }

// Index returns the schedule index of a key.
func (c *Committee) Index(pk bls.PublicKey) (int, bool) {
	i, ok := c.index[pk.Array()]
	return i, ok
}

// LeaderSelection returns the leader schedule parameters.
func (c *Committee) LeaderSelection() LeaderSelection { return c.sel }

// TotalWeight is W.
func (c *Committee) TotalWeight() uint64 { return c.total }

// Faulty is f = floor((W - 1) / 5), the weight of faults tolerated.
func (c *Committee) Faulty() uint64 { return (c.total - 1) / 5 }

// Quorum is W - f.
func (c *Committee) Quorum() uint64 { return c.total - c.Faulty() }

// Subquorum is W - 3f, the weight at which a timeout's high vote may have
// been finalized.
func (c *Committee) Subquorum() uint64 { return c.total - 3*c.Faulty() }

// LeaderIndex returns the schedule index of the leader of view number v.
func (c *Committee) LeaderIndex(v uint64) int {
	turn := v / c.sel.Frequency
	if !c.sel.Weighted {
		return c.leaders[turn%uint64(len(c.leaders))]
	}
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], turn)
	h := Keccak256(b[:])
	r := new(big.Int).Mod(new(big.Int).SetBytes(h[:]), new(big.Int).SetUint64(c.leaderWeight)).Uint64()
	for _, i := range c.leaders {
		w := c.vals[i].Weight
		if r < w {
			return i
		}
		r -= w
	}
	panic("consensus: weighted leader walk ran past the leaders")
}

// Leader returns the key of the leader of view number v.
func (c *Committee) Leader(v uint64) bls.PublicKey { return c.vals[c.LeaderIndex(v)].Key }

// Weight sums the weight of the signers.
func (c *Committee) Weight(s Signers) uint64 {
	var w uint64
	for i, ok := range s {
		if ok && i < len(c.vals) {
			w += c.vals[i].Weight
		}
	}
	return w
}

// Keys returns the keys of the signers.
func (c *Committee) Keys(s Signers) []bls.PublicKey {
	out := make([]bls.PublicKey, 0, s.Count())
	for i, ok := range s {
		if ok {
			out = append(out, c.vals[i].Key)
		}
	}
	return out
}

// AggregateKey returns the sum of the keys of the signers, computed once per
// bitmap. The bitmap must be of the committee's length and not empty.
func (c *Committee) AggregateKey(s Signers) (bls.AggregateKey, error) {
	if len(s) != len(c.vals) {
		return bls.AggregateKey{}, fmt.Errorf("committee: signer bitmap of %d, committee of %d", len(s), len(c.vals))
	}
	id := s.key()
	c.aggs.mu.Lock()
	k, ok := c.aggs.keys[id]
	c.aggs.mu.Unlock()
	if ok {
		return k, nil
	}
	k, err := bls.AggregateKeys(c.Keys(s))
	if err != nil {
		return bls.AggregateKey{}, err
	}
	c.aggs.mu.Lock()
	if len(c.aggs.keys) >= maxAggregateKeys {
		clear(c.aggs.keys)
	}
	c.aggs.keys[id] = k
	c.aggs.mu.Unlock()
	return k, nil
}

// Signers is a bitmap over the committee schedule.
type Signers []bool

// NewSigners returns an empty bitmap for a committee of n.
func NewSigners(n int) Signers { return make(Signers, n) }

// Count returns the number of set bits.
func (s Signers) Count() int {
	n := 0
	for _, b := range s {
		if b {
			n++
		}
	}
	return n
}

// key packs the bitmap into a string usable as a map key.
func (s Signers) key() string {
	b := make([]byte, (len(s)+7)/8)
	for i, ok := range s {
		if ok {
			b[i/8] |= 1 << (i % 8)
		}
	}
	return string(b)
}

// Overlaps reports whether two bitmaps share a signer.
func (s Signers) Overlaps(o Signers) bool {
	for i := range min(len(s), len(o)) {
		if s[i] && o[i] {
			return true
		}
	}
	return false
}
