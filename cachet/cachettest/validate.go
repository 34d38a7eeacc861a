package cachettest

import (
	"encoding/json"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// field is one attribute under validation: its name, its value (nil when
// absent or null — Cachet's commands carry every property) and its rules in
// Laravel syntax, e.g. "nullable|int|min:0|max:4".
type field struct {
	name  string
	value any
	rules string
}

// validate runs Laravel 5.7's validator over fields in order and returns
// the flat list of English messages (empty when everything passes). Only
// the rules Cachet's API uses are implemented: required, required_with,
// nullable, string, int/integer, numeric, bool/boolean, array, url, email,
// min, max, between, in.
func validate(fields ...field) []string {
	values := make(map[string]any, len(fields))
	for _, f := range fields {
		values[f.name] = f.value
	}
	var msgs []string
	for _, f := range fields {
		rules := strings.Split(f.rules, "|")
		nullable := false
		numericRule := false
		for _, r := range rules {
			name, _, _ := strings.Cut(r, ":")
			switch name {
			case "nullable":
				nullable = true
			case "int", "integer", "numeric":
				numericRule = true
			}
		}
		for _, r := range rules {
			name, arg, _ := strings.Cut(r, ":")
			if name == "nullable" || name == "" {
				continue
			}
			implicit := name == "required" || name == "required_with"
			if s, ok := f.value.(string); ok && phpTrim(s) == "" && !implicit {
				continue
			}
			if !implicit && nullable && f.value == nil {
				continue
			}
			msg, ok := checkRule(name, arg, f.name, f.value, numericRule, values)
			if ok {
				continue
			}
			msgs = append(msgs, msg)
			if implicit {
				break
			}
		}
	}
	return msgs
}

// attributeName turns group_id into "group id" like Laravel.
func attributeName(name string) string { return strings.ReplaceAll(name, "_", " ") }

// checkRule evaluates one rule; it returns the message when it fails.
func checkRule(rule, arg, name string, v any, numericRule bool, values map[string]any) (string, bool) {
	attr := attributeName(name)
	switch rule {
	case "required":
		return "The " + attr + " field is required.", passesRequired(v)
	case "required_with":
		others := strings.Split(arg, ",")
		for _, o := range others {
			if passesRequired(values[o]) {
				names := make([]string, len(others))
				for i, n := range others {
					names[i] = attributeName(n)
				}
				return "The " + attr + " field is required when " + strings.Join(names, " / ") + " is present.", passesRequired(v)
			}
		}
		return "", true
	case "string":
		_, ok := v.(string)
		return "The " + attr + " must be a string.", ok
	case "int", "integer":
		_, ok := filterInt(v)
		return "The " + attr + " must be an integer.", ok
	case "numeric":
		return "The " + attr + " must be a number.", isNumeric(v)
	case "bool", "boolean":
		return "The " + attr + " field must be true or false.", isBoolRule(v)
	case "array":
		return "The " + attr + " must be an array.", isArray(v)
	case "url":
		return "The " + attr + " format is invalid.", isURL(v)
	case "email":
		return "The " + attr + " must be a valid email address.", isEmail(v)
	case "in":
		s := phpString(v)
		ok := false
		if !isArray(v) {
			for _, allowed := range strings.Split(arg, ",") {
				if allowed == s {
					ok = true
				}
			}
		}
		return "The selected " + attr + " is invalid.", ok
	case "min", "max", "between":
		return checkSize(rule, arg, attr, v, numericRule)
	}
	return "", true
}

// passesRequired is Laravel's validateRequired.
func passesRequired(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return phpTrim(t) != ""
	case map[string]any:
		return len(t) > 0
	case []any:
		return len(t) > 0
	}
	return true
}

// isBoolRule is Laravel's boolean rule: true, false, 0, 1, "0", "1".
func isBoolRule(v any) bool {
	switch t := v.(type) {
	case bool:
		return true
	case int:
		return t == 0 || t == 1
	case json.Number:
		return t == "0" || t == "1"
	case string:
		return t == "0" || t == "1"
	}
	return false
}

// checkSize implements min, max and between with Laravel's size rules:
// numbers when the attribute has a numeric rule, else string length or
// array count.
func checkSize(rule, arg, attr string, v any, numericRule bool) (string, bool) {
	var size float64
	kind := "string"
	switch t := v.(type) {
	case map[string]any:
		size, kind = float64(len(t)), "array"
	case []any:
		size, kind = float64(len(t)), "array"
	default:
		if f, ok := phpNumber(v); ok && numericRule {
			size, kind = f, "numeric"
		} else {
			size = float64(len([]rune(phpString(v))))
		}
	}
	lo, hi, _ := strings.Cut(arg, ",")
	minV, _ := strconv.ParseFloat(lo, 64)
	maxV, _ := strconv.ParseFloat(hi, 64)
	suffix := map[string]string{"numeric": "", "string": " characters", "array": " items"}[kind]
	switch rule {
	case "min":
		if kind == "array" {
			return "The " + attr + " must have at least " + lo + " items.", size >= minV
		}
		return "The " + attr + " must be at least " + lo + suffix + ".", size >= minV
	case "max":
		maxV = minV
		if kind == "array" {
			return "The " + attr + " may not have more than " + lo + " items.", size <= maxV
		}
		return "The " + attr + " may not be greater than " + lo + suffix + ".", size <= maxV
	}
	if kind == "array" {
		return "The " + attr + " must have between " + lo + " and " + hi + " items.", size >= minV && size <= maxV
	}
	return "The " + attr + " must be between " + lo + " and " + hi + suffix + ".", size >= minV && size <= maxV
}

// isURL approximates Laravel's url rule: a string with a scheme and a host.
func isURL(v any) bool {
	s, ok := v.(string)
	if !ok || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "ftp", "ftps", "ssh", "sftp", "git", "svn", "ws", "wss", "irc", "ircs", "mailto", "file":
		return true
	}
	return false
}

// isEmail approximates Laravel 5.7's RFC e-mail check.
func isEmail(v any) bool {
	s, ok := v.(string)
	if !ok || s == "" {
		return false
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && addr.Name == ""
}

// storedInt presents a stored integer column to the validator the way a
// request value looks, for model rules that run over the merged row.
func storedInt(n int) any { return json.Number(strconv.Itoa(n)) }
