// Package execution embeds go-ethereum as Cairn's L2 execution layer and
// drives its chain in-process, in the place of a consensus client.
//
// # Use
//
//	g := execution.NewGenesis(execution.GenesisParams{ChainID: id, Accounts: devAccounts, L2BridgeCode: code})
//	e, err := execution.New(execution.Config{DataDir: dir, HTTPAddr: "127.0.0.1:8545", Genesis: g}, log)
//	e.RegisterAPIs(cairnAPIs)                      // before Start; "cairn" is in DefaultHTTPModules
//	err = e.Start()
//	b, err := e.BuildBlock(ctx, e.Head().Hash(), execution.BuildAttrs{Timestamp: t, FeeRecipient: coinbase, PrevRandao: r, Withdrawals: deposits})
//	witness, err := e.ImportBlock(ctx, b)          // validate + store, not yet head; RLP stateless.Witness
//	err = e.SetHead(ctx, b.Hash())                 // head = safe = finalized
//	defer e.Close()
//
// New builds a node.Node and an eth.Ethereum with devp2p off (no listener,
// no discovery, no dialing) and, if Config.HTTPAddr is set, geth's HTTP
// JSON-RPC server (eth, net, web3, txpool, debug with the native tracers,
// plus whatever RegisterAPIs adds) on geth's HTTP listener, with geth's
// limits, CORS and virtual hosts. Cairn assembles that server itself so
// that a front (rawtxfront.go) can answer batches of eth_sendRawTransaction
// with one txpool Add; it does not serve the node-level admin_* and debug_*
// runtime methods. Port 0 binds a free port; HTTPEndpoint reports the real
// one after Start. geth's node logger goes to the given
// slog logger at warn and above; geth's process-wide logger is not touched
// (it discards unless the process sets it), so geth prints nothing itself.
//
// # Engine API semantics
//
// The three block operations are the Engine API's, called on the layer
// beneath eth/catalyst.ConsensusAPI (the same core.BlockChain and miner
// calls its handlers make):
//
//   - BuildBlock = ForkchoiceUpdated(head=parent, attrs) + GetPayload +
//     NewPayload, with one execution: Cairn's builder (builder.go) fills the
//     block from the txpool as the miner's payload builder does (best tip
//     first, a failing transaction drops its sender's later ones, empty
//     extra data, beacon root zero, the pre- and post-execution system calls),
//     bounded by the gas limit, BuildAttrs.MaxSize and the miner's recommit
//     time, and then writes the block with the state it executed to, as
//     geth's import writes one, without moving the head. With
//     BuildAttrs.Witness it collects the stateless witness on the way. geth's
//     miner cannot do this: it executes the block and throws the state away,
//     and importing it executes it again.
//   - ImportBlock = NewPayloadWithWitness: BlockChain.InsertBlockWithoutSetHead
//     with witness collection. For a block already stored it re-executes the
//     block on its parent's state (BlockChain.ProcessBlock with MakeWitness,
//     what debug_executionWitness does) so that a witness is always returned,
//     unless BuildBlock built it and kept its witness.
//   - SetHead = ForkchoiceUpdated(head=safe=finalized=hash). It then flushes
//     geth's write-ahead log to disk (geth does not fsync its writes) and
//     waits for the txpool to move to the new head, so that transactions
//     sent afterwards are checked against the new state. MoveHead does the
//     same without waiting for the txpool (block sync, far from the tip);
//     BuildBlock waits for it instead.
//   - SendTxs adds a batch of gossiped transactions in one pool call;
//     PooledTx hands back the pool's object of a transaction (sender
//     recovered) and RecoverSenders recovers a block's senders on every
//     core ahead of its import. Stages reports the wall time spent in
//     admission, build, import and head moves.
//
// Why not the ConsensusAPI object itself: its constructor starts a heartbeat
// goroutine that never ends (it would pin every closed engine in memory);
// NewPayload needs the block's EIP-7685 request list, which a types.Block
// does not carry (only its hash, which insertion checks anyway); and the
// public GetPayload returns the empty payload when the background builder
// has not filled the block yet.
//
// # Deposits
//
// L1 deposits are the payload's withdrawals: {Index: depositId, Validator: 0,
// Address: recipient, Amount: gwei}. geth credits Amount × 1 gwei to Address
// and commits the list in the header's withdrawalsRoot.
//
// # Blob transactions
//
// Refused everywhere: the genesis blob schedule allows zero blobs per block
// (a block with blobs is invalid, the builder never picks one), SendTx and
// geth's eth_sendRawTransaction / eth_sendRawTransactionSync (replaced by a
// guard that forwards everything else to geth's implementation) return
// ErrBlobTx, and ImportBlock refuses a block carrying one before executing it.
// Because EIP-7918 (Osaka) divides by the per-block blob maximum, the fork
// schedule stops at Prague.
//
// # Storage
//
// geth's database lives in DataDir/geth (DataDir "" = in memory). The state
// is kept for every block (archive, hash scheme), so the witness of any
// stored block can be regenerated (Witness). A node killed without a clean
// shutdown restarts on the last block it made head with SetHead (flushed);
// blocks imported after it may be lost and are imported again by the
// caller from its own store.
//
// # Transactions
//
// SendTx and eth_sendRawTransaction add to the txpool synchronously (geth's
// RPC promotes in the background, and a pool reset running meanwhile leaves
// a sender's later transactions queued until its next one): a transaction
// accepted before BuildBlock is in the block if it is executable and fits.
// A JSON-RPC batch made only of eth_sendRawTransaction calls is added in one
// call and one promotion; each call still gets its own hash or error.
package execution
