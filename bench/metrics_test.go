package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

const nodeMetrics = `# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total 12.5
# TYPE cairn_stage_seconds_total counter
cairn_stage_seconds_total{stage="admission"} 0.5
cairn_stage_seconds_total{stage="build",node="a \"quoted\" one"} 1.25 1700000000000
cairn_stage_seconds_total{stage="import"} 2
cairn_stage_seconds_total{stage="store"} 4e-1
go_goroutines 42
`

func TestParseMetrics(t *testing.T) {
	samples, err := parseMetrics(nodeMetrics)
	require.NoError(t, err)
	require.Len(t, samples, 6)
	cpu, ok := sumMetric(samples, metricCPU)
	require.True(t, ok)
	require.Equal(t, 12.5, cpu)
	require.Equal(t, map[string]float64{"admission": 0.5, "build": 1.25, "import": 2, "store": 0.4},
		byLabel(samples, metricStage, "stage"))
	require.Equal(t, `a "quoted" one`, samples[2].labels["node"])
	_, ok = sumMetric(samples, "absent_total")
	require.False(t, ok)
}

func TestParseMetricsRefusesBadLines(t *testing.T) {
	for _, line := range []string{
		"lonely_name",
		`m{stage="x} 1`,
		`m{stage=x} 1`,
		"m not-a-number",
		"m 1 2 3",
	} {
		t.Run(line, func(t *testing.T) {
			_, err := parseMetrics("# ok\n" + line + "\n")
			require.ErrorContains(t, err, "line 2")
		})
	}
}

func TestScrapeAllSumsWhatEndpointsReport(t *testing.T) {
	serve := func(body string, code int) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(code)
			fmt.Fprint(w, body)
		}))
		t.Cleanup(srv.Close)
		return srv.URL + "/metrics"
	}
	full := serve(nodeMetrics, http.StatusOK)
	old := serve("go_goroutines 3\n", http.StatusOK) // an older node: neither metric

	s, err := scrapeAll(context.Background(), []string{full, full})
	require.NoError(t, err)
	require.True(t, s.hasCPU)
	require.Equal(t, 25.0, s.cpu)
	require.Equal(t, 4.0, s.stages["import"])

	s, err = scrapeAll(context.Background(), []string{old})
	require.NoError(t, err)
	require.False(t, s.hasCPU)
	require.False(t, s.hasStage)

	_, err = scrapeAll(context.Background(), []string{serve("nope", http.StatusInternalServerError)})
	require.ErrorContains(t, err, "500")
}

func TestNodeFigures(t *testing.T) {
	before := &scrape{cpu: 10, hasCPU: true, stages: map[string]float64{"build": 1}, hasStage: true}
	after := &scrape{cpu: 10.5, hasCPU: true, stages: map[string]float64{"build": 1.25, "store": 0.1}, hasStage: true}
	cpu, stages := nodeFigures(before, after, 1000)
	require.NotNil(t, cpu)
	require.InDelta(t, 500, *cpu, 1e-9) // 0.5 s over 1000 txs
	require.InDelta(t, 250, stages["build"], 1e-9)
	require.InDelta(t, 100, stages["store"], 1e-9) // absent before: counted from zero
	require.Equal(t, []string{"build", "store"}, stageOrder(stages))

	older := &scrape{stages: map[string]float64{}}
	cpu, stages = nodeFigures(older, older, 1000)
	require.Nil(t, cpu, "no process collector: n/a")
	require.Nil(t, stages)
	cpu, _ = nodeFigures(before, after, 0)
	require.Nil(t, cpu, "nothing included: no per-transaction figure")
	cpu, _ = nodeFigures(nil, nil, 10)
	require.Nil(t, cpu, "no metrics endpoints")
}

func TestStageOrderPipelineFirst(t *testing.T) {
	require.Equal(t, []string{"admission", "build", "import", "store", "gossip", "zz"},
		stageOrder(map[string]float64{"zz": 1, "store": 1, "gossip": 1, "import": 1, "admission": 1, "build": 1}))
}
