package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

func TestLoadOptionsValidate(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	ok := func() LoadOptions {
		return LoadOptions{RPC: []string{"http://127.0.0.1:1"}, Key: key, Accounts: 4, Inflight: 2,
			Duration: time.Second, Workload: WorkloadETH}
	}
	o := ok()
	require.NoError(t, o.Validate())
	for _, tc := range []struct {
		name, want string
		edit       func(*LoadOptions)
	}{
		{"no rpc", "--rpc", func(o *LoadOptions) { o.RPC = nil }},
		{"empty url", "empty URL", func(o *LoadOptions) { o.Metrics = []string{""} }},
		{"no key", "--key", func(o *LoadOptions) { o.Key = nil }},
		{"no accounts", "--accounts 0", func(o *LoadOptions) { o.Accounts = 0 }},
		{"no inflight", "--inflight -1", func(o *LoadOptions) { o.Inflight = -1 }},
		{"no duration", "--duration 0s", func(o *LoadOptions) { o.Duration = 0 }},
		{"unknown workload", `--workload "uniswap"`, func(o *LoadOptions) { o.Workload = "uniswap" }},
		{"negative batch", "--batch", func(o *LoadOptions) { o.Batch = -1 }},
		{"negative rate", "--rate -1", func(o *LoadOptions) { o.Rate = -1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := ok()
			tc.edit(&o)
			require.ErrorContains(t, o.Validate(), tc.want)
		})
	}
}

func TestPerAccount(t *testing.T) {
	for _, tc := range []struct {
		name                string
		accounts, inflight  int
		gasLimit            uint64
		blockTime, duration time.Duration
		want                int
	}{
		// In-flight bound: 32 a block, 60 blocks + 2, a quarter more, plus the window.
		{"inflight bound", 128, 32, 300_000_000, time.Second, 60 * time.Second, 32*62*5/4 + 32},
		// Gas bound: 30M / 21000 / 128 + 1 = 12 a block.
		{"gas bound", 128, 32, 30_000_000, time.Second, 60 * time.Second, 12*62*5/4 + 32},
		{"slow blocks", 1, 10, 30_000_000, 2 * time.Second, 10 * time.Second, 10*7*5/4 + 10},
		{"sub-second blocks count as one second", 1, 10, 30_000_000, 0, 10 * time.Second, 10*12*5/4 + 10},
		{"no accounts", 0, 10, 30_000_000, time.Second, time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, PerAccount(tc.accounts, tc.inflight, tc.gasLimit, 21000, tc.blockTime, tc.duration))
		})
	}
}

func TestAccountsDeterministicPerFunder(t *testing.T) {
	a, err := crypto.GenerateKey()
	require.NoError(t, err)
	b, err := crypto.GenerateKey()
	require.NoError(t, err)
	first, again, other := Accounts(a, 5), Accounts(a, 8), Accounts(b, 5)
	seen := map[string]bool{}
	for i := range first {
		require.Equal(t, crypto.FromECDSA(first[i]), crypto.FromECDSA(again[i]), "the same funder derives the same accounts")
		require.NotEqual(t, crypto.FromECDSA(first[i]), crypto.FromECDSA(other[i]), "another funder derives others")
		seen[crypto.PubkeyToAddress(first[i].PublicKey).Hex()] = true
	}
	require.Len(t, seen, 5, "distinct accounts")
}

func TestMedianReport(t *testing.T) {
	cpu := func(v float64) *float64 { return &v }
	runs := []*LoadReport{
		{TxPerSec: 300, P50Sec: 3, P99Sec: 9, CPUPerTxMicros: cpu(30), Blocks: 3},
		{TxPerSec: 100, P50Sec: 1, P99Sec: 7, CPUPerTxMicros: cpu(10), Blocks: 1},
		{TxPerSec: 200, P50Sec: 2, P99Sec: 8, CPUPerTxMicros: cpu(20), Blocks: 2},
	}
	m := MedianReport(runs)
	require.Equal(t, 200.0, m.TxPerSec)
	require.Equal(t, 2, m.Blocks, "the other figures are the median run's")
	require.Equal(t, 2.0, m.P50Sec)
	require.Equal(t, 8.0, m.P99Sec)
	require.Equal(t, 20.0, *m.CPUPerTxMicros)
	require.Equal(t, 300.0, runs[0].TxPerSec, "the runs are not reordered")

	runs[1].CPUPerTxMicros = nil
	require.Nil(t, MedianReport(runs).CPUPerTxMicros, "a run without the figure: n/a")
	require.Nil(t, MedianReport(nil))
}

func TestPerAccountAtRate(t *testing.T) {
	// 1,000 tx/s for 60 s over 128 senders: 469 each, a quarter more, plus 32.
	require.Equal(t, 586+32, PerAccountAtRate(128, 32, 1000, 60*time.Second))
	require.Equal(t, 13+4, PerAccountAtRate(1, 4, 1, 10*time.Second))
	require.Zero(t, PerAccountAtRate(0, 4, 1, time.Second))
	require.Zero(t, PerAccountAtRate(4, 4, 0, time.Second))
}

func TestStageWallMarksAdmissionNA(t *testing.T) {
	var out strings.Builder
	printStageWall(&out, "", map[string]float64{"admission": 32000, "build": 12.5})
	require.Contains(t, out.String(), "n/a")
	require.NotContains(t, out.String(), "32000")
	require.Contains(t, out.String(), "12.5 µs")
}

// The generator's HTTP client asks for uncompressed responses and keeps its
// connections: compressing, or a handshake per call, would be billed to the
// node under test.
func TestLoadClientAsksForNoCompression(t *testing.T) {
	var (
		mu        sync.Mutex
		encodings []string
		conns     = map[string]bool{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		encodings = append(encodings, r.Header.Get("Accept-Encoding"))
		conns[r.RemoteAddr] = true
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"jsonrpc":"2.0","id":1,"result":"0x1"}`)
	}))
	defer srv.Close()
	c, err := dialLoad(context.Background(), srv.URL)
	require.NoError(t, err)
	defer c.Close()
	for range 5 {
		var n hexutil.Uint64
		require.NoError(t, c.Call(&n, "eth_blockNumber"))
		require.Equal(t, hexutil.Uint64(1), n)
	}
	require.Equal(t, []string{"", "", "", "", ""}, encodings)
	require.Len(t, conns, 1)
}
