package p2p

import (
	"net"
	"time"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/peer"
)

// Gossipsub peer scoring (docs/protocols/p2p.md, "Peer scoring"). The
// score of a peer is the sum over topics of
//
//	min(50, 0.01·seconds in mesh (≤ 1) + 1·first deliveries (≤ 20, ×0.9/s))
//	  − 20·invalid deliveries² (×0.995/s: half-life 2.3 min)
//
// plus −10·(peers on its IP beyond 8)² (loopback exempt) and −10·(broken
// gossip promises or graft backoffs beyond 6)² (×0.9/s). Mesh delivery
// rates are not scored: Cairn's topics are quiet for seconds at a time.
// A message is an invalid delivery when the topic handler rejects it: it
// does not decode, or a transaction's sender does not recover, or it is
// over the size bound. So one rejected message costs −20, three −180:
//
//	gossip threshold   −50  (2 invalid): no gossip (IHAVE/IWANT) to or from it
//	publish threshold −100  (3 invalid): our own messages not flood-published to it
//	graylist          −400  (5 invalid): every RPC from it dropped unread
//
// and a peer under the graylist threshold that is not in the committee is
// banned (disconnected and refused for BanDuration). Scores are kept 10
// minutes after a peer leaves, so a reconnection does not clear them.
const (
	scoreGossipThreshold   = -50
	scorePublishThreshold  = -100
	scoreGraylistThreshold = -400
	scoreInspectPeriod     = time.Second
)

// peerScoreParams are the peer-level parameters; topics get topicScoreParams
// as they are joined.
func peerScoreParams() *pubsub.PeerScoreParams {
	_, loopback, _ := net.ParseCIDR("127.0.0.0/8")
	return &pubsub.PeerScoreParams{
		Topics:                      map[string]*pubsub.TopicScoreParams{},
		TopicScoreCap:               50,
		AppSpecificScore:            func(peer.ID) float64 { return 0 },
		AppSpecificWeight:           1,
		IPColocationFactorWeight:    -10,
		IPColocationFactorThreshold: 8,
		IPColocationFactorWhitelist: []*net.IPNet{loopback},
		BehaviourPenaltyWeight:      -10,
		BehaviourPenaltyThreshold:   6,
		BehaviourPenaltyDecay:       0.9,
		DecayInterval:               time.Second,
		DecayToZero:                 0.01,
		RetainScore:                 10 * time.Minute,
	}
}

func peerScoreThresholds() *pubsub.PeerScoreThresholds {
	return &pubsub.PeerScoreThresholds{
		GossipThreshold:             scoreGossipThreshold,
		PublishThreshold:            scorePublishThreshold,
		GraylistThreshold:           scoreGraylistThreshold,
		AcceptPXThreshold:           100, // peer exchange is off anyway
		OpportunisticGraftThreshold: 5,
	}
}

// topicScoreParams are the parameters of every joined topic (tx, blocks,
// attest).
func topicScoreParams() *pubsub.TopicScoreParams {
	return &pubsub.TopicScoreParams{
		TopicWeight:                    1,
		TimeInMeshWeight:               0.01,
		TimeInMeshQuantum:              time.Second,
		TimeInMeshCap:                  100,
		FirstMessageDeliveriesWeight:   1,
		FirstMessageDeliveriesDecay:    0.9,
		FirstMessageDeliveriesCap:      20,
		InvalidMessageDeliveriesWeight: -20,
		InvalidMessageDeliveriesDecay:  0.995,
		SkipAtomicValidation:           true, // the mesh delivery and mesh failure terms stay 0
	}
}

// onScores receives gossipsub's scores every scoreInspectPeriod: it keeps
// them for PeerScore and bans the peers under the graylist threshold that
// are not in the committee (a committee member is only graylisted, so that
// a bug in one validator's gossip does not cut its consensus streams).
func (h *Host) onScores(scores map[peer.ID]float64) {
	var bad []peer.ID
	h.mu.Lock()
	h.scores = scores
	h.mu.Unlock()
	for p, s := range scores {
		if s < scoreGraylistThreshold && !h.isValidator(p) {
			bad = append(bad, p)
		}
	}
	for _, p := range bad {
		h.ban(p, "gossip score under the graylist threshold", nil)
	}
}

// PeerScore returns p's gossipsub score as last inspected (0 if unknown).
func (h *Host) PeerScore(p string) float64 {
	id, err := peer.Decode(p)
	if err != nil {
		return 0
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.scores[id]
}
