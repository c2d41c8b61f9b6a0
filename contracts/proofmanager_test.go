package contracts_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// Case 1: initialization.
func TestProofManagerInitialize(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm

	requireSame(t, bindings.ProofManagerProvingNetworkInfo{
		Addr: e.fermah.addr, Status: bindings.ProvingNetworkStatusActive, PaymentDue: big.NewInt(0), UnpaidRequests: big.NewInt(0),
	}, e.network(bindings.ProvingNetworkFermah))
	requireSame(t, bindings.ProofManagerProvingNetworkInfo{
		Addr: e.lagrange.addr, Status: bindings.ProvingNetworkStatusActive, PaymentDue: big.NewInt(0), UnpaidRequests: big.NewInt(0),
	}, e.network(bindings.ProvingNetworkLagrange))
	requireSame(t, bindings.ProofManagerProvingNetworkInfo{
		Status: bindings.ProvingNetworkStatusActive, PaymentDue: big.NewInt(0), UnpaidRequests: big.NewInt(0),
	}, e.network(bindings.ProvingNetworkNone))
	require.Equal(t, bindings.ProvingNetworkNone, call(t, e.pmC, pm.PackPreferredProvingNetwork(), pm.UnpackPreferredProvingNetwork))
	require.Equal(t, e.admin.addr, call(t, e.pmC, pm.PackAdmin(), pm.UnpackAdmin))
	require.Equal(t, e.submitter.addr, call(t, e.pmC, pm.PackSubmitter(), pm.UnpackSubmitter))
	require.Equal(t, e.addrs.USDC, call(t, e.pmC, pm.PackUsdc(), pm.UnpackUsdc))
	require.Zero(t, call(t, e.pmC, pm.PackRequestCounter(), pm.UnpackRequestCounter).Sign())
	require.Equal(t, int64(ackWindow), call(t, e.pmC, pm.PackACKNOWLEDGEMENTWINDOW(), pm.UnpackACKNOWLEDGEMENTWINDOW).Int64())
	require.Equal(t, usdc(25_000), call(t, e.pmC, pm.PackMAXREWARD(), pm.UnpackMAXREWARD))
	require.Equal(t, usdc(25_000), call(t, e.pmC, pm.PackWITHDRAWCAP(), pm.UnpackWITHDRAWCAP))
	require.Equal(t, pmFund, e.usdcBalance(e.addrs.ProofManager))
	require.Equal(t, uint8(6), call(t, e.usdcC, e.usdc.PackDecimals(), e.usdc.UnpackDecimals))

	// The proxy's deployment logged the initialization.
	logs, err := e.backend.FilterLogs(context.Background(), ethereum.FilterQuery{
		FromBlock: new(big.Int).SetUint64(e.addrs.DeployBlock), ToBlock: new(big.Int).SetUint64(e.addrs.DeployBlock),
		Addresses: []common.Address{e.addrs.ProofManager},
	})
	require.NoError(t, err)
	var got []any
	for _, l := range logs {
		if ev, err := pm.UnpackUpgradedEvent(&l); err == nil {
			got = append(got, *ev)
		} else if ev, err := pm.UnpackAdminTransferredEvent(&l); err == nil {
			got = append(got, *ev)
		} else if ev, err := pm.UnpackSubmitterChangedEvent(&l); err == nil {
			got = append(got, *ev)
		} else if ev, err := pm.UnpackProvingNetworkAddressChangedEvent(&l); err == nil {
			got = append(got, *ev)
		} else if ev, err := pm.UnpackProvingNetworkStatusChangedEvent(&l); err == nil {
			got = append(got, *ev)
		} else if ev, err := pm.UnpackInitializedEvent(&l); err == nil {
			got = append(got, *ev)
		} else {
			t.Fatalf("unexpected log %+v", l)
		}
	}
	for i := range got {
		got[i] = clearRaw(got[i])
	}
	require.Equal(t, []any{
		bindings.ProofManagerUpgraded{Implementation: e.addrs.Implementation},
		bindings.ProofManagerAdminTransferred{PreviousAdmin: common.Address{}, NewAdmin: e.admin.addr},
		bindings.ProofManagerSubmitterChanged{PreviousSubmitter: common.Address{}, NewSubmitter: e.submitter.addr},
		bindings.ProofManagerProvingNetworkAddressChanged{Network: bindings.ProvingNetworkFermah, Addr: e.fermah.addr},
		bindings.ProofManagerProvingNetworkStatusChanged{Network: bindings.ProvingNetworkFermah, Status: bindings.ProvingNetworkStatusActive},
		bindings.ProofManagerProvingNetworkAddressChanged{Network: bindings.ProvingNetworkLagrange, Addr: e.lagrange.addr},
		bindings.ProofManagerProvingNetworkStatusChanged{Network: bindings.ProvingNetworkLagrange, Status: bindings.ProvingNetworkStatusActive},
		bindings.ProofManagerInitialized{Version: 1},
	}, got)

	// A proxy initialized with a zero or shared address is not deployed.
	a, s, f, l, u := e.admin.addr, e.submitter.addr, e.fermah.addr, e.lagrange.addr, e.addrs.USDC
	zero := common.Address{}
	for _, c := range []struct {
		name          string
		a, s, f, l, u common.Address
		want          any
	}{
		{"zero admin", zero, s, f, l, u, &bindings.ProofManagerZeroAdmin{}},
		{"zero submitter", a, zero, f, l, u, &bindings.ProofManagerZeroSubmitter{}},
		{"zero Fermah", a, s, zero, l, u, &bindings.ProofManagerZeroNetworkAddress{Network: bindings.ProvingNetworkFermah}},
		{"zero Lagrange", a, s, f, zero, u, &bindings.ProofManagerZeroNetworkAddress{Network: bindings.ProvingNetworkLagrange}},
		{"zero USDC", a, s, f, l, zero, &bindings.ProofManagerZeroUsdc{}},
		{"Fermah = Lagrange", a, s, f, f, u, &bindings.ProofManagerNetworkAddressInUse{Addr: f, Network: bindings.ProvingNetworkFermah}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := bind.DeployContract(e.opts(e.admin), common.FromHex(bindings.ProofManagerProxyMetaData.Bin), e.backend,
				bindings.NewProofManagerProxy().PackConstructor(e.addrs.Implementation, pm.PackInitialize(c.a, c.s, c.f, c.l, c.u)))
			requireRevert(t, err, pm, c.want)
		})
	}

	// Initializing again, through the proxy or the implementation, reverts.
	_, err = e.send(e.admin, pm.PackInitialize(a, s, f, l, u))
	e.requireRevert(err, &bindings.ProofManagerInvalidInitialization{})
	_, err = e.sendTo(pm.Instance(e.backend, e.addrs.Implementation), e.stranger, nil, pm.PackInitialize(a, s, f, l, u))
	e.requireRevert(err, &bindings.ProofManagerInvalidInitialization{})
	_, err = e.sendTo(pm.Instance(e.backend, e.addrs.Implementation), e.stranger, nil,
		pm.PackInitialize(e.stranger.addr, e.stranger.addr, f, l, u))
	e.requireRevert(err, &bindings.ProofManagerInvalidInitialization{})
}

