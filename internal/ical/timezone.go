package ical

import goical "github.com/emersion/go-ical"

// timezone is the VTIMEZONE of Europe/Paris: central European time, summer
// time from the last Sunday of March to the last Sunday of October (the
// rule in force since 1996).
func timezone() *goical.Component {
	tz := goical.NewComponent(goical.CompTimezone)
	tz.Props.SetText(goical.PropTimezoneID, TZID)
	tz.Props.SetText("X-LIC-LOCATION", TZID)
	tz.Children = []*goical.Component{
		observance(goical.CompTimezoneDaylight, "+0100", "+0200", "CEST", "19700329T020000", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
		observance(goical.CompTimezoneStandard, "+0200", "+0100", "CET", "19701025T030000", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"),
	}
	return tz
}

func observance(name, from, to, tzname, start, rule string) *goical.Component {
	c := goical.NewComponent(name)
	raw := func(prop, value string) { c.Props.Set(&goical.Prop{Name: prop, Params: goical.Params{}, Value: value}) }
	raw(goical.PropTimezoneOffsetFrom, from)
	raw(goical.PropTimezoneOffsetTo, to)
	raw(goical.PropTimezoneName, tzname)
	raw(goical.PropDateTimeStart, start)
	raw(goical.PropRecurrenceRule, rule)
	return c
}
