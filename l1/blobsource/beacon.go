package blobsource

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto/kzg4844"
)

const (
	blobHexLen      = 2 + 2*len(kzg4844.Blob{}) + 2 // "0x…" with quotes
	sidecarOverhead = 4096                          // commitment, proof, header, inclusion proof, keys
	smallResponse   = 1 << 20                       // genesis, spec (a real spec is tens of KB), errors
)

// httpStatusError is a non-200 answer of an endpoint.
type httpStatusError struct {
	code int
	body string
}

func (e *httpStatusError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.code, e.body)
}

// get fetches url into out (a JSON {"data": …} shape), reading at most
// limit bytes.
func (s *Source) get(ctx context.Context, url string, limit int64, out any) error {
	ctx, cancel := context.WithTimeout(ctx, s.opts.RequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.opts.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		msg := strings.TrimSpace(string(body[:min(len(body), 300)]))
		return &httpStatusError{code: resp.StatusCode, body: msg}
	}
	if int64(len(body)) > limit {
		return fmt.Errorf("GET %s: response larger than %d bytes", url, limit)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	return nil
}

// slot is the slot of timestamp t on e, reading e's timing once.
func (s *Source) slot(ctx context.Context, e *endpoint, t uint64) (uint64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.timing == nil {
		var g struct {
			Data struct {
				GenesisTime string `json:"genesis_time"`
			} `json:"data"`
		}
		var spec struct {
			Data map[string]any `json:"data"`
		}
		if err := s.get(ctx, e.url+"/eth/v1/beacon/genesis", smallResponse, &g); err != nil {
			return 0, fmt.Errorf("genesis: %w", err)
		}
		if err := s.get(ctx, e.url+"/eth/v1/config/spec", smallResponse, &spec); err != nil {
			return 0, fmt.Errorf("spec: %w", err)
		}
		genesis, err := strconv.ParseUint(g.Data.GenesisTime, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("genesis_time %q: %w", g.Data.GenesisTime, err)
		}
		sps, err := strconv.ParseUint(fmt.Sprint(spec.Data["SECONDS_PER_SLOT"]), 10, 64)
		if err != nil || sps == 0 {
			return 0, fmt.Errorf("spec: SECONDS_PER_SLOT %v is not a positive number", spec.Data["SECONDS_PER_SLOT"])
		}
		e.timing = &slotTiming{genesisTime: genesis, secondsPerSlot: sps}
	}
	tm := e.timing
	if t < tm.genesisTime || (t-tm.genesisTime)%tm.secondsPerSlot != 0 {
		return 0, fmt.Errorf("block time %d is not a slot start (genesis time %d, %d s per slot): another chain?",
			t, tm.genesisTime, tm.secondsPerSlot)
	}
	return (t - tm.genesisTime) / tm.secondsPerSlot, nil
}

// fetch asks e for the blobs missing at slot and adds those that check
// out to found; an error says why some are still missing.
func (s *Source) fetch(ctx context.Context, e *endpoint, slot uint64, missing []common.Hash, found map[common.Hash]*kzg4844.Blob) error {
	var res struct {
		Data []hexutil.Bytes `json:"data"`
	}
	limit := int64(len(missing)*blobHexLen + sidecarOverhead)
	// The query repeats versioned_hashes (OpenAPI's default for arrays);
	// a node that wants one comma-separated list answers 400 to that.
	err := s.get(ctx, blobsURL(e.url, slot, missing, false), limit, &res)
	var se *httpStatusError
	if errors.As(err, &se) && se.code == http.StatusBadRequest && len(missing) > 1 {
		err = s.get(ctx, blobsURL(e.url, slot, missing, true), limit, &res)
	}
	if errors.As(err, &se) && (se.code == 404 || se.code == 405 || se.code == 501) {
		err = s.fetchSidecars(ctx, e, slot, missing, found, fmt.Sprintf("blobs: %v; ", err))
	} else if err == nil && len(res.Data) > len(missing) {
		err = fmt.Errorf("served %d blobs for %d asked", len(res.Data), len(missing))
	} else if err == nil {
		err = take(res.Data, nil, missing, found, "")
	}
	if err != nil {
		return fmt.Errorf("slot %d: %w", slot, err)
	}
	return nil
}

// blobsURL is the /blobs request for hashes at slot: the parameter
// repeated, or one comma-separated list.
func blobsURL(base string, slot uint64, hashes []common.Hash, comma bool) string {
	q := make([]string, len(hashes))
	for i, h := range hashes {
		q[i] = h.Hex()
	}
	sep := "&versioned_hashes="
	if comma {
		sep = ","
	}
	return fmt.Sprintf("%s/eth/v1/beacon/blobs/%d?versioned_hashes=%s", base, slot, strings.Join(q, sep))
}

// fetchSidecars is fetch through /blob_sidecars; before prefixes its error.
func (s *Source) fetchSidecars(ctx context.Context, e *endpoint, slot uint64, missing []common.Hash, found map[common.Hash]*kzg4844.Blob, before string) error {
	var res struct {
		Data []struct {
			Blob          hexutil.Bytes `json:"blob"`
			KZGCommitment hexutil.Bytes `json:"kzg_commitment"`
		} `json:"data"`
	}
	limit := int64(s.opts.MaxBlobsPerBlock*(blobHexLen+sidecarOverhead) + sidecarOverhead)
	url := fmt.Sprintf("%s/eth/v1/beacon/blob_sidecars/%d", e.url, slot)
	if err := s.get(ctx, url, limit, &res); err != nil {
		return fmt.Errorf("%sblob_sidecars: %w", before, err)
	}
	if len(res.Data) > s.opts.MaxBlobsPerBlock {
		return fmt.Errorf("%sblob_sidecars: %d sidecars, more than a block holds (%d)", before, len(res.Data), s.opts.MaxBlobsPerBlock)
	}
	blobs := make([]hexutil.Bytes, len(res.Data))
	claimed := make([]hexutil.Bytes, len(res.Data))
	for i, d := range res.Data {
		blobs[i], claimed[i] = d.Blob, d.KZGCommitment
	}
	return take(blobs, claimed, missing, found, before+"blob_sidecars: ")
}

// take checks served blobs and adds those with a missing versioned hash
// to found. With claimed commitments (blob sidecars, which carry every
// blob of the block), only blobs claiming a missing hash are checked.
func take(served, claimed []hexutil.Bytes, missing []common.Hash, found map[common.Hash]*kzg4844.Blob, prefix string) error {
	want := make(map[common.Hash]bool, len(missing))
	for _, h := range missing {
		want[h] = true
	}
	wrong := 0
	for i, raw := range served {
		if claimed != nil && !claimsOneOf(claimed[i], want) {
			continue
		}
		if len(raw) != len(kzg4844.Blob{}) {
			wrong++
			continue
		}
		blob := kzg4844.Blob(raw)
		h, err := verify(&blob)
		if err != nil || !want[h] {
			wrong++
			continue
		}
		found[h] = &blob
	}
	var still []string
	for _, h := range missing {
		if found[h] == nil {
			still = append(still, h.Hex())
		}
	}
	if len(still) == 0 {
		return nil
	}
	return fmt.Errorf("%s%d blobs served, %d wrong (not matching a versioned hash asked), none for %s",
		prefix, len(served), wrong, strings.Join(still, ", "))
}

// claimsOneOf reports whether commitment hashes to a wanted versioned hash.
func claimsOneOf(commitment hexutil.Bytes, want map[common.Hash]bool) bool {
	var c kzg4844.Commitment
	if len(commitment) != len(c) {
		return true // unknown: check the blob itself
	}
	copy(c[:], commitment)
	return want[common.Hash(kzg4844.CalcBlobHashV1(sha256.New(), &c))]
}
