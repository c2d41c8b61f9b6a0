package bench

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/require"
)

// synthProfile builds a CPU profile whose samples have the given stacks
// (function names leaf first, as pprof stores them; a name holding "|"
// is one location with inlined calls, callee first) and CPU nanoseconds.
type synthSample struct {
	stack  []string
	nanos  int64
	labels map[string][]string
}

func synthProfile(t *testing.T, samples []synthSample) *profile.Profile {
	t.Helper()
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10_000_000,
	}
	funcs := map[string]*profile.Function{}
	fn := func(name string) *profile.Function {
		if f, ok := funcs[name]; ok {
			return f
		}
		f := &profile.Function{ID: uint64(len(funcs) + 1), Name: name, SystemName: name}
		funcs[name] = f
		p.Function = append(p.Function, f)
		return f
	}
	for _, s := range samples {
		var locs []*profile.Location
		for _, frame := range s.stack {
			loc := &profile.Location{ID: uint64(len(p.Location) + 1), Address: uint64(0x1000 + len(p.Location))}
			for _, name := range strings.Split(frame, "|") {
				loc.Line = append(loc.Line, profile.Line{Function: fn(name), Line: 1})
			}
			p.Location = append(p.Location, loc)
			locs = append(locs, loc)
		}
		p.Sample = append(p.Sample, &profile.Sample{Location: locs, Value: []int64{s.nanos / 10_000_000, s.nanos}, Label: s.labels})
	}
	require.NoError(t, p.CheckValid())
	// Through the wire format, as a real profile arrives.
	var buf bytes.Buffer
	require.NoError(t, p.Write(&buf))
	parsed, err := profile.Parse(&buf)
	require.NoError(t, err)
	return parsed
}

const (
	fnGoexit   = "runtime.goexit"
	fnGuard    = cairn + "execution.(*txGuard).SendRawTransaction"
	fnSendTxs  = cairn + "execution.(*Geth).SendTxs"
	fnGossip   = cairn + "node.(*Node).onGossipTx"
	fnBuild    = cairn + "execution.(*Geth).BuildBlock"
	fnImport   = cairn + "execution.(*Geth).ImportBlock"
	fnImport2  = cairn + "execution.(*Geth).importBlock"
	fnFinalize = cairn + "sequencer.(*Sequencer).finalize"
	fnSave     = cairn + "store.(*Store).SaveFinalBlock"
	fnSetHead  = cairn + "execution.(*Geth).SetHead"
	fnReplica  = cairn + "consensus.(*Replica).onProposal"
	fnPoolLoop = geth + "core/txpool.(*TxPool).loop"
	fnPoolAdd  = geth + "core/txpool.(*TxPool).Add"
	fnHandler  = geth + "rpc.(*handler).handleCall"
	fnPubsub   = "github.com/libp2p/go-libp2p-pubsub.(*PubSub).processLoop"
	fnWitness  = geth + "core/stateless.(*Witness).AddState"
	fnInsert   = geth + "core.(*BlockChain).InsertBlockWithoutSetHead"
	fnKeccak   = "golang.org/x/crypto/sha3.(*state).Write"
	fnMalloc   = "runtime.mallocgc"
)

