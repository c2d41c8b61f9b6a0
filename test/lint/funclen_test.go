package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// maxFuncLines is the most lines a hand-written function may span, from
// its func keyword to its closing brace: a longer one is split into named
// steps.
const maxFuncLines = 79

// funcLenExempt are the trees whose functions may be longer: the
// benchmarks (bench/), whose workloads read best whole.
var funcLenExempt = []string{"bench/"}

// TestFunctionLength fails naming every function of the module's
// hand-written non-test code longer than maxFuncLines: every package
// outside bench/, generated bindings and test files. Test files are left
// out: a table of cases or a scenario told step by step reads best whole,
// and several tests are longer.
func TestFunctionLength(t *testing.T) {
	root := moduleRoot(t)
	var long []string
	files := 0
	walkGoFiles(t, root, func(rel string, fset *token.FileSet, f *ast.File) {
		for _, prefix := range funcLenExempt {
			if strings.HasPrefix(filepath.ToSlash(rel), prefix) {
				return
			}
		}
		files++
		long = append(long, longFuncs(fset, f, rel)...)
	})
	require.Greater(t, files, 100, "too few files under %s: the test looks in the wrong place", root)
	sort.Strings(long)
	require.Empty(t, long, "functions longer than %d lines; split them into named steps:\n%s", maxFuncLines, strings.Join(long, "\n"))
}

// The checker measures from the func keyword to the closing brace, and
// names methods with their receiver.
func TestFunctionLengthChecker(t *testing.T) {
	body := strings.Repeat("\tx++\n", maxFuncLines-3)
	src := "package p\n\n" +
		"func fits() {\n\tx := 0\n" + body + "}\n\n" + // maxFuncLines lines
		"type T struct{}\n\n" +
		"// A comment is not counted.\nfunc (T) tooLong() {\n\tx := 0\n" + body + "\t_ = x\n}\n\n" + // one more
		"var f = func() {}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	require.NoError(t, err)
	require.Equal(t, []string{fmt.Sprintf("p.go:%d: T.tooLong is %d lines", maxFuncLines+7, maxFuncLines+1)}, longFuncs(fset, f, "p.go"))
}

// longFuncs names the functions of f longer than maxFuncLines.
func longFuncs(fset *token.FileSet, f *ast.File, rel string) []string {
	var out []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		start := fset.Position(fd.Type.Func).Line
		n := fset.Position(fd.End()).Line - start + 1
		if n <= maxFuncLines {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			name = recvName(fd.Recv.List[0].Type) + "." + name
		}
		out = append(out, fmt.Sprintf("%s:%d: %s is %d lines", rel, start, name, n))
	}
	return out
}

// recvName is a receiver's type name, without pointer or type parameters.
func recvName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return recvName(x.X)
	case *ast.IndexExpr:
		return recvName(x.X)
	case *ast.IndexListExpr:
		return recvName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return "?"
}
