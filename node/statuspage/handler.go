package statuspage

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/clock"
)

const (
	// CacheFor is how long a snapshot is served again before the next read.
	CacheFor = time.Second
	// RefreshSeconds is how often the page reloads itself.
	RefreshSeconds = 2
	// readTimeout bounds one read of the source.
	readTimeout = 5 * time.Second
)

//go:embed page.html
var pageHTML string

// Handler serves the page at / and the JSON at /status.json; other paths
// are not found.
type Handler struct {
	src   Source
	clock clock.Clock
	page  *template.Template

	mu     sync.Mutex // held during a read, so concurrent loads share it
	cached Snapshot
	at     time.Time
}

// New returns the handler of src's page; clk (nil: the system clock)
// times the cache.
func New(src Source, clk clock.Clock) *Handler {
	page := template.Must(template.New("page").Funcs(template.FuncMap{
		"short": short, "ago": ago, "seconds": seconds, "statuses": statuses,
	}).Parse(pageHTML))
	return &Handler{src: src, clock: clock.Or(clk), page: page}
}

// ServeHTTP serves GET and HEAD of / and /status.json.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" && r.URL.Path != "/status.json" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s := h.snapshot(r.Context())
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path == "/status.json" {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(s)
		return
	}
	var buf bytes.Buffer
	if err := h.page.Execute(&buf, view{Snapshot: s, Refresh: RefreshSeconds}); err != nil {
		http.Error(w, fmt.Sprintf("status page: %v", err), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// snapshot is the cached snapshot, read again once it is CacheFor old.
func (h *Handler) snapshot(ctx context.Context) Snapshot {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.clock.Now()
	if !h.at.IsZero() && now.Sub(h.at) < CacheFor {
		return h.cached
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	s := h.src.Snapshot(ctx)
	if s.Taken.IsZero() {
		s.Taken = now
	}
	for i := range s.Batches {
		s.Batches[i].Stage = s.Batches[i].stage()
	}
	h.cached, h.at = s, now
	return s
}

// view is what the template renders.
type view struct {
	Snapshot
	Refresh int
}

// short abbreviates a long hex string (a key, a hash) to its ends, a
// "kind:" prefix kept; the page puts the whole in a title.
func short(s string) string {
	r := []rune(s)
	head := 10
	if i := strings.IndexRune(s, ':'); i > 0 && i < 16 {
		head = len([]rune(s[:i])) + 7
	}
	if len(r) <= head+10 {
		return s
	}
	return string(r[:head]) + "…" + string(r[len(r)-6:])
}

// ago is how long before now t was, to the second ("" for the zero time).
func ago(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t).Round(time.Second)
	if d < 0 {
		return "in " + (-d).String()
	}
	return d.String() + " ago"
}

// seconds shows a duration in seconds with two decimals.
func seconds(s float64) string { return fmt.Sprintf("%.2f s", s) }

// status is one row of the proof requests table.
type status struct {
	Name  string
	Count int
}

// statuses are the proof request counts in name order.
func statuses(m map[string]int) []status {
	out := make([]status, 0, len(m))
	for k, v := range m {
		out = append(out, status{Name: k, Count: v})
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(out[i].Name, out[j].Name) < 0 })
	return out
}
