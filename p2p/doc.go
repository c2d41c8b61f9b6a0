// Package p2p is Cairn's peer-to-peer network on go-libp2p and
// go-libp2p-pubsub: a Host with TCP, Noise and yamux, whose identity is the
// node's ed25519 key, that checks every peer's protocol version and genesis
// hash at a handshake before using it. On it run the consensus transport
// between validators, gossip topics, block sync and the exchange of
// attestation votes. The protocols, their limits and their bans are
// described in docs/protocols/p2p.md.
//
// Use:
//
//	h, err := p2p.New(p2p.Config{Key: nodeKey, ListenAddrs: addrs, StaticPeers: peers,
//		GenesisHash: genesisHash, ProtocolVersion: version, Genesis: consensusGenesis,
//		Validators: committee, ValidatorKey: blsKey}, log)
//	err = h.Start(ctx)                         // dial static peers, run the protocols
//	transport := h.Consensus()                 // consensus.Transport (validators only)
//	topic, err := h.Join("tx", maxSize, handle) // gossip; topic.Publish(ctx, data)
//	err = h.StartSync(ctx, source, sink)       // serve and fetch final blocks
//	h.AnnounceFinal(n)                         // after each final block
//	err = h.ServeVotes(votes, recordSize)      // the attestation vote exchange; h.RequestVotes
//	defer h.Close()
//
// A topic handler returns nil to accept and relay a message, ErrIgnore to
// drop it without blame, or another error to reject it. p2p depends on
// consensus for messages and final blocks, never on the node, execution or
// the store (deps_test.go). RouteLibp2pLogs, called once by a command,
// sends libp2p's own log lines to the process logger; Host.SetBlocked is a
// test hook that partitions hosts through the connection gater.
package p2p
