package node

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
)

// services are the goroutines of one role. Each runs under the role's
// context and reports a failure on the node's Err channel; stop ends them
// and waits, so that no goroutine outlives the role that started it.
type services struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	errs   chan<- error
	log    *slog.Logger
}

// newServices holds the goroutines of a role about to start: they run
// independent of Start's context and end when the role stops.
func (n *Node) newServices() *services {
	ctx, cancel := context.WithCancel(context.Background())
	return &services{ctx: ctx, cancel: cancel, errs: n.errs, log: n.log}
}

// run runs f under the role's context; an error it returns is logged and
// reported on Err.
func (s *services) run(name string, f func(ctx context.Context) error) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := f(s.ctx); err != nil {
			s.log.Error("Service stopped", "service", name, "err", err)
			select {
			case s.errs <- fmt.Errorf("%s: %w", name, err):
			default:
			}
		}
	}()
}

// stop cancels the role's context and waits for its goroutines. It is
// safe on nil (a role not started).
func (s *services) stop() {
	if s == nil {
		return
	}
	s.cancel()
	s.wg.Wait()
}

// wait waits for the goroutines, once the role's stop has made them end
// (a cancelled context, a closed listener).
func (s *services) wait() { s.wg.Wait() }
