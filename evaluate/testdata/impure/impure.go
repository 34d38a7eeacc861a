// Package impure breaks every purity rule; purity_test.go checks that the
// checks notice.
package impure

import (
	"net/http"
	clock "time"
)

var cache = map[string]int{}

// kindNames looks like a name table but is a slice, which can grow.
var kindNames = []string{"a", "b"}

// modeNames is a name table, allowed.
var modeNames = [...]string{"a", "b"}

func fetch() (clock.Time, error) {
	_, err := http.Get("http://127.0.0.1/")
	return clock.Now(), err
}
