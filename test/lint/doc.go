// Package lint holds repository-wide tests of conventions that a reviewer
// would otherwise have to catch by eye (docs/testing.md, "Conventions the
// tests enforce"); it has no code of its own:
//
//   - logstyle_test.go parses every non-test Go file of the module and
//     checks its log calls (messages capitalized as geth does, keys
//     snake_case, the service under "service");
//   - docs_test.go checks that no tracked file refers to documents outside
//     the repository, and that every relative link of the tracked Markdown
//     files (README.md, docs/…) names a file that exists, and a heading of
//     it when the link has a #fragment;
//   - funclen_test.go fails on any hand-written function outside bench/
//     (and outside test files) longer than 79 lines.
//
// Run them with
//
//	go test ./test/lint
package lint
