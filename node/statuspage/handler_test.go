package statuspage

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
)

// fakeSource returns snap and counts its reads.
type fakeSource struct {
	snap  Snapshot
	reads atomic.Int32
}

func (f *fakeSource) Snapshot(context.Context) Snapshot {
	f.reads.Add(1)
	return f.snap
}

const hostile = `"><script>alert('x')</script><img src=x onerror=alert(1)>`

func sampleSnapshot(taken time.Time) Snapshot {
	seen := uint64(41)
	return Snapshot{
		Taken: taken, Roles: "full node,validator",
		Head: Head{Number: 1234, Hash: "0xabcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
			Time: taken.Add(-3 * time.Second), FinalitySeconds: 0.75},
		Consensus: Consensus{Validator: "0xvalidatorkey000000000000000000000000000001", View: 42, Phase: "prepare",
			Leader: "0xleaderkey", Timeouts: 2, Committee: []Member{
				{Key: "0xvalidatorkey000000000000000000000000000001", Weight: 1, Connected: true, Self: true, LastSeenView: &seen},
				{Key: "0xsecondvalidator", Weight: 3}}},
		Peers: []Peer{{ID: "12D3KooWpeer", Addr: "/ip4/127.0.0.1/tcp/4001", Inbound: true, Validator: true}},
		Sync:  Sync{Local: 1234, BestPeer: 1240, Lag: 6},
		Pipeline: Pipeline{Sealed: 9, Certified: 8, Committed: 7, Verified: 5,
			CommitterWaiting: "waiting for attestations: batch 9, weight 1 of quorum 3"},
		Batches: []Batch{
			{Number: 9, FirstBlock: 17, LastBlock: 18, Weight: 1, Quorum: 3},
			{Number: 8, FirstBlock: 15, LastBlock: 16, Certified: true, Weight: 3, Quorum: 3},
			{Number: 7, FirstBlock: 13, LastBlock: 14, Certified: true, Committed: true, CommitTx: "0xc0ffee0000000000000000000000000000000000000000000000000000000007"},
			{Number: 6, FirstBlock: 11, LastBlock: 12, Committed: true, Proven: true},
			{Number: 5, FirstBlock: 9, LastBlock: 10, Committed: true, Proven: true, Verified: true,
				VerifyTx: "0xbeef000000000000000000000000000000000000000000000000000000000005"},
		},
		ProofRequests: map[string]int{"proven": 4, "assigned": 1},
		Deposits:      Deposits{Seen: 12, Minted: 10, Pending: 2},
		L1:            L1{Head: 777, HeadTag: "safe", Error: "dial tcp 127.0.0.1:8545: connection refused", ErrorAt: taken.Add(-10 * time.Second)},
	}
}

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestPageShowsTheSnapshot(t *testing.T) {
	clk := clock.NewFake()
	h := New(&fakeSource{snap: sampleSnapshot(clk.Now())}, clk)
	rec := get(t, h, http.MethodGet, "/")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "text/html; charset=utf-8", rec.Header().Get("Content-Type"))
	body := rec.Body.String()
	for _, want := range []string{
		`<td class="n" id="head">1234</td>`,
		`<td id="finality">0.75 s</td>`,
		`<td>3s ago</td>`,
		`<td class="n" id="view">42</td>`,
		`<td>prepare</td>`,
		`(this node)`,
		`<td class="n">41</td>`, // the validator's last seen view
		`<td class="n">—</td>`,  // the other's: none seen
		`lag <span id="sync-lag">6</span>`,
		`<code>/ip4/127.0.0.1/tcp/4001</code></td><td>inbound</td><td>yes</td>`,
		`Last sealed <span id="sealed">9</span>, certified 8, committed <span id="committed">7</span>, verified <span id="verified">5</span>`,
		`The committer is waiting for attestations: batch 9, weight 1 of quorum 3.`,
		`data-batch="9" data-stage="sealed"`,
		`data-batch="8" data-stage="certified"`,
		`data-batch="7" data-stage="committed"`,
		`data-batch="6" data-stage="proven"`,
		`data-batch="5" data-stage="verified"`,
		`<span class="no">no</span> (1 of 3)`,
		`<span class="yes">yes</span> (3 of 3)`,
		`title="0xc0ffee0000000000000000000000000000000000000000000000000000000007">0xc0ffee00…000007</code>`,
		`title="0xbeef000000000000000000000000000000000000000000000000000000000005">`,
		`<tr><td>assigned</td><td class="n">1</td></tr>`,
		`<tr><td>proven</td><td class="n">4</td></tr>`,
		`<td class="n" id="deposits-pending">2</td>`,
		`<td class="n" id="l1-head">777</td>`,
		`<td>safe block, as the deposit watcher last read it</td>`,
		`connection refused</span> (10s ago)`,
		`<meta http-equiv="refresh" content="2">`,
	} {
		require.Contains(t, body, want)
	}
	require.Less(t, strings.Index(body, `id="committee"`), strings.Index(body, `id="batches"`))
}

