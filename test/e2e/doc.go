// Package e2e runs whole Cairn chains in-process (embedded dev L1, deployed
// contracts, a sequencer node, provers) and checks what a user sees: ETH
// going L1 → L2 → L1, batches committed and verified in order, and a node
// killed mid-run that restarts without losing or minting a deposit twice.
//
// The tests poll for conditions with deadlines; the dev L1 seals a block
// for each transaction, so nothing waits for an L1 block time.
package e2e
