package p2p

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// inbox records what a topic handler saw.
type gossipLog struct {
	mu   sync.Mutex
	msgs map[string]string // data → from
}

func (g *gossipLog) handler(reject string) func(context.Context, string, []byte) error {
	return func(_ context.Context, from string, data []byte) error {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.msgs == nil {
			g.msgs = map[string]string{}
		}
		g.msgs[string(data)] = from
		switch {
		case reject != "" && strings.HasPrefix(string(data), reject):
			return errors.New("refused by the test")
		case strings.HasPrefix(string(data), "ignore"):
			return ErrIgnore
		}
		return nil
	}
}

func (g *gossipLog) from(data string) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.msgs[data]
	return f, ok
}

func waitMesh(t *testing.T, topics ...*Topic) {
	t.Helper()
	require.Eventually(t, func() bool {
		for _, tp := range topics {
			if tp.MeshPeers() == 0 {
				return false
			}
		}
		return true
	}, waitFor, 10*time.Millisecond, "mesh formed")
}

func TestGossipReachesEveryHost(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfgB := testConfig(nodeKey(t, 2))
	cfgB.StaticPeers = a.Addrs()
	b := startHost(t, cfgB)
	cfgC := testConfig(nodeKey(t, 3))
	cfgC.StaticPeers = append(a.Addrs(), b.Addrs()...)
	c := startHost(t, cfgC)
	waitConnected(t, a.Host, b.Host)
	waitConnected(t, a.Host, c.Host)
	waitConnected(t, b.Host, c.Host)

	logs := make([]*gossipLog, 3)
	var topics []*Topic
	for i, h := range []*testHost{a, b, c} {
		logs[i] = &gossipLog{}
		tp, err := h.Join("tx", 1024, logs[i].handler(""))
		require.NoError(t, err)
		topics = append(topics, tp)
	}
	require.Equal(t, "/cairn/aa01020300000000000000000000000000000000000000000000000000000000/tx/1", a.TopicName("tx"))
	waitMesh(t, topics...)
	require.NoError(t, topics[0].Publish(t.Context(), []byte("hello")))
	require.Eventually(t, func() bool {
		fb, okB := logs[1].from("hello")
		fc, okC := logs[2].from("hello")
		return okB && okC && fb == a.ID() && fc == a.ID()
	}, waitFor, 10*time.Millisecond)
	_, self := logs[0].from("hello")
	require.False(t, self, "own messages do not reach the handler")

	// Data over the topic's size is rejected before the handler runs.
	require.NoError(t, topics[1].Publish(t.Context(), make([]byte, 2000)))
	require.NoError(t, topics[1].Publish(t.Context(), []byte("after")))
	require.Eventually(t, func() bool { _, ok := logs[0].from("after"); return ok }, waitFor, 10*time.Millisecond)
	require.Eventually(t, func() bool { return a.Metrics().GossipRejected+c.Metrics().GossipRejected >= 1 }, waitFor, 10*time.Millisecond)
	for _, l := range []*gossipLog{logs[0], logs[2]} {
		_, big := l.from(string(make([]byte, 2000)))
		require.False(t, big, "oversize data reached a handler")
	}
}

// A message the middle host rejects (or ignores) is not relayed to the host
// behind it: a - b - c in a line.
func TestGossipRejectedNotRelayed(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	cfgB := testConfig(nodeKey(t, 2))
	cfgB.StaticPeers = a.Addrs()
	b := startHost(t, cfgB)
	cfgC := testConfig(nodeKey(t, 3))
	cfgC.StaticPeers = b.Addrs()
	c := startHost(t, cfgC)
	waitConnected(t, a.Host, b.Host)
	waitConnected(t, b.Host, c.Host)

	la, lb, lc := &gossipLog{}, &gossipLog{}, &gossipLog{}
	ta, err := a.Join("votes", 1024, la.handler(""))
	require.NoError(t, err)
	tb, err := b.Join("votes", 1024, lb.handler("bad"))
	require.NoError(t, err)
	tc, err := c.Join("votes", 1024, lc.handler(""))
	require.NoError(t, err)
	waitMesh(t, ta, tb, tc)

	require.NoError(t, ta.Publish(t.Context(), []byte("good 1")))
	require.Eventually(t, func() bool { _, ok := lc.from("good 1"); return ok }, waitFor, 10*time.Millisecond, "relayed through b")

	require.NoError(t, ta.Publish(t.Context(), []byte("bad 1")))
	require.NoError(t, ta.Publish(t.Context(), []byte("ignore 1")))
	require.Eventually(t, func() bool {
		_, bad := lb.from("bad 1")
		_, ign := lb.from("ignore 1")
		return bad && ign
	}, waitFor, 10*time.Millisecond, "b judged both")
	require.Eventually(t, func() bool { return b.Metrics().GossipRejected == 1 }, waitFor, 10*time.Millisecond)
	// Whatever b relays after judging goes out behind: once good 2 is at c,
	// bad 1 and ignore 1 would have been too.
	require.NoError(t, ta.Publish(t.Context(), []byte("good 2")))
	require.Eventually(t, func() bool { _, ok := lc.from("good 2"); return ok }, waitFor, 10*time.Millisecond)
	_, bad := lc.from("bad 1")
	require.False(t, bad, "rejected message relayed")
	_, ign := lc.from("ignore 1")
	require.False(t, ign, "ignored message relayed")
}

func TestJoinRefusesBadSize(t *testing.T) {
	a := startHost(t, testConfig(nodeKey(t, 1)))
	_, err := a.Join("x", 0, nil)
	require.Error(t, err)
	_, err = a.Join("x", 1<<30, nil)
	require.Error(t, err)
}
