package devchain

import (
	"crypto/sha256"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

// How the dev L1 keeps blob sidecars. geth's blob pool drops a
// transaction's blobs once a block includes it (they move to its private
// limbo), and the block itself carries only versioned hashes. Every seal
// (on demand, on the timer, AdjustTime) therefore runs under sealMu as:
//
//  1. capturePending: every blob transaction the pool could include is
//     read back with its sidecar (TxPool().Get) and its blobs stored,
//     fsynced, before the block is built;
//  2. the simulated beacon seals the block;
//  3. captureHead: every blob of the new head's transactions must be in
//     the store; one that arrived between 1 and 2 is fetched from the pool
//     while it is still there, else logged as lost;
//  4. the chain database is synced.
//
// Blobs are durable before the block that includes them is, so a kill -9
// never leaves a sealed block whose blobs are gone.

// capturePending stores the blobs of every pending blob transaction of
// the pool that are not stored yet.
func (c *Chain) capturePending() error {
	blobs := make(map[common.Hash]*storedBlob)
	var seen []common.Hash
	for _, version := range []byte{types.BlobSidecarVersion0, types.BlobSidecarVersion1} {
		pending, _ := c.eth.TxPool().Pending(txpool.PendingFilter{BlobTxs: true, BlobVersion: version})
		for _, txs := range pending {
			for _, ltx := range txs {
				if _, done := c.capturedTxs[ltx.Hash]; !done && c.collect(ltx.Hash, nil, blobs) {
					seen = append(seen, ltx.Hash)
				}
			}
		}
	}
	if err := c.blobs.put(blobs); err != nil {
		return err
	}
	if len(blobs) != 0 {
		c.log.Debug("Dev L1 stored blobs before sealing", "blobs", len(blobs))
	}
	// Remembered (under sealMu) so that the next seals do not read the
	// pool again; forgotten when the map grows past a dev chain's needs.
	if len(c.capturedTxs) > 4096 {
		clear(c.capturedTxs)
	}
	for _, h := range seen {
		c.capturedTxs[h] = struct{}{}
	}
	return nil
}

// captureHead makes sure every blob of the head block's transactions is
// stored, reading the ones missing from the pool.
func (c *Chain) captureHead() error {
	head := c.eth.BlockChain().CurrentBlock()
	block := c.eth.BlockChain().GetBlock(head.Hash(), head.Number.Uint64())
	if block == nil {
		return nil
	}
	blobs := make(map[common.Hash]*storedBlob)
	for _, tx := range block.Transactions() {
		c.collect(tx.Hash(), tx.BlobHashes(), blobs)
	}
	for _, tx := range block.Transactions() {
		for _, h := range tx.BlobHashes() {
			if blobs[h] == nil && !c.blobs.has(h) {
				c.log.Error("Dev L1 lost a blob: its transaction left the pool before it was captured",
					"block", head.Number, "tx", tx.Hash(), "versioned_hash", h)
			}
		}
	}
	if err := c.blobs.put(blobs); err != nil {
		return fmt.Errorf("block %d: %w", head.Number, err)
	}
	if len(blobs) != 0 {
		c.log.Debug("Dev L1 stored blobs after sealing", "block", head.Number, "blobs", len(blobs))
	}
	return nil
}

// collect adds to blobs the blobs of the pool's transaction hash that are
// not stored yet. With want non-nil (the versioned hashes of an included
// transaction), the pool is read only when one of them is missing. It
// reports whether the transaction's blobs are stored or collected.
func (c *Chain) collect(hash common.Hash, want []common.Hash, blobs map[common.Hash]*storedBlob) bool {
	if want != nil {
		missing := false
		for _, h := range want {
			missing = missing || (blobs[h] == nil && !c.blobs.has(h))
		}
		if !missing {
			return true
		}
	}
	tx := c.eth.TxPool().Get(hash)
	if tx == nil || tx.BlobTxSidecar() == nil {
		return false
	}
	sc := tx.BlobTxSidecar()
	hasher := sha256.New()
	for i := range sc.Blobs {
		if i >= len(sc.Commitments) {
			break
		}
		h := common.Hash(kzg4844.CalcBlobHashV1(hasher, &sc.Commitments[i]))
		if blobs[h] != nil || c.blobs.has(h) {
			continue
		}
		blobs[h] = &storedBlob{Commitment: sc.Commitments[i], Blob: sc.Blobs[i]}
	}
	return true
}
