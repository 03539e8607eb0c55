package authdns

import (
	"strings"

	"github.com/miekg/dns"
)

// canonical returns name lower-cased and fully qualified, the form every
// name is stored and compared in.
func canonical(name string) string {
	return dns.CanonicalName(name)
}

// isSubdomain reports whether child equals parent or sits below it. Both
// must be canonical.
func isSubdomain(child, parent string) bool {
	if parent == "." || child == parent {
		return true
	}
	return strings.HasSuffix(child, "."+parent)
}

// parent returns the name one label up from name, or "" for the root.
func parent(name string) string {
	starts := dns.Split(name) // label offsets, escapes respected
	switch len(starts) {
	case 0:
		return ""
	case 1:
		return "."
	}
	return name[starts[1]:]
}

// ancestorsBelow returns the names strictly between origin and name, from
// the one just below origin down to name itself (included when it is not
// origin). Both must be canonical and name must be in origin.
func ancestorsBelow(name, origin string) []string {
	var chain []string
	for n := name; n != "" && n != origin; n = parent(n) {
		chain = append(chain, n)
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}
