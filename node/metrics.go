package node

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/cairn-rollup/cairn/p2p"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/cairn-rollup/cairn/node/statuspage"
)

// collector reports the node's progress to Prometheus on each scrape, read
// from the store and L1 as Status does, so there is no second bookkeeping.
type collector struct {
	node                                           *Node
	block, sealed, committed, verified, seen, mint *prometheus.Desc
	requests, up, tag, depositsHalted, diverged    *prometheus.Desc
	view, timeouts, views, peers, syncLag          *prometheus.Desc
	stage, p2pEvents                               *prometheus.Desc
}

// stats are the metrics observed as events happen rather than read on a
// scrape.
type stats struct {
	finality prometheus.Histogram
	last     atomic.Uint64 // the last observation's float64 bits, for the status page
}

func newStats() *stats {
	return &stats{finality: prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "cairn_finality_seconds",
		Help:    "Time from a block's timestamp to its finalization on this node (whole-second timestamps: up to 1 s of it is rounding).",
		Buckets: []float64{0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5, 10, 30},
	})}
}

func (s *stats) finalized(b *types.Block, now time.Time) {
	secs := now.Sub(time.Unix(int64(b.Time()), 0)).Seconds()
	s.finality.Observe(secs)
	s.last.Store(math.Float64bits(secs))
}

func newCollector(n *Node) *collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("cairn_"+name, help, labels, nil)
	}
	return &collector{node: n,
		block:          d("l2_finalized_block", "Number of the last finalized L2 block."),
		sealed:         d("batches_sealed", "Number of the last sealed batch."),
		committed:      d("batches_committed", "lastCommittedBatch on L1."),
		verified:       d("batches_verified", "lastVerifiedBatch on L1."),
		seen:           d("deposits_seen", "Highest deposit id seen on L1."),
		mint:           d("deposits_minted", "Highest deposit id minted on L2."),
		requests:       d("proof_requests", "Proof Manager requests of this chain by status.", "status"),
		up:             d("l1_up", "1 when the last scrape could read L1, else 0."),
		tag:            d("l2_tag_block", "L2 block of a block tag: safe = last block of the last batch committed on L1, finalized = of the last batch verified.", "tag"),
		depositsHalted: d("deposits_halted", "1 while an L1 reorg removed deposits already minted on L2 (no deposit is taken), else 0."),
		diverged:       d("l1_batch_diverged", "A batch L1 holds with another batch hash than this node sealed, below which the block tags wait; 0 if none."),
		view:           d("consensus_view", "The validator's current view."),
		timeouts:       d("consensus_timeouts_total", "Views this validator timed out in since it started."),
		views:          d("consensus_views_total", "Views this validator entered since it started."),
		peers:          d("p2p_peers", "Connected peers that passed the handshake."),
		syncLag:        d("sync_lag_blocks", "Blocks between this node's last final block and the newest a peer announced."),
		stage: d("stage_seconds_total", "Wall time spent in each stage of the block path, summed over calls: admission (txpool adds, RPC and gossip), "+
			"build (the leader's block), import (executing others' blocks, witness included), store (the final block's durable write and geth's head move).", "stage"),
		p2pEvents: d("p2p_events_total", "Peer-to-peer events since start: bans (peers banned for misbehaviour), gossip_rejected (messages a topic refused; "+
			"their sender is penalized), gossip_throttled (over the sender's rate), gater_refused, inbound_refused, ip_refused (connections refused: "+
			"banned, over max_inbound_peers, over max_peers_per_ip), handshakes_failed, handshakes_refused, consensus_refused, consensus_dropped, sync_timeouts.", "event"),
	}
}

func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.block, c.sealed, c.committed, c.verified, c.seen, c.mint, c.requests, c.up, c.tag, c.depositsHalted,
		c.diverged, c.view, c.timeouts, c.views, c.peers, c.syncLag, c.stage, c.p2pEvents} {
		ch <- d
	}
}

