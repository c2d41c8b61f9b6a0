// Package wire is the protocol spoken between the prover coordinator and
// provers: message types, their binary encoding and the length-prefixed
// framing that carries them over TCP.
//
// A frame is
//
//	length  uint32 big-endian   number of payload bytes (the type byte excluded)
//	type    uint8               MsgType
//	payload length bytes        the message, encoded as below
//
// Frames are bounded in both directions: MaxClientFrame for prover →
// coordinator frames (requests and proofs) and MaxServerFrame for coordinator
// → prover frames (which carry batch inputs). The size check happens on the
// header, before any payload is read or allocated.
//
// Messages are encoded field by field, big-endian, with no padding:
// integers fixed width, byte strings as a uint32 length then the bytes, text
// as a uint16 length then UTF-8 bytes. Every decoder is strict: short input,
// over-long fields, trailing bytes, non-canonical booleans and unknown types
// are errors wrapping ErrMalformed or ErrUnknownType. Batch inputs in
// BatchResponse are zstd-compressed on the wire; the decompressed size is
// bounded by MaxInputSize.
//
// A session opens with a signed handshake: Hello (prover: version, chain,
// genesis, an optional name) answered by Challenge (coordinator: a fresh
// nonce) or Refused; then Auth (prover: its key's signature over
// HandshakeDigest) answered by Welcome or Refused. The prover's identity is
// the signing key's address, so one prover cannot take, renew or release
// another's lease. A prover of another protocol version gets a Refused
// with code RefuseVersion: Hello keeps the version in its first two bytes
// in every version. Then the prover sends BatchRequest (answered by
// BatchResponse, NoWork or Refused) and ProofSubmit (answered by ProofAck;
// a ProofAck with RetryAfter means "could not check now, submit again").
// Refused is always the coordinator's last frame: it closes the connection
// after sending it.
package wire