// clearRaw zeroes the Raw log field of a decoded event, to compare the rest.
func clearRaw(ev any) any {
	switch v := ev.(type) {
	case bindings.ProofManagerUpgraded:
		v.Raw = nil
		return v
	case bindings.ProofManagerAdminTransferred:
		v.Raw = nil
		return v
	case bindings.ProofManagerSubmitterChanged:
		v.Raw = nil
		return v
	case bindings.ProofManagerProvingNetworkAddressChanged:
		v.Raw = nil
		return v
	case bindings.ProofManagerProvingNetworkStatusChanged:
		v.Raw = nil
		return v
	case bindings.ProofManagerInitialized:
		v.Raw = nil
		return v
	case bindings.ProofManagerPreferredProvingNetworkSet:
		v.Raw = nil
		return v
	case bindings.ProofManagerPaymentWithdrawn:
		v.Raw = nil
		return v
	case bindings.ProofManagerProofRequestSubmitted:
		v.Raw = nil
		return v
	}
	return ev
}

// Case 2: the assignment vector, and what submitProofRequest refuses.
func TestProofManagerAssignment(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm
	const (
		none, fermah, lagrange = bindings.ProvingNetworkNone, bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange
		pending, refused       = bindings.ProofRequestStatusPendingAcknowledgement, bindings.ProofRequestStatusRefused
	)
	type want struct{ network, status uint8 }
	submitExpect := func(batch int64, w want) {
		t.Helper()
		p := pmParams(batch)
		r := e.mustSubmit(batch, p)
		got := e.request(batch)
		require.Equal(t, []string{networkNames[w.network], statusName(w.status)},
			[]string{networkNames[got.AssignedTo], statusName(got.Status)}, "request %d", batch)
		var submitted *bindings.ProofManagerProofRequestSubmitted
		for _, l := range r.Logs {
			if ev, err := pm.UnpackProofRequestSubmittedEvent(l); err == nil {
				submitted = ev
			}
		}
		require.NotNil(t, submitted)
		submitted.Raw = nil
		requireSame(t, &bindings.ProofManagerProofRequestSubmitted{
			ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(batch), AssignedTo: w.network,
			ProofInputsUrl: p.ProofInputsUrl, ProtocolMajor: p.ProtocolMajor, ProtocolMinor: p.ProtocolMinor,
			ProtocolPatch: p.ProtocolPatch, TimeoutAfter: p.TimeoutAfter, MaxReward: p.MaxReward,
		}, submitted)
		e.requireChanges(r, int(batch), w.status)
		// Everything else of the request is what was submitted, at the block's time.
		requireSame(t, bindings.ProofManagerProofRequest{
			Exists: true, Status: w.status, AssignedTo: w.network,
			ProtocolMajor: p.ProtocolMajor, ProtocolMinor: p.ProtocolMinor, ProtocolPatch: p.ProtocolPatch,
			SubmittedAt: e.blockTime(r), TimeoutAfter: p.TimeoutAfter, MaxReward: p.MaxReward, Price: big.NewInt(0),
			ProofInputsUrl: p.ProofInputsUrl, Proof: []byte{},
		}, got)
	}

	e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(fermah, bindings.ProvingNetworkStatusInactive))
	submitExpect(0, want{fermah, refused})
	submitExpect(1, want{lagrange, pending})
	submitExpect(2, want{none, refused})
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah))
	submitExpect(3, want{fermah, refused})
	e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(fermah, bindings.ProvingNetworkStatusActive))
	submitExpect(4, want{fermah, pending})
	submitExpect(5, want{lagrange, pending})
	submitExpect(6, want{fermah, pending})
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(lagrange))
	submitExpect(7, want{lagrange, pending})
	require.Equal(t, int64(8), call(t, e.pmC, pm.PackRequestCounter(), pm.UnpackRequestCounter).Int64())

	// Refused submissions do not move the round robin.
	_, err := e.submit(5, pmParams(5))
	e.requireRevert(err, &bindings.ProofManagerDuplicateProofRequest{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(5)})
	p := pmParams(8)
	p.TimeoutAfter = big.NewInt(0)
	_, err = e.submit(8, p)
	e.requireRevert(err, &bindings.ProofManagerZeroTimeout{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(8)})
	p = pmParams(8)
	p.MaxReward = new(big.Int).Add(usdc(25_000), big.NewInt(1))
	_, err = e.submit(8, p)
	e.requireRevert(err, &bindings.ProofManagerMaxRewardTooHigh{MaxReward: p.MaxReward, Limit: usdc(25_000)})
	for _, a := range []account{e.admin, e.fermah, e.lagrange, e.stranger} {
		_, err = e.send(a, pm.PackSubmitProofRequest(pmID(8), pmParams(8)))
		e.requireRevert(err, &bindings.ProofManagerNotSubmitter{Caller: a.addr})
	}
	require.Equal(t, int64(8), call(t, e.pmC, pm.PackRequestCounter(), pm.UnpackRequestCounter).Int64())

	// The same batch number on another chain is another request; the limit itself is allowed.
	p = pmParams(5)
	p.MaxReward = usdc(25_000)
	other := bindings.ProofManagerProofRequestIdentifier{ChainId: big.NewInt(pmChainID + 1), BatchNumber: big.NewInt(5)}
	e.mustSend(e.submitter, pm.PackSubmitProofRequest(other, p))
	// Request 8 is Fermah's (slot 0), request 9 Lagrange's, 10 and 11 the preferred (Lagrange).
	got := call(t, e.pmC, pm.PackProofRequest(big.NewInt(pmChainID+1), big.NewInt(5)), pm.UnpackProofRequest)
	require.Equal(t, fermah, got.AssignedTo)
	require.Equal(t, usdc(25_000), got.MaxReward)

	// An unknown request is not found.
	_, err = bind.Call(e.pmC, nil, pm.PackProofRequest(big.NewInt(pmChainID), big.NewInt(99)), pm.UnpackProofRequest)
	e.requireRevert(err, &bindings.ProofManagerProofRequestNotFound{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(99)})
}

