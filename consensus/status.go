package consensus

import "github.com/cairn-rollup/cairn/crypto/bls"

// Status is a snapshot of a replica for status pages and metrics. Run
// publishes one after every event; Status may be read from any goroutine.
type Status struct {
	View   uint64
	Phase  Phase
	Leader bls.PublicKey // leader of View
	// HighQCBlock is the block of the newest CommitQC (0 if none).
	HighQCBlock uint64
	// Timeouts counts the views this replica timed out in since it
	// started; Views the views it entered.
	Timeouts, Views uint64
}

// Status returns the latest snapshot (the zero Status before Run starts).
func (r *Replica) Status() Status {
	if s := r.status.Load(); s != nil {
		return *s
	}
	return Status{}
}

func (r *Replica) publishStatus() {
	s := &Status{View: r.view, Phase: r.phase, Leader: r.c.Leader(r.view), Timeouts: r.timeouts, Views: r.views}
	if r.highCommitQC != nil {
		s.HighQCBlock = r.highCommitQC.Header().Number
	}
	r.status.Store(s)
}
