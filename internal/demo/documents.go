package demo

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// The demo's documents: the communication strategy in two versions, a
// working group's survey, a budget for the pilots alone, the slides of an
// agenda item of the digital rights group's next meeting, and the other
// committee's own plan. Their files are generated like the practices'
// attachments (practice_files.go), and a small OpenDocument text written
// here.

// DocumentMeetingTitle is the upcoming meeting of the digital rights group
// whose agenda item holds a document.
const DocumentMeetingTitle = "Groupe accès aux droits : le coffre-fort numérique"

// DocumentItemTitle is that meeting's agenda item.
const DocumentItemTitle = "Présentation du coffre-fort numérique"

// demoDocument is one document of the demo and its versions' files.
type demoDocument struct {
	as       string // the login of who uploads it
	doc      clts.Document
	versions []documentFile
}

type documentFile struct {
	name, contentType, note string
	data                    []byte
}

func pdfFile(name, note, title string, paragraphs ...string) documentFile {
	return documentFile{name: name, contentType: "application/pdf", note: note, data: onePagePDF(title, paragraphs)}
}

// loadDocuments writes the demo's documents, once: nothing when the
// committee has documents already.
func loadDocuments(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	c := committees["37-41"]
	as := func(login string, fn func(tx *postgres.Tx) error) error {
		return db.Write(ctx, postgres.InCommittee(c, accounts[login]), fn)
	}
	var exists bool
	if err := as("pilote", func(tx *postgres.Tx) error {
		list, err := tx.Documents(ctx, postgres.DocumentQuery{Pilot: true, Limit: 1})
		exists = list.Total > 0
		if err == nil && !exists {
			archived, err := tx.Documents(ctx, postgres.DocumentQuery{Pilot: true, Limit: 1, Archived: true})
			exists = archived.Total > 0
			return err
		}
		return err
	}); err != nil || exists {
		return err
	}
	var rights int64
	if err := as("pilote", func(tx *postgres.Tx) error {
		groups, err := tx.Groups(ctx, false)
		for _, g := range groups {
			if g.Title == groupNumerique {
				rights = g.ID
			}
		}
		return err
	}); err != nil {
		return err
	}
	if rights == 0 {
		return fmt.Errorf("no group %q", groupNumerique)
	}
	chart, err := barChartPNG([]int{12, 18, 9, 15})
	if err != nil {
		return err
	}
	odt, err := oneParagraphODT("Recensement des points d'accès numérique du Blaisois : douze lieux, leurs horaires et leurs médiateurs.")
	if err != nil {
		return err
	}
	// The group's next meeting, with the agenda item that holds the slides.
	var meeting, item int64
	if err := as("thomas.petit", func(tx *postgres.Tx) error {
		start := workdayAt(now.AddDate(0, 0, 16), 14, 0)
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindGroup, GroupID: rights, Title: DocumentMeetingTitle,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "CIAS du Blaisois, salle 2, Blois"}}, true, noMail)
		if err != nil {
			return err
		}
		meeting = ids[0]
		if err := tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: meeting, Title: DocumentItemTitle, Presenter: "Thomas Petit",
			Minutes: 30}, false); err != nil {
			return err
		}
		items, err := tx.AgendaItems(ctx, meeting, false)
		if err != nil || len(items) == 0 {
			return fmt.Errorf("agenda item: %w", err)
		}
		item = items[0].ID
		return nil
	}); err != nil {
		return fmt.Errorf("group meeting: %w", err)
	}
	docs := []demoDocument{
		{as: "pilote", doc: clts.Document{Title: "Stratégie de communication du comité", Folder: "Communication",
			Tags: []string{"communication", "stratégie"}, Audience: clts.AudienceCommittee,
			Description: "Les publics, les messages et les canaux du comité : lettre d'information, site du département, réseaux des partenaires."},
			versions: []documentFile{
				pdfFile("strategie-communication-projet.pdf", "", "Stratégie de communication : projet",
					"Projet soumis aux membres avant la plénière.", "Trois publics : les professionnels, les personnes accompagnées, les élus."),
				pdfFile("strategie-communication.pdf", "Version adoptée en plénière, avec la lettre d'information trimestrielle.",
					"Stratégie de communication du comité",
					"Adoptée en plénière.", "Une lettre d'information chaque trimestre ; une page sur le site de chaque département."),
			}},
		{as: "thomas.petit", doc: clts.Document{Title: "Recensement des points d'accès numérique", Folder: "Groupes de travail",
			Tags: []string{"numérique", "accès aux droits"}, Audience: clts.AudienceGroup, GroupID: rights,
			Description: "Le relevé des lieux de médiation numérique du Blaisois, à compléter par le groupe."},
			versions: []documentFile{{name: "recensement-points-acces.odt", contentType: "application/vnd.oasis.opendocument.text", data: odt}}},
		{as: "pilote", doc: clts.Document{Title: "Budget prévisionnel de l'animation du comité", Folder: "Pilotage",
			Tags: []string{"budget"}, Audience: clts.AudiencePilots,
			Description: "Les dépenses prévues par trimestre : salles, déplacements, interprétariat."},
			versions: []documentFile{{name: "budget-previsionnel.png", contentType: "image/png", data: chart}}},
		{as: "thomas.petit", doc: clts.Document{Title: "Support de présentation du coffre-fort numérique", Folder: "Groupes de travail",
			Audience: clts.AudienceGroup, GroupID: rights, MeetingID: meeting, AgendaItemID: item,
			Description: "Les diapositives présentées au groupe : l'expérimentation de la CAF Touraine."},
			versions: []documentFile{pdfFile("coffre-fort-numerique.pdf", "", "Le coffre-fort numérique",
				"Une expérimentation de la CAF Touraine.", "Ouvrir un espace, y déposer ses justificatifs, les partager avec son travailleur social.")}},
	}
	for _, d := range docs {
		if err := as(d.as, func(tx *postgres.Tx) error { return writeDemoDocument(ctx, tx, d) }); err != nil {
			return fmt.Errorf("document %q: %w", d.doc.Title, err)
		}
	}
	theirs := demoDocument{doc: clts.Document{Title: "Plan de communication du comité du Loiret", Folder: "Communication",
		Audience: clts.AudienceCommittee, Description: "Le plan du comité du Loiret, pour ses seuls membres."},
		versions: []documentFile{pdfFile("plan-communication-loiret.pdf", "", "Plan de communication du Loiret", "Document du comité du Loiret.")}}
	return db.Write(ctx, postgres.InCommittee(committees["autre"], accounts["pilote-autre"]), func(tx *postgres.Tx) error {
		return writeDemoDocument(ctx, tx, theirs)
	})
}

