// Package browsertest drives Debian's Chromium against the real portal, on a
// loopback port and a test PostgreSQL with the demo data, to check what
// people see: journeys done with mouse and keyboard, axe-core's WCAG 2.1 A
// and AA rules (wide and at 320 px), one h1 and a named title per page, labelled fields, no
// horizontal scrolling at 320 px, visible focus, and valid HTML (the Nu
// checker). It has only tests; `go test -short` skips them.
package browsertest
