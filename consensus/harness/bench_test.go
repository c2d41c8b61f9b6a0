package harness

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var (
	benchTable = flag.Bool("bench.table", false, "print the consensus benchmark table for n = 4, 7, 11, 31")
	benchRuns  = flag.Int("bench.runs", 3, "runs per row of the benchmark table (the median is shown)")
)

func TestBenchRuns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r, err := Bench(ctx, 4, 20)
	require.NoError(t, err)
	require.Equal(t, 20, r.Blocks)
	require.Positive(t, r.BlocksPerSecond)
	require.Positive(t, r.LatencyP50)
	require.GreaterOrEqual(t, r.LatencyP99, r.LatencyP50)
	t.Log("\n" + BenchTable([]BenchResult{r}))
}

// TestBenchTable prints the table of the issue, each row the median (by
// blocks/s) of -bench.runs runs:
//
//	go test ./consensus/harness -run TestBenchTable -bench.table -v -timeout 30m
func TestBenchTable(t *testing.T) {
	if !*benchTable {
		t.Skip("run with -bench.table")
	}
	var rs []BenchResult
	for _, shared := range []bool{false, true} {
		for _, n := range []int{4, 7, 11, 31} {
			blocks := 400
			if n == 31 && !shared {
				blocks = 100
			}
			var runs []BenchResult
			for range *benchRuns {
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				r, err := BenchWith(ctx, BenchConfig{Validators: n, Blocks: blocks, SharedVerifyCache: shared})
				cancel()
				require.NoError(t, err)
				t.Log(r)
				runs = append(runs, r)
			}
			slices.SortFunc(runs, func(a, b BenchResult) int { return cmp.Compare(a.BlocksPerSecond, b.BlocksPerSecond) })
			rs = append(rs, runs[len(runs)/2])
		}
	}
	t.Log("medians\n" + BenchTable(rs))
}

// BenchmarkHarness runs the harness benchmark for profiling:
//
//	go test ./consensus/harness -run '^$' -bench Harness/n=31 -cpuprofile cpu.out
func BenchmarkHarness(b *testing.B) {
	for _, n := range []int{4, 31} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				r, err := Bench(context.Background(), n, 100)
				require.NoError(b, err)
				b.ReportMetric(r.BlocksPerSecond, "blocks/s")
				b.ReportMetric(float64(r.CPUPerBlockPerReplica().Microseconds()), "µs-cpu/block/val")
			}
		})
	}
}
