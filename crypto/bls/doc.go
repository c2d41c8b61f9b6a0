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
// Keys have text forms used in configuration files:
//
//	validator:public:bls12_381:<hex of 96 bytes>
//	validator:secret:bls12_381:<hex of 32 bytes>
//	validator:pop:bls12_381:<hex of 48 bytes>
package bls
