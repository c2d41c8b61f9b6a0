package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run())
}

// step is one go test run over some packages; a mutant goes to the next
// step only if it survived this one.
type step struct {
	pkgs     []string
	baseline *testRun // the run without a mutant, once needed
}

// options are the command's flags.
type options struct {
	runRe, listFile, timeout, tests string
	verbose, listOnly               bool
}

func parseFlags() (options, bool) {
	var o options
	flag.StringVar(&o.runRe, "run", "", "run only the mutants whose name matches this regexp")
	flag.BoolVar(&o.verbose, "v", false, "show the test output of surviving mutants")
	flag.BoolVar(&o.listOnly, "list", false, "print the mutants, check that each applies, and exit")
	flag.StringVar(&o.listFile, "mutants", "test/mutants/mutants.txt", "the list of mutants (a relative path is from the module root)")
	flag.StringVar(&o.timeout, "timeout", "10m", "go test -timeout of each run")
	flag.StringVar(&o.tests, "tests", "", "run only the tests matching this regexp (go test -run), e.g. to check that a new test kills its mutant")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./test/mutants [-run regexp] [-tests regexp] [-v] [-list]\n\n"+
			"Runs the consensus tests against each mutant of test/mutants/mutants.txt; see its doc.go.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		return o, false
	}
	return o, true
}

func run() int {
	o, ok := parseFlags()
	if !ok {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	root, err := moduleRoot(ctx)
	if err != nil {
		return fatal(err)
	}
	mutants, mutated, err := loadMutants(root, o)
	if err != nil {
		return fatal(err)
	}
	if o.listOnly {
		for _, m := range mutants {
			fmt.Printf("%s (consensus/%s): %s\n%s\n", m.Name, m.File, m.Why, m.diff())
		}
		return 0
	}
	steps, err := testSteps(ctx, root)
	if err != nil {
		return fatal(err)
	}
	tmp, err := os.MkdirTemp("", "cairn-mutants-")
	if err != nil {
		return fatal(err)
	}
	defer os.RemoveAll(tmp)
	return runAll(ctx, root, tmp, o, steps, mutants, mutated)
}

// loadMutants reads the list, keeps the mutants -run selects, and applies
// each to its file. Every snippet is checked before any test runs: a stale
// list fails at once, naming each mutant and file.
func loadMutants(root string, o options) ([]*mutant, []string, error) {
	list := filepath.FromSlash(o.listFile)
	if !filepath.IsAbs(list) {
		list = filepath.Join(root, list)
	}
	mutants, err := loadList(list)
	if err != nil {
		return nil, nil, err
	}
	if o.runRe != "" {
		re, err := regexp.Compile(o.runRe)
		if err != nil {
			return nil, nil, fmt.Errorf("-run: %w", err)
		}
		mutants = slices.DeleteFunc(mutants, func(m *mutant) bool { return !re.MatchString(m.Name) })
		if len(mutants) == 0 {
			return nil, nil, fmt.Errorf("no mutant matches -run %q", o.runRe)
		}
	}
	mutated := make([]string, len(mutants))
	stale := 0
	for i, m := range mutants {
		src, err := os.ReadFile(filepath.Join(root, "consensus", filepath.FromSlash(m.File)))
		if err == nil {
			mutated[i], err = m.apply(string(src))
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "mutants: %v\n", err)
			stale++
		}
	}
	if stale > 0 {
		return nil, nil, fmt.Errorf("%d mutant(s) of %s do not apply: the list is stale", stale, o.listFile)
	}
	return mutants, mutated, nil
}

