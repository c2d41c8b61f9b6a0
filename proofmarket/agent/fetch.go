package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// permanentError is a download failure that retrying cannot fix.
type permanentError struct{ error }

func (e permanentError) Unwrap() error { return e.error }

// checkURL accepts absolute http and https URLs with a host.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("proof inputs URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("proof inputs URL %q: scheme %q, want http or https", raw, u.Scheme)
	}
	if u.Host == "" {
		return fmt.Errorf("proof inputs URL %q: no host", raw)
	}
	return nil
}

// download fetches a prover input: an http(s) GET answered 200 with a
// non-empty body of at most MaxInputSize bytes, within HTTPTimeout.
func (a *Agent) download(ctx context.Context, raw string) ([]byte, error) {
	if err := checkURL(raw); err != nil {
		return nil, permanentError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, permanentError{fmt.Errorf("proof inputs URL %q: %w", raw, err)}
	}
	resp, err := a.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", raw, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("download %s: HTTP status %s", raw, resp.Status)
	}
	limit := a.cfg.MaxInputSize
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("download %s: %d bytes, above the %d-byte limit", raw, resp.ContentLength, limit)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("download %s: %w", raw, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("download %s: more than the %d-byte limit", raw, limit)
	}
	if len(b) == 0 {
		return nil, errors.New("download " + raw + ": empty body")
	}
	return b, nil
}
