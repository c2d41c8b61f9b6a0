package execution

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/ethereum/go-ethereum/rpc"
)

// ErrWebSocket marks the errors of the WebSocket JSON-RPC server's start,
// a failed listen among them: the node names rpc.ws_addr for those.
var ErrWebSocket = errors.New("WebSocket JSON-RPC")

// wsOrigins are the origins the WebSocket endpoint accepts (geth's
// WSOrigins): the HTTP endpoint's CORS origins. geth's origin rules have no
// wildcard port: an origin whose port is "*" is the origin without a port,
// which geth matches on any port. None configured leaves geth's default:
// http://localhost and http://<hostname>, on any port. Clients that send no
// Origin (not browsers) are always accepted.
func wsOrigins(cors []string) []string {
	out := make([]string, 0, len(cors))
	for _, o := range cors {
		out = append(out, strings.TrimSuffix(o, ":*"))
	}
	return out
}

// wsServer is the WebSocket JSON-RPC endpoint: geth's RPC server (the
// HTTP endpoint's namespaces, its subscriptions over the connection) on
// a listener of its own, or behind the HTTP listener (shared).
type wsServer struct {
	mu    sync.Mutex
	rpc   *rpc.Server // nil when off
	http  *http.Server
	bound string // host:port of the own listener, once listening
}

// checkWSAddr refuses a WebSocket address that is not host:port.
func checkWSAddr(addr string) error {
	if addr == "" {
		return nil
	}
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("execution: websocket address %q: %w", addr, err)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("execution: websocket address %q: bad port", addr)
	}
	return nil
}

// wsShared reports whether WebSocket is served on the HTTP listener.
func (e *Geth) wsShared() bool { return e.cfg.WSAddr != "" && e.cfg.WSAddr == e.cfg.HTTPAddr }

// startServers registers the HTTP handler (with WebSocket upgrades when
// both share the listener), listens for WebSocket on its own address,
// then starts geth, whose HTTP server serves the handler.
func (e *Geth) startServers() error {
	if e.cfg.WSAddr != "" && e.ws.rpc == nil {
		srv, _, err := e.rpcServer("WebSocket")
		if err != nil {
			return err
		}
		e.ws.rpc = srv
	}
	if e.cfg.HTTPAddr != "" && !e.served {
		h, err := e.httpHandler()
		if err != nil {
			return err
		}
		if e.wsShared() {
			h = upgradeOr(e.ws.rpc.WebsocketHandler(wsOrigins(e.cfg.HTTPCors)), h)
		}
		e.stack.RegisterHandler("JSON-RPC", "/", h) // once: geth refuses it after a start
		e.served = true
	}
	if e.cfg.WSAddr != "" && !e.wsShared() {
		if err := e.ws.listen(e.cfg.WSAddr, wsOrigins(e.cfg.HTTPCors)); err != nil {
			return err
		}
	}
	if err := e.stack.Start(); err != nil {
		e.ws.stop()
		return fmt.Errorf("execution: start geth: %w", err)
	}
	return nil
}

// upgradeOr sends WebSocket upgrade requests to ws, the others to h.
func upgradeOr(ws, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebsocket(r) {
			ws.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isWebsocket is geth's test for an upgrade request.
func isWebsocket(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") &&
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

// listen serves the WebSocket endpoint on addr (host "" = every
// interface), in the background, to the browser origins of origins.
func (s *wsServer) listen(addr string, origins []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http != nil {
		return nil
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && host == "" {
		addr = net.JoinHostPort("0.0.0.0", port)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("execution: %w: %w", ErrWebSocket, err)
	}
	// The upgrade clears the deadlines: these bound the handshake only.
	t := rpc.DefaultHTTPTimeouts
	s.http = &http.Server{Handler: s.rpc.WebsocketHandler(origins), ReadHeaderTimeout: t.ReadHeaderTimeout,
		ReadTimeout: t.ReadTimeout, WriteTimeout: t.WriteTimeout, IdleTimeout: t.IdleTimeout}
	s.bound = ln.Addr().String()
	go func(srv *http.Server) { _ = srv.Serve(ln) }(s.http)
	return nil
}

// stop closes the listener and every WebSocket connection (geth's HTTP
// shutdown leaves upgraded connections to their handler).
func (s *wsServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.http != nil {
		_ = s.http.Close()
	}
	if s.rpc != nil {
		s.rpc.Stop()
	}
}

// WSEndpoint is the URL of the WebSocket JSON-RPC server ("" if
// disabled). With port 0 it reports the port actually bound, once started.
func (e *Geth) WSEndpoint() string {
	switch {
	case e.cfg.WSAddr == "":
		return ""
	case e.wsShared():
		return "ws://" + strings.TrimPrefix(e.HTTPEndpoint(), "http://")
	}
	e.ws.mu.Lock()
	defer e.ws.mu.Unlock()
	if e.ws.bound != "" {
		return "ws://" + e.ws.bound
	}
	return "ws://" + e.cfg.WSAddr
}
