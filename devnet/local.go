package devnet

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Clients are JSON-RPC clients of a devnet's L1 and of its node 0.
type Clients struct {
	L1  *ethclient.Client
	L2  *ethclient.Client // over RPC
	RPC *rpc.Client       // node 0's, for the cairn_* methods too
}

// Close closes the clients.
func (c *Clients) Close() {
	c.L1.Close()
	c.RPC.Close()
}

// StartLocal starts a devnet whose listeners left unset in cfg take ports
// the OS picks on 127.0.0.1, beside whatever else runs on the machine, and
// dials its L1 and node 0: the chain the benchmarks and the end-to-end
// tests run on. Close the clients, then the devnet.
func StartLocal(ctx context.Context, cfg Config, log *slog.Logger) (*Devnet, *Clients, error) {
	for _, addr := range []*string{&cfg.L1HTTPAddr, &cfg.RPCAddr, &cfg.ProverAddr, &cfg.InputsAddr} {
		if *addr == "" {
			*addr = "127.0.0.1:0"
		}
	}
	d, err := Start(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	c := &Clients{}
	if c.L1, err = ethclient.DialContext(ctx, d.L1URL); err != nil {
		d.Close()
		return nil, nil, err
	}
	if c.RPC, err = rpc.DialContext(ctx, d.Node.RPCEndpoint()); err != nil {
		c.L1.Close()
		d.Close()
		return nil, nil, err
	}
	c.L2 = ethclient.NewClient(c.RPC)
	return d, c, nil
}

// SendAndWait signs a dynamic-fee transaction from key (a tip of 1 gwei,
// a fee cap of twice the head's base fee more), sends it and waits for
// its receipt. A call that would revert is not sent: the gas estimation's
// error (with the revert data) is returned.
func SendAndWait(ctx context.Context, cl *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte) (*types.Receipt, error) {
	from := crypto.PubkeyToAddress(key.PublicKey)
	id, err := cl.ChainID(ctx)
	if err != nil {
		return nil, err
	}
	gas, err := cl.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &to, Value: value, Data: data})
	if err != nil {
		return nil, err
	}
	nonce, err := cl.PendingNonceAt(ctx, from)
	if err != nil {
		return nil, err
	}
	head, err := cl.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	tip := big.NewInt(params.GWei)
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce,
		GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: &to, Value: value, Data: data})
	if err := cl.SendTransaction(ctx, tx); err != nil {
		return nil, err
	}
	for {
		if r, err := cl.TransactionReceipt(ctx, tx.Hash()); err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
