package cachettest

import "strconv"

// itoa is strconv.Itoa, short for building ids into strings.
func itoa(n int) string { return strconv.Itoa(n) }
