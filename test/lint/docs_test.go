package lint

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"
)

// outsideRefs are the ways a file can point at the design notes that live
// next to the repository instead of in it. They are spelt in pieces so that
// this file does not match itself.
var outsideRefs = []string{".." + "/shared", "shared" + "/design"}

// TestNothingPointsOutsideTheRepository fails on a tracked file that refers
// to documents outside the repository: a clone must hold every document its
// code and README cite (docs/ is where they go).
func TestNothingPointsOutsideTheRepository(t *testing.T) {
	root := moduleRoot(t)
	files := trackedFiles(t, root)
	var problems []string
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue // deleted in the work tree, not yet in the index
		}
		require.NoError(t, err)
		for i, line := range bytes.Split(b, []byte("\n")) {
			for _, ref := range outsideRefs {
				if bytes.Contains(line, []byte(ref)) {
					problems = append(problems, fmt.Sprintf("%s:%d: refers to %s", f, i+1, ref))
				}
			}
		}
	}
	require.Empty(t, problems, "files that point outside the repository (cite a page under docs/ instead):\n%s",
		strings.Join(problems, "\n"))
}

// TestMarkdownLinksResolve fails on a relative link in a tracked Markdown
// file (README.md, docs/**, contracts/README.md, …) whose target does not
// exist, or whose #fragment names no heading of the Markdown file it
// points to.
func TestMarkdownLinksResolve(t *testing.T) {
	root := moduleRoot(t)
	var docs []string
	for _, f := range trackedFiles(t, root) {
		if strings.HasSuffix(f, ".md") {
			docs = append(docs, f)
		}
	}
	require.Contains(t, docs, "README.md", "the list of tracked files is real")
	var problems []string
	links := 0
	for _, f := range docs {
		b, err := os.ReadFile(filepath.Join(root, f))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		for _, l := range markdownLinks(string(b)) {
			links++
			if p := checkLink(root, f, l); p != "" {
				problems = append(problems, fmt.Sprintf("%s:%d: %s: %s", f, l.line, l.target, p))
			}
		}
	}
	require.NotZero(t, links, "no link found: the test looks in the wrong place")
	require.Empty(t, problems, "broken relative links:\n%s", strings.Join(problems, "\n"))
}

// The link finder and checker find what they must, and let pass what they must.
func TestMarkdownLinkChecker(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "docs", "sub"), 0o755))
	write := func(name, s string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644))
	}
	write("go.mod", "module x\n")
	write(filepath.Join("docs", "sub", "page.md"), "# A page: the `Title`\n\n## Second, part two\n")
	doc := "See [page](docs/sub/page.md), [a part](docs/sub/page.md#second-part-two), [top](docs/sub/page.md#a-page-the-title),\n" +
		"[a dir](docs/sub/), [web](https://example.com/x.md), [mail](mailto:a@b), [here](#local).\n" +
		"Broken: [gone](docs/missing.md), [bad part](docs/sub/page.md#nowhere).\n" +
		"`[not a link](nowhere.md)` and\n```\n[nor this](nowhere.md)\n```\n" +
		"[ref]: docs/also-missing.md\n"
	write("README.md", doc)
	var got []string
	for _, l := range markdownLinks(doc) {
		if p := checkLink(dir, "README.md", l); p != "" {
			got = append(got, l.target)
		}
	}
	require.Equal(t, []string{"docs/missing.md", "docs/sub/page.md#nowhere", "docs/also-missing.md"}, got)
}

// trackedFiles lists the repository's tracked files relative to root: git's
// index when git is there, else every file under root but .git and
// node_modules.
func trackedFiles(t *testing.T, root string) []string {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z")
	cmd.Dir = root
	if out, err := cmd.Output(); err == nil {
		var files []string
		for _, f := range strings.Split(string(out), "\x00") {
			if f != "" {
				files = append(files, f)
			}
		}
		return files
	}
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

type mdLink struct {
	line   int
	target string
}

var (
	inlineLink = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	refLink    = regexp.MustCompile(`^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$`)
	codeSpan   = regexp.MustCompile("`+[^`]*`+")
)

// markdownLinks returns the link targets of a Markdown text, outside fenced
// code blocks and code spans.
func markdownLinks(doc string) []mdLink {
	var out []mdLink
	fenced := false
	for i, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced {
			continue
		}
		if m := refLink.FindStringSubmatch(line); m != nil {
			out = append(out, mdLink{line: i + 1, target: m[1]})
			continue
		}
		line = codeSpan.ReplaceAllString(line, "")
		for _, m := range inlineLink.FindAllStringSubmatch(line, -1) {
			out = append(out, mdLink{line: i + 1, target: m[1]})
		}
	}
	return out
}

// checkLink returns why a link of file doc (relative to root) is broken, or
// "" when it resolves or is not a relative link.
func checkLink(root, doc string, l mdLink) string {
	target := l.target
	if strings.HasPrefix(target, "#") || strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
		return ""
	}
	path, fragment, _ := strings.Cut(target, "#")
	path, _, _ = strings.Cut(path, "?")
	full := filepath.Join(root, filepath.Dir(doc), filepath.FromSlash(path))
	rel, err := filepath.Rel(root, full)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "points outside the repository"
	}
	if _, err := os.Stat(full); err != nil {
		return "no such file"
	}
	if fragment == "" || !strings.HasSuffix(path, ".md") {
		return ""
	}
	b, err := os.ReadFile(full)
	if err != nil {
		return err.Error()
	}
	for _, a := range headingAnchors(string(b)) {
		if a == fragment {
			return ""
		}
	}
	return "no heading with this anchor"
}

// headingAnchors returns the anchors GitHub gives a Markdown file's
// headings: lower case, punctuation dropped, spaces to hyphens.
func headingAnchors(doc string) []string {
	var out []string
	fenced := false
	for _, line := range strings.Split(doc, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			fenced = !fenced
			continue
		}
		if fenced || !strings.HasPrefix(trimmed, "#") {
			continue
		}
		text := strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(text) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		out = append(out, b.String())
	}
	return out
}
