package components

import (
	"strconv"
	"strings"
)

// FileSize writes a size in bytes the French way: « 340 octets »,
// « 12 Ko », « 1,5 Mo », « 20 Mo » (units of 1 024).
func FileSize(n int64) string {
	switch {
	case n < 1<<10:
		if n <= 1 {
			return strconv.FormatInt(n, 10) + " octet"
		}
		return strconv.FormatInt(n, 10) + " octets"
	case n < 1<<20:
		return decimal(float64(n)/(1<<10)) + " Ko"
	case n < 1<<30:
		return decimal(float64(n)/(1<<20)) + " Mo"
	}
	return decimal(float64(n)/(1<<30)) + " Go"
}

// decimal writes x with one decimal at most, with a comma: 1,5 and 20,
// never 20,0; 10 and beyond without a decimal.
func decimal(x float64) string {
	if x >= 10 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1)
}
