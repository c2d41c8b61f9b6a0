// Package store is the node's durable state in one Pebble database:
// finalized L2 blocks with their execution witnesses (and an index of the
// last deposit each minted, to find a deposit's block without reading
// blocks), L1 deposits with their L1 transaction and block and the
// watcher's cursor, sealed batches with their prover inputs, and proofs.
//
// Every write that later work depends on is one atomic, fsynced batch, so a
// crash leaves either all of it or none of it. Keys are a short prefix and
// big-endian numbers, so iteration follows numeric order. Values of 4 KiB
// and more (blocks, witnesses, prover inputs) are kept in Pebble's blob
// files, which compactions do not rewrite; opening a store written before
// that upgrades its format.
package store
