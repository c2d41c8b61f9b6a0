package p2p

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/consensus"
)

// The scheduler's limits in these tests are the production ones.
var testSyncLimits = syncLimits{
	window: syncWindow, perRequest: syncPerRequest, perPeer: syncPerPeer,
	stale: 3 * time.Second, avoid: 10 * time.Second, peers: 3,
}

// schedFixture drives a scheduler as the syncer does, with a fake clock,
// peers that are usable until they leave, and a sink at block next.
type schedFixture struct {
	clock  *clock.Fake
	s      *syncScheduler
	gone   map[peer.ID]bool
	next   uint64
	issued map[string]syncRequest // "peer from" → request in flight
}

func newSchedFixture() *schedFixture {
	f := &schedFixture{clock: clock.NewFake(), gone: map[peer.ID]bool{}, issued: map[string]syncRequest{}}
	f.s = newSyncScheduler(f.clock, testSyncLimits, func(p peer.ID) bool { return !f.gone[p] })
	return f
}

// schedStep is one thing that happens to the scheduler, or one check.
type schedStep func(t *testing.T, f *schedFixture)

func testBlock(n uint64) *consensus.FinalBlock {
	return &consensus.FinalBlock{QC: &consensus.CommitQC{Message: consensus.ReplicaCommit{Header: consensus.BlockHeader{Number: n}}}}
}

func testBlocks(from uint64, n int) []*consensus.FinalBlock {
	var out []*consensus.FinalBlock
	for i := range n {
		out = append(out, testBlock(from+uint64(i)))
	}
	return out
}

// announce: p announces blocks first..last.
func announce(p string, first, last uint64) schedStep {
	return func(t *testing.T, f *schedFixture) {
		f.s.announce(peer.ID(p), blockState{First: first, Last: last})
	}
}

// announceEmpty: p announces that it has no block.
func announceEmpty(p string) schedStep {
	return func(t *testing.T, f *schedFixture) { f.s.announce(peer.ID(p), blockState{Empty: true}) }
}

// after: the clock moves on by d.
func after(d time.Duration) schedStep {
	return func(t *testing.T, f *schedFixture) { f.clock.Advance(d) }
}

// leave: p disconnects, and the scheduler is told.
func leave(p string) schedStep {
	return func(t *testing.T, f *schedFixture) {
		f.gone[peer.ID(p)] = true
		f.s.gone(peer.ID(p))
	}
}

// refuse: p is no longer usable (banned, or gone before the scheduler is
// told).
func refuse(p string) schedStep {
	return func(t *testing.T, f *schedFixture) { f.gone[peer.ID(p)] = true }
}

// issue: the window is filled; want lists the requests made, each as
// "peer first-last", peer "*" for any.
func issue(want ...string) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		var got []string
		for _, r := range f.s.issue(f.next) {
			f.issued[fmt.Sprint(string(r.peer), " ", r.from)] = r
			got = append(got, fmt.Sprintf("%s %d-%d", string(r.peer), r.from, r.from+uint64(r.count)-1))
		}
		require.Len(t, got, len(want), "requests %v", got)
		for i, w := range want {
			if p, rest, _ := strings.Cut(w, " "); p == "*" {
				_, g, _ := strings.Cut(got[i], " ")
				require.Equal(t, rest, g, "request %d of %v", i, got)
				continue
			}
			require.Equal(t, w, got[i], "requests %v", got)
		}
	}
}

// result: the request to p ("*" for any) from block from brings n valid
// blocks, then err (nil: the stream ended) or, with bad, an invalid block;
// fresh is how many blocks the scheduler keeps for import.
func result(p string, from uint64, n int, err error, bad bool, fresh int) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		key := fmt.Sprint(p, " ", from)
		for k, r := range f.issued {
			if p == "*" && r.from == from {
				key = k
			}
		}
		req, ok := f.issued[key]
		require.True(t, ok, "no request to %s from %d in flight", p, from)
		delete(f.issued, key)
		r := syncResult{syncRequest: req, blocks: testBlocks(from, n), err: err, bad: bad}
		if bad {
			r.reason = "invalid block in sync response"
		}
		require.Len(t, f.s.done(r, f.next), fresh)
	}
}

// served: the request to p from block from brings n valid blocks, all kept.
func served(p string, from uint64, n int) schedStep { return result(p, from, n, nil, false, n) }

var errTestTimeout = fmt.Errorf("read block: %w", context.DeadlineExceeded)

// timedOut: the request to p from block from times out.
func timedOut(p string, from uint64) schedStep { return result(p, from, 0, errTestTimeout, false, 0) }

// importRun: the sink imports the run of blocks ready, which must be the
// n blocks from first.
func importRun(first uint64, n int) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		require.Equal(t, f.next, first, "the run starts at the sink's next block")
		var got []uint64
		for _, b := range f.s.run(f.next) {
			got = append(got, b.Number())
		}
		var want []uint64
		for i := range n {
			want = append(want, first+uint64(i))
		}
		require.Equal(t, want, got)
		f.s.imported(f.next, f.next+uint64(len(got)))
		f.next += uint64(len(got))
	}
}

