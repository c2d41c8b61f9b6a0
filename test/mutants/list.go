package main

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
)

// mutant is one deliberate break of a rule: the lines find of File become
// the lines replace.
type mutant struct {
	Name    string
	File    string // under consensus/, slash-separated
	Why     string // the rule it breaks
	Line    int    // where it starts in the list
	find    []string
	replace []string
}

var namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// parseList reads the list format described at the top of mutants.txt:
//
//	mutant NAME FILE
//	why: the rule it breaks (one or more why: lines)
//	 a context line (kept)
//	-a line to find (removed)
//	+a line that replaces it (added)
//
// Lines starting with # and empty lines are ignored.
func parseList(name, text string) ([]*mutant, error) {
	var out []*mutant
	var cur *mutant
	seen := map[string]int{}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if len(cur.find) == 0 {
			return fmt.Errorf("%s:%d: mutant %s has no lines to find", name, cur.Line, cur.Name)
		}
		if strings.Join(cur.find, "\n") == strings.Join(cur.replace, "\n") {
			return fmt.Errorf("%s:%d: mutant %s changes nothing", name, cur.Line, cur.Name)
		}
		if cur.Why == "" {
			return fmt.Errorf("%s:%d: mutant %s has no why: line", name, cur.Line, cur.Name)
		}
		out = append(out, cur)
		cur = nil
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "mutant "):
			if err := finish(); err != nil {
				return nil, err
			}
			f := strings.Fields(line)
			if len(f) != 3 {
				return nil, fmt.Errorf("%s:%d: want \"mutant NAME FILE\", got %q", name, n, line)
			}
			if !namePattern.MatchString(f[1]) {
				return nil, fmt.Errorf("%s:%d: mutant name %q: lower-case words joined by -", name, n, f[1])
			}
			if prev, dup := seen[f[1]]; dup {
				return nil, fmt.Errorf("%s:%d: mutant %s already defined at line %d", name, n, f[1], prev)
			}
			if f[2] != path.Clean(f[2]) || path.IsAbs(f[2]) || strings.HasPrefix(f[2], "..") ||
				!strings.HasSuffix(f[2], ".go") || strings.HasSuffix(f[2], "_test.go") {
				return nil, fmt.Errorf("%s:%d: mutant %s: file %q is not a non-test Go file under consensus/", name, n, f[1], f[2])
			}
			seen[f[1]] = n
			cur = &mutant{Name: f[1], File: f[2], Line: n}
		case cur == nil:
			return nil, fmt.Errorf("%s:%d: line outside a mutant: %q", name, n, line)
		case strings.HasPrefix(line, "why:"):
			if len(cur.find)+len(cur.replace) > 0 {
				return nil, fmt.Errorf("%s:%d: mutant %s: why: after the code lines", name, n, cur.Name)
			}
			cur.Why = strings.TrimSpace(cur.Why + " " + strings.TrimSpace(strings.TrimPrefix(line, "why:")))
		case line[0] == ' ':
			cur.find = append(cur.find, line[1:])
			cur.replace = append(cur.replace, line[1:])
		case line[0] == '-':
			cur.find = append(cur.find, line[1:])
		case line[0] == '+':
			cur.replace = append(cur.replace, line[1:])
		default:
			return nil, fmt.Errorf("%s:%d: mutant %s: a code line starts with ' ', '-' or '+': %q", name, n, cur.Name, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return out, nil
}

// loadList parses the list file.
func loadList(file string) ([]*mutant, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	return parseList(file, string(b))
}

// apply returns src with the mutant's lines replaced. The lines to find
// must occur exactly once, as whole lines: otherwise the list is stale.
func (m *mutant) apply(src string) (string, error) {
	find := "\n" + strings.Join(m.find, "\n") + "\n"
	repl := "\n"
	if len(m.replace) > 0 {
		repl += strings.Join(m.replace, "\n") + "\n"
	}
	text := "\n" + src
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	switch n := strings.Count(text, find); n {
	case 1:
	case 0:
		return "", fmt.Errorf("mutant %s: its lines do not occur in consensus/%s: the list is stale", m.Name, m.File)
	default:
		return "", fmt.Errorf("mutant %s: its lines occur %d times in consensus/%s: the list is stale (add a context line)", m.Name, n, m.File)
	}
	out := strings.Replace(text, find, repl, 1)[1:]
	if !strings.HasSuffix(src, "\n") {
		out = strings.TrimSuffix(out, "\n")
	}
	return out, nil
}

// diff shows the mutant as in the list.
func (m *mutant) diff() string {
	var b strings.Builder
	// The hunk is rebuilt from find and replace: common prefix and suffix as
	// context, the rest as removed and added lines.
	p := 0
	for p < len(m.find) && p < len(m.replace) && m.find[p] == m.replace[p] {
		p++
	}
	s := 0
	for s < len(m.find)-p && s < len(m.replace)-p && m.find[len(m.find)-1-s] == m.replace[len(m.replace)-1-s] {
		s++
	}
	for _, l := range m.find[:p] {
		fmt.Fprintf(&b, "     %s\n", l)
	}
	for _, l := range m.find[p : len(m.find)-s] {
		fmt.Fprintf(&b, "    -%s\n", l)
	}
	for _, l := range m.replace[p : len(m.replace)-s] {
		fmt.Fprintf(&b, "    +%s\n", l)
	}
	for _, l := range m.find[len(m.find)-s:] {
		fmt.Fprintf(&b, "     %s\n", l)
	}
	return b.String()
}
