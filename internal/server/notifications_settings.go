package server

import (
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The preferences form's field names: one radio group per kind of event,
// named by the kind; the digests' hour and day.
const (
	fieldDigestHour    = "heure"
	fieldDigestWeekday = "jour"
)

// notificationSettingsForm is the preferences form holding values: the
// deliveries by kind and the digests' hour and day, as typed (strings, so
// that a wrong value comes back as it was sent).
func notificationSettingsForm(deliveries map[clts.NotificationKind]string, hour, weekday string, noEmail bool) pages.NotificationSettingsData {
	d := pages.NotificationSettingsData{NoEmail: noEmail}
	for _, k := range clts.NotificationKinds() {
		d.Kinds = append(d.Kinds, pages.NotificationChoice{Info: k, Value: deliveries[k.Kind]})
	}
	hours := make([]components.Option, 24)
	for h := range hours {
		hours[h] = components.Option{Value: strconv.Itoa(h), Label: strconv.Itoa(h) + "\u00a0h"}
	}
	days := make([]components.Option, 7)
	for i := range days {
		days[i] = components.Option{Value: strconv.Itoa(i + 1), Label: clts.WeekdayLabel(i + 1)}
	}
	d.Hour = components.Field{Name: fieldDigestHour, Label: "Heure des résumés", Type: "select", Value: hour, Options: hours,
		Hint: "Le résumé du jour part chaque jour à cette heure ; celui de la semaine, à cette heure le jour choisi ci-dessous."}
	d.Weekday = components.Field{Name: fieldDigestWeekday, Label: "Jour du résumé de la semaine", Type: "select", Value: weekday, Options: days}
	return d
}

func (s *Server) handleNotificationSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var set postgres.NotificationSettings
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		set, err = tx.NotificationSettings(ctx)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	deliveries := map[clts.NotificationKind]string{}
	for k, d := range set.Deliveries {
		deliveries[k] = string(d)
	}
	d := notificationSettingsForm(deliveries, strconv.Itoa(set.Digest.Hour), strconv.Itoa(set.Digest.Weekday), st.account.Email == "")
	s.render(w, r, pages.NotificationSettings(s.page(r, "Mes notifications"), d))
}

// handleNotificationSettingsSave records every kind's choice and the
// digests' hour and day at once. A missing or unknown choice, or an hour or
// a day out of range, comes back with its message next to the field, the
// other choices kept, and nothing written.
func (s *Server) handleNotificationSettingsSave(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	typed := map[clts.NotificationKind]string{}
	set := postgres.NotificationSettings{Deliveries: map[clts.NotificationKind]clts.Delivery{}}
	kindErrors := map[clts.NotificationKind]string{}
	for _, k := range clts.NotificationKinds() {
		v := r.PostFormValue(string(k.Kind))
		typed[k.Kind] = v
		if d := clts.Delivery(v); d.Valid() {
			set.Deliveries[k.Kind] = d
		} else {
			kindErrors[k.Kind] = "Choisissez comment être prévenu·e."
		}
	}
	hourIn, dayIn := r.PostFormValue(fieldDigestHour), r.PostFormValue(fieldDigestWeekday)
	hour, errHour := strconv.Atoi(hourIn)
	day, errDay := strconv.Atoi(dayIn)
	if errHour != nil {
		hour = -1
	}
	if errDay != nil {
		day = 0
	}
	set.Digest = clts.DigestSettings{Hour: hour, Weekday: day}
	fe := fieldErrors(set.Digest.Validate())
	if len(kindErrors) == 0 && len(fe) == 0 {
		err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			return tx.SaveNotificationSettings(ctx, set)
		})
		if err != nil {
			s.failDomain(w, r, err)
			return
		}
		s.redirectWithFlash(w, r, paths.NotificationSettings, "Vos choix de notifications sont enregistrés.")
		return
	}
	d := notificationSettingsForm(typed, hourIn, dayIn, st.account.Email == "")
	for i := range d.Kinds {
		d.Kinds[i].Error = kindErrors[d.Kinds[i].Info.Kind]
	}
	d.Hour.Error, d.Weekday.Error = fe[fieldDigestHour], fe[fieldDigestWeekday]
	d.Error = "Vos choix n'ont pas été enregistrés : corrigez les champs signalés."
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.NotificationSettings(s.page(r, "Mes notifications"), d))
}