// Case 3: acknowledgement window and assignee.
func TestProofManagerAcknowledge(t *testing.T) {
	e := newPMEnv(t)
	fermah := bindings.ProvingNetworkFermah

	// Committed at exactly submittedAt + 120 s.
	r := e.submitAssigned(fermah, 1, pmParams(1))
	at := e.blockTime(r)
	e.setNextBlockTime(at + ackWindow)
	r, err := e.ack(e.fermah, 1, true)
	require.NoError(t, err)
	require.Equal(t, at+ackWindow, e.blockTime(r))
	e.requireChanges(r, 1, bindings.ProofRequestStatusCommitted)
	e.requireStatus(1, bindings.ProofRequestStatusCommitted)

	// Refused at exactly submittedAt + 120 s.
	r = e.submitAssigned(fermah, 2, pmParams(2))
	at = e.blockTime(r)
	e.setNextBlockTime(at + ackWindow)
	r, err = e.ack(e.fermah, 2, false)
	require.NoError(t, err)
	e.requireChanges(r, 2, bindings.ProofRequestStatusRefused)
	e.requireStatus(2, bindings.ProofRequestStatusRefused)

	// Not at submittedAt + 121 s, either way.
	r = e.submitAssigned(fermah, 3, pmParams(3))
	at = e.blockTime(r)
	e.setNextBlockTime(at + ackWindow + 1)
	r, err = e.ack(e.fermah, 3, true)
	require.Equal(t, at+ackWindow+1, e.blockTime(r))
	e.requireRevert(err, &bindings.ProofManagerAcknowledgementDeadlinePassed{
		Deadline: new(big.Int).SetUint64(at + ackWindow), Timestamp: new(big.Int).SetUint64(at + ackWindow + 1)})
	_, err = e.ack(e.fermah, 3, false)
	e.requireRevert(err, &bindings.ProofManagerAcknowledgementDeadlinePassed{
		Deadline: new(big.Int).SetUint64(at + ackWindow), Timestamp: new(big.Int).SetUint64(at + ackWindow + 2)})
	e.requireStatus(3, bindings.ProofRequestStatusPendingAcknowledgement)

	// Only the assignee acknowledges; a missing id is not found; twice is a transition not drawn.
	e.submitAssigned(fermah, 4, pmParams(4))
	for _, a := range []account{e.lagrange, e.admin, e.submitter, e.stranger} {
		_, err = e.ack(a, 4, true)
		e.requireRevert(err, &bindings.ProofManagerNotAssignee{Caller: a.addr, AssignedTo: fermah})
		_, err = e.ack(a, 4, false)
		e.requireRevert(err, &bindings.ProofManagerNotAssignee{Caller: a.addr, AssignedTo: fermah})
	}
	_, err = e.ack(e.fermah, 99, true)
	e.requireRevert(err, &bindings.ProofManagerProofRequestNotFound{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(99)})
	_, err = e.ack(e.fermah, 1, true)
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: bindings.ProofRequestStatusCommitted, To: bindings.ProofRequestStatusCommitted})
	_, err = e.ack(e.fermah, 1, false)
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: bindings.ProofRequestStatusCommitted, To: bindings.ProofRequestStatusRefused})

	// A request assigned to None (refused at once) has no assignee.
	e.submitAssigned(bindings.ProvingNetworkNone, 5, pmParams(5)) // the preferred network's slot
	e.requireStatus(5, bindings.ProofRequestStatusRefused)
	_, err = e.ack(e.fermah, 5, true)
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: bindings.ProofRequestStatusRefused, To: bindings.ProofRequestStatusCommitted})
}

