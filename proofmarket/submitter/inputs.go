package submitter

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cairn-rollup/cairn/store"
)

// InputStore gives encoded prover inputs.
type InputStore interface {
	ProverInput(n uint64) ([]byte, error)
}

// InputsHandler serves GET /proof-inputs/<chainId>/<batch>: the batch's
// encoded prover input (rollup.ProverInput), for proving networks.
func InputsHandler(l2ChainID uint64, st InputStore) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		if chain != l2ChainID {
			http.Error(w, fmt.Sprintf("this node serves chain %d", l2ChainID), http.StatusNotFound)
			return
		}
		in, err := st.ProverInput(batch)
		if errors.Is(err, store.ErrNotFound) {
			http.Error(w, fmt.Sprintf("batch %d is not sealed", batch), http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, "store error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(in)))
		_, _ = w.Write(in)
	})
}