// writeDemoDocument stores d's files and records the document with its
// versions, in tx.
func writeDemoDocument(ctx context.Context, tx *postgres.Tx, d demoDocument) error {
	var id int64
	for i, v := range d.versions {
		fileID, err := tx.CreateFile(ctx, v.name, v.contentType, bytes.NewReader(v.data), int64(len(v.data)))
		if err != nil {
			return err
		}
		if i == 0 {
			if id, err = tx.CreateDocument(ctx, d.doc, fileID, v.note); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.AddDocumentVersion(ctx, id, fileID, v.note); err != nil {
			return err
		}
	}
	return nil
}

// oneParagraphODT returns a valid OpenDocument text of one paragraph: the
// uncompressed mimetype entry first, as the format asks, then the content
// and the manifest.
func oneParagraphODT(text string) ([]byte, error) {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, err := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write([]byte("application/vnd.oasis.opendocument.text")); err != nil {
		return nil, err
	}
	files := []struct{ name, body string }{
		{"content.xml", `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text><text:p>` +
			xmlEscape(text) + `</text:p></office:text></office:body></office:document-content>`},
		{"META-INF/manifest.xml", `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`},
	}
	for _, f := range files {
		w, err := z.Create(f.name)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write([]byte(f.body)); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// xmlEscape escapes text for an XML element.
func xmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