func TestPageEscapesHostileStrings(t *testing.T) {
	s := sampleSnapshot(time.Unix(1_700_000_000, 0))
	s.Roles = hostile
	s.Head.Hash = hostile
	s.Consensus.Leader = hostile
	s.Consensus.Committee[1].Key = hostile
	s.Peers[0].ID, s.Peers[0].Addr = hostile, hostile
	s.Pipeline.CommitterWaiting = hostile
	s.Batches[2].CommitTx = hostile
	s.ProofRequests = map[string]int{hostile: 1}
	s.Deposits.Halted = hostile
	s.L1.Error, s.L1.StatusError, s.L1.HeadTag = hostile, hostile, hostile
	body := get(t, New(&fakeSource{snap: s}, nil), http.MethodGet, "/").Body.String()
	require.NotContains(t, body, "<script>")
	require.NotContains(t, body, "<img")
	require.Contains(t, body, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
	// In an attribute too: the title of an abbreviated value.
	require.Contains(t, body, `title="&#34;&gt;&lt;script&gt;`)
}

func TestPageWithNothingYet(t *testing.T) {
	body := get(t, New(&fakeSource{}, nil), http.MethodGet, "/").Body.String()
	for _, want := range []string{"No batch sealed yet.", "none (full node)", `<td id="finality">—</td>`,
		"None (the proof market is off, or nothing was requested).", `<td id="l1-error">none</td>`, "Peers (0)",
		"<tr><th>Followed</th><td>not read yet</td></tr>"} {
		require.Contains(t, body, want)
	}
}

func TestJSONHasTheSnapshotWithStages(t *testing.T) {
	clk := clock.NewFake()
	want := sampleSnapshot(clk.Now())
	rec := get(t, New(&fakeSource{snap: want}, clk), http.MethodGet, "/status.json")
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	var got Snapshot
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &got))
	require.Equal(t, want.Head.Number, got.Head.Number)
	require.Equal(t, want.Consensus.Committee, got.Consensus.Committee)
	require.Equal(t, want.ProofRequests, got.ProofRequests)
	require.Equal(t, want.L1.Error, got.L1.Error)
	var stages []string
	for _, b := range got.Batches {
		stages = append(stages, b.Stage)
	}
	require.Equal(t, []string{"sealed", "certified", "committed", "proven", "verified"}, stages)
	require.Contains(t, rec.Body.String(), `"last_seen_view": null`)
}

func TestSnapshotIsReadAtMostOnceACacheInterval(t *testing.T) {
	clk := clock.NewFake()
	src := &fakeSource{snap: sampleSnapshot(clk.Now())}
	h := New(src, clk)
	get(t, h, http.MethodGet, "/")
	get(t, h, http.MethodGet, "/status.json")
	clk.Advance(CacheFor - time.Millisecond)
	get(t, h, http.MethodGet, "/")
	require.EqualValues(t, 1, src.reads.Load())
	clk.Advance(time.Millisecond)
	src.snap.Head.Number = 1300
	require.Contains(t, get(t, h, http.MethodGet, "/").Body.String(), `id="head">1300<`)
	require.EqualValues(t, 2, src.reads.Load())
}

func TestTakenDefaultsToTheClock(t *testing.T) {
	clk := clock.NewFake()
	body := get(t, New(&fakeSource{}, clk), http.MethodGet, "/").Body.String()
	require.Contains(t, body, clk.Now().UTC().Format("2006-01-02 15:04:05 UTC"))
}

func TestOtherPathsAndMethodsAreRefused(t *testing.T) {
	src := &fakeSource{}
	h := New(src, nil)
	for _, tc := range []struct {
		method, path string
		code         int
	}{
		{http.MethodGet, "/index.html", http.StatusNotFound},
		{http.MethodGet, "/status.json/x", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/status.json", http.StatusMethodNotAllowed},
		{http.MethodHead, "/", http.StatusOK},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			require.Equal(t, tc.code, get(t, h, tc.method, tc.path).Code)
		})
	}
	require.EqualValues(t, 1, src.reads.Load(), "only the HEAD read the source")
}

func TestShortAndAgo(t *testing.T) {
	require.Equal(t, "0x1234", short("0x1234"))
	require.Equal(t, "0x12345678…abcdef", short("0x12345678"+strings.Repeat("0", 30)+"abcdef"))
	require.Equal(t, "validator:a1b2c3…84fb8b", short("validator:a1b2c3"+strings.Repeat("0", 180)+"84fb8b"))
	require.Equal(t, "validator:a1b2c3d", short("validator:a1b2c3d"))
	now := time.Unix(100, 0)
	require.Equal(t, "", ago(now, time.Time{}))
	require.Equal(t, "5s ago", ago(now, now.Add(-5*time.Second)))
	require.Equal(t, "in 2s", ago(now, now.Add(2*time.Second)))
}
