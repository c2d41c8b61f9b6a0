// Package submitter is the operator node's side of the Proof Manager: it
// publishes prover inputs over HTTP (InputsServer: streamed from the store,
// a bounded number of downloads at once, every write and every download
// under a deadline), submits a proof request for every
// committed batch, follows the contract's events from a stored cursor,
// verifies a network's proof before the proof sender uses it, marks
// requests Validated once L1 verified the batch (or ValidationFailed), marks
// Unacknowledged and TimedOut after their deadlines (by L1 time), and hands
// every Refused, Unacknowledged, TimedOut or ValidationFailed batch to the
// internal prover at once. A batch is never left without a prover.
//
// The contract is the source of truth: every decision reads the request's
// current state from L1, and the store only remembers what was decided, so
// a restart neither loses nor duplicates a request.
package submitter
