package execution

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
)

// knownSender is a signer that answers Sender with an address already
// recovered for that transaction, and is Equal to whatever its underlying
// signer is equal to. types.Sender caches the answer on the transaction
// together with the signer that gave it, and later callers with an equal
// signer read the cache instead of recovering the signature again.
type knownSender struct {
	types.Signer
	from common.Address
}

func (s knownSender) Sender(*types.Transaction) (common.Address, error) { return s.from, nil }

func (s knownSender) Equal(o types.Signer) bool {
	if k, ok := o.(knownSender); ok {
		o = k.Signer
	}
	return s.Signer.Equal(o)
}

// seedSenders loads the stored copy of b into geth's block cache and gives
// its transactions the senders b's own transactions already carry.
//
// When the head moves, geth's blob pool walks the new blocks from that cache
// and recovers the sender of every transaction in them (blob transactions
// are refused on Cairn, but the pool cannot be left out of geth's backend).
// Its copy is decoded from the database, without the senders that
// admission or RecoverSenders cached on ours: seeding them saves one
// signature recovery per transaction. (Blocks reach here with their senders
// cached: built from the pool, or recovered ahead by RecoverSenders.)
func seedSenders(bc *core.BlockChain, b *types.Block) {
	if b.Transactions().Len() == 0 {
		return
	}
	stored := bc.GetBlock(b.Hash(), b.NumberU64())
	if stored == nil {
		return
	}
	ours, theirs := b.Transactions(), stored.Transactions()
	if len(ours) != len(theirs) {
		return
	}
	signer := types.MakeSigner(bc.Config(), b.Number(), b.Time())
	for i, tx := range ours {
		if theirs[i].Hash() != tx.Hash() {
			return
		}
		from, err := types.Sender(signer, tx)
		if err != nil {
			continue
		}
		_, _ = types.Sender(knownSender{Signer: signer, from: from}, theirs[i])
	}
}
