package keytext

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDecode(t *testing.T) {
	b, err := Decode("k", "a:b:c:", "a:b:c:0102", 2)
	require.NoError(t, err)
	require.Equal(t, []byte{1, 2}, b)
	for s, want := range map[string]string{
		"x:b:c:0102":   `want prefix "a:b:c:"`,
		"a:b:c:01zz":   "bad hex",
		"a:b:c:010203": "3 bytes",
		"a:b:c:":       "0 bytes",
	} {
		_, err := Decode("k", "a:b:c:", s, 2)
		require.ErrorContains(t, err, want, s)
	}
}
