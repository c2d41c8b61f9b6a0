package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// logMethods are the slog calls, by name, with the index of their message
// argument (the *Context variants and Log take a context first, Log and
// LogAttrs a level too).
var logMethods = map[string]int{
	"Debug": 0, "Info": 0, "Warn": 0, "Error": 0,
	"DebugContext": 1, "InfoContext": 1, "WarnContext": 1, "ErrorContext": 1,
	"Log": 2, "LogAttrs": 2,
}

// attrFuncs are slog's attribute constructors: their first argument is a
// key.
var attrFuncs = map[string]bool{"String": true, "Int": true, "Int64": true, "Uint64": true, "Float64": true,
	"Bool": true, "Time": true, "Duration": true, "Any": true, "Group": true}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// badKeys are keys that name the service under another name.
var badKeys = map[string]string{"svc": "service", "module": "service", "component": "service"}

// skipDirs are not the module's own hand-written code.
var skipDirs = map[string]bool{"node_modules": true, "bindings": true, "testdata": true}

// TestLogStyle fails on a log call, outside tests and generated code,
// whose literal message starts with a lowercase letter or whose literal
// key is not snake_case.
func TestLogStyle(t *testing.T) {
	root := moduleRoot(t)
	problems, calls := checkTree(t, root)
	require.NotZero(t, calls, "no log call found under %s: the test looks in the wrong place", root)
	require.Empty(t, problems, "log calls that break the log style of docs/testing.md:\n%s", strings.Join(problems, "\n"))
}

