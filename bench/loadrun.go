package bench

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"net/http"
	"sort"
	"time"

	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// LoadOptions are the inputs of `cairn bench load`: a load run against any
// endpoint, with its own setup.
type LoadOptions struct {
	RPC        []string          // endpoints; transactions are spread over them, blocks read from the first
	Metrics    []string          // node /metrics URLs, optional
	Key        *ecdsa.PrivateKey // funds the accounts (and deploys the token)
	Accounts   int
	Inflight   int // per account
	Duration   time.Duration
	Workload   string // WorkloadETH or WorkloadERC20
	Batch      int    // transactions per JSON-RPC batch; 0 = 100
	MaxFeeGwei uint64 // fee cap of every transaction; 0 = 10,000 gwei
	PerAccount int    // pre-signed per account; 0 sizes it from the chain (PerAccount)
	Drain      time.Duration
	// Rate, if positive, offers that many transactions per second (paced,
	// in batches, still bounded by Inflight) instead of the closed loop.
	Rate float64
	// OnWindow, if set, runs as the sending window opens (true) and
	// closes (false), after and before the metrics are read.
	OnWindow func(open bool)
	// WindowURL, if set, is fetched (GET) with ?window=open and
	// ?window=close at the same points: how `cairn bench throughput`
	// profiles its own process over the window of a load run in another.
	WindowURL string
}

// Validate says what is wrong with the options, in the flags' terms.
func (o *LoadOptions) Validate() error {
	switch {
	case len(o.RPC) == 0:
		return errors.New("--rpc: name at least one JSON-RPC endpoint")
	case o.Key == nil:
		return errors.New("--key: a funded private key (hex) is required")
	case o.Accounts < 1:
		return fmt.Errorf("--accounts %d: at least 1", o.Accounts)
	case o.Inflight < 1:
		return fmt.Errorf("--inflight %d: at least 1", o.Inflight)
	case o.Duration <= 0:
		return fmt.Errorf("--duration %s: must be positive", o.Duration)
	case o.Workload != WorkloadETH && o.Workload != WorkloadERC20:
		return fmt.Errorf("--workload %q: use %s or %s", o.Workload, WorkloadETH, WorkloadERC20)
	case o.Batch < 0 || o.PerAccount < 0:
		return errors.New("--batch and --per-account must not be negative")
	case o.Rate < 0 || math.IsNaN(o.Rate) || math.IsInf(o.Rate, 0):
		return fmt.Errorf("--rate %v: transactions per second, positive (or 0 for the closed loop)", o.Rate)
	}
	for _, u := range append(append([]string(nil), o.RPC...), o.Metrics...) {
		if u == "" {
			return errors.New("an empty URL in --rpc or --metrics")
		}
	}
	return nil
}

// LoadReport is what `cairn bench load` prints, and with --json writes for
// `cairn bench throughput`.
type LoadReport struct {
	Workload   string  `json:"workload"`
	Endpoints  int     `json:"endpoints"`
	Accounts   int     `json:"accounts"`
	Inflight   int     `json:"inflight"`
	PerAccount int     `json:"perAccount"`
	WindowSec  float64 `json:"windowSeconds"`
	TxPerSec   float64 `json:"txPerSecond"`
	// Rate is the offered rate asked for (0: the closed loop); Offered is
	// what was sent per second over the window.
	Rate         float64 `json:"rate"`
	Offered      float64 `json:"offeredPerSecond"`
	P50Sec       float64 `json:"p50Seconds"`
	P99Sec       float64 `json:"p99Seconds"`
	Sent         int     `json:"sent"`
	Included     int     `json:"included"`
	InWindow     int     `json:"includedInWindow"`
	Refused      int     `json:"refused"`
	FirstRefusal string  `json:"firstRefusal,omitempty"`
	Exhausted    int     `json:"exhaustedSenders"`
	Blocks       int     `json:"blocks"`
	GasPerBlock  float64 `json:"gasUsedPerBlock"`
	GasLimit     uint64  `json:"gasLimit"`
	Subscribed   bool    `json:"subscribed"`
	// MetricsEndpoints is how many /metrics the node figures are summed over.
	MetricsEndpoints int `json:"metricsEndpoints"`
	// CPUPerTxMicros is process CPU per transaction included in the window;
	// nil when no endpoint was given or one lacks process_cpu_seconds_total.
	CPUPerTxMicros *float64 `json:"cpuPerTxMicros"`
	// StageMicros is wall time per included transaction in each block-path
	// stage (cairn_stage_seconds_total); nil when unavailable.
	StageMicros map[string]float64 `json:"stageWallMicrosPerTx"`
}

