package submitter

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cairn-rollup/cairn/store"
	"github.com/stretchr/testify/require"
)

type inputs map[uint64][]byte

func (m inputs) ProverInput(n uint64) ([]byte, error) {
	if b, ok := m[n]; ok {
		return b, nil
	}
	return nil, store.ErrNotFound
}

func TestInputsHandler(t *testing.T) {
	srv := httptest.NewServer(InputsHandler(42, inputs{3: []byte("input of batch 3")}))
	defer srv.Close()
	cases := []struct {
		method, path string
		code         int
		body         string
	}{
		{"GET", "/proof-inputs/42/3", 200, "input of batch 3"},
		{"GET", "/proof-inputs/42/4", 404, "batch 4 is not sealed\n"},
		{"GET", "/proof-inputs/7/3", 404, "this node serves chain 42\n"},
		{"GET", "/proof-inputs/42/x", 400, "chain id and batch are decimal numbers\n"},
		{"GET", "/proof-inputs/42/3/extra", 404, "want /proof-inputs/<chainId>/<batch>\n"},
		{"POST", "/proof-inputs/42/3", 405, "only GET\n"},
	}
	for _, tc := range cases {
		req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, tc.code, resp.StatusCode, tc.path)
		require.Equal(t, tc.body, string(body), tc.path)
	}
}
