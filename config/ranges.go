package config

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Every numeric key (an unsigned integer or a Duration) states its range
// in a range tag, "lo..hi" with both ends allowed: whole numbers for an
// integer key, Go durations for a Duration. checkRanges holds every key to
// its range whatever set it (default, file, environment or flag), first
// thing in Validate; the test feeds every key found by reflection a
// negative and an out-of-range value, so a key without a range fails it.

// key is one configuration key: its section, its name, its value and the
// tags of its field.
type key struct {
	section, name string
	field         reflect.Value
	tag           reflect.StructTag
}

// path is the key as the file and the errors name it: section.name.
func (k key) path() string { return k.section + "." + k.name }

var durationType = reflect.TypeOf(Duration{})

// numeric reports whether the key is a number: an unsigned integer or a
// Duration.
func (k key) numeric() bool {
	return k.field.Kind() == reflect.Uint64 || k.field.Type() == durationType
}

// span is the range of a numeric key: lo and hi as the tag writes them,
// and their values (nanoseconds for a duration).
type span struct {
	loText, hiText string
	lo, hi         uint64 // an integer key's
	loD, hiD       time.Duration
}

// span reads the key's range tag.
func (k key) span() (span, error) {
	lo, hi, ok := strings.Cut(k.tag.Get("range"), "..")
	if !ok {
		return span{}, fmt.Errorf("config: %s has no range tag", k.path())
	}
	s := span{loText: lo, hiText: hi}
	var err1, err2 error
	if k.field.Type() == durationType {
		s.loD, err1 = time.ParseDuration(lo)
		s.hiD, err2 = time.ParseDuration(hi)
	} else {
		s.lo, err1 = strconv.ParseUint(lo, 10, 64)
		s.hi, err2 = strconv.ParseUint(hi, 10, 64)
	}
	if err := errors.Join(err1, err2); err != nil || s.lo > s.hi || s.loD > s.hiD {
		return span{}, fmt.Errorf("config: %s has a bad range tag %q", k.path(), k.tag.Get("range"))
	}
	return s, nil
}

// String is the range as errors and the example file write it.
func (s span) String() string { return s.loText + " to " + s.hiText }

// outside returns the key's value as text if it is outside s.
func (s span) outside(f reflect.Value) (string, bool) {
	if d, ok := f.Interface().(Duration); ok {
		return d.String(), d.Duration < s.loD || d.Duration > s.hiD
	}
	v := f.Uint()
	return strconv.FormatUint(v, 10), v < s.lo || v > s.hi
}

// refuse is the error of a value outside the key's range.
func (k key) refuse(shown string, s span) error {
	return fmt.Errorf("%s is %s; must be from %s", k.path(), shown, s)
}

// checkRanges holds every numeric key to its range, naming the first one
// outside it.
func (c *Config) checkRanges() error {
	return eachKey(c, func(k key) error {
		if !k.numeric() {
			return nil
		}
		s, err := k.span()
		if err != nil {
			return err
		}
		if shown, out := s.outside(k.field); out {
			return fmt.Errorf("config: %w", k.refuse(shown, s))
		}
		return nil
	})
}

// refuseNegatives refuses what TOML decoding let through: a negative
// number for an unsigned key, which the decoder wraps around to 2^64 − n
// (max_fee_gwei = -1 would be no fee cap at all). A TOML integer is a
// signed 64-bit one, so an unsigned key above math.MaxInt64 right after
// decoding can only have been negative in the file.
func refuseNegatives(cfg *Config) error {
	return eachKey(cfg, func(k key) error {
		if k.field.Kind() != reflect.Uint64 || k.field.Uint() <= math.MaxInt64 {
			return nil
		}
		s, err := k.span()
		if err != nil {
			return err
		}
		return k.refuse(strconv.FormatInt(int64(k.field.Uint()), 10), s)
	})
}

// envNumberError is the error of an environment value that is no
// unsigned integer: a negative one is refused with the key's range.
func envNumberError(k key, v string) error {
	s, err := k.span()
	if err != nil {
		return err
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n < 0 {
		return k.refuse(v, s)
	}
	return fmt.Errorf("%s is %q, not a whole number from %s", k.path(), v, s)
}
