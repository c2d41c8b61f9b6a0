package contracts_test

import (
	"fmt"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// Case 6: the 9 × 9 transition matrix, for every role. From a request in
// each state, every role tries every target state through every entry point
// that can produce it (updateProofRequestStatus for all nine;
// acknowledgeProofRequest for Committed and Refused; submitProof for Proven;
// withdraw for Paid), as an eth_call at the head block. An edge not drawn
// reverts with TransitionNotAllowed(from, to) whoever asks; a drawn edge
// succeeds for its role only, and any other caller gets that role's error.
func TestProofManagerTransitionMatrix(t *testing.T) {
	const (
		pending   = bindings.ProofRequestStatusPendingAcknowledgement
		committed = bindings.ProofRequestStatusCommitted
		refused   = bindings.ProofRequestStatusRefused
		unack     = bindings.ProofRequestStatusUnacknowledged
		proven    = bindings.ProofRequestStatusProven
		timedOut  = bindings.ProofRequestStatusTimedOut
		validated = bindings.ProofRequestStatusValidated
		failed    = bindings.ProofRequestStatusValidationFailed
		paid      = bindings.ProofRequestStatusPaid
		fermah    = bindings.ProvingNetworkFermah
		lagrange  = bindings.ProvingNetworkLagrange
		timeout   = 600
		nStatus   = 9
	)
	// The state machine as docs/protocols/proof-manager.md draws it, and who
	// takes each edge.
	type edge struct{ from, to uint8 }
	drawn := map[edge]string{
		{pending, refused}:    "network",
		{pending, unack}:      "submitter",
		{pending, committed}:  "network",
		{committed, timedOut}: "submitter",
		{committed, proven}:   "network",
		{proven, failed}:      "submitter",
		{proven, validated}:   "submitter",
		{validated, paid}:     "network",
	}

	e := newPMEnv(t)
	pm := e.pm
	p := pmParams(0)
	p.TimeoutAfter = big.NewInt(timeout)
	params := func(b int64) bindings.ProofManagerProofRequestParams {
		q := p
		q.ProofInputsUrl = pmParams(b).ProofInputsUrl
		return q
	}
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah))

	// Requests past their deadlines, for Unacknowledged and TimedOut: 10
	// stays Pending, 11 Committed, 12 becomes Unacknowledged, 13 TimedOut.
	e.submitAssigned(fermah, 10, params(10))
	e.submitAssigned(fermah, 11, params(11))
	e.submitAssigned(fermah, 12, params(12))
	r := e.submitAssigned(fermah, 13, params(13))
	for _, b := range []int64{11, 13} {
		r, err := e.ack(e.fermah, b, true)
		require.NoError(t, err)
		e.requireChanges(r, int(b), committed)
	}
	e.setNextBlockTime(e.blockTime(r) + timeout + 1)
	r, err := e.update(e.submitter, 13, timedOut)
	require.NoError(t, err)
	e.requireChanges(r, 13, timedOut)
	r, err = e.update(e.submitter, 12, unack)
	require.NoError(t, err)
	e.requireChanges(r, 12, unack)

	// Fresh requests: 20 Paid, 21 Pending, 22 Committed, 23 Refused, 24
	// Proven, 25 Validated, 26 ValidationFailed.
	e.validatedRequest(fermah, e.fermah, 20, usdc(1))
	e.withdrawOK(e.fermah, fermah, usdc(1), 20)
	for b := int64(21); b <= 26; b++ {
		e.submitAssigned(fermah, b, params(b))
	}
	_, err = e.ack(e.fermah, 22, true)
	require.NoError(t, err)
	r, err = e.ack(e.fermah, 23, false)
	require.NoError(t, err)
	e.requireChanges(r, 23, refused)
	for _, b := range []int64{24, 25, 26} {
		_, err = e.ack(e.fermah, b, true)
		require.NoError(t, err)
		r, err = e.prove(e.fermah, b, usdc(2))
		require.NoError(t, err)
		e.requireChanges(r, int(b), proven)
	}
	r, err = e.update(e.submitter, 25, validated)
	require.NoError(t, err)
	e.requireChanges(r, 25, validated)
	r, err = e.update(e.submitter, 26, failed)
	require.NoError(t, err)
	e.requireChanges(r, 26, failed)

	// The request to start from, for each state (and, for Pending and
	// Committed, the target: the edges that need a deadline passed start from
	// the stale request, the others from the fresh one).
	fresh := map[uint8]int64{pending: 21, committed: 22, refused: 23, unack: 12, proven: 24,
		timedOut: 13, validated: 25, failed: 26, paid: 20}
	requestFor := func(from, to uint8) int64 {
		switch {
		case from == pending && to == unack:
			return 10
		case from == committed && to == timedOut:
			return 11
		}
		return fresh[from]
	}
	statuses := map[int64]uint8{10: pending, 11: committed}
	for s, b := range fresh {
		statuses[b] = s
	}
	for b, s := range statuses {
		e.requireStatus(b, s)
	}

	roles := []struct {
		name string
		acct account
	}{{"admin", e.admin}, {"submitter", e.submitter}, {"Fermah (assignee)", e.fermah}, {"Lagrange", e.lagrange}, {"stranger", e.stranger}}

	type attempt struct {
		entry string
		data  []byte
	}
	successes := map[string]int{}
	for from := uint8(0); from < nStatus; from++ {
		for to := uint8(0); to < nStatus; to++ {
			batch := requestFor(from, to)
			id := pmID(batch)
			attempts := []attempt{{"updateProofRequestStatus", pm.PackUpdateProofRequestStatus(id, to)}}
			switch to {
			case committed:
				attempts = append(attempts, attempt{"acknowledgeProofRequest(accept)", pm.PackAcknowledgeProofRequest(id, true)})
			case refused:
				attempts = append(attempts, attempt{"acknowledgeProofRequest(refuse)", pm.PackAcknowledgeProofRequest(id, false)})
			case proven:
				attempts = append(attempts, attempt{"submitProof", pm.PackSubmitProof(id, pmProof(batch), usdc(3))})
			case paid:
				attempts = append(attempts, attempt{"withdraw", pm.PackWithdraw()})
			}
			role, isEdge := drawn[edge{from, to}]
			t.Run(fmt.Sprintf("%s→%s", statusName(from), statusName(to)), func(t *testing.T) {
				for _, a := range attempts {
					for _, who := range roles {
						err := e.callAs(who.acct, a.data)
						where := fmt.Sprintf("%s by %s on request %d", a.entry, who.name, batch)
						var want any
						switch a.entry {
						case "withdraw":
							// withdraw pays whatever is due (request 25); it
							// takes no request, so it cannot name a transition.
							switch who.acct {
							case e.fermah:
							case e.lagrange:
								want = &bindings.ProofManagerNoPaymentDue{Network: lagrange}
							default:
								want = &bindings.ProofManagerNotProvingNetwork{Caller: who.acct.addr}
							}
						case "updateProofRequestStatus":
							switch {
							case !isEdge:
								want = &bindings.ProofManagerTransitionNotAllowed{From: from, To: to}
							case role == "network":
								want = &bindings.ProofManagerTransitionReservedForNetwork{From: from, To: to}
							case who.acct != e.submitter:
								want = &bindings.ProofManagerNotSubmitter{Caller: who.acct.addr}
							}
						default: // the assignee's entry points
							switch {
							case !isEdge:
								want = &bindings.ProofManagerTransitionNotAllowed{From: from, To: to}
							case who.acct != e.fermah:
								want = &bindings.ProofManagerNotAssignee{Caller: who.acct.addr, AssignedTo: fermah}
							}
						}
						if want == nil {
							require.NoError(t, err, where)
							if a.entry != "withdraw" {
								successes[fmt.Sprintf("%s→%s by %s", statusName(from), statusName(to), who.name)]++
							}
							continue
						}
						require.Error(t, err, "%s: expected %T", where, want)
						requireRevert(t, err, pm, want)
					}
				}
			})
		}
	}
	// Every drawn edge was allowed exactly once, to its role, through its entry point.
	require.Equal(t, map[string]int{
		"PendingAcknowledgement→Committed by Fermah (assignee)": 1,
		"PendingAcknowledgement→Refused by Fermah (assignee)":   1,
		"PendingAcknowledgement→Unacknowledged by submitter":    1,
		"Committed→Proven by Fermah (assignee)":                 1,
		"Committed→TimedOut by submitter":                       1,
		"Proven→Validated by submitter":                         1,
		"Proven→ValidationFailed by submitter":                  1,
	}, successes)

	// Validated → Paid, by the assignee's withdraw: only request 25 moves.
	e.withdrawOK(e.fermah, fermah, usdc(2), 25)
	statuses[25] = paid
	for b, s := range statuses {
		e.requireStatus(b, s)
	}
}