// Case 4: proving deadline and price clamping.
func TestProofManagerSubmitProof(t *testing.T) {
	e := newPMEnv(t)
	fermah := bindings.ProvingNetworkFermah
	p := pmParams(1)
	p.TimeoutAfter = big.NewInt(600)
	p.MaxReward = usdc(80)

	// Proven at exactly submittedAt + timeoutAfter; a price above maxReward is stored as maxReward.
	r := e.submitAssigned(fermah, 1, p)
	at := e.blockTime(r)
	_, err := e.ack(e.fermah, 1, true)
	require.NoError(t, err)
	e.setNextBlockTime(at + 600)
	r, err = e.prove(e.fermah, 1, usdc(81))
	require.NoError(t, err)
	require.Equal(t, at+600, e.blockTime(r))
	e.requireChanges(r, 1, bindings.ProofRequestStatusProven)
	got := e.request(1)
	require.Equal(t, statusName(bindings.ProofRequestStatusProven), statusName(got.Status))
	require.Equal(t, pmProof(1), got.Proof)
	require.Equal(t, usdc(80), got.Price)

	// A price below maxReward is stored as it is.
	e.submitAssigned(fermah, 2, p)
	_, err = e.ack(e.fermah, 2, true)
	require.NoError(t, err)
	_, err = e.prove(e.fermah, 2, big.NewInt(12_345_678))
	require.NoError(t, err)
	require.Equal(t, big.NewInt(12_345_678), e.request(2).Price)

	// One second after the deadline the proof is refused.
	r = e.submitAssigned(fermah, 3, p)
	at = e.blockTime(r)
	_, err = e.ack(e.fermah, 3, true)
	require.NoError(t, err)
	e.setNextBlockTime(at + 601)
	_, err = e.prove(e.fermah, 3, usdc(1))
	e.requireRevert(err, &bindings.ProofManagerProvingDeadlinePassed{
		Deadline: new(big.Int).SetUint64(at + 600), Timestamp: new(big.Int).SetUint64(at + 601)})
	e.requireStatus(3, bindings.ProofRequestStatusCommitted)

	// Only the assignee, only from Committed, only with a proof.
	e.submitAssigned(fermah, 4, p)
	_, err = e.prove(e.fermah, 4, usdc(1))
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: bindings.ProofRequestStatusPendingAcknowledgement, To: bindings.ProofRequestStatusProven})
	_, err = e.ack(e.fermah, 4, true)
	require.NoError(t, err)
	for _, a := range []account{e.lagrange, e.admin, e.submitter, e.stranger} {
		_, err = e.prove(a, 4, usdc(1))
		e.requireRevert(err, &bindings.ProofManagerNotAssignee{Caller: a.addr, AssignedTo: fermah})
	}
	_, err = e.send(e.fermah, e.pm.PackSubmitProof(pmID(4), nil, usdc(1)))
	e.requireRevert(err, &bindings.ProofManagerEmptyProof{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(4)})
	_, err = e.prove(e.fermah, 99, usdc(1))
	e.requireRevert(err, &bindings.ProofManagerProofRequestNotFound{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(99)})
	_, err = e.prove(e.fermah, 1, usdc(1))
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: bindings.ProofRequestStatusProven, To: bindings.ProofRequestStatusProven})
}

// Case 5: Unacknowledged and TimedOut only strictly after their deadlines.
func TestProofManagerDeadlines(t *testing.T) {
	e := newPMEnv(t)
	fermah := bindings.ProvingNetworkFermah
	unack, timedOut := bindings.ProofRequestStatusUnacknowledged, bindings.ProofRequestStatusTimedOut

	r := e.submitAssigned(fermah, 1, pmParams(1))
	at := e.blockTime(r)
	e.setNextBlockTime(at + ackWindow)
	_, err := e.update(e.submitter, 1, unack)
	e.requireRevert(err, &bindings.ProofManagerAcknowledgementWindowOpen{
		Deadline: new(big.Int).SetUint64(at + ackWindow), Timestamp: new(big.Int).SetUint64(at + ackWindow)})
	r, err = e.update(e.submitter, 1, unack) // at + 121
	require.NoError(t, err)
	require.Equal(t, at+ackWindow+1, e.blockTime(r))
	e.requireChanges(r, 1, unack)
	e.requireStatus(1, unack)
	// Too late to acknowledge, and Unacknowledged is final.
	_, err = e.ack(e.fermah, 1, true)
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: unack, To: bindings.ProofRequestStatusCommitted})

	r = e.submitAssigned(fermah, 2, pmParams(2))
	at = e.blockTime(r)
	e.setNextBlockTime(at + 60)
	_, err = e.update(e.submitter, 2, unack)
	e.requireRevert(err, &bindings.ProofManagerAcknowledgementWindowOpen{
		Deadline: new(big.Int).SetUint64(at + ackWindow), Timestamp: new(big.Int).SetUint64(at + 60)})
	e.setNextBlockTime(at + 180)
	r, err = e.update(e.submitter, 2, unack)
	require.NoError(t, err)
	require.Equal(t, at+180, e.blockTime(r))
	e.requireStatus(2, unack)

	// TimedOut: timeoutAfter 3600 s.
	r = e.submitAssigned(fermah, 3, pmParams(3))
	at = e.blockTime(r)
	_, err = e.ack(e.fermah, 3, true)
	require.NoError(t, err)
	e.setNextBlockTime(at + 1800)
	_, err = e.update(e.submitter, 3, timedOut)
	e.requireRevert(err, &bindings.ProofManagerProvingDeadlineNotPassed{
		Deadline: new(big.Int).SetUint64(at + 3600), Timestamp: new(big.Int).SetUint64(at + 1800)})
	e.setNextBlockTime(at + 3600)
	_, err = e.update(e.submitter, 3, timedOut)
	e.requireRevert(err, &bindings.ProofManagerProvingDeadlineNotPassed{
		Deadline: new(big.Int).SetUint64(at + 3600), Timestamp: new(big.Int).SetUint64(at + 3600)})
	r, err = e.update(e.submitter, 3, timedOut) // at + 3601
	require.NoError(t, err)
	require.Equal(t, at+3601, e.blockTime(r))
	e.requireChanges(r, 3, timedOut)
	e.requireStatus(3, timedOut)
	_, err = e.prove(e.fermah, 3, usdc(1))
	e.requireRevert(err, &bindings.ProofManagerTransitionNotAllowed{From: timedOut, To: bindings.ProofRequestStatusProven})

	// A timeoutAfter so large that the deadline would overflow never passes.
	p := pmParams(4)
	p.TimeoutAfter = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	r = e.submitAssigned(fermah, 4, p)
	_, err = e.ack(e.fermah, 4, true)
	require.NoError(t, err)
	_, err = e.update(e.submitter, 4, timedOut)
	e.requireRevert(err, &bindings.ProofManagerProvingDeadlineNotPassed{Deadline: p.TimeoutAfter, Timestamp: new(big.Int).SetUint64(e.blockTime(r) + 2)})
	_, err = e.prove(e.fermah, 4, usdc(1))
	require.NoError(t, err)
}

