package bench

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

func TestPacerSchedule(t *testing.T) {
	p := pacer{rate: 1000, tick: 10 * time.Millisecond}
	for _, tc := range []struct {
		elapsed time.Duration
		due     int
	}{
		{-time.Millisecond, 0},
		{0, 1}, // the first at once
		{999 * time.Microsecond, 1},
		{time.Millisecond, 2}, // the second exactly at 1 ms
		{10 * time.Millisecond, 11},
		{time.Second, 1001},
		{60 * time.Second, 60_001},
	} {
		require.Equal(t, tc.due, p.due(tc.elapsed), "due by %s", tc.elapsed)
	}
	// A third of a transaction per millisecond: rounding must not lose one.
	q := pacer{rate: 300, tick: time.Millisecond}
	for k := range 3000 {
		require.Equal(t, k+1, q.due(q.at(k)), "transaction %d is due at its own time", k)
		if k > 0 {
			require.Equal(t, k, q.due(q.at(k)-time.Nanosecond), "and not a nanosecond before")
		}
	}
}

func TestPacerWait(t *testing.T) {
	p := pacer{rate: 1000, tick: 10 * time.Millisecond}
	// On schedule: the next send a tick later, carrying ten.
	require.Equal(t, 10*time.Millisecond, p.wait(0, 1))
	require.Equal(t, 11, p.due(10*time.Millisecond))
	// Behind (the senders were held back): a tick, not sooner.
	require.Equal(t, 10*time.Millisecond, p.wait(time.Second, 500))
	// Slow rate: wait until the next one is due.
	slow := pacer{rate: 2, tick: 10 * time.Millisecond}
	require.Equal(t, 500*time.Millisecond, slow.wait(0, 1))
	require.Equal(t, 400*time.Millisecond, slow.wait(600*time.Millisecond, 2))
}

// TestPacerOffersTheRate steps the schedule with a simulated clock: sends
// at the times wait gives, each taking what is due; over a window the
// count offered is the rate × the window, and sends are a tick apart.
func TestPacerOffersTheRate(t *testing.T) {
	for _, rate := range []float64{1, 7, 100, 1000, 6000} {
		p := pacer{rate: rate, tick: paceTick}
		window := 10 * time.Second
		var now time.Duration
		offered, sends := 0, 0
		for now < window {
			if want := p.due(now) - offered; want > 0 {
				offered += want
				sends++
			}
			step := p.wait(now, offered)
			require.GreaterOrEqual(t, step, p.tick)
			now += step
		}
		// The last send is within a tick of the window's end.
		require.InDelta(t, rate*window.Seconds(), float64(offered), rate*p.tick.Seconds()+1, "rate %v", rate)
		require.LessOrEqual(t, sends, int(window/p.tick)+1, "rate %v: at most one send a tick", rate)
	}
}

func TestAssignRoundRobin(t *testing.T) {
	for _, tc := range []struct {
		name       string
		want       int
		ready      []int
		cursor     int
		got        []int
		nextCursor int
	}{
		{"one each from the cursor", 2, []int{5, 5, 5, 5}, 1, []int{0, 1, 1, 0}, 3},
		{"wraps around", 3, []int{5, 5, 5, 5}, 3, []int{1, 1, 0, 1}, 2},
		{"rounds until want", 6, []int{5, 5, 5}, 0, []int{2, 2, 2}, 0},
		{"busy senders skipped", 3, []int{0, 4, 0, 4}, 0, []int{0, 2, 0, 1}, 2},
		{"less room than wanted", 10, []int{1, 2, 0}, 0, []int{1, 2, 0}, 2},
		{"nobody ready", 4, []int{0, 0}, 1, []int{0, 0}, 1},
		{"no senders", 4, nil, 0, []int{}, 0},
		{"cursor beyond the senders", 1, []int{1, 1}, 5, []int{0, 1}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, next := assign(tc.want, tc.ready, tc.cursor)
			require.Equal(t, tc.got, got)
			require.Equal(t, tc.nextCursor, next)
		})
	}
}

func TestLoadRefusesBadRate(t *testing.T) {
	cl := newFakeChain().serve(t, time.Hour)
	_, err := Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl}, Watch: cl, Senders: signedSenders(t, 1, 1),
		Batch: 1, Inflight: 1, Rate: -5})
	require.ErrorContains(t, err, "rate -5")
}

// TestLoadAtARate runs the paced generator against the in-process chain:
// it sends no more than the schedule allows, everything it sends is
// included, and the in-flight bound holds it back when blocks are slow.
func TestLoadAtARate(t *testing.T) {
	chain := newFakeChain()
	cl := chain.serve(t, 10*time.Millisecond)
	senders := signedSenders(t, 4, 400)
	res, err := Load(context.Background(), LoadConfig{Submit: []*rpc.Client{cl, cl}, Watch: cl, Senders: senders,
		Inflight: 50, Batch: 5, Duration: time.Second, Drain: 10 * time.Second, Rate: 200})
	require.NoError(t, err)
	require.Equal(t, 200.0, res.Rate)
	// The schedule caps what was sent: 200 in the window, one due at once.
	require.LessOrEqual(t, res.Sent, 201)
	require.Positive(t, res.Sent)
	require.Equal(t, res.Sent, res.Included)
	require.Zero(t, res.Rejected)
	require.InDelta(t, float64(res.Sent)/res.Elapsed.Seconds(), res.OfferedPerSec, 1e-9)

	// Blocks never come: each sender stops at its in-flight bound.
	stalled := newFakeChain()
	scl := stalled.serve(t, time.Hour)
	res, err = Load(context.Background(), LoadConfig{Submit: []*rpc.Client{scl}, Watch: scl, Senders: signedSenders(t, 3, 100),
		Inflight: 4, Batch: 10, Duration: 300 * time.Millisecond, Drain: 10 * time.Millisecond, Rate: 1000})
	require.NoError(t, err)
	require.Equal(t, 12, res.Sent, "3 senders × 4 in flight")
	require.Zero(t, res.Included)
}