// RunLoad sets up (untimed: derive and fund the accounts, deploy and mint
// the token, pre-sign), then runs Load over the window and reads the
// nodes' metrics around it.
func RunLoad(ctx context.Context, o LoadOptions, log *slog.Logger) (*LoadReport, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o.Batch == 0 {
		o.Batch = 100
	}
	if o.MaxFeeGwei == 0 {
		o.MaxFeeGwei = 10_000
	}
	var clients []*rpc.Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	for _, u := range o.RPC {
		c, err := dialLoad(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("bench: dial %s: %w", u, err)
		}
		clients = append(clients, c)
	}
	info, err := readChain(ctx, clients[0])
	if err != nil {
		return nil, err
	}
	feeCap := new(big.Int).Mul(new(big.Int).SetUint64(o.MaxFeeGwei), big.NewInt(params.GWei))
	if feeCap.Cmp(info.baseFee) <= 0 {
		return nil, fmt.Errorf("bench: --max-fee-gwei %d is not above the chain's base fee (%s wei)", o.MaxFeeGwei, info.baseFee)
	}
	perAccount := o.PerAccount
	if perAccount == 0 {
		gasPerTx := uint64(params.TxGas)
		if o.Workload == WorkloadERC20 {
			gasPerTx = erc20GasUsed
		}
		perAccount = PerAccount(o.Accounts, o.Inflight, info.gasLimit, gasPerTx, info.blockTime, o.Duration)
		if o.Rate > 0 {
			perAccount = min(perAccount, PerAccountAtRate(o.Accounts, o.Inflight, o.Rate, o.Duration))
		}
	}
	s := &setup{c: clients[0], info: info, funder: o.Key, accounts: Accounts(o.Key, o.Accounts), feeCap: feeCap, log: log}
	senders, err := s.prepare(ctx, o.Workload, perAccount)
	if err != nil {
		return nil, err
	}

	var before, after *scrape
	var scrapeErr error
	sample := func(into **scrape) func() {
		return func() {
			if len(o.Metrics) == 0 || scrapeErr != nil {
				return
			}
			*into, scrapeErr = scrapeAll(ctx, o.Metrics)
		}
	}
	window := func(open bool) {
		if o.OnWindow != nil {
			o.OnWindow(open)
		}
		if o.WindowURL != "" {
			if err := getWindowURL(ctx, o.WindowURL, open); err != nil {
				log.Warn("Window hook failed", "url", o.WindowURL, "open", open, "err", err)
			}
		}
	}
	log.Info("Sending", "duration", o.Duration, "accounts", o.Accounts, "inflight", o.Inflight, "endpoints", len(clients), "rate", o.Rate)
	res, err := Load(ctx, LoadConfig{Submit: clients, Watch: clients[0], Senders: senders, Inflight: o.Inflight,
		Batch: o.Batch, Duration: o.Duration, Drain: o.Drain, Rate: o.Rate,
		OnStart: func() { sample(&before)(); window(true) }, OnStop: func() { window(false); sample(&after)() }})
	if err != nil {
		return nil, err
	}
	if scrapeErr != nil {
		return nil, scrapeErr
	}
	r := &LoadReport{Workload: o.Workload, Endpoints: len(o.RPC), Accounts: o.Accounts, Inflight: o.Inflight,
		PerAccount: perAccount, WindowSec: res.Elapsed.Seconds(), TxPerSec: res.TxPerSec, Rate: res.Rate, Offered: res.OfferedPerSec,
		P50Sec: res.P50.Seconds(), P99Sec: res.P99.Seconds(), Sent: res.Sent, Included: res.Included,
		InWindow: res.InWindow, Refused: res.Rejected, FirstRefusal: res.FirstReject, Exhausted: res.Exhausted,
		Blocks: res.Blocks, GasPerBlock: res.GasPerBlock(), GasLimit: res.GasLimit, Subscribed: res.Subscribed,
		MetricsEndpoints: len(o.Metrics)}
	r.CPUPerTxMicros, r.StageMicros = nodeFigures(before, after, res.InWindow)
	return r, nil
}