// validatedRequest makes request batch a Validated request of network (whose
// key is from) at price: submitted, committed, proven and validated.
func (e *pmEnv) validatedRequest(network uint8, from account, batch int64, price *big.Int) {
	e.t.Helper()
	p := pmParams(batch)
	p.MaxReward = usdc(25_000)
	e.submitAssigned(network, batch, p)
	e.validated(from, batch, price)
}

// withdrawOK withdraws as from and requires it to pay want to from, in one
// PaymentWithdrawn event and one transfer, and mark exactly paid Paid.
func (e *pmEnv) withdrawOK(from account, network uint8, want *big.Int, paid ...int) {
	e.t.Helper()
	before, pmBefore := e.usdcBalance(from.addr), e.usdcBalance(e.addrs.ProofManager)
	r, err := e.withdraw(from)
	require.NoError(e.t, err)
	var changes []any
	for _, b := range paid {
		changes = append(changes, b, bindings.ProofRequestStatusPaid)
	}
	e.requireChanges(r, changes...)
	var events []bindings.ProofManagerPaymentWithdrawn
	for _, l := range r.Logs {
		if ev, err := e.pm.UnpackPaymentWithdrawnEvent(l); err == nil {
			ev.Raw = nil
			events = append(events, *ev)
		}
	}
	require.Equal(e.t, []bindings.ProofManagerPaymentWithdrawn{{Network: network, Amount: want}}, events)
	require.Equal(e.t, new(big.Int).Add(before, want), e.usdcBalance(from.addr))
	require.Equal(e.t, new(big.Int).Sub(pmBefore, want), e.usdcBalance(e.addrs.ProofManager))
	var transfers int
	for _, l := range r.Logs {
		if _, err := e.usdc.UnpackTransferEvent(l); err == nil {
			transfers++
		}
	}
	require.Equal(e.t, 1, transfers)
}

// Case 7: withdraw and its cap.
func TestProofManagerWithdraw(t *testing.T) {
	fermah, lagrange := bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange
	paid, validated := bindings.ProofRequestStatusPaid, bindings.ProofRequestStatusValidated

	t.Run("50+75", func(t *testing.T) {
		e := newPMEnv(t)
		e.validatedRequest(fermah, e.fermah, 1, usdc(50))
		e.validatedRequest(fermah, e.fermah, 2, usdc(75))
		requireSame(t, bindings.ProofManagerProvingNetworkInfo{
			Addr: e.fermah.addr, Status: bindings.ProvingNetworkStatusActive, PaymentDue: usdc(125), UnpaidRequests: big.NewInt(2),
		}, e.network(fermah))
		require.Equal(t, []bindings.ProofManagerProofRequestIdentifier{pmID(1), pmID(2)},
			call(t, e.pmC, e.pm.PackUnpaidProofRequests(fermah), e.pm.UnpackUnpaidProofRequests))
		e.withdrawOK(e.fermah, fermah, usdc(125), 1, 2)
		e.requireStatus(1, paid)
		e.requireStatus(2, paid)
		require.Zero(t, e.network(fermah).PaymentDue.Sign())
		require.Zero(t, e.network(fermah).UnpaidRequests.Sign())
		require.Empty(t, call(t, e.pmC, e.pm.PackUnpaidProofRequests(fermah), e.pm.UnpackUnpaidProofRequests))
		// Nothing due any more.
		_, err := e.withdraw(e.fermah)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: fermah})
	})

	t.Run("5 x 6250", func(t *testing.T) {
		e := newPMEnv(t)
		for b := int64(1); b <= 5; b++ {
			e.validatedRequest(fermah, e.fermah, b, usdc(6_250))
		}
		require.Equal(t, usdc(31_250), e.network(fermah).PaymentDue)
		e.withdrawOK(e.fermah, fermah, usdc(25_000), 1, 2, 3, 4)
		for b := int64(1); b <= 4; b++ {
			e.requireStatus(b, paid)
		}
		e.requireStatus(5, validated)
		require.Equal(t, usdc(6_250), e.network(fermah).PaymentDue)
		require.Equal(t, int64(1), e.network(fermah).UnpaidRequests.Int64())
		require.Equal(t, []bindings.ProofManagerProofRequestIdentifier{pmID(5)},
			call(t, e.pmC, e.pm.PackUnpaidProofRequests(fermah), e.pm.UnpackUnpaidProofRequests))
		e.withdrawOK(e.fermah, fermah, usdc(6_250), 5)
		e.requireStatus(5, paid)
		require.Zero(t, e.network(fermah).PaymentDue.Sign())
	})

	t.Run("5 x 7000", func(t *testing.T) {
		e := newPMEnv(t)
		for b := int64(1); b <= 5; b++ {
			e.validatedRequest(fermah, e.fermah, b, usdc(7_000))
		}
		e.withdrawOK(e.fermah, fermah, usdc(21_000), 1, 2, 3)
		e.requireStatus(4, validated)
		e.requireStatus(5, validated)
		require.Equal(t, usdc(14_000), e.network(fermah).PaymentDue)
		e.withdrawOK(e.fermah, fermah, usdc(14_000), 4, 5)
		_, err := e.withdraw(e.fermah)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: fermah})
	})

	t.Run("callers", func(t *testing.T) {
		e := newPMEnv(t)
		_, err := e.withdraw(e.fermah)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: fermah})
		_, err = e.withdraw(e.lagrange)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: lagrange})
		e.validatedRequest(lagrange, e.lagrange, 1, usdc(10))
		for _, a := range []account{e.admin, e.submitter, e.stranger} {
			_, err = e.withdraw(a)
			e.requireRevert(err, &bindings.ProofManagerNotProvingNetwork{Caller: a.addr})
		}
		// Fermah cannot take Lagrange's payment.
		_, err = e.withdraw(e.fermah)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: fermah})
		e.withdrawOK(e.lagrange, lagrange, usdc(10), 1)
		// ValidationFailed is never paid.
		e.submitAssigned(lagrange, 2, pmParams(2))
		_, err = e.ack(e.lagrange, 2, true)
		require.NoError(t, err)
		_, err = e.prove(e.lagrange, 2, usdc(10))
		require.NoError(t, err)
		_, err = e.update(e.submitter, 2, bindings.ProofRequestStatusValidationFailed)
		require.NoError(t, err)
		_, err = e.withdraw(e.lagrange)
		e.requireRevert(err, &bindings.ProofManagerNoPaymentDue{Network: lagrange})
	})

	t.Run("token returns false", func(t *testing.T) {
		e := newPMEnv(t)
		addrs, err := pmDeployWithToken(e, falseTokenAddr)
		require.NoError(t, err)
		e.addrs, e.pmC = addrs, e.pm.Instance(e.backend, addrs.ProofManager)
		e.validatedRequest(fermah, e.fermah, 1, usdc(50))
		_, err = e.withdraw(e.fermah)
		e.requireRevert(err, &bindings.ProofManagerSafeERC20FailedOperation{Token: falseTokenAddr})
		// Nothing changed.
		e.requireStatus(1, validated)
		require.Equal(t, usdc(50), e.network(fermah).PaymentDue)
		require.Equal(t, int64(1), e.network(fermah).UnpaidRequests.Int64())
	})
}

