package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The attendance sheet: présent, excusé or absent for each invitee, and
// the number of people from outside the committee. "Tout marquer présent"
// is a link to the same sheet with everyone present (?tous=presents),
// which the organiser corrects and saves: no script, nothing saved.

// outsideField is the sheet's count of people from outside the committee.
func outsideField(m clts.Meeting, announced int) components.Field {
	f := components.Field{Name: "exterieurs", Label: "Personnes extérieures au comité présentes", Optional: true,
		Inputmode: "numeric", Hint: "Interprètes, accompagnant·es, intervenant·es… qui ne sont pas membres du comité. " +
			"Comptées à part, elles n'entrent pas dans les taux de présence."}
	if announced > 0 {
		f.Hint += " Les invité·es ont annoncé " + strconv.Itoa(announced) + " accompagnant·e(s)."
	}
	if m.Status == clts.MeetingHeld {
		f.Value = strconv.Itoa(m.OutsideAttendees)
	}
	return f
}

// defaultPresence is an invitee's status before the sheet is taken: the
// ones who said they would not come are excused, the others absent until
// marked present.
func defaultPresence(r clts.Response) string {
	if p := r.Presence(); p != "" {
		return p
	}
	if r.Answer == clts.AnswerNo {
		return clts.PresenceExcused
	}
	return clts.PresenceAbsent
}

// attendanceData reads, in tx, the sheet of the meeting of the URL, for its
// organisers; presence gives each invitee's status shown.
func (s *Server) attendanceData(ctx context.Context, tx *postgres.Tx, r *http.Request, presence func(clts.Response) string) (pages.AttendanceData, error) {
	st := state(ctx)
	d := pages.AttendanceData{Slug: st.membership.Committee.Slug}
	v, err := s.meetingFor(ctx, tx, r, auth.RecordAttendance)
	if err != nil {
		return d, err
	}
	d.Meeting = v.Meeting
	responses, err := tx.Responses(ctx, v.Meeting.ID, st.principal().Can(auth.ViewMemberDetails))
	if err != nil {
		return d, err
	}
	announced := 0
	for _, resp := range responses {
		d.Rows = append(d.Rows, pages.AttendanceRow{Response: resp, Presence: presence(resp)})
		if resp.Answer == clts.AnswerYes {
			announced += resp.Companions
		}
	}
	d.Outside = outsideField(v.Meeting, announced)
	return d, nil
}

func (s *Server) handleAttendanceForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	allPresent := r.URL.Query().Get("tous") == "presents"
	presence := defaultPresence
	if allPresent {
		presence = func(clts.Response) string { return clts.PresencePresent }
	}
	var d pages.AttendanceData
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		d, err = s.attendanceData(ctx, tx, r, presence)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.AllPresent = allPresent
	s.render(w, r, pages.Attendance(s.page(r, "Émargement"), d))
}

// readAttendance reads the posted sheet: the invitees marked present and
// excused (any other value is an absence), and the number of people from
// outside the committee, with its error.
func readAttendance(r *http.Request) (sheet clts.AttendanceSheet, outsideError string) {
	for k, v := range r.PostForm {
		idText, ok := strings.CutPrefix(k, "presence_")
		if !ok || len(v) == 0 {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		switch v[0] {
		case clts.PresencePresent:
			sheet.Present = append(sheet.Present, id)
		case clts.PresenceExcused:
			sheet.Excused = append(sheet.Excused, id)
		}
	}
	if typed := strings.TrimSpace(r.PostFormValue("exterieurs")); typed != "" {
		n, err := strconv.Atoi(typed)
		if err != nil || n < 0 || n > clts.MaxOutsideAttendees {
			return sheet, "Indiquez un nombre de personnes entre 0 et " + strconv.Itoa(clts.MaxOutsideAttendees) + ", ou laissez vide."
		}
		sheet.Outside = n
	}
	return sheet, ""
}

func (s *Server) handleAttendance(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	sheet, outsideError := readAttendance(r)
	if outsideError != "" {
		// The sheet again, as posted, with the error next to the field.
		var d pages.AttendanceData
		err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
			var err error
			d, err = s.attendanceData(ctx, tx, r, func(resp clts.Response) string {
				switch v := r.PostFormValue("presence_" + strconv.FormatInt(resp.AccountID, 10)); v {
				case clts.PresencePresent, clts.PresenceExcused:
					return v
				}
				return clts.PresenceAbsent
			})
			return err
		})
		if err != nil {
			s.failDomain(w, r, err)
			return
		}
		d.Outside.Value, d.Outside.Error = r.PostFormValue("exterieurs"), outsideError
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Attendance(s.page(r, "Émargement"), d))
		return
	}
	var id int64
	var n clts.AttendanceCount
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := s.meetingFor(ctx, tx, r, auth.RecordAttendance)
		if err != nil {
			return err
		}
		id = v.Meeting.ID
		n, err = tx.RecordAttendance(ctx, id, sheet)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Meeting(st.membership.Committee.Slug, id), "L'émargement est enregistré : "+attendanceSummary(n)+".")
}

// attendanceSummary says what a sheet holds, in French.
func attendanceSummary(n clts.AttendanceCount) string {
	count := func(k int, one, many string) string {
		if k <= 1 {
			return strconv.Itoa(k) + " " + one
		}
		return strconv.Itoa(k) + " " + many
	}
	return count(n.Present, "présence", "présences") + ", " +
		count(n.Excused, "absence excusée", "absences excusées") + ", " +
		count(n.Absent, "absence", "absences") + " et " +
		count(n.Outside, "personne extérieure au comité", "personnes extérieures au comité")
}

func (s *Server) handleAttendanceRates(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	d := pages.RatesData{Slug: st.membership.Committee.Slug}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Meetings, d.Members, err = tx.AttendanceRates(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Rates(s.page(r, "Taux de présence"), d))
}
