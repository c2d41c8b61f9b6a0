package coordinator

import (
	"context"
	"slices"
	"sync"
)

// inputCacheSize is how many batches' compressed inputs are kept: about one
// per prover at work, enough for a batch asked for again (a reconnect, a
// lease handed out anew) to cost neither a read nor a compression.
const inputCacheSize = 8

// inputCache holds the compressed inputs of the batches handed out last. A
// batch's input is read and compressed once, by its first request; requests
// that arrive meanwhile wait for that one rather than start their own.
type inputCache struct {
	load func(ctx context.Context, batch uint64) ([]byte, error) // reads and compresses

	mu      sync.Mutex
	entries map[uint64]*inputEntry
	recent  []uint64 // least recently used first
}

type inputEntry struct {
	ready      chan struct{} // closed once compressed or err is set
	compressed []byte
	err        error
}

func newInputCache(load func(ctx context.Context, batch uint64) ([]byte, error)) *inputCache {
	return &inputCache{load: load, entries: make(map[uint64]*inputEntry)}
}

// get returns batch's compressed input. A failed load is not kept: the next
// request tries again.
func (c *inputCache) get(ctx context.Context, batch uint64) ([]byte, error) {
	c.mu.Lock()
	e, ok := c.entries[batch]
	if ok {
		c.recent = slices.DeleteFunc(c.recent, func(b uint64) bool { return b == batch })
	} else {
		e = &inputEntry{ready: make(chan struct{})}
		c.entries[batch] = e
		if len(c.recent) == inputCacheSize {
			delete(c.entries, c.recent[0])
			c.recent = c.recent[1:]
		}
	}
	c.recent = append(c.recent, batch)
	c.mu.Unlock()

	if !ok {
		e.compressed, e.err = c.load(ctx, batch)
		if e.err != nil {
			c.drop(batch, e)
		}
		close(e.ready)
	}
	select {
	case <-e.ready:
		return e.compressed, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// drop forgets batch's input (once it is proven, say); with only set, only
// if the entry is still only.
func (c *inputCache) drop(batch uint64, only *inputEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[batch]; ok && (only == nil || e == only) {
		delete(c.entries, batch)
		c.recent = slices.DeleteFunc(c.recent, func(b uint64) bool { return b == batch })
	}
}
