package execution

import (
	"bytes"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

// The code hashes (and sizes) of the canonical deployments: those published
// for these addresses on Ethereum and the chains they are deployed on.
var wantPreinstalls = []struct {
	addr     string
	codeHash string
	size     int
	nonce    uint64
}{
	{"0x4e59b44847b379578588920cA78FbF26c0B4956C", "0x2fa86add0aed31f33a762c9d88e807c475bd51d0f52bd0955754b2608f7e4989", 69, 2},
	{"0xce0042B868300000d44A59004Da54A005ffdcf9f", "0xc4d5542b53a8b779595a20a8ddd60e58a6c49d3c3decc2df83ced1c69c8ca807", 308, 1},
	{"0x1820a4B7618BdE71Dce8cdc73aAB6C95905faD24", "0xf0aa940bb32e37c5f7268b53acc48c7cdd148cd0fc196f30faa00a4d66c0443a", 2501, 1},
	{"0xcA11bde05977b3631167028862bE2a173976CA11", "0xd5c15df687b16f2ff992fc8d767b4216323184a2bbc6ee2f9c398c318e770891", 3808, 1},
	// EntryPoint v0.7 and the SenderCreator its constructor creates.
	{"0x0000000071727De22E5E9d8BAf0edAc6f37da032", "0x8db5ff695839d655407cc8490bb7a5d82337a86a6b39c3f0258aa6c3b582fc58", 16035, 2},
	{"0xEFC2c1444eBCC4Db75e7613d20C6a62fF67A167C", "0x283c9d14378f5f4c4e24045b87d621d48443fa5b4af7dd7180a599b3756a7689", 451, 1},
}

// The genesis holds each preinstall with the code hash its canonical
// deployment gives, the keyless deployers at nonce 1 without balance, and
// the EntryPoint's constructor storage (ReentrancyGuard's status at 1).
func TestPreinstallsInGenesis(t *testing.T) {
	g := NewGenesis(GenesisParams{ChainID: testChainID})
	for _, w := range wantPreinstalls {
		acc, ok := g.Alloc[common.HexToAddress(w.addr)]
		require.True(t, ok, w.addr)
		require.Equal(t, w.codeHash, crypto.Keccak256Hash(acc.Code).Hex(), w.addr)
		require.Len(t, acc.Code, w.size, w.addr)
		require.Equal(t, w.nonce, acc.Nonce, w.addr)
		require.Zero(t, acc.Balance.Sign(), w.addr)
	}
	for _, p := range Preinstalls {
		require.NotEmpty(t, g.Alloc[p.Address].Code, p.Name)
		if p.Deployer != (common.Address{}) {
			d := g.Alloc[p.Deployer]
			require.Equal(t, uint64(1), d.Nonce, p.Name)
			require.Empty(t, d.Code, p.Name)
			require.Zero(t, d.Balance.Sign(), p.Name)
		}
	}
	ep := g.Alloc[common.HexToAddress("0x0000000071727De22E5E9d8BAf0edAc6f37da032")]
	require.Equal(t, map[common.Hash]common.Hash{common.BigToHash(big.NewInt(2)): common.BigToHash(big.NewInt(1))}, ep.Storage)
	// Geth's system contracts already hold the proxy (EIP-7997): the
	// preinstalls add the other five contracts and the four deployers.
	require.Len(t, g.Alloc, len(NewGenesis(GenesisParams{ChainID: testChainID, NoPreinstalls: true}).Alloc)+len(wantPreinstalls)-1+4)
}

// Each canonical address follows from its deployment: CREATE from the
// keyless sender at nonce 0, or CREATE2 through the deterministic
// deployment proxy. A keyless deployment's runtime code is part of its init
// code (none of them has immutables).
func TestPreinstallAddresses(t *testing.T) {
	alloc, err := PreinstallAlloc()
	require.NoError(t, err)
	for _, p := range Preinstalls {
		if p.rawTx == "" {
			code, err := preinstallHex(p.initCode)
			require.NoError(t, err)
			require.Equal(t, p.Address, crypto.CreateAddress2(DeterministicDeploymentProxy, p.salt, crypto.Keccak256(code)), p.Name)
			continue
		}
		raw, err := preinstallHex(p.rawTx)
		require.NoError(t, err)
		var tx types.Transaction
		require.NoError(t, tx.UnmarshalBinary(raw))
		require.False(t, tx.Protected(), p.Name)
		from, err := types.Sender(types.HomesteadSigner{}, &tx)
		require.NoError(t, err)
		require.Equal(t, p.Deployer, from, p.Name)
		require.Equal(t, p.Address, crypto.CreateAddress(from, 0), p.Name)
		require.True(t, bytes.Contains(tx.Data(), alloc[p.Address].Code), p.Name)
	}
}

// PreinstallAlloc hands out copies: a caller's change does not reach the
// next genesis.
func TestPreinstallAllocIsACopy(t *testing.T) {
	a, err := PreinstallAlloc()
	require.NoError(t, err)
	mc := common.HexToAddress("0xcA11bde05977b3631167028862bE2a173976CA11")
	a[mc].Code[0] ^= 0xff
	a[mc].Balance.SetUint64(1)
	b, err := PreinstallAlloc()
	require.NoError(t, err)
	require.Equal(t, "0xd5c15df687b16f2ff992fc8d767b4216323184a2bbc6ee2f9c398c318e770891", crypto.Keccak256Hash(b[mc].Code).Hex())
	require.Zero(t, b[mc].Balance.Sign())
}

// Without preinstalls the genesis has none of them but the deterministic
// deployment proxy, which geth's system contracts place (EIP-7997, the same
// code, at nonce 1), and another hash.
func TestNoPreinstalls(t *testing.T) {
	with := NewGenesis(GenesisParams{ChainID: testChainID})
	without := NewGenesis(GenesisParams{ChainID: testChainID, NoPreinstalls: true})
	for _, p := range Preinstalls {
		acc, ok := without.Alloc[p.Address]
		if p.Address == DeterministicDeploymentProxy {
			require.Equal(t, with.Alloc[p.Address].Code, acc.Code)
			continue
		}
		require.False(t, ok, p.Name)
	}
	require.NotEqual(t, with.ToBlock().Hash(), without.ToBlock().Hash())
}
