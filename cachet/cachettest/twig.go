package cachettest

import (
	"errors"
	"html"
	"strconv"
	"strings"
)

// errTwig is any template failure: a syntax error or a sandbox violation.
// Cachet answers it with 500.
var errTwig = errors.New("cachettest: twig template error")

// twigObject marks a value that is a PHP object inside a template (the
// incident's component): any attribute access on it violates Cachet's
// sandbox (no properties or methods allowed).
type twigObject struct{}

// renderTwig renders src the way Cachet's sandboxed Twig does: auto-escaped
// HTML output, only the if tag (with elseif/else) and the escape filter
// allowed, non-strict variables, and one trailing space appended by the
// sandbox wrapper (quirk 19).
func renderTwig(src string, vars map[string]any) (string, error) {
	nodes, err := parseTwig(src)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := execTwig(&b, nodes, vars); err != nil {
		return "", err
	}
	b.WriteByte(' ')
	return b.String(), nil
}

// twigNode is a parsed template node.
type twigNode struct {
	text     string // literal text (kind 0)
	kind     int    // 0 text, 1 print, 2 if
	expr     *twigExpr
	branches []twigBranch // if: conditions in order; a nil cond is else
}

type twigBranch struct {
	cond *twigExpr
	body []twigNode
}

// twigToken is a lexed piece: text, {{ … }} or {% … %}.
type twigToken struct {
	kind int // 0 text, 1 print, 2 block
	body string
}

func lexTwig(src string) ([]twigToken, error) {
	var toks []twigToken
	trimNext := false
	for len(src) > 0 {
		i := indexAny3(src)
		if i < 0 {
			toks = appendText(toks, src, trimNext)
			break
		}
		text := src[:i]
		open := src[i : i+2]
		rest := src[i+2:]
		trimPrev := strings.HasPrefix(rest, "-")
		if trimPrev {
			rest = rest[1:]
			text = strings.TrimRight(text, " \t\n\r\x00\x0B")
		}
		toks = appendText(toks, text, trimNext)
		trimNext = false
		closer := map[string]string{"{{": "}}", "{%": "%}", "{#": "#}"}[open]
		j := strings.Index(rest, closer)
		if j < 0 {
			return nil, errTwig
		}
		body := rest[:j]
		src = rest[j+2:]
		if strings.HasSuffix(body, "-") {
			body = body[:len(body)-1]
			trimNext = true
		}
		switch open {
		case "{{":
			toks = append(toks, twigToken{kind: 1, body: strings.TrimSpace(body)})
		case "{%":
			toks = append(toks, twigToken{kind: 2, body: strings.TrimSpace(body)})
			if !trimNext {
				src = strings.TrimPrefix(src, "\n")
			}
		case "{#":
			if !trimNext {
				src = strings.TrimPrefix(src, "\n")
			}
		}
	}
	return toks, nil
}

func appendText(toks []twigToken, text string, trimLeft bool) []twigToken {
	if trimLeft {
		text = strings.TrimLeft(text, " \t\n\r\x00\x0B")
	}
	if text == "" {
		return toks
	}
	return append(toks, twigToken{kind: 0, body: text})
}