// Case 8: key rotation.
func TestProofManagerKeyRotation(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm
	fermah := bindings.ProvingNetworkFermah
	e.validatedRequest(fermah, e.fermah, 1, usdc(40))
	e.submitAssigned(fermah, 2, pmParams(2))

	// What the admin refuses.
	for _, a := range []account{e.submitter, e.fermah, e.lagrange, e.stranger} {
		_, err := e.send(a, pm.PackUpdateProvingNetworkAddress(fermah, a.addr))
		e.requireRevert(err, &bindings.ProofManagerNotAdmin{Caller: a.addr})
	}
	_, err := e.send(e.admin, pm.PackUpdateProvingNetworkAddress(fermah, common.Address{}))
	e.requireRevert(err, &bindings.ProofManagerZeroNetworkAddress{Network: fermah})
	_, err = e.send(e.admin, pm.PackUpdateProvingNetworkAddress(fermah, e.lagrange.addr))
	e.requireRevert(err, &bindings.ProofManagerNetworkAddressInUse{Addr: e.lagrange.addr, Network: bindings.ProvingNetworkLagrange})
	_, err = e.send(e.admin, pm.PackUpdateProvingNetworkAddress(bindings.ProvingNetworkNone, e.stranger.addr))
	e.requireRevert(err, &bindings.ProofManagerInvalidProvingNetwork{Network: bindings.ProvingNetworkNone})

	rotated := newAccount(t)
	require.NoError(t, e.backend.SendTransaction(context.Background(), fundTx(t, e, rotated.addr)))
	r := e.mustSend(e.admin, pm.PackUpdateProvingNetworkAddress(fermah, rotated.addr))
	require.Len(t, r.Logs, 1)
	ev, err := pm.UnpackProvingNetworkAddressChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, rotated.addr, ev.Addr)
	require.Equal(t, fermah, ev.Network)
	info := e.network(fermah)
	require.Equal(t, rotated.addr, info.Addr)
	require.Equal(t, usdc(40), info.PaymentDue)

	// The old key can neither acknowledge nor withdraw.
	_, err = e.ack(e.fermah, 2, true)
	e.requireRevert(err, &bindings.ProofManagerNotAssignee{Caller: e.fermah.addr, AssignedTo: fermah})
	_, err = e.withdraw(e.fermah)
	e.requireRevert(err, &bindings.ProofManagerNotProvingNetwork{Caller: e.fermah.addr})
	// The new one can, and collects what was due before the rotation.
	_, err = e.ack(rotated, 2, true)
	require.NoError(t, err)
	e.withdrawOK(rotated, fermah, usdc(40), 1)
	require.Zero(t, e.usdcBalance(e.fermah.addr).Sign())
	_, err = e.prove(rotated, 2, usdc(3))
	require.NoError(t, err)
}

// fundTx sends 10 ether from the env's admin to a.
func fundTx(t *testing.T, e *pmEnv, to common.Address) *types.Transaction {
	nonce, err := e.backend.PendingNonceAt(context.Background(), e.admin.addr)
	require.NoError(t, err)
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(simChainID), Nonce: nonce, To: &to, Value: ether(10),
		Gas: 21_000, GasFeeCap: gwei(100), GasTipCap: gwei(1)})
	signed, err := types.SignTx(tx, types.LatestSignerForChainID(big.NewInt(simChainID)), e.admin.key)
	require.NoError(t, err)
	return signed
}