// sinkAt: the sink got to block next by itself (a validator finalizing).
func sinkAt(next uint64) schedStep {
	return func(t *testing.T, f *schedFixture) { f.next = next }
}

// wantStatus: the newest block announced (or none, -1) and the requests in
// flight.
func wantStatus(best int64, inFlight int) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		b, ok := f.s.best()
		if best < 0 {
			require.False(t, ok, "no best block, got %d", b)
		} else {
			require.True(t, ok, "a best block")
			require.Equal(t, uint64(best), b)
		}
		require.Equal(t, inFlight, f.s.inFlight())
	}
}

// wantPerPeer: the requests in flight to each peer.
func wantPerPeer(want map[string]int) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		got := map[string]int{}
		for _, r := range f.issued {
			got[string(r.peer)]++
		}
		require.Equal(t, want, got)
	}
}

// wantKnown: the peers the scheduler keeps an entry for.
func wantKnown(peers ...string) schedStep {
	return func(t *testing.T, f *schedFixture) {
		t.Helper()
		var got []string
		for p := range f.s.peers {
			got = append(got, string(p))
		}
		slices.Sort(got)
		require.Equal(t, peers, got)
	}
}

// syncSchedulerCases are the scheduler's rules, each as a sequence of
// events and checks.
var syncSchedulerCases = []struct {
	name  string
	steps []schedStep
}{
	{"nothing announced, nothing asked", []schedStep{issue(), wantStatus(-1, 0)}},
	{"one peer is asked for its blocks, two requests at a time", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"), wantStatus(-1, 2),
		issue(),
		served("a", 0, 5), issue("a 10-14"), wantStatus(99, 2),
		importRun(0, 5), served("a", 5, 5), importRun(5, 5), issue("a 15-19"),
	}},
	{"requests end at the announced range", []schedStep{
		announce("a", 0, 6), issue("a 0-4", "a 5-6"),
		served("a", 0, 5), served("a", 5, 2), importRun(0, 7), issue(), wantStatus(6, 0),
	}},
	{"a block nobody announced stops the requests", []schedStep{
		announce("a", 5, 99), issue(), announce("b", 0, 2), issue("b 0-2"),
	}},
	{"an empty store is not asked", []schedStep{announceEmpty("a"), issue(), wantStatus(-1, 0)}},
	{"the window bounds the blocks requested and waiting for import", []schedStep{
		announce("a", 0, 99), announce("b", 0, 99), announce("c", 0, 99),
		issue("* 0-4", "* 5-9", "* 10-14", "* 15-19"), wantStatus(-1, 4),
		issue(),
	}},
	{"the least busy peer is asked", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"), served("a", 0, 5),
		announce("b", 0, 99), issue("b 10-14", "* 15-19"),
	}},
	{"requests are spread over the peers", []schedStep{
		announce("a", 0, 99), announce("b", 0, 99),
		issue("* 0-4", "* 5-9", "* 10-14", "* 15-19"),
		wantPerPeer(map[string]int{"a": 2, "b": 2}),
	}},
	{"verified blocks hold their place in the window until imported", []schedStep{
		announce("a", 0, 99), announce("b", 0, 99),
		issue("* 0-4", "* 5-9", "* 10-14", "* 15-19"),
		// blocks 5..19 arrive before 0..4: nothing is imported, nothing more asked
		result("*", 5, 5, nil, false, 5), result("*", 10, 5, nil, false, 5), result("*", 15, 5, nil, false, 5),
		importRun(0, 0), issue(), wantStatus(99, 1),
		result("*", 0, 5, nil, false, 5), importRun(0, 20),
		issue("* 20-24", "* 25-29", "* 30-34", "* 35-39"), issue(),
	}},
	{"a peer that times out is avoided for a while, then asked again", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		timedOut("a", 0), wantStatus(-1, 1), issue(),
		after(testSyncLimits.avoid - time.Millisecond), announce("a", 0, 99), issue(),
		after(time.Millisecond), issue("a 0-4"),
	}},
	{"a timed-out request goes to another peer", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		announce("b", 0, 99), issue("b 10-14", "b 15-19"),
		timedOut("a", 0), issue(), served("b", 10, 5), issue("b 0-4"),
	}},
	{"a peer that leaves is not asked", []schedStep{
		announce("a", 0, 99), announce("b", 0, 99), leave("a"), wantKnown("b"),
		issue("b 0-4", "b 5-9"), issue(),
	}},
	{"a peer that leaves with requests in flight", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"), leave("a"),
		result("a", 0, 0, errors.New("stream reset"), false, 0),
		announce("b", 0, 99), issue("b 0-4", "b 10-14"), wantStatus(-1, 3), wantKnown("a", "b"),
		result("a", 5, 5, nil, false, 5), wantKnown("b"), wantStatus(-1, 2),
	}},
	{"a peer that serves a bad block: the blocks before it are kept, the peer is asked no more", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		result("a", 0, 2, errors.New("QC does not verify"), true, 2),
		importRun(0, 2), issue(), wantStatus(-1, 1),
		announce("b", 0, 99), issue("b 2-4", "b 10-14"),
	}},
	{"a peer with fewer blocks than it announced is taken at its word", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		served("a", 0, 3), wantStatus(2, 1), importRun(0, 3), issue(),
		announce("a", 0, 99), issue("a 3-4"),
	}},
	{"a peer that has none of the blocks it announced is not asked until it announces again", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		served("a", 0, 0), wantStatus(-1, 1), issue(),
	}},
	{"announcements go stale", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"), served("a", 0, 5), served("a", 5, 5),
		after(testSyncLimits.stale), wantStatus(99, 0),
		after(time.Millisecond), wantStatus(-1, 0), issue(),
		announce("a", 0, 120), wantStatus(120, 0), issue("a 10-14", "a 15-19"),
	}},
	{"an announcement alone sets no lag: a peer that served does", []schedStep{
		announce("a", 0, 99), wantStatus(-1, 0), issue("a 0-4", "a 5-9"),
		timedOut("a", 0), wantStatus(-1, 1),
		served("a", 5, 5), wantStatus(99, 0),
		announce("a", 0, 120), wantStatus(120, 0),
	}},
	{"a peer that is not connected is not kept", []schedStep{
		refuse("x"), announce("x", 0, 99), wantKnown(), issue(), wantStatus(-1, 0),
	}},
	{"a peer that leaves is forgotten", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"), served("a", 0, 5), served("a", 5, 5),
		wantStatus(99, 0), leave("a"), wantKnown(), wantStatus(-1, 0),
	}},
	{"at most limits.peers peers are kept", []schedStep{
		announce("a", 0, 9), announce("b", 0, 9), announce("c", 0, 9), announce("d", 0, 9),
		wantKnown("a", "b", "c"),
		announce("a", 0, 10), wantKnown("a", "b", "c"),
		refuse("c"), announce("d", 0, 9), wantKnown("a", "b", "d"),
		leave("b"), announce("e", 0, 9), wantKnown("a", "d", "e"),
	}},
	{"blocks the sink has meanwhile are dropped", []schedStep{
		announce("a", 0, 99), issue("a 0-4", "a 5-9"),
		sinkAt(3), result("a", 0, 5, nil, false, 2), importRun(3, 2),
	}},
}

