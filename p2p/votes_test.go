package p2p

import (
	"context"
	"encoding/binary"
	"io"
	"sync"
	"testing"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/stretchr/testify/require"
)

const testVoteSize = 12

// memVotes serves records "<batch><index>" of testVoteSize bytes, perBatch
// per batch, and ignores limit if greedy (the host must cap the response).
type memVotes struct {
	perBatch int
	greedy   bool

	mu    sync.Mutex
	asked [][2]uint64
}

func (m *memVotes) Votes(from, to uint64, skip, limit int) ([][]byte, error) {
	m.mu.Lock()
	m.asked = append(m.asked, [2]uint64{from, to})
	m.mu.Unlock()
	var out [][]byte
	for n := from; n <= to; n++ {
		for i := range m.perBatch {
			if skip > 0 {
				skip--
				continue
			}
			if !m.greedy && len(out) == limit {
				return out, nil
			}
			r := binary.BigEndian.AppendUint64(nil, n)
			out = append(out, binary.BigEndian.AppendUint32(r, uint32(i)))
		}
	}
	return out, nil
}

func voteHost(t *testing.T, seed int64, src VoteSource) *testHost {
	t.Helper()
	h := startHost(t, testConfig(nodeKey(t, seed)))
	if src == nil {
		src = &memVotes{}
	}
	require.NoError(t, h.ServeVotes(src, testVoteSize))
	return h
}

func connect(t *testing.T, a, b *testHost) {
	t.Helper()
	require.NoError(t, dial(t, a.Host, b.Host))
	waitConnected(t, a.Host, b.Host)
}

func TestVoteExchangeServesBoundedResponses(t *testing.T) {
	src := &memVotes{perBatch: 3}
	server := voteHost(t, 1, src)
	client := voteHost(t, 2, nil)
	ready := make(chan string, 4)
	client.OnPeerReady(func(p string) { ready <- p })
	connect(t, client, server)
	require.Equal(t, server.ID(), <-ready, "the hook names the peer that passed the handshake")
	ctx := context.Background()

	recs, err := client.RequestVotes(ctx, server.ID(), 4, 6, 0)
	require.NoError(t, err)
	require.Len(t, recs, 9)
	require.Equal(t, uint64(4), binary.BigEndian.Uint64(recs[0]))
	require.Equal(t, uint64(6), binary.BigEndian.Uint64(recs[8]))
	require.Equal(t, uint64(9), server.Metrics().VotesServed)

	// A full range of 64 batches with 10 votes each: 640 stored, 256 served
	// a page, the rest in the next pages.
	src.perBatch = 10
	recs, err = client.RequestVotes(ctx, server.ID(), 1, MaxVoteRequestBatches, 0)
	require.NoError(t, err)
	require.Len(t, recs, MaxVotesPerResponse)
	recs, err = client.RequestVotes(ctx, server.ID(), 1, MaxVoteRequestBatches, 2*MaxVotesPerResponse)
	require.NoError(t, err)
	require.Len(t, recs, 640-2*MaxVotesPerResponse, "the last page")
	require.Equal(t, uint64(52), binary.BigEndian.Uint64(recs[0]), "vote 512 is batch 52's third")
	// A source that ignores the limit is capped by the host.
	src.greedy = true
	recs, err = client.RequestVotes(ctx, server.ID(), 1, MaxVoteRequestBatches, 0)
	require.NoError(t, err)
	require.Len(t, recs, MaxVotesPerResponse)

	// Out-of-bounds ranges are refused before anything is sent.
	src.mu.Lock()
	asked := len(src.asked)
	src.mu.Unlock()
	for _, r := range [][3]uint64{{1, MaxVoteRequestBatches + 1, 0}, {5, 4, 0}, {0, 1 << 63, 0}, {1, 1, MaxVoteSkip + 1}} {
		_, err := client.RequestVotes(ctx, server.ID(), r[0], r[1], int(r[2]))
		require.ErrorIs(t, err, ErrVoteRange, "%v", r)
	}
	src.mu.Lock()
	require.Len(t, src.asked, asked, "refused requests never reach the peer")
	src.mu.Unlock()
	_, err = client.RequestVotes(ctx, nodeKeyPeer(t, 99), 1, 1, 0)
	require.ErrorContains(t, err, "not connected")
	require.Zero(t, client.Metrics().Bans+server.Metrics().Bans)
}

