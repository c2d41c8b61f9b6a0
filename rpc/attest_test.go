package rpc

import (
	"bytes"
	"context"
	"log/slog"
	"sort"
	"strings"
	"testing"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/cairn-rollup/cairn/crypto/attesterkey"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

type committeeL1 struct {
	c         *attest.Committee
	committed uint64
}

func (f committeeL1) AttesterCommittee(context.Context, uint64) (*attest.Committee, error) {
	return f.c, nil
}
func (f committeeL1) LastCommitted(context.Context) (uint64, error) { return f.committed, nil }

func TestAttestationMethodsOverJSONRPC(t *testing.T) {
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	ks := make([]*attesterkey.SecretKey, 4)
	addrs := make([]common.Address, 4)
	for i := range ks {
		ks[i], err = attesterkey.Generate(nil)
		require.NoError(t, err)
	}
	sort.Slice(ks, func(i, j int) bool { return bytes.Compare(ks[i].Address().Bytes(), ks[j].Address().Bytes()) < 0 })
	for i, k := range ks {
		addrs[i] = k.Address()
	}
	com, err := attest.NewCommittee(1, addrs, []uint64{1, 1, 1, 1})
	require.NoError(t, err)
	d := attest.Domain{L1ChainID: 1, OnChainProposer: common.HexToAddress("0x99"), L2ChainID: 9}
	pool, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: d}, st, st, committeeL1{c: com}, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	var h [2]common.Hash
	for n := uint64(1); n <= 2; n++ {
		b := rollup.Batch{Number: n, FirstBlock: n, LastBlock: n, StateRoot: common.BigToHash(hexutil.MustDecodeBig("0x1"))}
		require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
		pool.OnSealed(context.Background(), &b)
		h[n-1] = b.Hash(9)
	}
	vote := func(k *attesterkey.SecretKey, n uint64) {
		s, err := attest.NewSigner(k, d)
		require.NoError(t, err)
		v, err := s.Sign(n, h[n-1])
		require.NoError(t, err)
		require.NoError(t, pool.Add(context.Background(), v))
	}
	for _, k := range ks {
		vote(k, 1) // quorum of 4 x 1 is 4: all four sign the certificate
	}
	vote(ks[2], 2)

	srv := gethrpc.NewServer()
	defer srv.Stop()
	require.NoError(t, srv.RegisterName("cairn", New(st, &l1{}, chainFake{}, &bridgeFake{}, 9)))
	require.NoError(t, srv.RegisterName("cairn", NewAttestAPI(pool)))
	cl := gethrpc.DialInProc(srv)
	defer cl.Close()

	var status map[string]any
	require.NoError(t, cl.Call(&status, "cairn_attestationStatus"))
	require.Equal(t, map[string]any{"nextBatch": "0x2", "weight": "0x1", "quorum": "0x4", "totalWeight": "0x4",
		"signers": []any{strings.ToLower(addrs[2].Hex())}, "sealed": "0x2", "lastCommitted": "0x0", "lastCertified": "0x1"}, status)

	var cert *BatchCertificate
	require.NoError(t, cl.Call(&cert, "cairn_getBatchCertificate", "0x1"))
	require.NotNil(t, cert)
	require.Equal(t, hexutil.Uint64(1), cert.BatchNumber)
	require.Equal(t, h[0], cert.BatchHash)
	require.Equal(t, addrs, cert.Signers)
	require.Len(t, cert.Signatures, 4)
	require.Empty(t, cert.LateSigners)
	var none *BatchCertificate
	require.NoError(t, cl.Call(&none, "cairn_getBatchCertificate", "0x2"))
	require.Nil(t, none)
	require.Error(t, cl.Call(&none, "cairn_getBatchCertificate", "2"), "a number must be a hex quantity")
	var batch *Batch
	require.NoError(t, cl.Call(&batch, "cairn_getBatch", "0x1"), "the rest of the namespace is still there")
	require.NotNil(t, batch)
}

func TestLateSignersAreShownBesideTheCertificate(t *testing.T) {
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	ks := make([]*attesterkey.SecretKey, 6)
	addrs := make([]common.Address, len(ks))
	ws := make([]uint64, len(ks))
	for i := range ks {
		ks[i], err = attesterkey.Generate(nil)
		require.NoError(t, err)
		addrs[i], ws[i] = ks[i].Address(), 1
	}
	com, err := attest.NewCommittee(1, addrs, ws) // W 6, quorum 5
	require.NoError(t, err)
	d := attest.Domain{L1ChainID: 1, OnChainProposer: common.HexToAddress("0x99"), L2ChainID: 9}
	pool, err := attest.NewPool(context.Background(), attest.PoolConfig{Domain: d}, st, st, committeeL1{c: com}, nil, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	b := rollup.Batch{Number: 1, FirstBlock: 1, LastBlock: 1}
	require.NoError(t, st.SaveBatch(&store.SealedBatch{Batch: b}, nil))
	pool.OnSealed(context.Background(), &b)
	for _, k := range ks {
		s, err := attest.NewSigner(k, d)
		require.NoError(t, err)
		v, err := s.Sign(1, b.Hash(9))
		require.NoError(t, err)
		require.NoError(t, pool.Add(context.Background(), v))
	}
	cert, err := NewAttestAPI(pool).GetBatchCertificate(1)
	require.NoError(t, err)
	require.Len(t, cert.Signers, 5)
	require.Equal(t, []common.Address{addrs[5]}, cert.LateSigners)
}
