//go:build browser

package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/devnet"
)

// A real browser (headless Chromium, `make test-browser`) loads the status
// page of a running devnet's nodes: the final head advances between two
// loads, a batch shows as verified once L1 verified it, and a validator's
// page shows the other validator's last seen view and a peer. It ends
// with a screenshot, kept at $CAIRN_STATUS_SCREENSHOT when set.
func TestStatusPageInABrowser(t *testing.T) {
	browser, err := exec.LookPath("chromium")
	require.NoError(t, err, "no chromium on PATH: make test-browser installs it (apt-get install -y chromium)")
	c := startChainWith(t, devnet.Config{Provers: 1, Market: devnet.Market{Disabled: true}, Validators: 2, MetricsAddr: "127.0.0.1:0"})
	page := func(i int) string { return "http://" + c.Nodes[i].MetricsAddr() + "/" }
	b := &chromium{t: t, path: browser, profile: t.TempDir()}

	eventually(t, time.Minute, "a final block", func() bool { return c.Nodes[0].Head() >= 1 })
	first := b.head(b.dom(page(0)))
	eventually(t, time.Minute, "the node's head past the first load's", func() bool { return c.Nodes[0].Head() > first })
	// The page caches a snapshot for a second: the next read is fresh once
	// the head moved, since the first load was before it did.
	eventually(t, 30*time.Second, "the page's head past the first load's", func() bool { return b.head(b.dom(page(0))) > first })

	eventually(t, 3*time.Minute, "a batch verified on L1", func() bool { return c.lastVerified(t) >= 1 })
	var dom string
	eventually(t, 30*time.Second, "a verified batch on the page", func() bool {
		dom = b.dom(page(0))
		return regexp.MustCompile(`data-stage="verified"`).MatchString(dom)
	})
	verified := number(t, `id="verified">(\d+)<`, dom)
	require.GreaterOrEqual(t, verified, uint64(1))
	for _, m := range regexp.MustCompile(`data-batch="(\d+)" data-stage="verified"`).FindAllStringSubmatch(dom, -1) {
		n, err := strconv.ParseUint(m[1], 10, 64)
		require.NoError(t, err)
		require.LessOrEqual(t, n, verified, "a batch shown verified beyond L1's last verified")
	}
	require.Regexp(t, `<code title="0x[0-9a-f]{64}">`, dom, "node 0 committed and verified: its transactions show")

	// Node 1's page: node 0 is a connected peer and a validator whose
	// consensus messages it saw.
	dom1 := b.dom(page(1))
	require.Contains(t, dom1, "Peers (1)")
	seen := regexp.MustCompile(`<span class="yes">yes</span></td>\s*<td class="n">\d+</td>`).FindAllString(dom1, -1)
	require.Len(t, seen, 2, "both validators connected, each with a last seen view")

	png := os.Getenv("CAIRN_STATUS_SCREENSHOT") // kept there when set
	if png == "" {
		png = filepath.Join(t.TempDir(), "status.png")
	}
	b.run("--screenshot="+png, "--window-size=1200,1600", page(0))
	shot, err := os.ReadFile(png)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(shot, []byte("\x89PNG")), "not a PNG")
}

// chromium runs headless Chromium from the command line.
type chromium struct {
	t       *testing.T
	path    string
	profile string // its own profile directory: no lock shared with another Chromium
}

func (b *chromium) run(args ...string) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	args = append([]string{"--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + b.profile}, args...)
	out, err := exec.CommandContext(ctx, b.path, args...).Output()
	var stderr []byte
	if ee, ok := err.(*exec.ExitError); ok {
		stderr = ee.Stderr
	}
	require.NoError(b.t, err, "chromium %v: %s", args, stderr)
	return out
}

// dom is the page at url as the browser built it.
func (b *chromium) dom(url string) string {
	b.t.Helper()
	dom := string(b.run("--dump-dom", url))
	require.Contains(b.t, dom, "<h1>Cairn node", "not the status page: %s", dom)
	return dom
}

// head is the final head the page shows.
func (b *chromium) head(dom string) uint64 {
	b.t.Helper()
	return number(b.t, `id="head">(\d+)<`, dom)
}

// number is the first submatch of pattern in s, parsed.
func number(t *testing.T, pattern, s string) uint64 {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	require.NotNil(t, m, "%s not in the page", pattern)
	n, err := strconv.ParseUint(m[1], 10, 64)
	require.NoError(t, err)
	return n
}