// runAll tests each mutant in turn, prints a line for each and a summary.
func runAll(ctx context.Context, root, tmp string, o options, steps []*step, mutants []*mutant, mutated []string) int {
	start := time.Now()
	var killed, survived, brokenN int
	width := 0
	for _, m := range mutants {
		width = max(width, len(m.Name))
	}
	for i, m := range mutants {
		t0 := time.Now()
		overlay, err := writeOverlay(tmp, i, filepath.Join(root, "consensus", filepath.FromSlash(m.File)), mutated[i])
		if err != nil {
			return fatal(err)
		}
		res, output, err := testMutant(ctx, root, overlay, o, steps)
		if err != nil {
			return interrupted(err)
		}
		secs := time.Since(t0).Seconds()
		prefix := fmt.Sprintf("[%*d/%d] %-*s", len(fmt.Sprint(len(mutants))), i+1, len(mutants), width, m.Name)
		switch res.outcome {
		case failed:
			killed++
			fmt.Printf("%s  killed    %6.1fs  %s\n", prefix, secs, res.firstFail)
		case passed:
			survived++
			fmt.Printf("%s  SURVIVED  %6.1fs  consensus/%s: %s\n", prefix, secs, m.File, m.Why)
			if o.verbose {
				fmt.Print(m.diff())
				fmt.Print(indent(readable(output)))
			}
		case broken:
			brokenN++
			fmt.Printf("%s  broken    %6.1fs  consensus/%s does not build with the mutant:\n", prefix, secs, m.File)
			fmt.Print(m.diff())
			fmt.Print(indent(res.buildOutput))
		}
	}
	fmt.Printf("mutants: %d, killed: %d, survived: %d, broken: %d, total %.0fs\n",
		len(mutants), killed, survived, brokenN, time.Since(start).Seconds())
	if survived+brokenN > 0 {
		return 1
	}
	return 0
}

// testMutant runs the steps with one mutant until one fails, and returns
// the last run and the output of all of them. A kill counts only if the
// same tests pass without the mutant (the step's baseline, run once).
func testMutant(ctx context.Context, root, overlay string, o options, steps []*step) (*testRun, string, error) {
	var res *testRun
	var st *step
	var output string
	var err error
	for _, st = range steps {
		if res, err = goTest(ctx, root, overlay, o.timeout, o.tests, st.pkgs); err != nil {
			return nil, "", err
		}
		output += res.output
		if res.outcome != passed {
			break
		}
	}
	if res.outcome != failed {
		return res, output, nil
	}
	if st.baseline == nil {
		fmt.Printf("         (baseline: %s without any mutant)\n", strings.Join(st.pkgs, " "))
		if st.baseline, err = goTest(ctx, root, "", o.timeout, o.tests, st.pkgs); err != nil {
			return nil, "", err
		}
	}
	if st.baseline.outcome != passed {
		fmt.Print(readable(st.baseline.buildOutput + st.baseline.output))
		return nil, "", fmt.Errorf("the tests fail without any mutant (first: %s): fix them before running mutants", st.baseline.firstFail)
	}
	return res, output, nil
}

// testSteps splits ./consensus/... into the unit tests of ./consensus and
// the other packages.
func testSteps(ctx context.Context, root string) ([]*step, error) {
	out, err := goCmd(ctx, root, "list", "./consensus/...")
	if err != nil {
		return nil, err
	}
	first, _ := goCmd(ctx, root, "list", "./consensus")
	firstPkg := strings.TrimSpace(first)
	steps := []*step{{pkgs: []string{firstPkg}}}
	var rest []string
	for _, p := range strings.Fields(out) {
		if p != firstPkg {
			rest = append(rest, p)
		}
	}
	if len(rest) > 0 {
		steps = append(steps, &step{pkgs: rest})
	}
	return steps, nil
}

// writeOverlay writes the mutated file and a go build -overlay file that
// puts it in place of file.
func writeOverlay(tmp string, i int, file, content string) (string, error) {
	dir := filepath.Join(tmp, fmt.Sprint(i))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	mutatedFile := filepath.Join(dir, filepath.Base(file))
	if err := os.WriteFile(mutatedFile, []byte(content), 0o644); err != nil {
		return "", err
	}
	b, err := json.Marshal(map[string]map[string]string{"Replace": {file: mutatedFile}})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, b, 0o644)
}

func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := goCmd(ctx, "", "env", "GOMOD")
	if err != nil {
		return "", err
	}
	gomod = strings.TrimSpace(gomod)
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a Go module: run from the cairn repository")
	}
	return filepath.Dir(gomod), nil
}

func goCmd(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, exit.Stderr)
		}
		return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
	}
	return string(out), nil
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ") + "\n"
}

func fatal(err error) int {
	fmt.Fprintf(os.Stderr, "mutants: %v\n", err)
	return 2
}

func interrupted(err error) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(os.Stderr, "mutants: interrupted; the working tree was never changed")
		return 130
	}
	return fatal(err)
}
