package batchdata

import (
	"fmt"

	"github.com/holiman/uint256"
)

// maxVarint256 is the longest LEB128 encoding of a 256-bit number.
const maxVarint256 = 37

// appendUvarint appends x as an unsigned LEB128 varint (7 bits a byte,
// least significant first, the high bit set on all but the last byte).
func appendUvarint(b []byte, x uint64) []byte {
	for x >= 0x80 {
		b = append(b, byte(x)|0x80)
		x >>= 7
	}
	return append(b, byte(x))
}

// appendUvarint256 appends x as an unsigned LEB128 varint.
func appendUvarint256(b []byte, x *uint256.Int) []byte {
	if x.IsUint64() {
		return appendUvarint(b, x.Uint64())
	}
	v := *x
	for !v.IsZero() {
		c := byte(v[0] & 0x7f)
		v.Rsh(&v, 7)
		if !v.IsZero() {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// reader reads one column of the payload. Every read checks the bytes
// left first; an error names the field.
type reader struct {
	b   []byte
	off int
}

func (r *reader) left() int { return len(r.b) - r.off }

func (r *reader) bytes(n int, what string) ([]byte, error) {
	if n < 0 || n > r.left() {
		return nil, fmt.Errorf("%w: %s: %d bytes needed, %d left", ErrMalformed, what, n, r.left())
	}
	out := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return out, nil
}

func (r *reader) byte(what string) (byte, error) {
	b, err := r.bytes(1, what)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

// uvarint reads a minimal LEB128 varint of at most 64 bits.
func (r *reader) uvarint(what string) (uint64, error) {
	var x uint64
	for i := 0; ; i++ {
		if r.off >= len(r.b) {
			return 0, fmt.Errorf("%w: %s: truncated varint", ErrMalformed, what)
		}
		c := r.b[r.off]
		r.off++
		if i == 9 && c > 1 {
			return 0, fmt.Errorf("%w: %s: varint over 64 bits", ErrMalformed, what)
		}
		x |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			if c == 0 && i > 0 {
				return 0, fmt.Errorf("%w: %s: non-minimal varint", ErrMalformed, what)
			}
			return x, nil
		}
	}
}

// uvarint256 reads a minimal LEB128 varint of at most 256 bits.
func (r *reader) uvarint256(what string) (*uint256.Int, error) {
	x := new(uint256.Int)
	var d uint256.Int
	for i := 0; ; i++ {
		if r.off >= len(r.b) {
			return nil, fmt.Errorf("%w: %s: truncated varint", ErrMalformed, what)
		}
		c := r.b[r.off]
		r.off++
		if i == maxVarint256-1 && c > 0x0f { // 36*7 = 252 bits before it
			return nil, fmt.Errorf("%w: %s: varint over 256 bits", ErrMalformed, what)
		}
		d.SetUint64(uint64(c & 0x7f))
		x.Or(x, d.Lsh(&d, uint(7*i)))
		if c < 0x80 {
			if c == 0 && i > 0 {
				return nil, fmt.Errorf("%w: %s: non-minimal varint", ErrMalformed, what)
			}
			return x, nil
		}
	}
}

// count reads a varint count of items that take at least minSize bytes
// each, refusing one over max or over what the bytes left can hold.
func (r *reader) count(what string, max uint64, minSize int) (int, error) {
	n, err := r.uvarint(what)
	if err != nil {
		return 0, err
	}
	if n > max {
		return 0, fmt.Errorf("%w: %s: %d, at most %d", ErrTooLarge, what, n, max)
	}
	if n > uint64(r.left()/minSize) {
		return 0, fmt.Errorf("%w: %s: %d items of at least %d bytes, %d bytes left", ErrMalformed, what, n, minSize, r.left())
	}
	return int(n), nil
}