func TestCPUSplitAttribution(t *testing.T) {
	const ms = int64(1_000_000)
	samples := []synthSample{
		// RPC admission: the handler is RPC, the guard inside it admission.
		{stack: []string{fnKeccak, fnPoolAdd, fnSendTxs, fnGuard, fnHandler, fnGoexit}, nanos: 10 * ms},
		// Gossip admission under pubsub.
		{stack: []string{fnPoolAdd, fnSendTxs, fnGossip, fnPubsub, fnGoexit}, nanos: 5 * ms},
		// The replica's proposal ends in BuildBlock: build, not consensus;
		// the pool's Pending inside build stays build.
		{stack: []string{geth + "core/txpool.(*TxPool).Pending", fnBuild, fnReplica, fnGoexit}, nanos: 20 * ms},
		// Consensus on its own (signature checks).
		{stack: []string{"github.com/supranational/blst.(*P2Affine).Verify", fnReplica, fnGoexit}, nanos: 4 * ms},
		// Import under finalize: import; with a witness frame inside: witness.
		{stack: []string{fnKeccak, fnInsert, fnImport2, fnImport, fnFinalize, fnGoexit}, nanos: 30 * ms},
		{stack: []string{fnMalloc, fnWitness, fnInsert, fnImport2 + "|" + fnImport, fnFinalize, fnGoexit}, nanos: 6 * ms},
		// finalize's own part and its durable write: store.
		{stack: []string{fnFinalize, fnGoexit}, nanos: 2 * ms},
		{stack: []string{"github.com/cockroachdb/pebble/v2.(*DB).Apply", fnSave, fnFinalize, fnGoexit}, nanos: 3 * ms},
		{stack: []string{fnSetHead, fnFinalize, fnGoexit}, nanos: 1 * ms},
		// An admission frame deep inside import is not admission: the
		// outermost work frame (import) wins.
		{stack: []string{fnSendTxs, fnImport2, fnGoexit}, nanos: 7 * ms},
		// The pool's own goroutine.
		{stack: []string{geth + "core/txpool/blobpool.(*BlobPool).Reset", fnPoolLoop, fnGoexit}, nanos: 8 * ms},
		// RPC serving other than admission.
		{stack: []string{geth + "internal/ethapi.(*BlockChainAPI).GetBlockByNumber", fnHandler, fnGoexit}, nanos: 9 * ms},
		// The L1's goroutines by their label, whatever they run.
		{stack: []string{fnPoolLoop, fnGoexit}, nanos: 11 * ms, labels: map[string][]string{roleLabel: {roleL1}}},
		{stack: []string{fnHandler, fnGoexit}, nanos: 1 * ms, labels: map[string][]string{roleLabel: {roleL1}}},
		// The process's sender cacher, started under the L1's label, works
		// for every node: exec helpers.
		{stack: []string{fnKeccak, senderCacher + ".cache", fnGoexit}, nanos: 5 * ms, labels: map[string][]string{roleLabel: {roleL1}}},
		// Without the label, the L1's sealer by its frames.
		{stack: []string{geth + "eth/catalyst.(*SimulatedBeacon).sealBlock", cairn + "l1/devchain.sealOnDemand", fnGoexit}, nanos: 2 * ms},
		// The generator by label and by frames.
		{stack: []string{"net/http.(*persistConn).readLoop", fnGoexit}, nanos: 3 * ms, labels: map[string][]string{roleLabel: {roleGenerator}}},
		{stack: []string{cairn + "bench.send", fnGoexit}, nanos: 1 * ms},
		{stack: []string{cairn + "prover/exec.(*Backend).Prove", fnGoexit}, nanos: 1 * ms},
		// The runtime's goroutines and runtime-only stacks.
		{stack: []string{"runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker", fnGoexit}, nanos: 12 * ms},
		{stack: []string{"runtime.findRunnable", "runtime.schedule", "runtime.park_m", "runtime.mcall"}, nanos: 2 * ms},
		{stack: []string{"runtime._ExternalCode"}, nanos: 1 * ms},
		// Unknown user frames: other (a GC assist inside them too).
		{stack: []string{"runtime.gcAssistAlloc", fnMalloc, "example.com/unknown.Work", fnGoexit}, nanos: 4 * ms},
		{stack: []string{"runtime.memmove", "main.main", "runtime.main", fnGoexit}, nanos: 1 * ms},
		{stack: []string{"github.com/libp2p/go-yamux/v5.(*Session).recvLoop", fnGoexit}, nanos: 3 * ms},
		{stack: []string{fnKeccak, "net/http.(*conn).serve", fnGoexit}, nanos: 1 * ms},
	}
	p := synthProfile(t, samples)
	got, n, err := attribute(p, newSplitClassifier())
	require.NoError(t, err)
	var count int64
	for _, s := range samples {
		count += s.nanos / 10_000_000
	}
	require.Equal(t, int(count), n, "samples counted by their count value")
	want := map[string]int64{
		StageAdmission: 15 * ms,
		StageBuild:     20 * ms,
		StageConsensus: 4 * ms,
		StageImport:    37 * ms,
		StageWitness:   6 * ms,
		StageStore:     6 * ms,
		StageTxpool:    8 * ms,
		StageHelpers:   5 * ms,
		StageRPC:       10 * ms,
		StageL1:        14 * ms,
		StageGenerator: 4 * ms,
		StageProver:    1 * ms,
		StageRuntime:   15 * ms,
		StageOther:     5 * ms,
		StageP2P:       3 * ms,
	}
	require.Equal(t, want, got)

	split := newCPUSplit(got, n, 1000)
	var total int64
	for _, v := range want {
		total += v
	}
	require.InDelta(t, float64(total)/1e9, split.CPUSec, 1e-12)
	require.InDelta(t, float64(total)/1e3/1000, split.TotalMicrosPerTx(), 1e-9)
	require.Equal(t, StageAdmission, split.Stages[0].Stage)
	require.InDelta(t, 15.0, split.Stages[0].MicrosPerTx, 1e-9) // 15 ms over 1000 txs
	share := 0.0
	for _, st := range split.Stages {
		share += st.Share
	}
	require.InDelta(t, 100, share, 1e-9)
	var out bytes.Buffer
	split.Print(&out, "", "test")
	require.Contains(t, out.String(), "total")
}

