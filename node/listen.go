package node

import (
	"errors"
	"fmt"
	"net"
)

// ListenError is a listener of the node that could not take its address,
// most often because the port is taken. Key says what moves the address:
// the configuration key (metrics.listen_addr). A command with a flag for the
// address names the flag in MovedBy instead (on a copy: an error that wraps
// this one has fixed its text).
type ListenError struct {
	Listener string // what listens: "JSON-RPC", "metrics server"
	Addr     string
	Key      string
	MovedBy  string // what the message names; Key when empty
	Err      error  // the listen error itself
}

func (e *ListenError) Error() string {
	moved := e.MovedBy
	if moved == "" {
		moved = e.Key
	}
	return fmt.Sprintf("%s on %s: %v (%s moves it)", e.Listener, e.Addr, e.Err, moved)
}

func (e *ListenError) Unwrap() error { return e.Err }

// listenError is a *ListenError when err is a failed listen, with the
// listen error alone as its cause (the wrapping of the services below
// names the address again); otherwise nil.
func listenError(listener, addr, key string, err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "listen" {
		return nil
	}
	return &ListenError{Listener: listener, Addr: addr, Key: key, Err: op}
}
