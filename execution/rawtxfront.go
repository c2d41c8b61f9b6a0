package execution

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
)

// rawTxFront sits in front of the HTTP JSON-RPC server. A batch made only
// of eth_sendRawTransaction calls is answered here: its transactions go to
// the txpool in one Add (txGuard.admitBatch). geth's server runs a batch's
// calls one after another, each waiting for a pool promotion of its own,
// which at thousands of transactions a second cost more CPU than the
// transactions' own checks. Every other request, and any batch this front
// is not sure it reads as geth would, goes to geth's server unchanged.
type rawTxFront struct {
	guard      *txGuard
	next       http.Handler
	bodyLimit  int // geth's HTTP body limit
	batchLimit int // geth's batch item limit; 0 = none
}

// rawTxCall is one JSON-RPC call as geth reads it.
type rawTxCall struct {
	Version string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

const sendRawTxMethod = "eth_sendRawTransaction"

func (f *rawTxFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ContentLength > int64(f.bodyLimit) || !isJSON(r.Header.Get("content-type")) {
		f.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, int64(f.bodyLimit)+1))
	// What was read goes back in front of what was not: geth's server then
	// reads the request exactly as it was sent, errors and limits included.
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
	if err != nil || len(body) > f.bodyLimit {
		f.next.ServeHTTP(w, r)
		return
	}
	calls, inputs, ok := readRawTxBatch(body, f.batchLimit)
	if !ok {
		f.next.ServeHTTP(w, r)
		return
	}
	hashes, errs := f.guard.admitBatch(inputs)
	w.Header().Set("content-type", "application/json")
	_, _ = w.Write(rawTxResponses(calls, hashes, errs))
}

// isJSON reports whether a content type is one geth's server accepts.
func isJSON(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "application/json-rpc" || mt == "application/jsonrequest")
}

// readRawTxBatch reads body as a batch of eth_sendRawTransaction calls,
// each with a plain id and one hex string parameter. ok is false for
// anything else: a single call, another method, a notification, an id or
// parameters geth would answer with an error of its own, a batch over the
// limit.
func readRawTxBatch(body []byte, limit int) (calls []rawTxCall, inputs []hexutil.Bytes, ok bool) {
	if t := bytes.TrimLeft(body, " \t\r\n"); len(t) == 0 || t[0] != '[' || !bytes.Contains(body, []byte(sendRawTxMethod)) {
		return nil, nil, false
	}
	if err := json.Unmarshal(body, &calls); err != nil || len(calls) == 0 || (limit > 0 && len(calls) > limit) {
		return nil, nil, false
	}
	inputs = make([]hexutil.Bytes, len(calls))
	for i, c := range calls {
		if c.Version != "2.0" || c.Method != sendRawTxMethod || !plainID(c.ID) {
			return nil, nil, false
		}
		var params []json.RawMessage
		if err := json.Unmarshal(c.Params, &params); err != nil || len(params) != 1 {
			return nil, nil, false
		}
		if err := inputs[i].UnmarshalJSON(params[0]); err != nil {
			return nil, nil, false
		}
	}
	return calls, inputs, true
}

// plainID is an id that is a JSON number or string.
func plainID(id json.RawMessage) bool {
	if len(id) == 0 {
		return false
	}
	switch c := id[0]; {
	case c == '"':
		var s string
		return json.Unmarshal(id, &s) == nil
	case c == '-' || (c >= '0' && c <= '9'):
		var n json.Number
		return json.Unmarshal(id, &n) == nil
	}
	return false
}

// rpcErrorObject is a JSON-RPC error as geth encodes one.
type rpcErrorObject struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    any    `json:"data,omitempty"`
}

// rawTxResponses encodes the batch's responses as geth's server does:
// in call order, the hash or the error (code -32000 unless the error
// carries its own), and a newline after the array.
func rawTxResponses(calls []rawTxCall, hashes []common.Hash, errs []error) []byte {
	out := make([]byte, 0, len(calls)*100)
	out = append(out, '[')
	for i, c := range calls {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"jsonrpc":"2.0","id":`...)
		out = append(out, c.ID...)
		if err := errs[i]; err != nil {
			e := rpcErrorObject{Code: -32000, Message: err.Error()}
			if ec, ok := err.(rpc.Error); ok {
				e.Code = ec.ErrorCode()
			}
			if de, ok := err.(rpc.DataError); ok {
				e.Data = de.ErrorData()
			}
			enc, merr := json.Marshal(e)
			if merr != nil { // error data that does not encode: the message alone
				enc, _ = json.Marshal(rpcErrorObject{Code: e.Code, Message: e.Message})
			}
			out = append(out, `,"error":`...)
			out = append(out, enc...)
		} else {
			out = append(out, `,"result":"`...)
			out = append(out, hashes[i].Hex()...)
			out = append(out, '"')
		}
		out = append(out, '}')
	}
	return append(out, "]\n"...)
}

// httpHandler is the HTTP endpoint's handler: geth's JSON-RPC server with
// the configured namespaces, limits, CORS and virtual hosts, behind the
// raw-transaction front. It takes the root path of geth's HTTP server,
// whose own JSON-RPC handler then serves nothing: geth has no way to put a
// handler in front of its own. What this server lacks is the node's own
// admin_* and debug_* runtime methods (peers and servers of geth's devp2p
// and RPC, which Cairn does not run; Go runtime profiling): the eth
// service's admin and debug methods and the tracers are served.
func (e *Geth) httpHandler() (http.Handler, error) {
	c := e.stack.Config()
	srv, bodyLimit, err := e.rpcServer("HTTP")
	if err != nil {
		return nil, err
	}
	front := &rawTxFront{guard: e.guard, next: srv, bodyLimit: bodyLimit, batchLimit: c.BatchRequestLimit}
	return node.NewHTTPHandlerStack(front, c.HTTPCors, c.HTTPVirtualHosts, nil, false), nil
}

// rpcServer is a JSON-RPC server with the configured namespaces (those
// not behind authentication), geth's batch limits and body limit; what
// names the endpoint in errors.
func (e *Geth) rpcServer(what string) (*rpc.Server, int, error) {
	c := e.stack.Config()
	srv := rpc.NewServer()
	srv.SetBatchLimits(c.BatchRequestLimit, c.BatchResponseMaxSize)
	bodyLimit := c.HTTPBodyLimit
	if bodyLimit <= 0 {
		bodyLimit = node.DefaultConfig.HTTPBodyLimit
	}
	srv.SetHTTPBodyLimit(bodyLimit)
	var apis []rpc.API
	for _, a := range e.apis {
		if !a.Authenticated {
			apis = append(apis, a)
		}
	}
	modules := e.cfg.HTTPModules
	if modules == nil {
		modules = DefaultHTTPModules
	}
	if err := node.RegisterApis(apis, modules, srv); err != nil {
		return nil, 0, fmt.Errorf("execution: %s JSON-RPC: %w", what, err)
	}
	return srv, bodyLimit, nil
}
