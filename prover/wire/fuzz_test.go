package wire

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzReadFrame: any byte stream yields a frame within the limit or an
// error, never a panic or an over-limit allocation.
func FuzzReadFrame(f *testing.F) {
	c := newCodec(f)
	for _, m := range sampleMessages() {
		var buf bytes.Buffer
		require.NoError(f, c.WriteMessage(&buf, m, MaxServerFrame))
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const limit = 4096
		typ, payload, err := ReadFrame(bytes.NewReader(data), limit)
		if err != nil {
			return
		}
		if !typ.Known() || len(payload) > limit || len(payload)+HeaderSize > len(data) {
			t.Fatalf("accepted frame type %d len %d from %d bytes", typ, len(payload), len(data))
		}
	})
}

// FuzzDecode: any payload either fails to decode with a protocol error, or
// decodes to a message that encodes and decodes back to itself.
func FuzzDecode(f *testing.F) {
	c := newCodec(f)
	for _, m := range sampleMessages() {
		p, err := c.Encode(m)
		require.NoError(f, err)
		f.Add(uint8(m.Type()), p)
	}
	f.Fuzz(func(t *testing.T, typ uint8, payload []byte) {
		m, err := c.Decode(MsgType(typ), payload)
		if err != nil {
			if !IsProtocolError(err) {
				t.Fatalf("decode error is not a protocol error: %v", err)
			}
			return
		}
		again, err := c.Encode(m)
		if err != nil {
			t.Fatalf("re-encode %T: %v", m, err)
		}
		m2, err := c.Decode(MsgType(typ), again)
		if err != nil {
			t.Fatalf("decode of re-encoded %T: %v", m, err)
		}
		normalize(m)
		normalize(m2)
		require.Equal(t, m, m2)
	})
}
