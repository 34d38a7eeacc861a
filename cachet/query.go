package cachet

import (
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// encodeQuery encodes a list-options struct (or a pointer to one) into query
// parameters. Each field's `url:"name,opts..."` tag names its parameter;
// opts are omitempty (skip the zero value, nil pointers and empty lists),
// int (a bool as 0/1) and brackets (a list as name[]=a&name[]=b). Embedded
// structs without a tag contribute their own fields. Integer kinds, so every
// enum, are sent as their number.
func encodeQuery(opts any) (url.Values, error) {
	v := reflect.ValueOf(opts)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return url.Values{}, nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("query options must be a struct, got %s", v.Type())
	}
	values := url.Values{}
	return values, addQueryFields(values, v)
}

func addQueryFields(values url.Values, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		tag, tagged := f.Tag.Lookup("url")
		if f.Anonymous && !tagged && fv.Kind() == reflect.Struct {
			if err := addQueryFields(values, fv); err != nil {
				return err
			}
			continue
		}
		if !f.IsExported() || !tagged || tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		has := func(opt string) bool { return strings.Contains(","+opts+",", ","+opt+",") }
		if has("omitempty") && fv.IsZero() {
			continue
		}
		if fv.Kind() == reflect.Pointer {
			if fv.IsNil() {
				values.Add(name, "")
				continue
			}
			fv = fv.Elem()
		}
		if fv.Kind() == reflect.Slice {
			if has("brackets") {
				name += "[]"
			}
			for j := range fv.Len() {
				s, err := queryValue(fv.Index(j), has("int"))
				if err != nil {
					return fmt.Errorf("field %s: %w", f.Name, err)
				}
				values.Add(name, s)
			}
			continue
		}
		s, err := queryValue(fv, has("int"))
		if err != nil {
			return fmt.Errorf("field %s: %w", f.Name, err)
		}
		values.Add(name, s)
	}
	return nil
}

// queryValue formats one scalar; with boolInt a bool is 0 or 1.
func queryValue(v reflect.Value, boolInt bool) (string, error) {
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Bool:
		if boolInt {
			return map[bool]string{false: "0", true: "1"}[v.Bool()], nil
		}
		return strconv.FormatBool(v.Bool()), nil
	}
	return "", fmt.Errorf("unsupported kind %s", v.Kind())
}