// Print writes the report as a table.
func (r *LoadReport) Print(w io.Writer) {
	heads := "polled"
	if r.Subscribed {
		heads = "subscribed"
	}
	fmt.Fprintf(w, "workload %s, %d accounts × %d in flight, %d endpoint(s), heads %s\n", r.Workload, r.Accounts, r.Inflight, r.Endpoints, heads)
	if r.Rate > 0 {
		fmt.Fprintf(w, "  offered tx/s (paced, target %.0f)       %.0f\n", r.Rate, r.Offered)
	}
	fmt.Fprintf(w, "  included tx/s over the window          %.0f  (%d in %.1f s)\n", r.TxPerSec, r.InWindow, r.WindowSec)
	fmt.Fprintf(w, "  submit → included p50 / p99            %s / %s\n", secs(r.P50Sec), secs(r.P99Sec))
	fmt.Fprintf(w, "  sent / included / refused              %d / %d / %d\n", r.Sent, r.Included, r.Refused)
	if r.FirstRefusal != "" {
		fmt.Fprintf(w, "  first refusal                          %s\n", r.FirstRefusal)
	}
	if r.Exhausted > 0 {
		fmt.Fprintf(w, "  senders out of pre-signed txs          %d (raise --per-account: the rate is capped)\n", r.Exhausted)
	}
	fill := 0.0
	if r.GasLimit > 0 {
		fill = 100 * r.GasPerBlock / float64(r.GasLimit)
	}
	fmt.Fprintf(w, "  blocks / gas used per block            %d / %.0f (%.0f%% of %d)\n", r.Blocks, r.GasPerBlock, fill, r.GasLimit)
	cpu := "n/a"
	if r.CPUPerTxMicros != nil {
		cpu = fmt.Sprintf("%.1f µs", *r.CPUPerTxMicros)
	}
	fmt.Fprintf(w, "  node process CPU per tx                %s (summed over %d /metrics)\n", cpu, r.MetricsEndpoints)
	if r.StageMicros == nil {
		fmt.Fprintf(w, "  stage wall time per tx                 n/a\n")
		return
	}
	fmt.Fprintf(w, "  stage time per tx: wall time summed over calls (concurrent calls overlap), not CPU\n")
	printStageWall(w, "    ", r.StageMicros)
}

// printStageWall writes the node's stage clocks per transaction, but for
// admission: its clock sums the wall time of concurrent RPC calls, which
// says nothing per transaction (the CPU split has its CPU).
func printStageWall(w io.Writer, indent string, stages map[string]float64) {
	for _, k := range stageOrder(stages) {
		if k == "admission" {
			fmt.Fprintf(w, "%s%-36s %12s (wall time of concurrent RPC calls, summed: see the CPU split)\n", indent, k, "n/a")
			continue
		}
		fmt.Fprintf(w, "%s%-36s %12.1f µs\n", indent, k, stages[k])
	}
}

// PerAccountAtRate is how many transactions to pre-sign per sender to
// offer rate a second over d: the sender's share, a quarter more (a
// refused sender's share goes to the others), plus the in-flight bound.
func PerAccountAtRate(accounts, inflight int, rate float64, d time.Duration) int {
	if accounts < 1 || rate <= 0 {
		return 0
	}
	return int(math.Ceil(rate*d.Seconds()/float64(accounts)*5/4)) + inflight
}

// getWindowURL tells the window hook at u that the window opened or closed.
func getWindowURL(ctx context.Context, u string, open bool) error {
	state := "close"
	if open {
		state = "open"
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"?window="+state, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %s", resp.Status)
	}
	return nil
}

func secs(s float64) string {
	return time.Duration(s * float64(time.Second)).Round(time.Millisecond).String()
}

// MedianReport is the report of the run with the median rate, with each
// other figure (latencies, CPU per transaction) replaced by its own median.
func MedianReport(runs []*LoadReport) *LoadReport {
	if len(runs) == 0 {
		return nil
	}
	byRate := append([]*LoadReport(nil), runs...)
	sort.Slice(byRate, func(i, j int) bool { return byRate[i].TxPerSec < byRate[j].TxPerSec })
	m := *byRate[len(byRate)/2]
	med := func(get func(*LoadReport) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = get(r)
		}
		return median(v)
	}
	m.P50Sec = med(func(r *LoadReport) float64 { return r.P50Sec })
	m.P99Sec = med(func(r *LoadReport) float64 { return r.P99Sec })
	m.Offered = med(func(r *LoadReport) float64 { return r.Offered })
	m.CPUPerTxMicros = nil
	var cpus []float64
	for _, r := range runs {
		if r.CPUPerTxMicros != nil {
			cpus = append(cpus, *r.CPUPerTxMicros)
		}
	}
	if len(cpus) == len(runs) {
		v := median(cpus)
		m.CPUPerTxMicros = &v
	}
	return &m
}

// median of v (the upper one of an even count); v is reordered.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

// percentile is the p-th percentile of ds (nearest rank below), 0 for none.
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[(len(s)-1)*p/100]
}

// dialLoad connects the generator to a JSON-RPC endpoint. Over HTTP it does
// not ask for compressed responses: on loopback, gzipping the hashes and
// blocks the generator reads would bill the node for the measurement.
func dialLoad(ctx context.Context, u string) (*rpc.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.MaxIdleConnsPerHost = 256 // one connection kept per sending account
	return rpc.DialOptions(ctx, u, rpc.WithHTTPClient(&http.Client{Transport: tr}))
}
