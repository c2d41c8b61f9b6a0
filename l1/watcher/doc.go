// Package watcher follows the L1 Bridge for deposits. It polls the
// Bridge's DepositInitiated logs every check interval over at most
// max_block_step blocks a call, up to the L1 block it follows (the `safe`
// block by default; head − confirmations on an L1 without block tags), and
// stores the deposits together with its cursor and the hash of the block
// the cursor rests on in one write, so that a restart resumes from the
// cursor and no deposit is lost or taken twice.
//
// Before each step it checks that the block the cursor rests on is still
// canonical. After a reorg it walks back to the fork point, forgets the
// deposits seen after it that L2 has not minted yet (they are read again
// from the new chain), and keeps the minted ones: those must come back
// with the same contents. Until they do the watcher is in an error state
// (Err, wrapping ErrMintedDepositsReorged) and takes no new deposit, since
// every later deposit id follows them on L1; one that comes back with other
// contents stops the watcher.
//
// Logs are untrusted input: one that does not decode into a valid deposit
// stops the watcher with an error instead of being skipped. A gap in the
// deposit ids of an answer is an inconsistent RPC answer, not L1's state
// (a provider that caps results or drops logs): an earlier short answer may
// already have moved the cursor past the missing deposits, so the cursor
// goes back to the L1 block of the last stored deposit (the start block
// with none) and the deposits from there are read again at the next poll.
package watcher
