// Package execution embeds go-ethereum as Cairn's L2 execution layer and
// drives its chain in-process, in the place of a consensus client: geth's
// devp2p is off, blocks are built, imported and made head by calls that do
// what the Engine API's ForkchoiceUpdated, GetPayload and NewPayload do, and
// geth's own JSON-RPC server is what users reach. L1 deposits are the
// payload's withdrawals; blob transactions are refused everywhere.
//
// Use:
//
//	g := execution.NewGenesis(execution.GenesisParams{ChainID: id, Accounts: devAccounts, L2BridgeCode: code})
//	e, err := execution.New(execution.Config{DataDir: dir, HTTPAddr: "127.0.0.1:8545", Genesis: g}, log)
//	e.RegisterAPIs(cairnAPIs)                      // before Start; "cairn" is in DefaultHTTPModules
//	err = e.Start()
//	b, err := e.BuildBlock(ctx, e.Head().Hash(), execution.BuildAttrs{Timestamp: t, FeeRecipient: coinbase, PrevRandao: r, Withdrawals: deposits})
//	witness, err := e.ImportBlock(ctx, b)          // validate + store, not yet head; RLP stateless.Witness
//	err = e.SetHead(ctx, b.Hash())                 // head; SetSafeAndFinalized moves the tags
//	defer e.Close()
//
// The sequencer is the only caller of the block operations; the node passes
// Config.OnLocalTx to gossip the transactions clients send. What each
// operation does, why eth/catalyst.ConsensusAPI is not used directly, and
// how deposits, blobs, storage and crashes are handled is in
// docs/execution.md.
package execution
