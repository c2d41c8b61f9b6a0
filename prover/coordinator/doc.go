// Package coordinator is the prover coordinator: a TCP server that hands
// sealed batches to provers, leases each one for a while, and verifies and
// stores the proofs they send back.
//
// It consumes three small interfaces, implemented by the node over its
// store: Jobs (which batches need which proof, their inputs, saving proofs),
// Verifier (checks a proof before it is accepted) and Clock (lease expiry).
//
// Leases live in memory: after a restart every unproven batch is handed out
// again, which costs duplicate work at worst, never a wrong proof, because
// Jobs.SaveProof keeps the first proof written.
//
// The protocol is in package wire. A connection is closed after any framing
// or decoding error, with a Refused frame saying why; other connections are
// not affected.
package coordinator