// Case 9: an Inactive network keeps its requests and gets no new ones.
func TestProofManagerInactiveNetwork(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm
	fermah := bindings.ProvingNetworkFermah
	e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah))
	e.submitAssigned(fermah, 1, pmParams(1))
	e.submitAssigned(fermah, 2, pmParams(2))
	r := e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(fermah, bindings.ProvingNetworkStatusInactive))
	require.Len(t, r.Logs, 1)
	ev, err := pm.UnpackProvingNetworkStatusChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []uint8{fermah, bindings.ProvingNetworkStatusInactive}, []uint8{ev.Network, ev.Status})
	require.Equal(t, bindings.ProvingNetworkStatusInactive, e.network(fermah).Status)

	// It still acknowledges (both ways), proves and is paid for what it had.
	_, err = e.ack(e.fermah, 1, true)
	require.NoError(t, err)
	_, err = e.ack(e.fermah, 2, false)
	require.NoError(t, err)
	e.requireStatus(2, bindings.ProofRequestStatusRefused)
	_, err = e.prove(e.fermah, 1, usdc(5))
	require.NoError(t, err)
	_, err = e.update(e.submitter, 1, bindings.ProofRequestStatusValidated)
	require.NoError(t, err)
	e.withdrawOK(e.fermah, fermah, usdc(5), 1)

	// New requests in its slots (0, and 2 and 3 as the preferred network) are Refused.
	n := call(t, e.pmC, pm.PackRequestCounter(), pm.UnpackRequestCounter).Int64()
	for i := int64(0); i < 8; i++ {
		b := 100 + i
		e.mustSubmit(b, pmParams(b))
		got := e.request(b)
		if (n+i)%4 == 1 {
			require.Equal(t, []string{"Lagrange", "PendingAcknowledgement"}, []string{networkNames[got.AssignedTo], statusName(got.Status)})
		} else {
			require.Equal(t, []string{"Fermah", "Refused"}, []string{networkNames[got.AssignedTo], statusName(got.Status)})
		}
	}
}

// The admin's other powers: status, preferred network, submitter, admin.
func TestProofManagerAdmin(t *testing.T) {
	e := newPMEnv(t)
	pm := e.pm
	fermah, lagrange, none := bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange, bindings.ProvingNetworkNone

	for _, a := range []account{e.submitter, e.fermah, e.lagrange, e.stranger} {
		for _, data := range [][]byte{
			pm.PackUpdateProvingNetworkStatus(fermah, bindings.ProvingNetworkStatusInactive),
			pm.PackUpdatePreferredProvingNetwork(fermah),
			pm.PackSetSubmitter(a.addr),
			pm.PackTransferAdmin(a.addr),
			pm.PackUpgradeToAndCall(e.addrs.Implementation, nil),
		} {
			_, err := e.send(a, data)
			e.requireRevert(err, &bindings.ProofManagerNotAdmin{Caller: a.addr})
		}
	}
	_, err := e.send(e.admin, pm.PackUpdateProvingNetworkStatus(none, bindings.ProvingNetworkStatusInactive))
	e.requireRevert(err, &bindings.ProofManagerInvalidProvingNetwork{Network: none})

	for _, n := range []uint8{lagrange, fermah, none} {
		r := e.mustSend(e.admin, pm.PackUpdatePreferredProvingNetwork(n))
		require.Len(t, r.Logs, 1)
		ev, err := pm.UnpackPreferredProvingNetworkSetEvent(r.Logs[0])
		require.NoError(t, err)
		require.Equal(t, n, ev.Network)
		require.Equal(t, n, call(t, e.pmC, pm.PackPreferredProvingNetwork(), pm.UnpackPreferredProvingNetwork))
	}
	r := e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(lagrange, bindings.ProvingNetworkStatusInactive))
	ev, err := pm.UnpackProvingNetworkStatusChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []uint8{lagrange, bindings.ProvingNetworkStatusInactive}, []uint8{ev.Network, ev.Status})
	r = e.mustSend(e.admin, pm.PackUpdateProvingNetworkStatus(lagrange, bindings.ProvingNetworkStatusActive))
	ev, err = pm.UnpackProvingNetworkStatusChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []uint8{lagrange, bindings.ProvingNetworkStatusActive}, []uint8{ev.Network, ev.Status})
	require.Equal(t, bindings.ProvingNetworkStatusActive, e.network(lagrange).Status)

	// A new submitter; the old one is no longer one.
	_, err = e.send(e.admin, pm.PackSetSubmitter(common.Address{}))
	e.requireRevert(err, &bindings.ProofManagerZeroSubmitter{})
	r = e.mustSend(e.admin, pm.PackSetSubmitter(e.stranger.addr))
	sc, err := pm.UnpackSubmitterChangedEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []common.Address{e.submitter.addr, e.stranger.addr}, []common.Address{sc.PreviousSubmitter, sc.NewSubmitter})
	_, err = e.submit(1, pmParams(1))
	e.requireRevert(err, &bindings.ProofManagerNotSubmitter{Caller: e.submitter.addr})
	e.mustSend(e.stranger, pm.PackSubmitProofRequest(pmID(1), pmParams(1)))

	// A new admin; the old one is no longer one.
	_, err = e.send(e.admin, pm.PackTransferAdmin(common.Address{}))
	e.requireRevert(err, &bindings.ProofManagerZeroAdmin{})
	r = e.mustSend(e.admin, pm.PackTransferAdmin(e.submitter.addr))
	at, err := pm.UnpackAdminTransferredEvent(r.Logs[0])
	require.NoError(t, err)
	require.Equal(t, []common.Address{e.admin.addr, e.submitter.addr}, []common.Address{at.PreviousAdmin, at.NewAdmin})
	_, err = e.send(e.admin, pm.PackUpdatePreferredProvingNetwork(fermah))
	e.requireRevert(err, &bindings.ProofManagerNotAdmin{Caller: e.admin.addr})
	e.mustSend(e.submitter, pm.PackUpdatePreferredProvingNetwork(fermah))
	require.Equal(t, e.submitter.addr, call(t, e.pmC, pm.PackAdmin(), pm.UnpackAdmin))
}

