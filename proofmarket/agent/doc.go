// Package agent is a proving network's side of the Proof Manager
// (docs/protocols/proof-manager.md, "The agent"): it follows the
// ProofRequestSubmitted events assigned to its network, acknowledges each
// request within the acknowledgement window (accepting while it has
// capacity, refusing otherwise), downloads the prover input from the
// request's URL, proves it with a Prover, submits the proof with its price
// before the proving deadline, and withdraws the USDC the contract owes the
// network.
//
// The contract is the only state the agent trusts: events only tell it which
// requests exist, and before every transaction it reads proofRequest and acts
// on the status stored there. An agent restarted from an earlier block
// therefore resumes the requests it had committed to and leaves alone the
// ones already acknowledged, proven or settled; it keeps nothing on disk.
// Deadlines are compared with the L1 head's timestamp, never the local clock.
//
// Step runs one round and returns when the proofs it started are submitted,
// for deterministic tests; Run repeats rounds every PollInterval and proves in
// the background so that a slow proof never delays an acknowledgement.
//
// Reverts are logged by name with their arguments (the ProofManager's custom
// errors and its token's ERC-20 errors, e.g. ERC20InsufficientBalance from an
// unfunded contract). A withdrawal the contract refuses, and a whole round
// that fails (L1 unreachable), are retried after a delay that starts at
// PollInterval and doubles with each failure in a row up to MaxBackoff.
//
// The agent is honest. Networks that misbehave on purpose, for the tests of
// the proof submitter's fallbacks, are test code: proofmarket/agent/agenttest.
package agent
