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
// A session opens with Hello (prover) answered by Welcome or Refused
// (coordinator). Then the prover sends BatchRequest (answered by
// BatchResponse, NoWork or Refused) and ProofSubmit (answered by ProofAck).
// Refused is always the coordinator's last frame: it closes the connection
// after sending it.
package wire
