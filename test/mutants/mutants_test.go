package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const sample = `# a comment
mutant off-by-one a.go
why: the bound moves
why: by one.
 func f(x int) bool {
-	return x < 10
+	return x <= 10
 }

mutant removed-check b/c.go
why: no check.
-	if bad {
-		return err
-	}
`

func TestParseList(t *testing.T) {
	ms, err := parseList("sample", sample)
	require.NoError(t, err)
	require.Len(t, ms, 2)
	require.Equal(t, "off-by-one", ms[0].Name)
	require.Equal(t, "a.go", ms[0].File)
	require.Equal(t, "the bound moves by one.", ms[0].Why)
	require.Equal(t, []string{"func f(x int) bool {", "\treturn x < 10", "}"}, ms[0].find)
	require.Equal(t, []string{"func f(x int) bool {", "\treturn x <= 10", "}"}, ms[0].replace)
	require.Equal(t, "b/c.go", ms[1].File)
	require.Empty(t, ms[1].replace)
}

func TestParseListErrors(t *testing.T) {
	cases := map[string]struct{ text, want string }{
		"duplicate name":    {"mutant a x.go\nwhy: w\n-a\nmutant a y.go\nwhy: w\n-b\n", "already defined"},
		"no why":            {"mutant a x.go\n-a\n+b\n", "no why"},
		"changes nothing":   {"mutant a x.go\nwhy: w\n a\n", "changes nothing"},
		"nothing to find":   {"mutant a x.go\nwhy: w\n+a\n", "no lines to find"},
		"outside a mutant":  {"-a\n", "outside a mutant"},
		"test file":         {"mutant a x_test.go\nwhy: w\n-a\n", "non-test Go file"},
		"outside consensus": {"mutant a ../x.go\nwhy: w\n-a\n", "non-test Go file"},
		"bad name":          {"mutant A_b x.go\nwhy: w\n-a\n", "lower-case"},
		"bad code line":     {"mutant a x.go\nwhy: w\n\tcode\n", "starts with"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := parseList("list", tc.text)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestApply(t *testing.T) {
	ms, err := parseList("sample", sample)
	require.NoError(t, err)
	src := "package a\n\nfunc f(x int) bool {\n\treturn x < 10\n}\n"
	out, err := ms[0].apply(src)
	require.NoError(t, err)
	require.Equal(t, "package a\n\nfunc f(x int) bool {\n\treturn x <= 10\n}\n", out)

	// Stale: missing, twice, or only part of a line.
	for name, src := range map[string]string{
		"missing":      "package a\n",
		"twice":        src + src,
		"part of line": "package a\n\nfunc f(x int) bool {\n\treturn x < 100\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ms[0].apply(src)
			require.ErrorContains(t, err, "mutant off-by-one")
			require.ErrorContains(t, err, "consensus/a.go")
			require.ErrorContains(t, err, "stale")
		})
	}

	// Removed lines.
	out, err = ms[1].apply("func g() error {\n\tif bad {\n\t\treturn err\n\t}\n\treturn nil\n}\n")
	require.NoError(t, err)
	require.Equal(t, "func g() error {\n\treturn nil\n}\n", out)
}

// The list in the repository parses (whether it applies to the current
// code is checked by go run ./test/mutants -list, not here).
func TestListParses(t *testing.T) {
	ms, err := loadList("mutants.txt")
	require.NoError(t, err)
	require.NotEmpty(t, ms)
}

func TestParseEvents(t *testing.T) {
	pkg := `"Package":"example.com/p"`
	cases := []struct {
		name      string
		json      string
		want      outcome
		firstFail string
	}{
		{"pass", `{"Action":"run",` + pkg + `,"Test":"TestA"}
{"Action":"pass",` + pkg + `,"Test":"TestA"}
{"Action":"pass",` + pkg + `}`, passed, ""},
		{"test fails", `{"Action":"run",` + pkg + `,"Test":"TestA"}
{"Action":"fail",` + pkg + `,"Test":"TestA/case"}
{"Action":"fail",` + pkg + `,"Test":"TestA"}
{"Action":"fail",` + pkg + `,"Test":"TestB"}
{"Action":"fail",` + pkg + `}`, failed, "TestA/case"},
		{"binary panics outside a test", `{"Action":"output",` + pkg + `,"Output":"panic: boom\n"}
{"Action":"fail",` + pkg + `}`, failed, "(example.com/p: panic: boom)"},
		{"build fails", `{"ImportPath":"example.com/p","Action":"build-output","Output":"x.go:1: syntax error\n"}
{"ImportPath":"example.com/p","Action":"build-fail"}
{"Action":"output",` + pkg + `,"Output":"FAIL\texample.com/p [build failed]\n"}
{"Action":"fail",` + pkg + `,"FailedBuild":"example.com/p"}`, broken, ""},
		{"setup fails", `{"Action":"output",` + pkg + `,"Output":"FAIL\texample.com/p [setup failed]\n"}
{"Action":"fail",` + pkg + `}`, broken, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := parseEvents(strings.NewReader(tc.json))
			require.Equal(t, tc.want, r.outcome)
			if tc.want == failed {
				require.Equal(t, tc.firstFail, r.firstFail)
			}
		})
	}
	r := parseEvents(strings.NewReader(cases[3].json))
	require.Contains(t, r.buildOutput, "syntax error")
}
