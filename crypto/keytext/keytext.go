// Package keytext reads the text forms of Cairn keys, "<role>:<kind>:<curve>:<hex>"
// (e.g. validator:public:bls12_381:…), with one error message shape for
// every key type: wrong prefix, bad hex, or wrong length.
package keytext

import (
	"encoding/hex"
	"fmt"
	"strings"
)

// Decode strips prefix from s and decodes exactly size bytes of hex; kind
// names the key in errors ("validator public key").
func Decode(kind, prefix, s string, size int) ([]byte, error) {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return nil, fmt.Errorf("parse %s: want prefix %q", kind, prefix)
	}
	b, err := hex.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("parse %s: bad hex after %q: %w", kind, prefix, err)
	}
	if len(b) != size {
		return nil, fmt.Errorf("parse %s: %d bytes after %q, want %d", kind, len(b), prefix, size)
	}
	return b, nil
}
