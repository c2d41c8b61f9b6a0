package node

import (
	"testing"

	"github.com/stretchr/testify/require"
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
