package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// The HCTS's national news: HCTS readers and the members of any committee
// read them (auth.ReadNationalNews); HCTS publishers post and edit them
// (auth.PublishNews), in an HCTS scope that row-level security requires
// for writing national tables.

// seminarChoices bounds the seminars a national item may name.
const seminarChoices = 50

// nationalNews is the HCTS's desk: the national items, written in an
// HCTS scope.
func nationalNews(r *http.Request) *newsDesk {
	return &newsDesk{
		national:         true,
		idParam:          "nationalNewsID",
		fileParam:        "nationalNewsFileID",
		writeScope:       hctsScope(state(r.Context())),
		postAction:       auth.PublishNews,
		list:             (*postgres.Tx).NationalNewsList,
		item:             (*postgres.Tx).NationalNewsItem,
		markRead:         (*postgres.Tx).MarkNationalNewsRead,
		create:           (*postgres.Tx).CreateNationalNews,
		update:           (*postgres.Tx).UpdateNationalNews,
		attachments:      (*postgres.Tx).NationalNewsAttachments,
		attachment:       (*postgres.Tx).NationalNewsAttachment,
		storeFile:        (*postgres.Tx).CreateNationalFile,
		attachFile:       (*postgres.Tx).AttachNationalNewsFile,
		deleteAttachment: (*postgres.Tx).DeleteNationalNewsAttachment,
		listURL:          paths.NationalNews,
		newURL:           paths.NationalNewsNew,
		itemURL:          paths.NationalNewsItem,
		editURL:          paths.NationalNewsEdit,
		fileURL:          paths.NationalNewsFile,
		fileDeleteURL:    paths.NationalNewsFileDelete,
		link:             func(n clts.News) string { return paths.NationalNewsItem(n.ID) },
		listTitle:        "Actualités nationales du HCTS",
		backLabel:        "Toutes les actualités nationales",
		newHeading:       "Publier une actualité nationale",
		createdNote:      " Elle paraît sur l'accueil de chaque comité.",
	}
}
