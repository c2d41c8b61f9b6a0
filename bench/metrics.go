package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Metric names the load generator reads from a node's /metrics. Both may be
// missing (an older node): the figures that need them are then n/a.
const (
	metricCPU   = "process_cpu_seconds_total"
	metricStage = "cairn_stage_seconds_total"
)

// sample is one line of the Prometheus text format.
type sample struct {
	name   string
	labels map[string]string
	value  float64
}

// scrape is what one read of every metrics endpoint found, summed over the
// endpoints that report each metric: process CPU seconds and wall seconds
// per block-path stage.
type scrape struct {
	cpu      float64
	hasCPU   bool // an endpoint reported process CPU
	stages   map[string]float64
	hasStage bool // an endpoint reported a stage
}

// scrapeAll reads every URL's /metrics. An endpoint that cannot be read is
// an error (the operator named it); a metric it lacks is not.
func scrapeAll(ctx context.Context, urls []string) (*scrape, error) {
	s := &scrape{stages: map[string]float64{}}
	for _, u := range urls {
		samples, err := fetchMetrics(ctx, u)
		if err != nil {
			return nil, err
		}
		cpu, ok := sumMetric(samples, metricCPU)
		s.cpu += cpu
		s.hasCPU = s.hasCPU || ok
		stages := byLabel(samples, metricStage, "stage")
		s.hasStage = s.hasStage || len(stages) > 0
		for k, v := range stages {
			s.stages[k] += v
		}
	}
	return s, nil
}

// fetchMetrics GETs url and parses the Prometheus text it serves.
func fetchMetrics(ctx context.Context, url string) ([]sample, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("bench: metrics %s: %w", url, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bench: metrics %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bench: metrics %s: HTTP %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("bench: metrics %s: %w", url, err)
	}
	samples, err := parseMetrics(string(body))
	if err != nil {
		return nil, fmt.Errorf("bench: metrics %s: %w", url, err)
	}
	return samples, nil
}

// parseMetrics reads the Prometheus text exposition format: comment lines
// are skipped, each other line is `name{label="value",...} value [timestamp]`.
func parseMetrics(text string) ([]sample, error) {
	var out []sample
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := parseSample(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSample(line string) (sample, error) {
	s := sample{labels: map[string]string{}}
	end := strings.IndexAny(line, "{ \t")
	if end <= 0 {
		return s, fmt.Errorf("no value in %q", line)
	}
	s.name, line = line[:end], line[end:]
	if line[0] == '{' {
		rest, err := parseLabels(line[1:], s.labels)
		if err != nil {
			return s, fmt.Errorf("%s: %w", s.name, err)
		}
		line = rest
	}
	fields := strings.Fields(line)
	if len(fields) == 0 || len(fields) > 2 {
		return s, fmt.Errorf("%s: want a value and an optional timestamp, got %q", s.name, line)
	}
	v, err := strconv.ParseFloat(fields[0], 64)
	if err != nil {
		return s, fmt.Errorf("%s: value: %w", s.name, err)
	}
	s.value = v
	return s, nil
}

// parseLabels reads `a="x",b="y"}` into labels and returns what follows the
// closing brace.
func parseLabels(in string, labels map[string]string) (string, error) {
	for {
		in = strings.TrimLeft(in, " ,")
		if strings.HasPrefix(in, "}") {
			return in[1:], nil
		}
		eq := strings.IndexByte(in, '=')
		if eq <= 0 || len(in) < eq+2 || in[eq+1] != '"' {
			return "", fmt.Errorf("bad label in %q", in)
		}
		name := strings.TrimSpace(in[:eq])
		in = in[eq+2:]
		var val strings.Builder
		closed := false
		for i := 0; i < len(in); i++ {
			c := in[i]
			if c == '\\' && i+1 < len(in) {
				i++
				switch in[i] {
				case 'n':
					val.WriteByte('\n')
				default:
					val.WriteByte(in[i])
				}
				continue
			}
			if c == '"' {
				in, closed = in[i+1:], true
				break
			}
			val.WriteByte(c)
		}
		if !closed {
			return "", fmt.Errorf("label %s: unterminated value", name)
		}
		labels[name] = val.String()
	}
}

// sumMetric is the sum of every series of name, and whether there was one.
func sumMetric(samples []sample, name string) (float64, bool) {
	sum, found := 0.0, false
	for _, s := range samples {
		if s.name == name {
			sum += s.value
			found = true
		}
	}
	return sum, found
}

// byLabel sums name's series by the value of one label.
func byLabel(samples []sample, name, label string) map[string]float64 {
	out := map[string]float64{}
	for _, s := range samples {
		if s.name == name {
			out[s.labels[label]] += s.value
		}
	}
	return out
}

// nodeFigures turns two scrapes around the window into per-transaction
// figures: process CPU and each stage's wall time, in µs per included
// transaction. A figure whose metric is missing at either end is nil.
func nodeFigures(before, after *scrape, included int) (cpu *float64, stages map[string]float64) {
	if before == nil || after == nil || included <= 0 {
		return nil, nil
	}
	per := func(d float64) float64 { return d * 1e6 / float64(included) }
	if before.hasCPU && after.hasCPU {
		v := per(after.cpu - before.cpu)
		cpu = &v
	}
	if before.hasStage && after.hasStage {
		stages = map[string]float64{}
		for k, v := range after.stages {
			stages[k] = per(v - before.stages[k])
		}
	}
	return cpu, stages
}

// stageOrder lists the block path's stages in pipeline order, then any
// other the node reports, by name.
func stageOrder(stages map[string]float64) []string {
	known := []string{"admission", "build", "import", "store"}
	var out []string
	for _, k := range known {
		if _, ok := stages[k]; ok {
			out = append(out, k)
		}
	}
	var rest []string
	for k := range stages {
		if !slices.Contains(known, k) {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
