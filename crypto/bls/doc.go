// Package bls implements the BLS12-381 signatures used by Cairn validators.
//
// It is the min-sig variant: public keys live in G2 (96 bytes compressed) and
// signatures in G1 (48 bytes compressed), so that the many signatures a
// committee exchanges are small and the few public keys are large. Every
// signature is domain separated with a Cairn-specific DST, and a proof of
// possession (a signature of the public key itself under a different DST) is
// required for every committee key, which makes same-message aggregation
// safe against rogue-key attacks.
//
// Points are validated once, when parsed (a public key must be in G2 and not
// the identity, a signature in G1); verification does not check them again.
// A check is one product of pairings with one final exponentiation, run on
// the calling goroutine (an aggregate over many distinct messages is spread
// over the cores); an AggregateKey (a sum of keys) is verified at the cost
// of a single key.
//
// Keys have text forms used in configuration files:
//
//	validator:public:bls12_381:<hex of 96 bytes>
//	validator:secret:bls12_381:<hex of 32 bytes>
//	validator:pop:bls12_381:<hex of 48 bytes>
package bls
