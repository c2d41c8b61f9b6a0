// Package blobsource reads the blobs of L1 blob transactions back from
// beacon node APIs, for `cairn reconstruct` (which rebuilds the L2 chain
// from L1 alone). Execution clients do not keep blobs; beacon nodes do,
// for about 18 days, and archivers longer. The dev L1 (l1/devchain) serves
// the same paths, so the code is identical on the devnet and on a real L1.
//
// A Source is given beacon endpoints (the first is the primary, the others
// fallbacks or archivers) and an L1 client. For a block's blobs it:
//
//  1. computes the block's slot from its timestamp: (timestamp − genesis
//     time) / SECONDS_PER_SLOT, both read once per endpoint from
//     /eth/v1/beacon/genesis and /eth/v1/config/spec (never "parent slot
//     + 1": slots can be empty);
//  2. asks GET /eth/v1/beacon/blobs/{slot}?versioned_hashes=0x.. (the
//     parameter repeated, as OpenAPI arrays are; after a 400, one
//     comma-separated list), and, when that path is not there (404, 405,
//     501), GET
//     /eth/v1/beacon/blob_sidecars/{slot};
//  3. checks every blob against its versioned hash (KZG commitment of the
//     blob, then sha256 with version byte 0x01) before use;
//  4. asks the next endpoint for the blobs still missing when an endpoint
//     errs, serves a wrong blob, too few or too many; with none left, one
//     error (*NotFoundError) names the L1 block, the slot, the versioned
//     hashes missing and what each endpoint said.
//
// Responses are read through a size limit (the blobs asked for, or
// MaxBlobsPerBlock sidecars, plus overhead) and every request has a
// timeout on top of the caller's context. See docs/protocols/batch-data.md,
// "Reading blobs back".
package blobsource