func nodeKeyPeer(t *testing.T, seed int64) string {
	id, err := PeerIDFromKey(nodeKey(t, seed).Public())
	require.NoError(t, err)
	return id.String()
}

// A peer that sends a malformed or out-of-bounds request is banned by the
// server; nothing is read from the source for it.
func TestVoteExchangeRefusesMalformedRequests(t *testing.T) {
	for name, req := range map[string][]byte{
		"range over the bound": getVotes{From: 1, To: MaxVoteRequestBatches + 1}.encode(),
		"inverted range":       getVotes{From: 9, To: 3}.encode(),
		"skip over the bound":  getVotes{From: 1, To: 1, Skip: MaxVoteSkip + 1}.encode(),
		"bad magic":            append([]byte{0xff}, getVotes{From: 1, To: 1}.encode()[1:]...),
	} {
		t.Run(name, func(t *testing.T) {
			src := &memVotes{perBatch: 1}
			server := voteHost(t, 10, src)
			client := voteHost(t, 11, nil)
			connect(t, client, server)
			st, err := client.host.NewStream(context.Background(), server.self, protoVotes)
			require.NoError(t, err)
			_, err = st.Write(req)
			require.NoError(t, err)
			_ = st.CloseWrite()
			_, err = io.ReadAll(st)
			require.Error(t, err, "the server resets the stream")
			waitDisconnected(t, client.Host, server.Host)
			require.True(t, server.refused(client.self), "the sender is banned")
			require.Equal(t, uint64(1), server.Metrics().Bans)
			require.Contains(t, server.logs.String(), "malformed vote request")
			src.mu.Lock()
			require.Empty(t, src.asked)
			src.mu.Unlock()
		})
	}
}

// A server that answers with junk is banned by the client; one that does
// not answer makes the request time out, without a ban.
func TestVoteExchangeRefusesBadResponses(t *testing.T) {
	frame := func(body []byte) []byte {
		return append(binary.BigEndian.AppendUint32(nil, uint32(len(body))), body...)
	}
	for name, resp := range map[string][]byte{
		"partial record":   frame(make([]byte, testVoteSize+5)),
		"oversize frame":   binary.BigEndian.AppendUint32(nil, uint32(MaxVotesPerResponse*testVoteSize+testVoteSize)),
		"trailing bytes":   append(frame(make([]byte, testVoteSize)), 1, 2, 3),
		"truncated header": {0, 0},
	} {
		t.Run(name, func(t *testing.T) {
			server := voteHost(t, 20, nil)
			client := voteHost(t, 21, nil)
			server.host.SetStreamHandler(protoVotes, func(st network.Stream) {
				var buf [getVotesSize]byte
				_, _ = io.ReadFull(st, buf[:])
				_, _ = st.Write(resp)
				_ = st.Close()
			})
			connect(t, client, server)
			_, err := client.RequestVotes(context.Background(), server.ID(), 1, 2, 0)
			require.Error(t, err)
			if name == "truncated header" {
				// Cut off: an error, not a ban (a stream can break).
				require.False(t, client.refused(server.self))
				return
			}
			require.True(t, client.refused(server.self), "junk bans the server: %v", err)
			waitDisconnected(t, client.Host, server.Host)
		})
	}

	t.Run("no answer", func(t *testing.T) {
		server := voteHost(t, 30, nil)
		client := voteHost(t, 31, nil)
		release := make(chan struct{})
		server.host.SetStreamHandler(protoVotes, func(st network.Stream) {
			<-release
			_ = st.Reset()
		})
		t.Cleanup(func() { close(release) })
		connect(t, client, server)
		_, err := client.RequestVotes(context.Background(), server.ID(), 1, 2, 0)
		require.ErrorIs(t, err, context.DeadlineExceeded, "SyncTimeout bounds the request")
		require.True(t, isTimeout(err))
		require.Equal(t, uint64(1), client.Metrics().VoteTimeouts)
		require.False(t, client.refused(server.self), "a silent peer is not banned")
		require.True(t, hasPeer(client.Host, server.ID()))
	})
}

func FuzzDecodeGetVotes(f *testing.F) {
	f.Add(getVotes{From: 1, To: 64}.encode())
	f.Add([]byte{getVotesMagic})
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := decodeGetVotes(b)
		if err != nil {
			return
		}
		if !g.valid() || string(g.encode()) != string(b) {
			t.Fatalf("decoded %x to %+v", b, g)
		}
	})
}
