package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// numericKeys returns every numeric key of the configuration, found by
// reflection over Config: a key added later is tested without anyone
// listing it.
func numericKeys(t *testing.T) []key {
	t.Helper()
	cfg := Default()
	var keys []key
	require.NoError(t, eachKey(&cfg, func(k key) error {
		if k.numeric() {
			keys = append(keys, k)
		}
		return nil
	}))
	return keys
}

// envName is the key's CAIRN_<SECTION>_<KEY> variable.
func envName(k key) string {
	return "CAIRN_" + strings.ToUpper(k.section) + "_" + strings.ToUpper(k.name)
}

// Every key is a string, a bool, a list of strings or a number with a
// range that holds its default: a new kind of key (a signed integer, a
// float) would escape the range check, so it fails here first.
func TestEveryNumericKeyHasARange(t *testing.T) {
	cfg := Default()
	require.NoError(t, eachKey(&cfg, func(k key) error {
		switch {
		case k.numeric():
			s, err := k.span()
			require.NoError(t, err)
			shown, out := s.outside(k.field)
			require.False(t, out, "%s: default %s outside %s", k.path(), shown, s)
		case k.field.Kind() == reflect.String, k.field.Kind() == reflect.Bool,
			k.field.Kind() == reflect.Slice && k.field.Type().Elem().Kind() == reflect.String:
			require.Empty(t, k.tag.Get("range"), "%s is no number", k.path())
		default:
			t.Errorf("%s is a %s: give it a range check", k.path(), k.field.Type())
		}
		return nil
	}))
	keys := numericKeys(t)
	require.Len(t, keys, 19, "the walk finds the numeric keys")
	require.Contains(t, Example(), "max_fee_gwei", "the example file")
	require.Contains(t, Example(), "in gwei. Range: 1 to 1000000.\nmax_fee_gwei = 500\n", "the example states each range")
}

// badValue is a value a numeric key must refuse: as written in the file
// and in the environment, and as the error shows it.
type badValue struct{ what, file, env, shown string }

// badValues are a negative value, one below the range when it starts
// above zero, and one above it.
func badValues(k key, s span) []badValue {
	if k.field.Type() == durationType {
		out := []badValue{{"negative", `"-1s"`, "-1s", "-1s"}}
		if s.loD > 0 {
			lo := s.loD / 2
			out = append(out, badValue{"below", strconv.Quote(lo.String()), lo.String(), lo.String()})
		}
		hi := s.hiD + time.Second
		return append(out, badValue{"above", strconv.Quote(hi.String()), hi.String(), hi.String()})
	}
	out := []badValue{{"negative", "-1", "-1", "-1"}}
	if s.lo > 0 {
		lo := strconv.FormatUint(s.lo-1, 10)
		out = append(out, badValue{"below", lo, lo, lo})
	}
	hi := strconv.FormatUint(s.hi+1, 10)
	return append(out, badValue{"above", hi, hi, hi})
}

// Every numeric key, fed a negative and an out-of-range value through the
// file and through its environment variable, is refused by Load or
// Validate with one line naming the key, the value and the range.
func TestNumericKeysRefuseNegativeAndOutOfRange(t *testing.T) {
	for _, k := range numericKeys(t) {
		s, err := k.span()
		require.NoError(t, err)
		for _, v := range badValues(k, s) {
			want := fmt.Sprintf("%s is %s; must be from %s", k.path(), v.shown, s)
			t.Run(k.path()+"/"+v.what+"/file", func(t *testing.T) {
				p := write(t, fmt.Sprintf("[%s]\n%s = %s\n", k.section, k.name, v.file))
				err := loadAndValidate(p, nil)
				require.Error(t, err)
				require.NotContains(t, err.Error(), "\n")
				require.Contains(t, err.Error(), want)
				if v.what == "negative" && k.field.Kind() == reflect.Uint64 {
					require.EqualError(t, err, fmt.Sprintf("config %s: %s", p, want), "refused as the file is read, naming it")
				}
			})
			t.Run(k.path()+"/"+v.what+"/env", func(t *testing.T) {
				err := loadAndValidate("", []string{envName(k) + "=" + v.env})
				require.Error(t, err)
				require.NotContains(t, err.Error(), "\n")
				require.Contains(t, err.Error(), want)
			})
		}
	}
}

// Both ends of every range are taken.
func TestNumericKeysTakeBothEnds(t *testing.T) {
	for _, k := range numericKeys(t) {
		s, err := k.span()
		require.NoError(t, err)
		for _, v := range []string{s.loText, s.hiText} {
			require.NoError(t, loadAndValidate("", []string{envName(k) + "=" + v}), "%s = %s", k.path(), v)
		}
	}
}

// The values of the issue that started silently, and the one refused
// only once geth had started.
func TestNegativesOfTheIssue(t *testing.T) {
	for _, tc := range []struct{ section, key, value, want string }{
		{"l1", "max_fee_gwei", "-1", "l1.max_fee_gwei is -1; must be from 1 to 1000000"},
		{"l1", "fee_bump_percent", "-5", "l1.fee_bump_percent is -5; must be from 10 to 100"},
		{"execution", "cache_mb", "-1", "execution.cache_mb is -1; must be from 16 to 262144"},
		{"watcher", "confirmations", "-1", "watcher.confirmations is -1; must be from 0 to 10000"},
		{"network", "max_inbound_peers", "-1", "network.max_inbound_peers is -1; must be from 1 to 1000"},
	} {
		p := write(t, fmt.Sprintf("[%s]\n%s = %s\n", tc.section, tc.key, tc.value))
		require.EqualError(t, loadAndValidate(p, nil), "config "+p+": "+tc.want)
		env := "CAIRN_" + strings.ToUpper(tc.section+"_"+tc.key)
		require.EqualError(t, loadAndValidate("", []string{env + "=" + tc.value}), "env "+env+": "+tc.want)
	}
	require.EqualError(t, loadAndValidate("", []string{"CAIRN_L1_MAX_FEE_GWEI=lots"}),
		`env CAIRN_L1_MAX_FEE_GWEI: l1.max_fee_gwei is "lots", not a whole number from 1 to 1000000`)
	// 0 would be p2p's default of 64, not "no inbound peers".
	require.EqualError(t, loadAndValidate(write(t, "[network]\nmax_inbound_peers = 0\n"), nil),
		"config: network.max_inbound_peers is 0; must be from 1 to 1000")
}

func loadAndValidate(path string, env []string) error {
	cfg, err := Load(path, env)
	if err != nil {
		return err
	}
	return cfg.Validate()
}
