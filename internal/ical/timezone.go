package ical

// writeTimezone writes the VTIMEZONE of Europe/Paris: central European time,
// summer time from the last Sunday of March to the last Sunday of October
// (the rule in force since 1996).
func writeTimezone(lw *lineWriter) {
	for _, l := range []string{
		"BEGIN:VTIMEZONE",
		"TZID:" + TZID,
		"X-LIC-LOCATION:" + TZID,
		"BEGIN:DAYLIGHT",
		"TZOFFSETFROM:+0100",
		"TZOFFSETTO:+0200",
		"TZNAME:CEST",
		"DTSTART:19700329T020000",
		"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
		"END:DAYLIGHT",
		"BEGIN:STANDARD",
		"TZOFFSETFROM:+0200",
		"TZOFFSETTO:+0100",
		"TZNAME:CET",
		"DTSTART:19701025T030000",
		"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		"END:STANDARD",
		"END:VTIMEZONE",
	} {
		lw.line(l)
	}
}
