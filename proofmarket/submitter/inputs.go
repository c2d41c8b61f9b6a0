package submitter

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/store"
)

// InputStore gives encoded prover inputs as readers over the store's own
// copy, so a download streams instead of copying the input per request.
type InputStore interface {
	ProverInputReader(n uint64) (io.ReadSeekCloser, error)
}

// InputsConfig bounds the prover inputs server. Zero fields take the
// defaults of DefaultInputsConfig.
type InputsConfig struct {
	// MaxDownloads bounds concurrent input downloads; more are answered
	// 503 with a Retry-After.
	MaxDownloads int
	// StallTimeout is the longest one write of a download may block: a
	// client that stops reading is cut off after it.
	StallTimeout time.Duration
	// MinRate (bytes/s) bounds a download's total time to StallTimeout plus
	// size/MinRate, so a client reading just fast enough to dodge
	// StallTimeout cannot hold a slot for ever.
	MinRate int64
	// HeaderTimeout bounds reading a request's headers; IdleTimeout a
	// kept-alive connection between requests.
	HeaderTimeout time.Duration
	IdleTimeout   time.Duration
}

// DefaultInputsConfig returns the defaults.
func DefaultInputsConfig() InputsConfig {
	return InputsConfig{
		MaxDownloads:  4,
		StallTimeout:  30 * time.Second,
		MinRate:       1 << 20,
		HeaderTimeout: 5 * time.Second,
		IdleTimeout:   30 * time.Second,
	}
}

func (c InputsConfig) withDefaults() InputsConfig {
	d := DefaultInputsConfig()
	if c.MaxDownloads <= 0 {
		c.MaxDownloads = d.MaxDownloads
	}
	if c.StallTimeout <= 0 {
		c.StallTimeout = d.StallTimeout
	}
	if c.MinRate <= 0 {
		c.MinRate = d.MinRate
	}
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = d.HeaderTimeout
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = d.IdleTimeout
	}
	return c
}

// downloadRetryAfter is the Retry-After, in seconds, of a download refused
// because all slots are taken.
const downloadRetryAfter = "1"

// InputsServer serves GET /proof-inputs/<chainId>/<batch>: the batch's
// encoded prover input (rollup.ProverInput), for proving networks. It
// supports HEAD and Range requests.
type InputsServer struct {
	cfg     InputsConfig
	chainID uint64
	st      InputStore
	log     *slog.Logger
	srv     *http.Server
	slots   chan struct{}
	active  sync.WaitGroup // handlers holding a store reader
}

// NewInputsServer returns a server; Serve starts it.
func NewInputsServer(cfg InputsConfig, l2ChainID uint64, st InputStore, log *slog.Logger) *InputsServer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	s := &InputsServer{cfg: cfg, chainID: l2ChainID, st: st, log: log, slots: make(chan struct{}, cfg.MaxDownloads)}
	mux := http.NewServeMux()
	mux.Handle("/proof-inputs/", s)
	s.srv = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: cfg.HeaderTimeout,
		// Requests are bodiless GETs: reading one takes no longer than
		// its headers.
		ReadTimeout: cfg.HeaderTimeout,
		// For error answers; a download moves its own deadline as it goes.
		WriteTimeout:   cfg.StallTimeout,
		IdleTimeout:    cfg.IdleTimeout,
		MaxHeaderBytes: 8 << 10,
		ErrorLog:       slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	return s
}

// Serve serves on ln until Close; it returns nil after Close.
func (s *InputsServer) Serve(ln net.Listener) error {
	if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("prover inputs server: %w", err)
	}
	return nil
}

// Close drops every connection and waits for the downloads in progress to
// let go of their store readers, so the store can be closed after it.
func (s *InputsServer) Close() error {
	err := s.srv.Close()
	s.active.Wait()
	return err
}

// ServeHTTP answers one request.
func (s *InputsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "only GET", http.StatusMethodNotAllowed)
		return
	}
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/proof-inputs/"), "/")
	if !strings.HasPrefix(r.URL.Path, "/proof-inputs/") || len(parts) != 2 {
		http.Error(w, "want /proof-inputs/<chainId>/<batch>", http.StatusNotFound)
		return
	}
	chain, err1 := strconv.ParseUint(parts[0], 10, 64)
	batch, err2 := strconv.ParseUint(parts[1], 10, 64)
	if err1 != nil || err2 != nil {
		http.Error(w, "chain id and batch are decimal numbers", http.StatusBadRequest)
		return
	}
	if chain != s.chainID {
		http.Error(w, fmt.Sprintf("this node serves chain %d", s.chainID), http.StatusNotFound)
		return
	}
	select {
	case s.slots <- struct{}{}:
		defer func() { <-s.slots }()
	default:
		w.Header().Set("Retry-After", downloadRetryAfter)
		http.Error(w, fmt.Sprintf("%d downloads in progress, the most this node serves at once; retry later", s.cfg.MaxDownloads),
			http.StatusServiceUnavailable)
		return
	}
	s.active.Add(1)
	defer s.active.Done()

	in, err := s.st.ProverInputReader(batch)
	if errors.Is(err, store.ErrNotFound) {
		http.Error(w, fmt.Sprintf("batch %d is not sealed", batch), http.StatusNotFound)
		return
	}
	if err != nil {
		s.log.Error("Reading a prover input failed", "batch", batch, "err", err)
		http.Error(w, "store error", http.StatusInternalServerError)
		return
	}
	defer in.Close()
	size, err := in.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = in.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.log.Error("Reading a prover input failed", "batch", batch, "err", err)
		http.Error(w, "store error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	dw := &deadlineWriter{
		ResponseWriter: w,
		rc:             http.NewResponseController(w),
		stall:          s.cfg.StallTimeout,
		end:            time.Now().Add(s.cfg.StallTimeout + time.Duration(size/s.cfg.MinRate)*time.Second),
	}
	http.ServeContent(dw, r, "", time.Time{}, in)
	if dw.err != nil {
		s.log.Debug("Prover input download cut off", "batch", batch, "remote", r.RemoteAddr, "err", dw.err)
	}
}

// deadlineWriter gives every write of a download StallTimeout to complete,
// and none past the download's end.
type deadlineWriter struct {
	http.ResponseWriter
	rc    *http.ResponseController
	stall time.Duration
	end   time.Time
	err   error
}

func (w *deadlineWriter) Write(p []byte) (int, error) {
	deadline := time.Now().Add(w.stall)
	if deadline.After(w.end) {
		deadline = w.end
	}
	if err := w.rc.SetWriteDeadline(deadline); err != nil && !errors.Is(err, http.ErrNotSupported) {
		w.err = err
		return 0, err
	}
	n, err := w.ResponseWriter.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}
