package outage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// records is a slog handler that keeps what is logged, Debug included.
type records struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *records) Enabled(context.Context, slog.Level) bool { return true }
func (h *records) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *records) WithGroup(string) slog.Handler            { return h }
func (h *records) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r)
	return nil
}

// above are the records at Info or above, as "LEVEL message".
func (h *records) above() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.recs {
		if r.Level >= slog.LevelInfo {
			out = append(out, r.Level.String()+" "+r.Message)
		}
	}
	return out
}

func attr(r slog.Record, key string) slog.Value {
	var v slog.Value
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v = a.Value
			return false
		}
		return true
	})
	return v
}

var refused = fmt.Errorf("L1 head: %w", &url.Error{Op: "Post", URL: "http://l1:8545",
	Err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}})

// A run of failures then a success logs exactly two lines at Info or
// above: a Warn with the error when L1 goes away, an Info with how long it
// was down when it is back; the backoff in between at Debug.
func TestOutageLogsTwoLines(t *testing.T) {
	h := &records{}
	clk := clock.NewFake()
	r := New(slog.New(h), clk)
	r.OK() // nothing to say while L1 answers
	for i := range 10 {
		require.True(t, r.Failed(refused, time.Duration(i+1)*time.Second))
		require.True(t, r.Down())
		clk.Advance(2400 * time.Millisecond)
	}
	r.OK()
	r.OK()
	require.False(t, r.Down())
	require.Equal(t, []string{"WARN L1 unreachable, retrying with backoff until it is back", "INFO L1 reachable again"}, h.above())
	require.Len(t, h.recs, 11)
	require.Equal(t, refused, attr(h.recs[0], "err").Any())
	for _, d := range h.recs[1:10] {
		require.Equal(t, slog.LevelDebug, d.Level)
		require.NotZero(t, attr(d, "retry_in").Duration())
	}
	last := h.recs[10]
	require.Equal(t, 24*time.Second, attr(last, "down_for").Duration())
	require.Equal(t, int64(10), attr(last, "failures").Int64())

	// A call that was in flight when L1 came back fails at Debug; the
	// next outage, after Settle, is reported again.
	require.True(t, r.Failed(refused, time.Second))
	require.False(t, r.Down())
	require.Len(t, h.above(), 2)
	clk.Advance(Settle)
	r.Failed(refused, time.Second)
	require.True(t, r.Down())
	require.Len(t, h.above(), 3)
}

// Loops sharing a Reporter log one outage between them.
func TestOutageSharedByLoops(t *testing.T) {
	h := &records{}
	clk := clock.NewFake()
	r := New(slog.New(h), clk)
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			for range 20 {
				r.Failed(refused, time.Second)
			}
		})
	}
	wg.Wait()
	clk.Advance(24 * time.Second)
	for range 6 {
		r.OK()
	}
	require.Equal(t, []string{"WARN L1 unreachable, retrying with backoff until it is back", "INFO L1 reachable again"}, h.above())
	require.Equal(t, int64(120), attr(h.recs[len(h.recs)-1], "failures").Int64())
}

// An error L1 answered with is not an outage: the caller logs it.
func TestOutageLeavesOtherErrors(t *testing.T) {
	h := &records{}
	r := New(slog.New(h), clock.NewFake())
	require.False(t, r.Failed(errors.New("execution reverted: batch already committed"), time.Second))
	require.False(t, r.Down())
	require.Empty(t, h.recs)
}

// LastError keeps the last failure, an outage or not, past L1's return.
func TestLastErrorIsKept(t *testing.T) {
	clk := clock.NewFake()
	r := New(slog.New(&records{}), clk)
	err, at := r.LastError()
	require.NoError(t, err)
	require.True(t, at.IsZero())
	require.False(t, r.Failed(nil, time.Second))
	err, _ = r.LastError()
	require.NoError(t, err, "nil is not a failure")
	r.Failed(refused, time.Second)
	clk.Advance(time.Minute)
	r.OK()
	err, at = r.LastError()
	require.Equal(t, refused, err)
	require.Equal(t, clk.Now().Add(-time.Minute), at)
	reverted := errors.New("execution reverted")
	require.False(t, r.Failed(reverted, time.Second))
	err, at = r.LastError()
	require.Equal(t, reverted, err)
	require.Equal(t, clk.Now(), at)
}

func TestUnreachable(t *testing.T) {
	for _, err := range []error{
		refused,
		fmt.Errorf("read: %w", syscall.ECONNRESET),
		fmt.Errorf("call: %w", context.DeadlineExceeded),
		errors.New(`Post "http://127.0.0.1:8545": EOF`), // flattened
		fmt.Errorf("gateway: %w", rpc.HTTPError{StatusCode: 502, Status: "502 Bad Gateway"}),
		&net.DNSError{Err: "no such host", Name: "l1"},
	} {
		require.True(t, Unreachable(err), "%v", err)
	}
	for _, err := range []error{
		nil,
		errors.New("execution reverted"),
		errors.New("nonce too low"),
		rpc.HTTPError{StatusCode: 401, Status: "401 Unauthorized"},
	} {
		require.False(t, Unreachable(err), "%v", err)
	}
}
