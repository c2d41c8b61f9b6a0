// Package coordinator is the prover coordinator: a TCP server that hands
// sealed batches to provers, leases each one for a while, and verifies and
// stores the proofs they send back.
//
// It consumes three small interfaces, implemented by the node over its
// store: Jobs (which batches need which proof, their inputs, saving proofs),
// Verifier (checks a proof before it is accepted) and Clock (lease expiry).
//
// A prover is known by its key: the handshake makes it sign a fresh nonce,
// and refuses the recovered address unless it is on Config.AllowedProvers,
// or, with that empty, on the Verifier's own allow-list (IsProver: for exec,
// the ExecVerifier's on L1, the keys whose proofs can be accepted at all).
// A key holds one lease at a time, whatever name it gives: until it submits
// or the lease expires, it is handed that batch again and no other. Another
// key cannot be handed, renew or release that lease. A proof is judged by
// its contents, whoever submits it, and the first one stored wins.
//
// A batch's input is read from Jobs and compressed once, when it is first
// handed out, and kept for the next few requests (inputCacheSize).
//
// A proof the Verifier cannot check now (ErrUnavailable: its L1 did not
// answer) is answered with a ProofAck carrying RetryAfter: the prover keeps
// the proof and submits it again later, its lease is kept meanwhile.
//
// Connection slots are bounded by MaxConns. Handshakes have seconds to
// complete and sessions are closed after IdleTimeout without a request; a
// new connection that finds every slot taken evicts the oldest connection
// still handshaking, else the session idle the longest, so sockets that
// never speak cannot lock provers out.
//
// Leases live in memory: after a restart every unproven batch is handed out
// again, which costs duplicate work at worst, never a wrong proof, because
// Jobs.SaveProof keeps the first proof written.
//
// The protocol is in package wire. A connection is closed after any framing
// or decoding error, with a Refused frame saying why; other connections are
// not affected.
package coordinator
