package cachettest

import (
	"encoding/json"
	"strings"
	"unicode"
)

// twigLexer splits an expression into tokens.
type twigLexer struct {
	toks []string
	pos  int
}

func lexTwigExpr(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"' || c == '\'':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, errTwig
			}
			toks = append(toks, s[i:i+j+2])
			i += j + 2
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "<=") || strings.HasPrefix(s[i:], ">="):
			toks = append(toks, s[i:i+2])
			i += 2
		case strings.ContainsRune(".|()<>,", rune(c)):
			toks = append(toks, string(c))
			i++
		case c == '_' || unicode.IsLetter(rune(c)) || (c >= '0' && c <= '9'):
			j := i
			for j < len(s) && (s[j] == '_' || unicode.IsLetter(rune(s[j])) || (s[j] >= '0' && s[j] <= '9')) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			return nil, errTwig
		}
	}
	return toks, nil
}

// parseTwigExpr parses the expression subset: or/and/not, comparisons,
// literals, variables with .attr, parentheses and the escape filter.
// Functions, other filters and other operators are errors (sandbox or
// unsupported syntax).
func parseTwigExpr(s string) (*twigExpr, error) {
	toks, err := lexTwigExpr(s)
	if err != nil || len(toks) == 0 {
		return nil, errTwig
	}
	l := &twigLexer{toks: toks}
	e, err := l.or()
	if err != nil {
		return nil, err
	}
	if l.pos != len(l.toks) {
		return nil, errTwig
	}
	return e, nil
}

func (l *twigLexer) peek() string {
	if l.pos < len(l.toks) {
		return l.toks[l.pos]
	}
	return ""
}

func (l *twigLexer) next() string {
	t := l.peek()
	l.pos++
	return t
}

func (l *twigLexer) or() (*twigExpr, error) {
	left, err := l.and()
	for err == nil && l.peek() == "or" {
		l.next()
		var right *twigExpr
		right, err = l.and()
		left = &twigExpr{op: "or", args: []*twigExpr{left, right}}
	}
	return left, err
}

func (l *twigLexer) and() (*twigExpr, error) {
	left, err := l.not()
	for err == nil && l.peek() == "and" {
		l.next()
		var right *twigExpr
		right, err = l.not()
		left = &twigExpr{op: "and", args: []*twigExpr{left, right}}
	}
	return left, err
}

func (l *twigLexer) not() (*twigExpr, error) {
	if l.peek() == "not" {
		l.next()
		e, err := l.not()
		return &twigExpr{op: "not", args: []*twigExpr{e}}, err
	}
	return l.compare()
}

func (l *twigLexer) compare() (*twigExpr, error) {
	left, err := l.filtered()
	if err != nil {
		return nil, err
	}
	switch op := l.peek(); op {
	case "==", "!=", "<", ">", "<=", ">=":
		l.next()
		right, err := l.filtered()
		return &twigExpr{op: op, args: []*twigExpr{left, right}}, err
	}
	return left, nil
}

func (l *twigLexer) filtered() (*twigExpr, error) {
	e, err := l.postfix()
	for err == nil && l.peek() == "|" {
		l.next()
		if l.next() != "escape" {
			return nil, errTwig // sandbox: only the escape filter
		}
		if l.peek() == "(" {
			l.next()
			if strategy := l.next(); strategy != `"html"` && strategy != `'html'` {
				return nil, errTwig
			}
			if l.next() != ")" {
				return nil, errTwig
			}
		}
		e = &twigExpr{op: "escape", args: []*twigExpr{e}}
	}
	return e, err
}

func (l *twigLexer) postfix() (*twigExpr, error) {
	e, err := l.primary()
	for err == nil && l.peek() == "." {
		l.next()
		name := l.next()
		if name == "" || !isTwigName(name) && !isDigits(name) {
			return nil, errTwig
		}
		if l.peek() == "(" {
			return nil, errTwig // method call
		}
		e = &twigExpr{op: "attr", name: name, args: []*twigExpr{e}}
	}
	return e, err
}

func (l *twigLexer) primary() (*twigExpr, error) {
	t := l.next()
	switch {
	case t == "(":
		e, err := l.or()
		if err != nil || l.next() != ")" {
			return nil, errTwig
		}
		return e, nil
	case t == "true", t == "TRUE":
		return &twigExpr{op: "lit", value: true}, nil
	case t == "false", t == "FALSE":
		return &twigExpr{op: "lit", value: false}, nil
	case t == "null", t == "none", t == "NULL":
		return &twigExpr{op: "lit", value: nil}, nil
	case len(t) >= 2 && (t[0] == '"' || t[0] == '\''):
		return &twigExpr{op: "lit", value: t[1 : len(t)-1]}, nil
	case isDigits(t):
		return &twigExpr{op: "lit", value: json.Number(t)}, nil
	case isTwigName(t):
		if l.peek() == "(" {
			return nil, errTwig // sandbox: no functions
		}
		return &twigExpr{op: "var", name: t}, nil
	}
	return nil, errTwig
}

func isTwigName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}
