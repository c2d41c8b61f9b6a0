package bench

import (
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

func TestTrackerMatchesOnlySentOwnTransactionsOnce(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	s := SignTransfers(key, big.NewInt(22476), 0, 4, big.NewInt(1e10), recipient(0))
	require.Len(t, s.Txs, 4)
	tr := newTracker([]Sender{s})
	t0 := time.Unix(1000, 0)
	tr.markSent(0, 0, 2, t0)

	// tx 2 is not sent yet, another client's hash is unknown: neither counts.
	other := common.HexToHash("0x01")
	n := tr.block([]common.Hash{s.Txs[0].Hash, s.Txs[2].Hash, other}, t0.Add(300*time.Millisecond))
	require.Equal(t, 1, n)
	// A hash seen again (a reorg-free chain never repeats one, a buggy poll might) is not counted twice.
	n = tr.block([]common.Hash{s.Txs[0].Hash, s.Txs[1].Hash}, t0.Add(time.Second))
	require.Equal(t, 1, n)

	room, _ := tr.room(0, 2, 3)
	require.Equal(t, 3, room, "both sent transactions are included")
	inc, lat := tr.totals()
	require.Equal(t, 2, inc)
	require.Equal(t, []time.Duration{300 * time.Millisecond, time.Second}, lat)
}

func TestTrackerRoomBoundsInflight(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	s := SignTransfers(key, big.NewInt(1), 7, 3, big.NewInt(1e10), recipient(1))
	tr := newTracker([]Sender{s})
	tr.markSent(0, 0, 3, time.Now())
	room, changed := tr.room(0, 3, 3)
	require.Equal(t, 0, room)
	tr.block([]common.Hash{s.Txs[1].Hash}, time.Now())
	select {
	case <-changed:
	default:
		t.Fatal("an inclusion must wake senders waiting for room")
	}
	room, _ = tr.room(0, 3, 3)
	require.Equal(t, 1, room)
}

func TestPercentile(t *testing.T) {
	require.Zero(t, percentile(nil, 50))
	ds := make([]time.Duration, 100)
	for i := range ds {
		ds[len(ds)-1-i] = time.Duration(i+1) * time.Millisecond // unsorted input
	}
	require.Equal(t, 50*time.Millisecond, percentile(ds, 50))
	require.Equal(t, 99*time.Millisecond, percentile(ds, 99))
	require.Equal(t, 100*time.Millisecond, percentile(ds, 100))
	require.Equal(t, time.Millisecond, percentile(ds, 0))
	require.Equal(t, 100*time.Millisecond, ds[0], "the input is not reordered")
}