// The checker finds what it must, and lets pass what it must.
func TestLogStyleChecker(t *testing.T) {
	src := `package p

import (
	"log/slog"
	l "log/slog"
)

func f(log *slog.Logger, x struct{ Error func(string) }) {
	log.Info("block sealed", "batch", 1)                        // message
	log.Info("Block sealed", "lastBlock", 1, "ok_key", 2)       // key
	log.With("svc", "coordinator").Warn("Lease expired")        // service key
	slog.ErrorContext(nil, "failed", slog.Int("retryIn", 1))    // message, attr key
	l.Debug("Fine", "l2_chain_id", 1, "err", nil)               // fine
	log.Log(nil, slog.LevelInfo, "x happened")                  // message
	log.Info("Fine", slog.Group("job", "chainId", 1))           // group key and its keys
	log.Info(msg, "a", 1)                                       // a non-literal message is not checked
	log.Info("Fine", key, "notAKey")                            // a non-literal key hides the pairing
	log.Info("eth_call failed")                                 // an identifier first is still lowercase
	log.Info("1 block sealed")                                  // digits are fine
	log.Warn("Retrying", append(attrs(), "retryIn", 1)...)      // appended pairs
}

func attrs() []any { return []any{"chainId", 1, "batch", 2} } // pairs made for a log call
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	problems, calls := checkFile(fset, f)
	require.Equal(t, 11, calls)
	want := []string{
		`p.go:9: message "block sealed" starts with a lowercase letter`,
		`p.go:10: key "lastBlock" is not snake_case`,
		`p.go:11: key "svc": use "service"`,
		`p.go:12: message "failed" starts with a lowercase letter`,
		`p.go:12: key "retryIn" is not snake_case`,
		`p.go:14: message "x happened" starts with a lowercase letter`,
		`p.go:15: key "chainId" is not snake_case`,
		`p.go:18: message "eth_call failed" starts with a lowercase letter`,
		`p.go:20: key "retryIn" is not snake_case`,
		`p.go:23: key "chainId" is not snake_case`,
	}
	require.Equal(t, want, problems)
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "no go.mod above the test")
		dir = parent
	}
}

// checkTree checks every non-test, non-generated Go file under root.
func checkTree(t *testing.T, root string) (problems []string, calls int) {
	t.Helper()
	walkGoFiles(t, root, func(rel string, fset *token.FileSet, f *ast.File) {
		p, n := checkFile(fset, f)
		for _, s := range p {
			problems = append(problems, strings.Replace(s, filepath.Join(root, rel), rel, 1))
		}
		calls += n
	})
	return problems, calls
}

// walkGoFiles parses every hand-written non-test Go file under root (not
// generated, not under skipDirs or a dot directory) and calls fn with its
// path relative to root.
func walkGoFiles(t *testing.T, root string, fn func(rel string, fset *token.FileSet, f *ast.File)) {
	t.Helper()
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		fn(rel, fset, f)
		return nil
	})
	require.NoError(t, err)
}

// checkFile checks the log calls of one file: calls of slog's functions
// and of the log methods on anything (a *slog.Logger, or a logger that
// mirrors it) whose message is a string literal, and With's keys.
func checkFile(fset *token.FileSet, f *ast.File) (problems []string, calls int) {
	slogNames := map[string]bool{}
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "log/slog" {
			name := "slog"
			if imp.Name != nil {
				name = imp.Name.Name
			}
			slogNames[name] = true
		}
	}
	report := func(pos token.Pos, format string, args ...any) {
		p := fset.Position(pos)
		problems = append(problems, fmt.Sprintf("%s:%d: ", p.Filename, p.Line)+fmt.Sprintf(format, args...))
	}
	var checkKeys func(args []ast.Expr)
	checkKeys = func(args []ast.Expr) {
		// append(pairs, "key", v)... passes more pairs.
		if len(args) == 1 {
			if c, ok := args[0].(*ast.CallExpr); ok {
				if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "append" && len(c.Args) > 1 {
					checkKeys(c.Args[1:])
					return
				}
			}
		}
		for i := 0; i < len(args); i++ {
			switch a := args[i].(type) {
			case *ast.BasicLit:
				if key, ok := stringLit(a); ok {
					checkKey(key, a.Pos(), report)
					i++ // its value
				}
			case *ast.CallExpr:
				// slog.String("key", v) and the like; a group's other
				// arguments are pairs again.
				if name, ok := slogCall(a, slogNames); ok && attrFuncs[name] && len(a.Args) > 0 {
					if key, ok := stringLit(a.Args[0]); ok {
						checkKey(key, a.Args[0].Pos(), report)
					}
					if name == "Group" {
						checkKeysOf(a.Args[1:], report)
					}
				}
			default:
				// A key in a variable: its value follows. Only a literal
				// is checked, so skip the pair when it looks like one.
				if i+1 < len(args) {
					if _, ok := args[i+1].(*ast.BasicLit); ok {
						i++
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		// A []any of pairs that starts with a literal key is made for a
		// log call (a job's attrs()).
		if lit, ok := n.(*ast.CompositeLit); ok && isAnySlice(lit.Type) && len(lit.Elts)%2 == 0 {
			if _, ok := stringLitArg(lit.Elts, 0); ok {
				checkKeys(lit.Elts)
			}
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		name := sel.Sel.Name
		if name == "With" {
			if _, ok := stringLitArg(call.Args, 0); ok && len(call.Args)%2 == 0 {
				checkKeys(call.Args)
			}
			return true
		}
		idx, ok := logMethods[name]
		if !ok || len(call.Args) <= idx {
			return true
		}
		msg, ok := stringLit(call.Args[idx])
		if !ok {
			return true
		}
		calls++
		if r, _ := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
			report(call.Args[idx].Pos(), "message %q starts with a lowercase letter", msg)
		}
		checkKeys(call.Args[idx+1:])
		return true
	})
	return problems, calls
}

// checkKeysOf is checkKeys for a group's attributes.
func checkKeysOf(args []ast.Expr, report func(token.Pos, string, ...any)) {
	for i := 0; i+1 < len(args); i += 2 {
		if key, ok := stringLit(args[i]); ok {
			checkKey(key, args[i].Pos(), report)
		}
	}
}

func checkKey(key string, pos token.Pos, report func(token.Pos, string, ...any)) {
	if use, ok := badKeys[key]; ok {
		report(pos, "key %q: use %q", key, use)
	} else if !snakeCase.MatchString(key) {
		report(pos, "key %q is not snake_case", key)
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

func stringLitArg(args []ast.Expr, i int) (string, bool) {
	if i >= len(args) {
		return "", false
	}
	return stringLit(args[i])
}

// slogCall is the name of a call of a function of package slog.
func slogCall(c *ast.CallExpr, slogNames map[string]bool) (string, bool) {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || !isSlog(sel.X, slogNames) {
		return "", false
	}
	return sel.Sel.Name, true
}

// isAnySlice reports whether e is []any or []interface{}.
func isAnySlice(e ast.Expr) bool {
	arr, ok := e.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return false
	}
	switch el := arr.Elt.(type) {
	case *ast.Ident:
		return el.Name == "any"
	case *ast.InterfaceType:
		return len(el.Methods.List) == 0
	}
	return false
}

func isSlog(e ast.Expr, slogNames map[string]bool) bool {
	id, ok := e.(*ast.Ident)
	return ok && slogNames[id.Name]
}
