package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The news forms: a committee's local item (pilots) and a national one
// (HCTS publishers) share their fields, their checks and their handling of
// attachments; a national item may also name a national seminar.

// fieldNewsFiles is the news forms' file field.
const fieldNewsFiles = "pieces_jointes"

// maxNewsAttachmentBytes bounds all the files of one news item.
const maxNewsAttachmentBytes = 50 << 20

// newsInput is a news form as typed.
type newsInput struct {
	news clts.News
	date string // as typed, kept when it is not a date
	fe   clts.FieldErrors
}

// parseNewsForm reads a news form's values; what cannot be parsed is a
// field error, the typed text kept.
func parseNewsForm(v url.Values, national bool) newsInput {
	in := newsInput{fe: clts.FieldErrors{}}
	trim := func(name string) string { return strings.TrimSpace(v.Get(name)) }
	in.news = clts.News{National: national, Title: trim(clts.FieldNewsTitle), Summary: trim(clts.FieldNewsSummary),
		Body: trim(clts.FieldNewsBody)}
	// The version the form was opened on: the item's last save.
	in.news.UpdatedAt = parseSavedVersion(v.Get(fieldSavedVersion))
	in.date = trim(clts.FieldNewsDate)
	if in.date != "" {
		d, err := time.Parse(time.DateOnly, in.date)
		if err != nil {
			in.fe.Add(clts.FieldNewsDate, "Indiquez la date au format année-mois-jour, par exemple 2019-03-14.")
		} else {
			in.news.PublishedOn = d
		}
	}
	if national {
		if s := v.Get(clts.FieldNewsSeminar); s != "" {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				in.fe.Add(clts.FieldNewsSeminar, "Choisissez un séminaire dans la liste.")
			} else {
				in.news.SeminarID = id
			}
		}
	}
	return in
}

// check validates the typed item and renders its text, before the unit of
// work; a date left empty is a message of its own (not "enter a date" on
// top of "not a date").
func (in *newsInput) check() (markdown.Text, error) {
	for k, v := range fieldErrors(in.news.Validate()) {
		if k == clts.FieldNewsDate && in.fe[k] != "" {
			continue
		}
		in.fe.Add(k, v)
	}
	if in.fe[clts.FieldNewsBody] != "" {
		return markdown.Text{}, nil
	}
	text, err := renderField(clts.FieldNewsBody, in.news.Body)
	if fe := fieldErrors(err); fe != nil {
		in.fe.Add(clts.FieldNewsBody, fe[clts.FieldNewsBody])
		return text, nil
	}
	return text, err
}

// checkFiles adds the refusal of the uploaded files to the form's errors:
// refused by their content or size, or beyond what the item may hold
// (existing bytes are stored already).
func (in *newsInput) checkFiles(up *multipartUpload, existing int64) {
	if msg := attachmentsRefusal(up, existing, maxNewsAttachmentBytes, "d'une actualité"); msg != "" {
		in.fe.Add(fieldNewsFiles, msg)
	}
}

// filesSize is the total size of files.
func filesSize(files []clts.File) int64 {
	var n int64
	for _, f := range files {
		n += f.Size
	}
	return n
}

// newsFormData is the form of item n (ID 0 for a new one) with its date as
// typed, its stored attachments and, for a national item, the seminars it
// may name.
func newsFormData(n clts.News, date string, files []clts.File, seminars []clts.Meeting) pages.NewsFormData {
	if date == "" && !n.PublishedOn.IsZero() {
		date = n.PublishedOn.Format(time.DateOnly)
	}
	d := pages.NewsFormData{
		National: n.National,
		Title:    components.Field{Name: clts.FieldNewsTitle, Label: "Titre", Value: n.Title, Spellcheck: true, MaxLength: clts.MaxNewsTitle},
		Summary: components.Field{Name: clts.FieldNewsSummary, Label: "Résumé", Type: "textarea", Value: n.Summary, Spellcheck: true,
			MaxLength: clts.MaxNewsSummary, Hint: "Quelques lignes, montrées sur l'accueil des comités, dans les listes et dans les flux."},
		Body: components.Field{Name: clts.FieldNewsBody, Label: "Texte", Type: "textarea", Value: n.Body, Spellcheck: true, Optional: true,
			MaxLength: clts.MaxNewsBody, Hint: markdownHint},
		Date: components.Field{Name: clts.FieldNewsDate, Label: "Date", Type: "date", Value: date, Hint: "Par exemple 2019-03-14."},
		Files: components.Field{Name: fieldNewsFiles, Label: "Ajouter des pièces jointes", Type: "file", Optional: true,
			Hint: "PDF, images (PNG, JPEG, GIF, WebP), documents Word, Excel, PowerPoint ou OpenDocument. " +
				components.FileSize(maxAttachmentBytes) + " au plus par fichier, " + components.FileSize(maxNewsAttachmentBytes) +
				" en tout pour une actualité. Vous pouvez choisir plusieurs fichiers."},
		Accept:          attachmentAccept(),
		Version:         savedVersion(n.UpdatedAt),
		Attachments:     files,
		AttachmentsSize: filesSize(files),
	}
	if n.National {
		options := []components.Option{{Value: "", Label: "Aucun séminaire"}}
		for _, m := range seminars {
			// A national seminar's id is its SeminarID (ID is a committee's copy).
			options = append(options, components.Option{Value: strconv.FormatInt(m.SeminarID, 10),
				Label: m.Title + " (" + components.Date(m.StartsAt) + ")"})
		}
		value := ""
		if n.SeminarID != 0 {
			value = strconv.FormatInt(n.SeminarID, 10)
		}
		d.Seminar = components.Field{Name: clts.FieldNewsSeminar, Label: "Séminaire national lié", Type: "select", Value: value,
			Options: options, Optional: true}
	}
	return d
}

// checkSeminar refuses a seminar the form did not offer.
func (in *newsInput) checkSeminar(seminars []clts.Meeting) {
	if in.news.SeminarID == 0 {
		return
	}
	for _, m := range seminars {
		if m.SeminarID == in.news.SeminarID {
			return
		}
	}
	in.fe.Add(clts.FieldNewsSeminar, "Choisissez un séminaire dans la liste.")
}

// newsFormFailed renders the form again with its errors, every field as
// typed; browsers never fill a file field again.
func (s *Server) newsFormFailed(w http.ResponseWriter, r *http.Request, status int, d pages.NewsFormData, fe clts.FieldErrors, up *multipartUpload) {
	d.Title.Error, d.Summary.Error, d.Body.Error = fe[clts.FieldNewsTitle], fe[clts.FieldNewsSummary], fe[clts.FieldNewsBody]
	d.Date.Error, d.Seminar.Error, d.Files.Error = fe[clts.FieldNewsDate], fe[clts.FieldNewsSeminar], fe[fieldNewsFiles]
	if status == http.StatusConflict {
		d.Conflict = postgres.ErrNewsChanged.Message
	}
	if d.Files.Error == "" && up != nil && len(up.accepted()) > 0 {
		d.Files.Error = "Le texte est conservé, mais les fichiers choisis n'ont pas été enregistrés : choisissez-les de nouveau."
	}
	s.renderStatus(w, r, status, pages.NewsForm(s.page(r, d.Heading), d))
}

// newsSavedMessage is the flash message after a news form was saved.
func newsSavedMessage(created bool, files int) string {
	msg := "L'actualité est enregistrée."
	if created {
		msg = "L'actualité est publiée."
	}
	return msg + attachmentsAdded(files)
}

// today is now's day in Paris, the date a new item is given by default.
func today(now time.Time) time.Time {
	y, m, d := now.In(components.Paris()).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
