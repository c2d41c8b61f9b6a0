package node

import (
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/config"
)

// The startup line's roles= names every role Start started: the attester
// only when the node signs attestations.
func TestRolesNameTheAttester(t *testing.T) {
	signing := &attestation{signing: true}
	cases := []struct {
		name string
		node *Node
		want string
	}{
		{"validator and attester", &Node{validator: &validator{}, attestation: signing}, "full node,validator,attester"},
		{"full node that attests", &Node{attestation: signing}, "full node,attester"},
		{"full node that does not attest", &Node{attestation: &attestation{}}, "full node"},
		{"attestation disabled", &Node{}, "full node"},
		{"operator", &Node{operator: &operator{}, attestation: &attestation{}}, "full node,operator"},
		{"every role", &Node{validator: &validator{}, attestation: signing, operator: &operator{}}, "full node,validator,attester,operator"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, c.node.roles())
		})
	}
}

// geth keeps every block's state with execution.archive, and always on the
// node that proves (it regenerates witnesses of old blocks); other nodes
// prune by default.
func TestArchiveOnTheNodeThatProves(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	archive := config.Default()
	archive.Execution.Archive = true
	cases := []struct {
		name string
		node *Node
		want bool
	}{
		{"full node", &Node{cfg: config.Default()}, false},
		{"full node with execution.archive", &Node{cfg: archive}, true},
		{"operator", &Node{cfg: config.Default(), keys: Keys{Operator: key}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Equal(t, c.want, c.node.archive())
		})
	}
}
