// Package store is the node's durable state in one Pebble database:
// finalized L2 blocks with their execution witnesses, L1 deposits and the
// watcher's cursor, sealed batches with their prover inputs, and proofs.
//
// Every write that later work depends on is one atomic, fsynced batch, so a
// crash leaves either all of it or none of it. Keys are a short prefix and
// big-endian numbers, so iteration follows numeric order.
package store
