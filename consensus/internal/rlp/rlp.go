// Package rlp is a small, strict RLP codec for consensus messages.
//
// consensus may not depend on go-ethereum, so it carries its own encoder and
// decoder. Decoding is canonical: a value has exactly one accepted encoding
// (shortest length prefixes, single bytes below 0x80 encoded as themselves,
// integers without leading zeros), so that signed bytes cannot be malleated.
// Trailing bytes, inputs over the size limit and nesting deeper than MaxDepth
// are rejected.
package rlp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// MaxDepth bounds list nesting so that decoding cannot exhaust the stack.
const MaxDepth = 16

// Errors returned by the decoder.
var (
	ErrTrailing     = errors.New("rlp: trailing bytes")
	ErrTooLarge     = errors.New("rlp: input over size limit")
	ErrNonCanonical = errors.New("rlp: non-canonical encoding")
	ErrTruncated    = errors.New("rlp: truncated input")
	ErrTooDeep      = errors.New("rlp: nesting too deep")
	ErrType         = errors.New("rlp: unexpected item type")
)

// Bytes encodes a byte string.
func Bytes(b []byte) []byte {
	if len(b) == 1 && b[0] < 0x80 {
		return []byte{b[0]}
	}
	return append(header(0x80, len(b)), b...)
}

// Uint encodes an unsigned integer as its minimal big-endian bytes.
func Uint(u uint64) []byte {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], u)
	i := 0
	for i < 8 && buf[i] == 0 {
		i++
	}
	return Bytes(buf[i:])
}

// Bool encodes false as 0 and true as 1.
func Bool(b bool) []byte {
	if b {
		return Uint(1)
	}
	return Uint(0)
}

// List encodes already encoded items as a list.
func List(items ...[]byte) []byte {
	n := 0
	for _, it := range items {
		n += len(it)
	}
	out := header(0xc0, n)
	for _, it := range items {
		out = append(out, it...)
	}
	return out
}

func header(base byte, n int) []byte {
	if n < 56 {
		return []byte{base + byte(n)}
	}
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(n))
	i := 0
	for buf[i] == 0 {
		i++
	}
	return append([]byte{base + 55 + byte(8-i)}, buf[i:]...)
}

// Item is a decoded RLP value: a byte string or a list.
type Item struct {
	IsList bool
	Str    []byte
	List   []Item
}

// Decode parses exactly one item spanning all of b.
func Decode(b []byte, maxSize int) (Item, error) {
	if len(b) > maxSize {
		return Item{}, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), maxSize)
	}
	it, rest, err := decode(b, 0)
	if err != nil {
		return Item{}, err
	}
	if len(rest) != 0 {
		return Item{}, fmt.Errorf("%w: %d bytes", ErrTrailing, len(rest))
	}
	return it, nil
}

func decode(b []byte, depth int) (Item, []byte, error) {
	if depth > MaxDepth {
		return Item{}, nil, ErrTooDeep
	}
	if len(b) == 0 {
		return Item{}, nil, ErrTruncated
	}
	p := b[0]
	switch {
	case p < 0x80:
		return Item{Str: b[:1]}, b[1:], nil
	case p < 0xc0:
		body, rest, err := payload(b, 0x80)
		if err != nil {
			return Item{}, nil, err
		}
		if len(body) == 1 && body[0] < 0x80 {
			return Item{}, nil, fmt.Errorf("%w: single byte with prefix", ErrNonCanonical)
		}
		return Item{Str: body}, rest, nil
	default:
		body, rest, err := payload(b, 0xc0)
		if err != nil {
			return Item{}, nil, err
		}
		items := []Item{}
		for len(body) > 0 {
			var it Item
			it, body, err = decode(body, depth+1)
			if err != nil {
				return Item{}, nil, err
			}
			items = append(items, it)
		}
		return Item{IsList: true, List: items}, rest, nil
	}
}

func payload(b []byte, base byte) (body, rest []byte, err error) {
	p := b[0] - base
	if p < 56 {
		n := int(p)
		if len(b)-1 < n {
			return nil, nil, ErrTruncated
		}
		return b[1 : 1+n], b[1+n:], nil
	}
	ll := int(p - 55)
	if len(b)-1 < ll {
		return nil, nil, ErrTruncated
	}
	if b[1] == 0 {
		return nil, nil, fmt.Errorf("%w: length with leading zero", ErrNonCanonical)
	}
	var n uint64
	for _, c := range b[1 : 1+ll] {
		n = n<<8 | uint64(c)
	}
	if n < 56 {
		return nil, nil, fmt.Errorf("%w: long form for short length", ErrNonCanonical)
	}
	if n > uint64(len(b)-1-ll) {
		return nil, nil, ErrTruncated
	}
	start := 1 + ll
	return b[start : start+int(n)], b[start+int(n):], nil
}

// Fields checks that it is a list of exactly n items and returns them.
func (it Item) Fields(n int) ([]Item, error) {
	if !it.IsList {
		return nil, fmt.Errorf("%w: want list", ErrType)
	}
	if len(it.List) != n {
		return nil, fmt.Errorf("rlp: list has %d items, want %d", len(it.List), n)
	}
	return it.List, nil
}

// Items checks that it is a list of at most max items and returns them.
func (it Item) Items(max int) ([]Item, error) {
	if !it.IsList {
		return nil, fmt.Errorf("%w: want list", ErrType)
	}
	if len(it.List) > max {
		return nil, fmt.Errorf("%w: list of %d items, limit %d", ErrTooLarge, len(it.List), max)
	}
	return it.List, nil
}

// Bytes returns a byte string of at most max bytes.
func (it Item) Bytes(max int) ([]byte, error) {
	if it.IsList {
		return nil, fmt.Errorf("%w: want bytes", ErrType)
	}
	if len(it.Str) > max {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(it.Str), max)
	}
	return it.Str, nil
}

// Fixed returns a byte string of exactly n bytes.
func (it Item) Fixed(n int) ([]byte, error) {
	if it.IsList {
		return nil, fmt.Errorf("%w: want bytes", ErrType)
	}
	if len(it.Str) != n {
		return nil, fmt.Errorf("rlp: %d bytes, want %d", len(it.Str), n)
	}
	return it.Str, nil
}

// Uint returns a canonical unsigned integer.
func (it Item) Uint() (uint64, error) {
	if it.IsList {
		return 0, fmt.Errorf("%w: want integer", ErrType)
	}
	if len(it.Str) > 8 {
		return 0, fmt.Errorf("%w: integer over 64 bits", ErrTooLarge)
	}
	if len(it.Str) > 0 && it.Str[0] == 0 {
		return 0, fmt.Errorf("%w: integer with leading zero", ErrNonCanonical)
	}
	var u uint64
	for _, c := range it.Str {
		u = u<<8 | uint64(c)
	}
	return u, nil
}

// Bool returns a boolean encoded as 0 or 1.
func (it Item) Bool() (bool, error) {
	u, err := it.Uint()
	if err != nil {
		return false, err
	}
	if u > 1 {
		return false, fmt.Errorf("rlp: boolean %d", u)
	}
	return u == 1, nil
}
