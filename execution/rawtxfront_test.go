package execution

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rpcReply is one JSON-RPC response as a client reads it.
type rpcReply struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func post(t *testing.T, url, contentType, body string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, contentType, strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

// sendRawBatch is a JSON-RPC batch of eth_sendRawTransaction, one per raw
// input, with the given ids.
func sendRawBatch(ids []string, raws [][]byte) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, raw := range raws {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"jsonrpc":"2.0","id":%s,"method":"eth_sendRawTransaction","params":["%s"]}`, ids[i], hexutil.Encode(raw))
	}
	b.WriteByte(']')
	return b.String()
}

func marshal(t *testing.T, tx *types.Transaction) []byte {
	t.Helper()
	raw, err := tx.MarshalBinary()
	require.NoError(t, err)
	return raw
}

// A batch of raw transactions gets, for each, what eth_sendRawTransaction
// alone answers: the hash, or the same error. Those admitted are all
// executable when the response comes (the next block has them), and are
// handed on for gossip with their bytes.
func TestRawTransactionBatchIsAnsweredAsSingleCalls(t *testing.T) {
	var gossiped [][]byte
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", OnLocalTx: func(_ *types.Transaction, raw []byte) {
		gossiped = append(gossiped, raw)
	}})
	ctx := context.Background()
	t0, t1, t2 := transfer(t, e, keyA, 0, addrB, big.NewInt(1)), transfer(t, e, keyA, 1, addrB, big.NewInt(2)), transfer(t, e, keyA, 2, addrB, big.NewInt(3))
	tb := transfer(t, e, keyB, 0, addrA, big.NewInt(4))
	unprotected, err := types.SignNewTx(keyB, types.HomesteadSigner{}, &types.LegacyTx{
		Nonce: 1, GasPrice: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 21_000, To: &addrA, Value: big.NewInt(1)})
	require.NoError(t, err)
	overCap, err := types.SignNewTx(keyB, types.LatestSigner(e.ChainConfig()), &types.DynamicFeeTx{
		ChainID: e.ChainConfig().ChainID, Nonce: 1, GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(1000), gwei),
		Gas: 2_000_000, To: &addrA, Value: big.NewInt(1)})
	require.NoError(t, err)

	raws := [][]byte{marshal(t, t1), marshal(t, t0), marshal(t, t2), marshal(t, t0), marshal(t, tb),
		marshal(t, unprotected), marshal(t, overCap), marshal(t, blobTx(t, e)), {0x01}}
	ids := []string{`1`, `"two"`, `3`, `4`, `-5`, `"six"`, `7`, `8`, `9.5`}
	admitted := map[int]*types.Transaction{0: t1, 1: t0, 2: t2, 4: tb}
	refusals := map[int]string{3: "already known", 5: "only replay-protected", 6: "exceeds the configured cap",
		7: ErrBlobTx.Error(), 8: "too short"}

	// The front answers the batch itself: geth's server is not asked.
	front := &rawTxFront{guard: e.guard, bodyLimit: 5 << 20, batchLimit: 1000,
		next: http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("the batch went to geth's server") })}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(sendRawBatch(ids, raws)))
	req.Header.Set("content-type", "application/json")
	front.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/json", rec.Header().Get("content-type"))
	var replies []rpcReply
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &replies), rec.Body.String())
	require.Len(t, replies, len(raws))

	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	for i, r := range replies {
		assert.Equal(t, "2.0", r.Version, "reply %d", i)
		assert.Equal(t, ids[i], string(r.ID), "reply %d echoes its id", i)
		if tx, ok := admitted[i]; ok {
			require.Nil(t, r.Error, "reply %d", i)
			var h common.Hash
			require.NoError(t, json.Unmarshal(r.Result, &h))
			assert.Equal(t, tx.Hash(), h, "reply %d", i)
			continue
		}
		require.NotNil(t, r.Error, "reply %d: %s", i, r.Result)
		assert.Equal(t, -32000, r.Error.Code, "reply %d", i)
		assert.Contains(t, r.Error.Message, refusals[i], "reply %d", i)
		// The single call refuses the same input with the same message.
		var h common.Hash
		single := rc.CallContext(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(raws[i]))
		require.Error(t, single, "reply %d", i)
		assert.Equal(t, r.Error.Message, single.Error(), "reply %d", i)
	}

	// The same through the node's HTTP endpoint.
	next := transfer(t, e, keyB, 1, addrA, big.NewInt(5))
	status, body := post(t, e.HTTPEndpoint(), "application/json", sendRawBatch([]string{`10`}, [][]byte{marshal(t, next)}))
	require.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `[{"jsonrpc":"2.0","id":10,"result":"`+next.Hash().Hex()+`"}]`, string(body))
	raws = append(raws, marshal(t, next))

	pending, queued := e.TxPool().Stats()
	assert.Equal(t, 5, pending, "admitted transactions are executable when the reply comes")
	assert.Zero(t, queued)
	require.Equal(t, [][]byte{raws[0], raws[1], raws[2], raws[4], raws[9]}, gossiped)
	b, _ := advance(t, e, nil)
	require.Len(t, b.Transactions(), 5)
}

// Anything but a batch of well-formed eth_sendRawTransaction calls is
// geth's to answer, with geth's errors.
func TestOtherRequestsReachGethsServer(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	url := e.HTTPEndpoint()
	tx0 := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	t0, t1 := marshal(t, tx0), marshal(t, transfer(t, e, keyA, 1, addrB, big.NewInt(1)))
	replies := func(body []byte) []rpcReply {
		t.Helper()
		var rs []rpcReply
		require.NoError(t, json.Unmarshal(body, &rs), string(body))
		return rs
	}

	// Another method in the batch: both are answered.
	status, body := post(t, url, "application/json", `[`+
		`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["`+hexutil.Encode(t0)+`"]},`+
		`{"jsonrpc":"2.0","id":2,"method":"eth_chainId","params":[]}]`)
	require.Equal(t, http.StatusOK, status)
	rs := replies(body)
	require.Len(t, rs, 2)
	require.Nil(t, rs[0].Error)
	assert.Equal(t, `"`+tx0.Hash().Hex()+`"`, string(rs[0].Result))
	assert.Equal(t, fmt.Sprintf(`"%#x"`, testChainID), string(rs[1].Result))

	// A parameter that is not hex: geth's invalid-argument error for it, the
	// other call still admitted.
	status, body = post(t, url, "application/json", `[`+
		`{"jsonrpc":"2.0","id":1,"method":"eth_sendRawTransaction","params":["0xzz"]},`+
		`{"jsonrpc":"2.0","id":2,"method":"eth_sendRawTransaction","params":["`+hexutil.Encode(t1)+`"]}]`)
	require.Equal(t, http.StatusOK, status)
	rs = replies(body)
	require.Len(t, rs, 2)
	require.NotNil(t, rs[0].Error)
	assert.Equal(t, -32602, rs[0].Error.Code, rs[0].Error.Message)
	require.Nil(t, rs[1].Error)
	pending, _ := e.TxPool().Stats()
	assert.Equal(t, 2, pending)

	// Over geth's batch limit (1,000 calls): refused whole, nothing admitted.
	many := make([][]byte, 1001)
	ids := make([]string, len(many))
	for i := range many {
		many[i] = marshal(t, transfer(t, e, keyB, uint64(i), addrA, big.NewInt(1)))
		ids[i] = fmt.Sprint(i)
	}
	status, body = post(t, url, "application/json", sendRawBatch(ids, many))
	require.Equal(t, http.StatusOK, status)
	assert.Contains(t, string(body), "batch too large")
	pending, _ = e.TxPool().Stats()
	assert.Equal(t, 2, pending)

	// Not JSON: geth's refusal.
	status, _ = post(t, url, "text/plain", sendRawBatch(ids[:1], many[:1]))
	assert.Equal(t, http.StatusUnsupportedMediaType, status)
	// Over the body limit (5 MiB): geth's refusal.
	status, _ = post(t, url, "application/json", `["`+strings.Repeat("0", 6<<20)+`"]`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
}

func TestReadRawTxBatch(t *testing.T) {
	raw := `"0x02f86b"`
	call := func(id, params string) string {
		return `{"jsonrpc":"2.0","id":` + id + `,"method":"eth_sendRawTransaction","params":` + params + `}`
	}
	for name, tc := range map[string]struct {
		body string
		ok   bool
	}{
		"batch":                 {`[` + call(`1`, `[`+raw+`]`) + `,` + call(`"a"`, `[`+raw+`]`) + `]`, true},
		"leading space":         {" \n[" + call(`1`, `[`+raw+`]`) + `]`, true},
		"single call":           {call(`1`, `[`+raw+`]`), false},
		"empty batch":           {`[]`, false},
		"notification":          {`[{"jsonrpc":"2.0","method":"eth_sendRawTransaction","params":[` + raw + `]}]`, false},
		"null id":               {`[` + call(`null`, `[`+raw+`]`) + `]`, false},
		"object id":             {`[` + call(`{}`, `[`+raw+`]`) + `]`, false},
		"two params":            {`[` + call(`1`, `[`+raw+`,1]`) + `]`, false},
		"no params":             {`[` + call(`1`, `[]`) + `]`, false},
		"params not a list":     {`[` + call(`1`, raw) + `]`, false},
		"not hex":               {`[` + call(`1`, `["0xzz"]`) + `]`, false},
		"no 0x":                 {`[` + call(`1`, `["02f86b"]`) + `]`, false},
		"other method":          {`[` + strings.Replace(call(`1`, `[`+raw+`]`), "eth_sendRawTransaction", "eth_sendRawTransactionSync", 1) + `]`, false},
		"old version":           {`[` + strings.Replace(call(`1`, `[`+raw+`]`), `"2.0"`, `"1.0"`, 1) + `]`, false},
		"broken JSON":           {`[` + call(`1`, `[`+raw+`]`), false},
		"over the batch limit":  {`[` + call(`1`, `[`+raw+`]`) + `,` + call(`2`, `[`+raw+`]`) + `,` + call(`3`, `[`+raw+`]`) + `]`, false},
		"array of non-objects":  {`[1,2]`, false},
		"method name elsewhere": {`[{"jsonrpc":"2.0","id":1,"method":"eth_call","params":["eth_sendRawTransaction"]}]`, false},
	} {
		t.Run(name, func(t *testing.T) {
			calls, inputs, ok := readRawTxBatch([]byte(tc.body), 2)
			require.Equal(t, tc.ok, ok)
			if ok {
				require.Len(t, inputs, len(calls))
				for _, in := range inputs {
					require.Equal(t, hexutil.Bytes{0x02, 0xf8, 0x6b}, in)
				}
			}
		})
	}
}

// A transaction without EIP-155 replay protection (the canonical keyless
// deployments are such) is refused over JSON-RPC unless the node allows it,
// as geth's --rpc.allow-unprotected-txs; then it is mined.
func TestUnprotectedTransactionsAllowedWhenConfigured(t *testing.T) {
	for _, allow := range []bool{false, true} {
		e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", AllowUnprotectedTxs: allow})
		tx, err := types.SignNewTx(keyB, types.HomesteadSigner{}, &types.LegacyTx{
			Nonce: 0, GasPrice: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 21_000, To: &addrA, Value: big.NewInt(1)})
		require.NoError(t, err)
		require.False(t, tx.Protected())
		rc, err := rpc.DialContext(context.Background(), e.HTTPEndpoint())
		require.NoError(t, err)
		var h common.Hash
		err = rc.CallContext(context.Background(), &h, "eth_sendRawTransaction", hexutil.Bytes(marshal(t, tx)))
		rc.Close()
		if !allow {
			require.ErrorContains(t, err, "only replay-protected (EIP-155) transactions allowed over RPC")
			continue
		}
		require.NoError(t, err)
		require.Equal(t, tx.Hash(), h)
		b, _ := advance(t, e, nil)
		require.Len(t, b.Transactions(), 1, "the unprotected transaction is mined")
		require.Equal(t, tx.Hash(), b.Transactions()[0].Hash())
	}
}
