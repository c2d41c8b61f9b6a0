package submitter

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/store"
	"github.com/stretchr/testify/require"
)

// inputs is an InputStore over memory. If gate is set, the first Read of
// every reader reports on entered and waits for gate to be closed. It
// counts readers still open.
type inputs struct {
	data    map[uint64][]byte
	gate    chan struct{}
	entered chan struct{}
	err     error

	mu   sync.Mutex
	open int
}

func (m *inputs) ProverInputReader(n uint64) (io.ReadSeekCloser, error) {
	if m.err != nil {
		return nil, m.err
	}
	b, ok := m.data[n]
	if !ok {
		return nil, store.ErrNotFound
	}
	m.mu.Lock()
	m.open++
	m.mu.Unlock()
	return &reader{Reader: bytes.NewReader(b), m: m}, nil
}

func (m *inputs) opened() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.open
}

type reader struct {
	*bytes.Reader
	m      *inputs
	waited bool
	closed bool
}

func (r *reader) Read(p []byte) (int, error) {
	if r.m.gate != nil && !r.waited {
		r.waited = true
		r.m.entered <- struct{}{}
		<-r.m.gate
	}
	return r.Reader.Read(p)
}

func (r *reader) Close() error {
	if r.closed {
		return errors.New("closed twice")
	}
	r.closed = true
	r.m.mu.Lock()
	r.m.open--
	r.m.mu.Unlock()
	return nil
}

func serve(t *testing.T, cfg InputsConfig, st InputStore) (*InputsServer, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := NewInputsServer(cfg, 42, st, nil)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		require.NoError(t, s.Close())
		require.NoError(t, <-done)
	})
	return s, "http://" + ln.Addr().String()
}

func get(t *testing.T, url string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(body)
}

func TestInputsHandler(t *testing.T) {
	st := &inputs{data: map[uint64][]byte{3: []byte("input of batch 3")}}
	_, url := serve(t, InputsConfig{}, st)
	cases := []struct {
		method, path string
		code         int
		body         string
	}{
		{"GET", "/proof-inputs/42/3", 200, "input of batch 3"},
		{"HEAD", "/proof-inputs/42/3", 200, ""},
		{"GET", "/proof-inputs/42/4", 404, "batch 4 is not sealed\n"},
		{"GET", "/proof-inputs/7/3", 404, "this node serves chain 42\n"},
		{"GET", "/proof-inputs/42/x", 400, "chain id and batch are decimal numbers\n"},
		{"GET", "/proof-inputs/42/3/extra", 404, "want /proof-inputs/<chainId>/<batch>\n"},
		{"POST", "/proof-inputs/42/3", 405, "only GET\n"},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, url+tc.path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, tc.code, resp.StatusCode, tc.path)
		require.Equal(t, tc.body, string(body), tc.path)
		if tc.code == 200 {
			require.Equal(t, "16", resp.Header.Get("Content-Length"))
			require.Equal(t, "application/octet-stream", resp.Header.Get("Content-Type"))
		}
	}
	// A download can resume where it stopped.
	code, h, body := get(t, url+"/proof-inputs/42/3", "Range", "bytes=9-")
	require.Equal(t, http.StatusPartialContent, code)
	require.Equal(t, "batch 3", body)
	require.Equal(t, "bytes 9-15/16", h.Get("Content-Range"))
	require.Zero(t, st.opened(), "every reader was closed")

	st.err = errors.New("disk on fire")
	code, _, body = get(t, url+"/proof-inputs/42/3")
	require.Equal(t, http.StatusInternalServerError, code)
	require.Equal(t, "store error\n", body)
}

// TestInputsBoundedDownloads: past MaxDownloads at once a download is
// answered 503 with a Retry-After, and served again once a slot frees.
func TestInputsBoundedDownloads(t *testing.T) {
	st := &inputs{data: map[uint64][]byte{1: []byte("one")}, gate: make(chan struct{}), entered: make(chan struct{}, 2)}
	_, url := serve(t, InputsConfig{MaxDownloads: 2}, st)

	type result struct {
		code int
		body string
	}
	results := make(chan result, 2)
	for range 2 {
		go func() {
			resp, err := http.Get(url + "/proof-inputs/42/1")
			if err != nil {
				results <- result{}
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			results <- result{resp.StatusCode, string(b)}
		}()
	}
	<-st.entered
	<-st.entered // both slots are streaming

	code, h, body := get(t, url+"/proof-inputs/42/1")
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Equal(t, "1", h.Get("Retry-After"))
	require.Contains(t, body, "2 downloads in progress")
	// Errors that need no slot are still answered.
	code, _, _ = get(t, url+"/proof-inputs/42/9x")
	require.Equal(t, http.StatusBadRequest, code)

	close(st.gate)
	for range 2 {
		require.Equal(t, result{200, "one"}, <-results)
	}
	code, _, body = get(t, url+"/proof-inputs/42/1")
	require.Equal(t, 200, code)
	require.Equal(t, "one", body)
}

// TestInputsStalledReaderIsCutOff: a client that asks for a large input and
// stops reading loses its connection after StallTimeout, and its slot goes
// to the next download.
func TestInputsStalledReaderIsCutOff(t *testing.T) {
	big := bytes.Repeat([]byte{0xab}, 64<<20) // far beyond socket buffers
	st := &inputs{data: map[uint64][]byte{1: big, 2: []byte("small")}}
	_, url := serve(t, InputsConfig{MaxDownloads: 1, StallTimeout: 200 * time.Millisecond}, st)

	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /proof-inputs/42/1 HTTP/1.1\r\nHost: x\r\n\r\n"))
	require.NoError(t, err)
	status, err := bufio.NewReader(conn).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 200 OK\r\n", status)
	require.Eventually(t, func() bool { return st.opened() == 1 }, 5*time.Second, 5*time.Millisecond)

	// The stalled download ends and frees its slot.
	require.Eventually(t, func() bool { return st.opened() == 0 }, 10*time.Second, 10*time.Millisecond)
	code, _, body := get(t, url+"/proof-inputs/42/2")
	require.Equal(t, 200, code)
	require.Equal(t, "small", body)
}

// TestInputsHeaderTimeout: a connection that never finishes its request
// is closed after HeaderTimeout.
func TestInputsHeaderTimeout(t *testing.T) {
	_, url := serve(t, InputsConfig{HeaderTimeout: 200 * time.Millisecond}, &inputs{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /proof-inputs/42/1 HTTP/1.1\r\n"))
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	_, err = io.ReadAll(conn)
	require.NoError(t, err, "the server closed the connection (EOF), before the test's deadline")
}

// TestInputsCloseWaitsForDownloads: Close returns only once every download
// has let go of its store reader, so the store can be closed next.
func TestInputsCloseWaitsForDownloads(t *testing.T) {
	big := bytes.Repeat([]byte{1}, 64<<20)
	st := &inputs{data: map[uint64][]byte{1: big}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := NewInputsServer(InputsConfig{}, 42, st, nil)
	go func() { _ = s.Serve(ln) }()
	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("GET /proof-inputs/42/1 HTTP/1.1\r\nHost: x\r\n\r\n"))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return st.opened() == 1 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, s.Close())
	require.Zero(t, st.opened())
}
