// Command mutants is a mutation check of the consensus safety rules: it
// breaks each rule on purpose, one at a time, and proves that the tests of
// ./consensus/... notice.
//
// The mutants are listed in mutants.txt beside this file. Each one names a
// file under consensus/, an exact snippet of whole lines that must occur
// there exactly once, and the lines that replace it: a changed comparison, a
// removed check, two swapped lines — the kind of bug a reviewer could miss.
// For each mutant the program writes the mutated file to a temporary
// directory and runs
//
//	go test -count=1 -failfast -vet=off -p 1 -json -overlay <json> <packages>
//
// so the working tree never changes: an interrupted run leaves nothing to
// undo. The packages are ./consensus/... in two steps: the fast unit tests
// of ./consensus first and, only if they all pass, the other packages
// (harness twins scenarios, rlp). A mutant is killed when a test fails, the
// same verdict as one run over ./consensus/..., usually within seconds.
//
// Verdicts: killed (a test failed; the first failing test is named),
// SURVIVED (every test passed: a rule is broken and no test noticed), or
// broken (the mutated code does not compile, or a snippet is missing or
// ambiguous: the list is stale and must be fixed). Before the first killed
// mutant of a step is counted, the same step is run once without any
// mutant: tests that already fail would make every mutant look killed.
//
// Usage, from anywhere in the module (`make mutants` runs it in full):
//
//	go run ./test/mutants                 # every mutant
//	go run ./test/mutants -run 'quorum'   # mutants whose name matches
//	go run ./test/mutants -v              # and the test output of survivors
//	go run ./test/mutants -list           # print and check the mutants, run no test
//	go run ./test/mutants -run vote-after-timeout -tests TestNoVote  # does this test kill it?
//
// It prints one line per mutant (name, verdict, seconds, and for a killed
// mutant the first failing test), then a summary, and exits non-zero if any
// mutant survived or is broken. Zero survivors is the bar: a survivor is a
// safety rule without a test, and the fix is a test in
// consensus/safety_rules_test.go that fails with the mutant applied.
package main
