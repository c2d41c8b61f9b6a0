// Package batchdata is the data of a batch that Cairn publishes on L1, so
// that anyone can rebuild the chain from L1 alone: the encoding of the
// batch's L2 blocks (Encode, Decode), its packing into EIP-4844 blobs
// (ToBlobs, FromBlobs, VersionedHashes) and the data commitment L1's
// OnChainProposer computes and every proof binds (Commitment).
//
// # Encoding
//
// Encode writes the version byte 0x01, then one zstd frame (Level, fixed
// options, single-threaded) of the payload. The payload is columnar, as
// OP Stack's span batches: each field of every transaction is stored with
// the same field of the others, so that zstd sees alike bytes together.
// Integers are unsigned LEB128 varints (minimal; 256-bit ones up to 37
// bytes). In order:
//
//	chain id            varint256: that of the batch's replay-protected txs (0 if none)
//	block count         varint
//	blocks column       per block: timestamp (the first absolute, then the
//	                    delta from the previous, > 0), gas limit (the first
//	                    absolute, then the zigzag delta), fee recipient (20),
//	                    extra data length (≤ 32) and bytes, beacon root flag
//	                    (0: zero; 1: 32 bytes follow), deposit count, tx count
//	kinds               per tx 1 byte: type (bits 0-2: 0, 1, 2 or 4), y parity
//	                    (bit 3), creation (bit 4), unprotected legacy (bit 5)
//	nonces, gas limits  per tx: varint
//	to                  per tx but creations: 20 bytes
//	value exponents     per tx 1 byte e ≤ 77; values: per tx varint256 m, the
//	                    value is m·10^e with m not a multiple of 10 (or e = 0)
//	fee caps            per tx varint256: gas price (types 0, 1) or max fee
//	tips                per tx of type 2 or 4: varint256 max priority fee
//	data lengths        per tx varint; data: the bytes, one after the other
//	access lists        per tx of type 1, 2, 4: count, then address (20), key
//	                    count, keys (32 each)
//	authorization lists per tx of type 4: count, then chain id (varint256),
//	                    address (20), nonce (varint), y parity (1), r, s (32 each)
//	signatures          per tx r and s, 32 bytes each, big-endian
//
// Nothing follows the last column. What a block rebuild derives is not
// stored (see Block); a deposit is stored as a count, its contents being
// the L1 Bridge's next deposits in id order. A legacy transaction's v is
// 27 + parity, or chainID·2 + 35 + parity (EIP-155). Blob transactions
// never occur on Cairn's L2 and are refused both ways.
//
// Decode reads untrusted L1 data: the payload is at most MaxPayloadSize
// bytes decompressed (a zstd bomb is refused while it inflates), every
// count is checked against its limit and against the bytes left before
// anything is allocated from it, and an error wraps ErrVersion,
// ErrMalformed, ErrTooLarge or ErrBlobTx with what is wrong and where.
//
// The bytes Encode writes depend on the klauspost/compress version go.mod
// pins: nodes that check a batch's commitment by encoding its blocks again
// must run the same one. Decode reads any valid zstd stream.
//
// # Blobs and commitment
//
// ToBlobs cuts uint32_be(len) ‖ data into 31-byte pieces, each the low
// bytes of a 32-byte field element with a zero top byte, in at most
// MaxBlobs blobs; FromBlobs refuses anything else. The data commitment is
// keccak256(abi.encode(uint256(0), keccak256(data))) for calldata and
// keccak256(abi.encodePacked(uint256(1), versionedHash_0, …)) for blobs.
// docs/protocols/batch-data.md ("Published data") is the reference for
// other implementations.
package batchdata
