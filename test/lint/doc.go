// Package lint holds repository-wide tests of the conventions in
// CONVENTIONS.md that a reviewer would otherwise have to catch by eye: it
// has no code of its own. logstyle_test.go parses every non-test Go file
// of the module and checks its log calls (messages capitalized as geth
// does, keys snake_case, the service under "service"); funclen_test.go
// fails on any hand-written function outside bench/ (and outside test
// files) longer than 79 lines.
//
//	go test ./test/lint
package lint
