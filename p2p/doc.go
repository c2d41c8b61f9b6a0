// Package p2p is Cairn's peer-to-peer network, built on go-libp2p and
// go-libp2p-pubsub.
//
// A Host is a libp2p host with TCP, Noise and yamux only, whose identity is
// the node's ed25519 key (crypto/nodekey). It listens on Config.ListenAddrs,
// keeps the static peers connected (re-dialled with exponential backoff
// between ReconnectMin and ReconnectMax) and accepts inbound peers up to
// MaxInboundPeers; libp2p's resource manager bounds connections and streams.
//
// Every connection starts with a handshake on /cairn/handshake/1: the
// dialler sends (protocol version, genesis hash), the acceptor answers with
// its own, both compare. A mismatch closes the connection and bans the peer
// in the connection gater for BanDuration, with one log line naming both
// values ("Peer refused: other genesis"). Until the handshake passes a peer
// is not used: the consensus and sync protocols refuse its streams, gossipsub
// keeps it out of the mesh (peer filter) and its messages are ignored.
//
// Protocols:
//
//   - /cairn/consensus/1 (validators only, Host.Consensus implements
//     consensus.Transport): one direct stream per pair of validators, opened
//     and accepted only for the committee's node keys. A message is a 4-byte
//     length and consensus.EncodeSigned bytes; the length is checked against
//     MaxMessageSize before the body is read, the message must be signed by
//     the consensus key of the peer that sent it, and a token bucket bounds
//     each peer's rate (excess dropped; a sustained flood bans the peer).
//     Inbound messages go through a consensus.Inbox (newest per signer and
//     kind); outbound ones through a bounded per-validator queue that drops
//     the oldest, so Send and Broadcast never block the replica. Broadcast
//     delivers to this validator too, locally.
//   - gossip topics (Host.Join): gossipsub, one topic per name and genesis
//     ("/cairn/<genesis hex>/<name>/1"), message ids by content hash, a
//     size bound and a handler run as the topic validator (accept and relay,
//     ErrIgnore, or reject).
//   - /cairn/sync/1 (Host.StartSync): GetBlocks(from, count ≤ 32) answered
//     with length-prefixed consensus.EncodeFinalBlock frames. Nodes announce
//     their block store state {first, last} on the "blocks" topic; the
//     fetcher asks the peers that announced a range, with at most 20 blocks
//     requested or waiting for import, 2 requests per peer, a SyncTimeout per
//     request, verifies each block's CommitQC and payload hash against the
//     genesis before handing it to the BlockSink in order, and bans a peer
//     that serves an invalid block or bad bytes. The import runs on its own
//     goroutine, so that results keep arriving (and a BlockPrefetcher sink
//     decodes them and recovers their senders) while a run of blocks
//     imports. Serving is rate limited per peer (10 per 100 ms, 5 in
//     flight).
//   - /cairn/blockstate/1: a peer's block store state, asked for on each
//     handshake (gossip brings it only at the peer's next final block or
//     AnnounceInterval), 1 per second and peer; an answer that does not
//     decode bans the peer. Gossip is flood-published: a message this host
//     publishes reaches every peer of the topic, not only its mesh.
//   - /cairn/votes/1 (Host.ServeVotes, Host.RequestVotes): the attestation
//     vote exchange. A request names batches from..to (at most 64) and how
//     many votes to skip (at most 4096: more votes than one answer holds
//     are read in pages); the answer is one length-prefixed frame of at
//     most 256 fixed-size vote records, read from the VoteSource. Votes are
//     opaque here: the asking side verifies each one. A malformed request
//     bans its sender, an answer that does not frame bans the server, and a
//     request gets SyncTimeout. Serving is rate limited per peer (2 a
//     second, bursts of 17, 2 in flight).
//     Host.OnPeerReady tells the node of each peer that passed the
//     handshake, so that it can ask a peer that connects for what it lacks.
//
// Every decoder of network bytes in this package reads fixed-size fields or
// checks a length against a bound before reading the body; the fuzz targets
// assert that allocation stays a small multiple of the input.
//
// Host.Metrics returns the counters the node exports; Host.SetBlocked is a
// test hook that partitions hosts through the gater.
// RouteLibp2pLogs, called once by a command, sends libp2p's own log lines
// to the process logger.
package p2p
