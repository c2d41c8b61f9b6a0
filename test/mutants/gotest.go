package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"
)

// outcome is what one go test run says.
type outcome int

const (
	passed outcome = iota // every test passed
	failed                // a test (or a test binary) failed
	broken                // the code did not build, or go test itself failed
)

// testRun is the result of one go test run.
type testRun struct {
	outcome outcome
	// firstFail is the first failing test, e.g. TestX/case, or what failed
	// when no test did (a package's binary).
	firstFail string
	// output is the test output, package by package; buildOutput the
	// compiler's.
	output      string
	buildOutput string
}

// event is one line of go test -json (cmd/test2json, and go build -json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

// goTest runs go test -json over pkgs with the overlay (none if empty),
// only the tests matching tests if it is not empty.
func goTest(ctx context.Context, dir, overlay, timeout, tests string, pkgs []string) (*testRun, error) {
	args := []string{"test", "-count=1", "-failfast", "-vet=off", "-p", "1", "-json", "-timeout", timeout}
	if tests != "" {
		args = append(args, "-run", tests)
	}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	run := parseEvents(stdout)
	err = cmd.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	var exit *exec.ExitError
	switch {
	case err != nil && !errors.As(err, &exit):
		return nil, fmt.Errorf("go test: %w", err)
	case run.outcome == passed && err != nil:
		// go test failed without a test or a build failing: a bad flag,
		// overlay or package pattern.
		run.outcome = broken
		run.buildOutput += stderr.String()
	case run.outcome == broken:
		run.buildOutput += stderr.String()
	}
	return run, nil
}

// parseEvents reads a go test -json stream and classifies the run.
func parseEvents(r io.Reader) *testRun {
	run := &testRun{}
	var out, build strings.Builder
	var failedPkg string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// go test prints some failures as plain text.
			out.WriteString(sc.Text() + "\n")
			continue
		}
		switch e.Action {
		case "build-output":
			build.WriteString(e.Output)
		case "build-fail":
			run.outcome = broken
		case "output":
			out.WriteString(e.Output)
			if e.Test == "" && strings.Contains(e.Output, "[setup failed]") {
				run.outcome = broken
			}
		case "fail":
			switch {
			case e.FailedBuild != "":
				run.outcome = broken
			case e.Test != "":
				if run.firstFail == "" {
					run.firstFail = e.Test
				}
			case failedPkg == "":
				failedPkg = e.Package
			}
		}
	}
	if run.outcome != broken && (run.firstFail != "" || failedPkg != "") {
		run.outcome = failed
		if run.firstFail == "" {
			run.firstFail = "(" + failedPkg + ": " + lastFailureLine(out.String()) + ")"
		}
	}
	run.output, run.buildOutput = out.String(), build.String()
	return run
}

// lastFailureLine picks the line that says why a test binary failed when
// no test did (a panic outside a test, a timeout).
func lastFailureLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "panic: ") {
			return l
		}
	}
	return "test binary failed"
}

// readable drops the framing lines of passing tests from go test output.
func readable(out string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(out, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "=== RUN") || strings.HasPrefix(t, "=== PAUSE") || strings.HasPrefix(t, "=== CONT") ||
			strings.HasPrefix(t, "--- PASS") || t == "PASS" {
			continue
		}
		b.WriteString(l)
	}
	return b.String()
}