func TestSyncScheduler(t *testing.T) {
	for _, c := range syncSchedulerCases {
		t.Run(c.name, func(t *testing.T) {
			f := newSchedFixture()
			for _, step := range c.steps {
				step(t, f)
			}
		})
	}
}

// No sequence of events leaves the scheduler with a block asked of two
// peers, more than the window requested or waiting, a peer with more
// requests than its limit, more peers than its limit, or a peer that left
// and has no request in flight.
func TestSyncSchedulerKeepsItsBounds(t *testing.T) {
	f := newSchedFixture()
	names := []string{"a", "b", "c", "d"}
	for i := range 600 {
		p := names[i%len(names)]
		switch i % 9 {
		case 0, 3:
			announce(p, uint64(i/10), uint64(i/10+40))(t, f)
		case 1:
			for _, r := range f.s.issue(f.next) {
				f.issued[fmt.Sprint(string(r.peer), " ", r.from)] = r
			}
		case 2, 5:
			keys := slices.Sorted(maps.Keys(f.issued))
			if len(keys) > 0 {
				r := f.issued[keys[i%len(keys)]]
				delete(f.issued, keys[i%len(keys)])
				f.s.done(syncResult{syncRequest: r, blocks: testBlocks(r.from, i%(r.count+1))}, f.next)
			}
		case 4:
			f.next += uint64(len(f.s.run(f.next)))
			f.s.imported(0, f.next)
		case 6:
			f.clock.Advance(time.Second)
		case 7:
			leave(p)(t, f)
		case 8:
			delete(f.gone, peer.ID(p)) // it comes back
		}
		checkSchedulerBounds(t, f)
	}
	require.Positive(t, f.next, "blocks were imported")
}

func checkSchedulerBounds(t *testing.T, f *schedFixture) {
	t.Helper()
	require.LessOrEqual(t, len(f.s.inflight)+len(f.s.pending), syncWindow)
	for n := range f.s.inflight {
		require.GreaterOrEqual(t, n, f.next)
		require.Less(t, n, f.next+syncWindow)
	}
	require.LessOrEqual(t, len(f.s.peers), testSyncLimits.peers)
	for p, sp := range f.s.peers {
		require.LessOrEqual(t, sp.requests, syncPerPeer, "peer %s", p)
		require.True(t, sp.requests > 0 || !f.gone[p], "peer %s left and is kept", p)
	}
	require.Equal(t, len(f.issued), f.s.inFlight())
}