// TestUSDC: 6 decimals, minted by its admin only.
func TestTestUSDC(t *testing.T) {
	e := newPMEnv(t)
	u := e.usdc
	require.Equal(t, e.admin.addr, call(t, e.usdcC, u.PackAdmin(), u.UnpackAdmin))
	_, err := e.sendTo(e.usdcC, e.stranger, nil, u.PackMint(e.stranger.addr, usdc(1)))
	requireRevert(t, err, u, &bindings.TestUSDCNotAdmin{Caller: e.stranger.addr})
	_, err = e.sendTo(e.usdcC, e.admin, nil, u.PackMint(e.stranger.addr, usdc(7)))
	require.NoError(t, err)
	require.Equal(t, usdc(7), e.usdcBalance(e.stranger.addr))
	_, _, err = bind.DeployContract(e.opts(e.admin), common.FromHex(bindings.TestUSDCMetaData.Bin), e.backend, u.PackConstructor(common.Address{}))
	requireRevert(t, err, u, &bindings.TestUSDCZeroAdmin{})
}

// Identifiers that do not fit the one-slot queue entry (chainId >= 2^127 or
// batchNumber >= 2^128) are queued, listed and paid like the others, in order,
// also when the cap stops a withdraw in front of one.
func TestProofManagerQueuesWideIdentifiers(t *testing.T) {
	e := newPMEnv(t)
	fermah := bindings.ProvingNetworkFermah
	e.mustSend(e.admin, e.pm.PackUpdatePreferredProvingNetwork(fermah))
	pow := func(n uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), n) }
	minus1 := func(x *big.Int) *big.Int { return new(big.Int).Sub(x, big.NewInt(1)) }
	id := func(chain, batch *big.Int) bindings.ProofManagerProofRequestIdentifier {
		return bindings.ProofManagerProofRequestIdentifier{ChainId: chain, BatchNumber: batch}
	}
	ids := []bindings.ProofManagerProofRequestIdentifier{
		id(big.NewInt(pmChainID), big.NewInt(1)),         // packed
		id(pow(200), big.NewInt(7)),                      // wide chain id
		id(minus1(pow(127)), minus1(pow(128))),           // the largest packed
		id(big.NewInt(pmChainID), pow(130)),              // wide batch number
		id(pow(127), big.NewInt(1)),                      // the smallest wide chain id
		id(new(big.Int).Set(minus1(pow(256))), pow(255)), // both at the top
	}
	// Fermah gets ids 0, 2, 3 and 4: 10 + 30 + 24,980 is over the cap, so the
	// first withdraw stops in front of the wide id 3, the second pays it alone
	// (+ 50 is over the cap again), the third pays id 4.
	prices := []*big.Int{usdc(10), usdc(20), usdc(30), usdc(24_980), usdc(50), usdc(60)}
	var mine []bindings.ProofManagerProofRequestIdentifier
	for i, x := range ids {
		p := pmParams(int64(i))
		p.MaxReward = usdc(25_000)
		e.mustSend(e.submitter, e.pm.PackSubmitProofRequest(x, p))
		r := call(t, e.pmC, e.pm.PackProofRequest(x.ChainId, x.BatchNumber), e.pm.UnpackProofRequest)
		if r.AssignedTo != fermah {
			continue // Lagrange's slot of the round robin
		}
		e.mustSend(e.fermah, e.pm.PackAcknowledgeProofRequest(x, true))
		e.mustSend(e.fermah, e.pm.PackSubmitProof(x, pmProof(int64(i)), prices[i]))
		e.mustSend(e.submitter, e.pm.PackUpdateProofRequestStatus(x, bindings.ProofRequestStatusValidated))
		mine = append(mine, x)
	}
	require.GreaterOrEqual(t, len(mine), 4)
	require.Equal(t, mine, call(t, e.pmC, e.pm.PackUnpaidProofRequests(fermah), e.pm.UnpackUnpaidProofRequests))
	status := func(x bindings.ProofManagerProofRequestIdentifier) uint8 {
		return call(t, e.pmC, e.pm.PackProofRequest(x.ChainId, x.BatchNumber), e.pm.UnpackProofRequest).Status
	}
	// Withdraw until nothing is due: every request is paid once, in queue order.
	var paid []bindings.ProofManagerProofRequestIdentifier
	calls := 0
	for e.network(fermah).PaymentDue.Sign() > 0 {
		calls++
		r := e.mustSend(e.fermah, e.pm.PackWithdraw())
		for _, l := range r.Logs {
			if ev, err := e.pm.UnpackProofStatusChangedEvent(l); err == nil {
				require.Equal(t, bindings.ProofRequestStatusPaid, ev.Status)
				paid = append(paid, id(ev.ChainId, ev.BatchNumber))
			}
		}
		left := call(t, e.pmC, e.pm.PackUnpaidProofRequests(fermah), e.pm.UnpackUnpaidProofRequests)
		require.Equal(t, mine[len(paid):], left)
	}
	require.Equal(t, mine, paid)
	require.Equal(t, 3, calls)
	for _, x := range mine {
		require.Equal(t, bindings.ProofRequestStatusPaid, status(x))
	}
}
