// Package impure breaks every purity rule; purity_test.go checks that the
// checks notice.
package impure

import (
	"net/http"
	clock "time"
)

var cache = map[string]int{}

func fetch() (clock.Time, error) {
	_, err := http.Get("http://127.0.0.1/")
	return clock.Now(), err
}
