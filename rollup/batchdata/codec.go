package batchdata

import (
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Level is the zstd level of every encoding: klauspost/compress's
// SpeedBetterCompression (about zstd's level 7). Measured on `cairn bench
// da`'s batches of 1000 transactions (the payload is mostly signatures and
// addresses, which no level compresses), it gives the smallest data or
// within 0.1% of it: fastest 93.4/72.9/94.2 B/tx (ETH to fresh recipients,
// ETH among 128 accounts, ERC-20), default 88.7/72.8/94.2, better
// 88.6/72.7/94.1, best 88.5/72.7/94.7, at 0.9 ms a batch against best's
// 2 to 14 ms. Decoding speed does not depend on the level.
const Level = zstd.SpeedBetterCompression

var (
	zstdOnce sync.Once
	zstdEnc  *zstd.Encoder
	zstdDec  *zstd.Decoder
	zstdErr  error
)

// codecs are the package's one encoder and decoder, with fixed options:
// the same blocks give the same bytes on every machine (with the
// klauspost/compress version go.mod pins: changing it may change the
// bytes, so it is a protocol change).
func codecs() (*zstd.Encoder, *zstd.Decoder, error) {
	zstdOnce.Do(func() {
		zstdEnc, zstdErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(Level), zstd.WithEncoderConcurrency(1),
			zstd.WithEncoderCRC(false), zstd.WithZeroFrames(true), zstd.WithWindowSize(MaxPayloadSize),
			zstd.WithLowerEncoderMem(false))
		if zstdErr != nil {
			return
		}
		zstdDec, zstdErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1),
			zstd.WithDecoderMaxMemory(MaxPayloadSize), zstd.WithDecoderMaxWindow(MaxPayloadSize))
	})
	return zstdEnc, zstdDec, zstdErr
}

// Encode is the batch data of blocks, in order: the version byte, then
// the zstd-compressed payload. It refuses blocks the format cannot carry
// exactly (a blob transaction, a chain id that differs from the other
// transactions', a timestamp not after the previous block's, a size over
// a limit).
func Encode(blocks []Block) ([]byte, error) {
	p, err := payload(blocks)
	if err != nil {
		return nil, fmt.Errorf("encode batch data: %w", err)
	}
	enc, _, err := codecs()
	if err != nil {
		return nil, fmt.Errorf("encode batch data: zstd: %w", err)
	}
	return enc.EncodeAll(p, []byte{Version}), nil
}

// maxPayloadHeader bounds the payload's bytes before its columns: the
// chain id (a uvarint256) and the block count (a uvarint).
const maxPayloadHeader = 37 + 10

// BlockSize is the number of payload bytes b adds to a batch's payload
// when it follows prev (nil: b opens the batch): summed over a batch's
// blocks, it is the payload's length less its header. It computes no
// compression, so a sealer can track a batch's size as blocks arrive.
func BlockSize(prev *Block, b Block) (int, error) {
	blocks := []Block{b}
	if prev != nil {
		blocks = []Block{*prev, b}
	}
	var e encoder
	if err := e.block(blocks, len(blocks)-1); err != nil {
		return 0, err
	}
	for j, tx := range b.Txs {
		if err := e.tx(tx); err != nil {
			return 0, fmt.Errorf("tx %d (%s): %w", j, tx.Hash(), err)
		}
	}
	n := 0
	for _, c := range e.cols {
		n += len(c)
	}
	return n, nil
}

// MaxEncodedSize bounds len(Encode(blocks)) from above for blocks whose
// BlockSizes sum to payload: the version byte, and zstd's own bound for
// the payload with its header (zstd stores a block raw when compressing
// does not pay).
func MaxEncodedSize(payload int) (int, error) {
	enc, _, err := codecs()
	if err != nil {
		return 0, fmt.Errorf("batch data size: zstd: %w", err)
	}
	return 1 + enc.MaxEncodedSize(payload+maxPayloadHeader), nil
}

// Decode is the inverse of Encode. data is untrusted (read from L1): every
// size is bounded, and an error says what is wrong.
func Decode(data []byte) ([]Block, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("decode batch data: %w: empty", ErrMalformed)
	}
	if data[0] != Version {
		return nil, fmt.Errorf("decode batch data: %w 0x%02x (want 0x%02x)", ErrVersion, data[0], Version)
	}
	_, dec, err := codecs()
	if err != nil {
		return nil, fmt.Errorf("decode batch data: zstd: %w", err)
	}
	p, err := dec.DecodeAll(data[1:], nil)
	if err != nil {
		if errors.Is(err, zstd.ErrDecoderSizeExceeded) || errors.Is(err, zstd.ErrWindowSizeExceeded) ||
			errors.Is(err, zstd.ErrFrameSizeExceeded) {
			return nil, fmt.Errorf("decode batch data: %w: decompressed payload over %d bytes: %w", ErrTooLarge, MaxPayloadSize, err)
		}
		return nil, fmt.Errorf("decode batch data: %w: zstd: %w", ErrMalformed, err)
	}
	if len(p) == 0 {
		return nil, fmt.Errorf("decode batch data: %w: empty payload", ErrMalformed)
	}
	blocks, err := decodePayload(p)
	if err != nil {
		return nil, fmt.Errorf("decode batch data: %w", err)
	}
	return blocks, nil
}