func TestCPUSplitOutermostRule(t *testing.T) {
	c := newSplitClassifier()
	root := func(frames ...string) []string { return append([]string{fnGoexit}, frames...) }
	cases := []struct {
		name   string
		frames []string // root first
		want   string
	}{
		{"admission outside import", root(fnGuard, fnImport2), StageAdmission},
		{"import outside admission", root(fnImport2, fnGuard), StageImport},
		{"build outside import", root(fnBuild, fnImport2), StageBuild},
		{"witness only inside import", root(fnBuild, fnWitness), StageBuild},
		{"witness frame above import does not count", root(fnWitness, fnImport2), StageImport},
		{"work rule beats an outer context rule", root(fnPubsub, fnReplica, fnFinalize, fnSave), StageStore},
		{"outermost context rule", root(fnPubsub, fnReplica), StageP2P},
		{"finalize under consensus is store", root(fnReplica, cairn+"sequencer.(*Sequencer).Finalize", fnFinalize, geth+"core.(*BlockChain).GetReceiptsByHash"), StageStore},
		{"import under finalize under consensus", root(fnReplica, fnFinalize, fnImport2, fnInsert), StageImport},
		{"the batcher under finalize", root(fnReplica, fnFinalize, cairn+"rollup/batcher.(*Batcher).CatchUp"), StageRollup},
		{"a prefetcher goroutine", root("golang.org/x/sync/errgroup.(*Group).Go.func1", geth+"core.(*statePrefetcher).Prefetch.func1"), StageHelpers},
		{"a prefetcher inside import is import", root(fnImport2, geth+"core/state.(*triePrefetcher).prefetch"), StageImport},
		{"gossip publishing", root(cairn+"node.(*Node).run.func1", cairn+"node.(*Node).publishTxs", "github.com/libp2p/go-libp2p-pubsub.(*Topic).Publish"), StageP2P},
		{"unknown frames", root("example.com/x.F", "example.com/x.G"), StageOther},
		{"empty stack", nil, StageRuntime},
		{"only goexit", root(), StageRuntime},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, c.stage(tc.frames, nil))
		})
	}
}

func TestCPUSplitBadProfile(t *testing.T) {
	p := &profile.Profile{SampleType: []*profile.ValueType{{Type: "alloc_space", Unit: "bytes"}}}
	_, _, err := attribute(p, newSplitClassifier())
	require.Error(t, err)
}

func TestCPUWindowTwoProfiles(t *testing.T) {
	// A second window while one runs is skipped, with the reason.
	var a, b cpuWindow
	a.open()
	if a.skipped != "" {
		t.Skip("the test binary already runs a CPU profile (-cpuprofile)")
	}
	b.open()
	sb, err := b.split(10, "")
	require.NoError(t, err)
	require.Contains(t, sb.Skipped, "already runs a CPU profile")
	sa, err := a.split(10, "")
	require.NoError(t, err)
	require.Empty(t, sa.Skipped)
	// A window never opened has no split.
	var c cpuWindow
	sc, err := c.split(10, "")
	require.NoError(t, err)
	require.NotEmpty(t, sc.Skipped)
}

func TestCPUWindowHook(t *testing.T) {
	w := &cpuWindow{}
	srv := httptest.NewServer(w)
	defer srv.Close()
	defer w.close()
	ctx := context.Background()
	require.NoError(t, getWindowURL(ctx, srv.URL, true))
	if w.skipped != "" {
		t.Skip("the test binary already runs a CPU profile (-cpuprofile)")
	}
	require.True(t, w.running, "open started the profile")
	require.NoError(t, getWindowURL(ctx, srv.URL, false))
	require.False(t, w.running, "close stopped it")
	s, err := w.split(5, filepath.Join(t.TempDir(), "window.pprof"))
	require.NoError(t, err)
	require.Empty(t, s.Skipped)
	require.Equal(t, 5, s.Included)

	resp, err := http.Get(srv.URL + "?window=maybe")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusBadRequest, resp.StatusCode)
	require.ErrorContains(t, getWindowURL(ctx, srv.URL+"/nowhere?x=1&", true), "400")
}