func indexAny3(s string) int {
	best := -1
	for _, open := range []string{"{{", "{%", "{#"} {
		if i := strings.Index(s, open); i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	return best
}

func parseTwig(src string) ([]twigNode, error) {
	toks, err := lexTwig(src)
	if err != nil {
		return nil, err
	}
	nodes, rest, end, err := parseNodes(toks)
	if err != nil {
		return nil, err
	}
	if end != "" || len(rest) > 0 {
		return nil, errTwig
	}
	return nodes, nil
}

// parseNodes parses until an elseif/else/endif block (returned as end).
func parseNodes(toks []twigToken) (nodes []twigNode, rest []twigToken, end string, err error) {
	for len(toks) > 0 {
		t := toks[0]
		toks = toks[1:]
		switch t.kind {
		case 0:
			nodes = append(nodes, twigNode{text: t.body})
		case 1:
			e, err := parseTwigExpr(t.body)
			if err != nil {
				return nil, nil, "", err
			}
			nodes = append(nodes, twigNode{kind: 1, expr: e})
		case 2:
			tag, arg, _ := strings.Cut(t.body, " ")
			switch tag {
			case "if":
				n, rest, err := parseIf(arg, toks)
				if err != nil {
					return nil, nil, "", err
				}
				nodes = append(nodes, n)
				toks = rest
			case "elseif", "else", "endif":
				return nodes, append([]twigToken{t}, toks...), tag, nil
			default:
				return nil, nil, "", errTwig // sandbox: only "if" is allowed
			}
		}
	}
	return nodes, nil, "", nil
}

func parseIf(cond string, toks []twigToken) (twigNode, []twigToken, error) {
	n := twigNode{kind: 2}
	for {
		e, err := parseTwigExpr(cond)
		if err != nil {
			return n, nil, err
		}
		body, rest, end, err := parseNodes(toks)
		if err != nil {
			return n, nil, err
		}
		n.branches = append(n.branches, twigBranch{cond: e, body: body})
		if end == "" {
			return n, nil, errTwig
		}
		tag, arg, _ := strings.Cut(rest[0].body, " ")
		toks = rest[1:]
		switch tag {
		case "endif":
			if strings.TrimSpace(arg) != "" {
				return n, nil, errTwig
			}
			return n, toks, nil
		case "elseif":
			cond = arg
		case "else":
			body, rest, end, err := parseNodes(toks)
			if err != nil || end != "endif" {
				return n, nil, errTwig
			}
			n.branches = append(n.branches, twigBranch{body: body})
			return n, rest[1:], nil
		}
	}
}

func execTwig(b *strings.Builder, nodes []twigNode, vars map[string]any) error {
	for _, n := range nodes {
		switch n.kind {
		case 0:
			b.WriteString(n.text)
		case 1:
			v, err := n.expr.eval(vars)
			if err != nil {
				return err
			}
			if safe, ok := v.(twigSafe); ok {
				b.WriteString(string(safe))
				continue
			}
			s, err := twigString(v)
			if err != nil {
				return err
			}
			b.WriteString(twigEscape(s))
		case 2:
			for _, br := range n.branches {
				ok := true
				if br.cond != nil {
					v, err := br.cond.eval(vars)
					if err != nil {
						return err
					}
					if safe, isSafe := v.(twigSafe); isSafe {
						v = string(safe)
					}
					ok = phpTruthy(v)
				}
				if ok {
					if err := execTwig(b, br.body, vars); err != nil {
						return err
					}
					break
				}
			}
		}
	}
	return nil
}

// twigString converts a printed value like PHP; arrays and objects fail.
func twigString(v any) (string, error) {
	switch v.(type) {
	case map[string]any, []any, twigObject:
		return "", errTwig
	}
	return phpString(v), nil
}

// twigEscape is Twig's html escaper (htmlspecialchars with ENT_QUOTES).
func twigEscape(s string) string {
	return strings.ReplaceAll(html.EscapeString(s), "&#39;", "&#039;")
}

// twigExpr is a parsed expression.
type twigExpr struct {
	op    string // "lit", "var", "attr", "not", "and", "or", "==", "!=", "<", ">", "<=", ">=", "escape"
	value any
	name  string
	args  []*twigExpr
}

func (e *twigExpr) eval(vars map[string]any) (any, error) {
	switch e.op {
	case "lit":
		return e.value, nil
	case "var":
		return vars[e.name], nil
	case "attr":
		base, err := e.args[0].eval(vars)
		if err != nil {
			return nil, err
		}
		switch t := base.(type) {
		case twigObject:
			return nil, errTwig // sandbox: no property access
		case map[string]any:
			return t[e.name], nil
		case []any:
			if i, err := strconv.Atoi(e.name); err == nil && i >= 0 && i < len(t) {
				return t[i], nil
			}
		}
		return nil, nil
	case "escape":
		v, err := e.args[0].eval(vars)
		if err != nil {
			return nil, err
		}
		s, err := twigString(v)
		if err != nil {
			return nil, err
		}
		return twigSafe(twigEscape(s)), nil
	case "not":
		v, err := e.args[0].eval(vars)
		return !phpTruthy(v), err
	}
	l, err := e.args[0].eval(vars)
	if err != nil {
		return nil, err
	}
	if e.op == "and" || e.op == "or" {
		if (e.op == "and") != phpTruthy(l) {
			return phpTruthy(l), nil
		}
		r, err := e.args[1].eval(vars)
		return phpTruthy(r), err
	}
	r, err := e.args[1].eval(vars)
	if err != nil {
		return nil, err
	}
	c := twigCompare(l, r)
	switch e.op {
	case "==":
		return c == 0, nil
	case "!=":
		return c != 0, nil
	case "<":
		return c < 0, nil
	case ">":
		return c > 0, nil
	case "<=":
		return c <= 0, nil
	}
	return c >= 0, nil
}

// twigSafe is already-escaped output (the escape filter result).
type twigSafe string

// twigCompare compares loosely: numerically when both look numeric, else
// as strings.
func twigCompare(a, b any) int {
	if s, ok := a.(twigSafe); ok {
		a = string(s)
	}
	if s, ok := b.(twigSafe); ok {
		b = string(s)
	}
	if ab, ok := a.(bool); ok {
		return boolInt(ab) - boolInt(phpTruthy(b))
	}
	if bb, ok := b.(bool); ok {
		return boolInt(phpTruthy(a)) - boolInt(bb)
	}
	fa, okA := phpNumber(a)
	fb, okB := phpNumber(b)
	if okA && okB {
		switch {
		case fa < fb:
			return -1
		case fa > fb:
			return 1
		}
		return 0
	}
	if a == nil || b == nil {
		return boolInt(phpTruthy(a)) - boolInt(phpTruthy(b))
	}
	return strings.Compare(phpString(a), phpString(b))
}
