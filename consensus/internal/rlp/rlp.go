// Package rlp is a small, strict RLP codec for consensus messages.
//
// consensus may not depend on go-ethereum, so it carries its own encoder and
// decoder. Decoding is canonical: a value has exactly one accepted encoding
// (shortest length prefixes, single bytes below 0x80 encoded as themselves,
// integers without leading zeros), so that signed bytes cannot be malleated.
// Trailing bytes, inputs over the size limit and nesting deeper than MaxDepth
// are rejected.
//
// Decoding allocates nothing per item: Decode checks the whole input in one
// walk and returns a view of it, and a consumer splits one list at a time as
// its schema asks (Item.Fields for a fixed shape, Item.List for a bounded
// sequence), so that it refuses a list with more items than the schema
// allows before it allocates anything for them.
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

// Item is one RLP value of a decoded input: a byte string or a list. It is a
// view into the input, not a copy: a list keeps its encoded elements and
// splits them only when asked (Fields, List), so decoding allocates nothing
// per element and a consumer refuses a list that breaks its schema before it
// allocates anything for the elements. Only Decode makes a list Item, and
// Decode has checked the whole input, so splitting cannot fail.
type Item struct {
	list bool
	body []byte // the string, or the list's encoded elements
}

// Decode checks that b is exactly one canonical item, nested at most MaxDepth
// deep, and returns it. It walks the encoding once and allocates nothing but
// an error value.
func Decode(b []byte, maxSize int) (Item, error) {
	if len(b) > maxSize {
		return Item{}, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), maxSize)
	}
	it, rest, err := split(b)
	if err != nil {
		return Item{}, err
	}
	if len(rest) != 0 {
		return Item{}, fmt.Errorf("%w: %d bytes", ErrTrailing, len(rest))
	}
	if it.list {
		if err := check(it.body, 1); err != nil {
			return Item{}, err
		}
	}
	return it, nil
}

// check validates the encoded elements of a list whose elements sit at depth.
// Recursion is bounded by MaxDepth.
func check(body []byte, depth int) error {
	if len(body) > 0 && depth > MaxDepth {
		return ErrTooDeep
	}
	for len(body) > 0 {
		it, rest, err := split(body)
		if err != nil {
			return err
		}
		if it.list {
			if err := check(it.body, depth+1); err != nil {
				return err
			}
		}
		body = rest
	}
	return nil
}

// split parses the item at the start of b and returns it with the bytes after
// it. It checks the item's own header, not the elements of a list.
func split(b []byte) (Item, []byte, error) {
	if len(b) == 0 {
		return Item{}, nil, ErrTruncated
	}
	p := b[0]
	switch {
	case p < 0x80:
		return Item{body: b[:1]}, b[1:], nil
	case p < 0xc0:
		body, rest, err := payload(b, 0x80)
		if err != nil {
			return Item{}, nil, err
		}
		if len(body) == 1 && body[0] < 0x80 {
			return Item{}, nil, fmt.Errorf("%w: single byte with prefix", ErrNonCanonical)
		}
		return Item{body: body}, rest, nil
	default:
		body, rest, err := payload(b, 0xc0)
		if err != nil {
			return Item{}, nil, err
		}
		return Item{list: true, body: body}, rest, nil
	}
}

// payload returns the body of the item at the start of b, whose header has
// the given base (0x80 string, 0xc0 list), and the bytes after the item.
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

// IsList reports whether it is a list.
func (it Item) IsList() bool { return it.list }

// Fields checks that it is a list of exactly len(dst) items and stores them in
// dst. It stops at the first item past len(dst). A caller passes an array on
// its stack, so that nothing is allocated.
func (it Item) Fields(dst []Item) error {
	if !it.list {
		return fmt.Errorf("%w: want list", ErrType)
	}
	body := it.body
	for i := range dst {
		if len(body) == 0 {
			return fmt.Errorf("rlp: list has %d items, want %d", i, len(dst))
		}
		dst[i], body = next(body)
	}
	if len(body) != 0 {
		return fmt.Errorf("rlp: list has more than %d items, want %d", len(dst), len(dst))
	}
	return nil
}

// List checks that it is a list of at most max items, each at least minSize
// bytes encoded, and returns an iterator over them. It stops at the first
// item that breaks either bound, so that a caller may allocate for Len items
// before it decodes them: minSize, the shortest valid encoding of an item,
// ties that allocation to the input's size.
func (it Item) List(max, minSize int) (Iter, error) {
	if !it.list {
		return Iter{}, fmt.Errorf("%w: want list", ErrType)
	}
	n := 0
	for body := it.body; len(body) > 0; n++ {
		if n == max {
			return Iter{}, fmt.Errorf("%w: list of more than %d items", ErrTooLarge, max)
		}
		before := len(body)
		_, body = next(body)
		if size := before - len(body); size < minSize {
			return Iter{}, fmt.Errorf("rlp: list item %d is %d bytes, a valid one at least %d", n, size, minSize)
		}
	}
	return Iter{body: it.body, n: n}, nil
}

// Iter walks the items of a list.
type Iter struct {
	body []byte
	n    int
}

// Len returns the number of items.
func (l *Iter) Len() int { return l.n }

// Next returns the next item, or false after the last.
func (l *Iter) Next() (Item, bool) {
	if len(l.body) == 0 {
		return Item{}, false
	}
	var it Item
	it, l.body = next(l.body)
	return it, true
}

// next splits an item off the body of a list that Decode has checked.
func next(body []byte) (Item, []byte) {
	it, rest, err := split(body)
	if err != nil {
		// Decode checked every list body; only a broken invariant gets here.
		panic(fmt.Sprintf("rlp: split of a checked list: %v", err))
	}
	return it, rest
}

// Bytes returns a byte string of at most max bytes.
func (it Item) Bytes(max int) ([]byte, error) {
	if it.list {
		return nil, fmt.Errorf("%w: want bytes", ErrType)
	}
	if len(it.body) > max {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(it.body), max)
	}
	return it.body, nil
}

// Fixed returns a byte string of exactly n bytes.
func (it Item) Fixed(n int) ([]byte, error) {
	if it.list {
		return nil, fmt.Errorf("%w: want bytes", ErrType)
	}
	if len(it.body) != n {
		return nil, fmt.Errorf("rlp: %d bytes, want %d", len(it.body), n)
	}
	return it.body, nil
}

// Uint returns a canonical unsigned integer.
func (it Item) Uint() (uint64, error) {
	if it.list {
		return 0, fmt.Errorf("%w: want integer", ErrType)
	}
	if len(it.body) > 8 {
		return 0, fmt.Errorf("%w: integer over 64 bits", ErrTooLarge)
	}
	if len(it.body) > 0 && it.body[0] == 0 {
		return 0, fmt.Errorf("%w: integer with leading zero", ErrNonCanonical)
	}
	var u uint64
	for _, c := range it.body {
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