func (c *collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := c.node.Status(ctx)
	gauge := func(d *prometheus.Desc, v uint64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	up := uint64(1)
	if err != nil {
		up = 0
	}
	gauge(c.up, up)
	gauge(c.block, s.Block)
	gauge(c.sealed, s.Sealed)
	gauge(c.seen, s.DepositsSeen)
	gauge(c.mint, s.DepositsMinted)
	if err == nil {
		gauge(c.committed, s.Committed)
		gauge(c.verified, s.Verified)
	}
	safe, fin := c.node.tags.Tags()
	gauge(c.tag, safe.Block, "safe")
	gauge(c.tag, fin.Block, "finalized")
	gauge(c.diverged, c.node.tags.Diverged())
	halted := uint64(0)
	if w := c.node.watcher; w != nil && w.deposits.Err() != nil {
		halted = 1
	}
	gauge(c.depositsHalted, halted)
	if v := c.node.validator; v != nil {
		rs := v.replica.Status()
		gauge(c.view, rs.View)
		ch <- prometheus.MustNewConstMetric(c.timeouts, prometheus.CounterValue, float64(rs.Timeouts))
		ch <- prometheus.MustNewConstMetric(c.views, prometheus.CounterValue, float64(rs.Views))
	}
	if h := c.node.host(); h != nil {
		m := h.Metrics()
		gauge(c.peers, uint64(m.Peers))
		gauge(c.syncLag, m.SyncLag)
		for event, v := range p2pEvents(m) {
			ch <- prometheus.MustNewConstMetric(c.p2pEvents, prometheus.CounterValue, float64(v), event)
		}
	}
	st := c.node.engine.Stages()
	store := st.Head
	if c.node.seq != nil {
		store += c.node.seq.StoreTime()
	}
	for stage, d := range map[string]time.Duration{"admission": st.Admission, "build": st.Build, "import": st.Import, "store": store} {
		ch <- prometheus.MustNewConstMetric(c.stage, prometheus.CounterValue, d.Seconds(), stage)
	}
	for status, count := range c.node.MarketCounts() {
		gauge(c.requests, uint64(count), status)
	}
}

// p2pEvents are the host's counters an operator watches for attacks and
// misconfiguration.
func p2pEvents(m p2p.Metrics) map[string]uint64 {
	return map[string]uint64{"bans": m.Bans, "gossip_rejected": m.GossipRejected, "gossip_throttled": m.GossipThrottled,
		"gater_refused": m.GaterRefused, "inbound_refused": m.InboundRefused, "ip_refused": m.IPRefused,
		"handshakes_failed": m.HandshakesFailed, "handshakes_refused": m.HandshakesRefused,
		"consensus_refused": m.ConsensusRefused, "consensus_dropped": m.ConsensusDropped, "sync_timeouts": m.SyncTimeouts}
}

// metricsServer serves /metrics and the status page.
type metricsServer struct {
	srv  *http.Server
	addr string
	svc  *services
}

// startMetrics serves /metrics and the status page (/, /status.json) on
// metrics.listen_addr; it returns nil when that is empty.
func (n *Node) startMetrics() (*metricsServer, error) {
	addr := n.cfg.Metrics.ListenAddr
	if addr == "" {
		return nil, nil
	}
	reg := n.registry
	reg.MustRegister(newCollector(n), n.stats.finality, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if le := listenError("metrics server", addr, "metrics.listen_addr", err); le != nil {
			return nil, le
		}
		return nil, fmt.Errorf("metrics server on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", statuspage.New(statusSource{n}, nil)) // / and /status.json
	m := &metricsServer{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, addr: ln.Addr().String(), svc: n.newServices()}
	m.svc.run("metrics", func(context.Context) error {
		if err := m.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			n.log.Error("Metrics server stopped", "err", err)
		}
		return nil
	})
	return m, nil
}

// stop closes the server and waits for it.
func (m *metricsServer) stop() {
	if m == nil {
		return
	}
	m.svc.cancel()
	_ = m.srv.Close()
	m.svc.wait()
}

// MetricsAddr is where /metrics and the status page are served ("" if
// disabled).
func (n *Node) MetricsAddr() string {
	if n.metrics == nil {
		return ""
	}
	return n.metrics.addr
}
