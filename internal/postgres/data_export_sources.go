package postgres

import "strings"

// ExportSource is one table of a person's data export (RGPD art. 15 and
// 20): which of its columns name the person, what the export reads of it,
// and what the README says of it. The export is driven by this one list,
// and TestDataExportCatalogue fails when a table that refers to accounts
// is missing from it or a referring column is not searched.
type ExportSource struct {
	Table string
	// Refers are the columns holding the person's account id: a row is the
	// person's when one of them does.
	Refers []string
	// Columns are what the export reads: never a secret (password or token
	// hashes, second-factor keys, session data) nor a search vector.
	Columns string
	// National tables are read once, in the account's own scope; the
	// others once per committee the person belongs to, in its scope.
	National bool
	// Where replaces the filter built from Refers ($1 is the account id).
	Where string
	// About is the README's line on the file, in French.
	About string
}

// Query is the statement that reads the person's rows of the source: $1 is
// the account id; a committee source names the scope's committee, so that
// each committee is read in its own scope, under row-level security.
func (s ExportSource) Query() string {
	where := s.Where
	if where == "" {
		var ors []string
		for _, c := range s.Refers {
			ors = append(ors, c+" = $1")
		}
		where = "(" + strings.Join(ors, " OR ") + ")"
	}
	if !s.National {
		where = "committee_id = clts_committee_id() AND " + where
	}
	return "SELECT " + s.Columns + " FROM " + s.Table + " WHERE " + where
}

// ExportSources is the list of every table holding rows that concern a
// person. A table added with a column referring to accounts belongs here.
func ExportSources() []ExportSource {
	return []ExportSource{
		// National: the account and what hangs on it.
		{Table: "accounts", National: true, Refers: []string{"id"},
			Columns: "id, email, login, display_name, easy_mode, digest_hour, digest_weekday, hcts_reader, hcts_publisher, operator, disabled, created_at, updated_at",
			About:   "votre compte : nom affiché, adresse électronique, identifiant, réglages (le mot de passe n'est jamais exporté, seule son empreinte est conservée)"},
		{Table: "sessions", National: true, Refers: []string{"account_id"}, Columns: "expiry",
			About: "vos sessions ouvertes (leur date de fin ; leur secret n'est pas exporté)"},
		{Table: "second_factors", National: true, Refers: []string{"account_id"}, Columns: "confirmed_at, updated_at",
			About: "votre double authentification (dates ; la clé secrète n'est pas exportée)"},
		{Table: "second_factor_failures", National: true, Refers: []string{"account_id"}, Columns: "ip, at",
			About: "les codes de double authentification erronés (gardés un jour)"},
		{Table: "password_resets", National: true, Refers: []string{"account_id"}, Columns: "created_at, expires_at, used_at",
			About: "vos demandes de nouveau mot de passe"},
		{Table: "login_attempts", National: true, Refers: nil, Columns: "identifier, ip, success, at, kind",
			Where: "lower(identifier) IN (SELECT lower(login) FROM accounts WHERE id = $1 UNION SELECT lower(email) FROM accounts WHERE id = $1 AND email IS NOT NULL)",
			About: "les tentatives de connexion avec votre identifiant ou votre adresse (gardées un jour)"},
		{Table: "notifications", National: true, Refers: []string{"account_id"},
			Columns: "id, source_committee_id, kind, title, link, delivery, created_at, read_at, digested_at",
			About:   "vos notifications"},
		{Table: "notification_preferences", National: true, Refers: []string{"account_id"}, Columns: "kind, delivery",
			About: "vos choix de notifications"},
		{Table: "outbox", National: true, Refers: []string{"account_id"}, Columns: "id, to_address, subject, kind, created_at, sent_at",
			About: "les courriels qui vous ont été envoyés (objet et dates ; leur texte est effacé après l'envoi)"},
		{Table: "data_exports", National: true, Refers: []string{"account_id"}, Columns: "id, requested_at, ready_at, size",
			About: "vos archives préparées en arrière-plan (gardées sept jours)"},
		{Table: "national_news_reads", National: true, Refers: []string{"account_id"}, Columns: "news_id, read_at",
			About: "les actualités nationales que vous avez lues"},
		{Table: "national_news", National: true, Refers: []string{"author_id"}, Columns: "id, title, summary, body, published_on, created_at, updated_at",
			About: "les actualités nationales que vous avez écrites (personnel du HCTS)"},
		{Table: "national_files", National: true, Refers: []string{"created_by"}, Columns: "id, name, content_type, size, created_at",
			About: "les pièces jointes nationales que vous avez déposées (personnel du HCTS)"},
		{Table: "seminars", National: true, Refers: []string{"created_by"}, Columns: "id, title, starts_at, ends_at, place, status, created_at",
			About: "les séminaires nationaux que vous avez publiés (personnel du HCTS)"},
		{Table: "campaigns", National: true, Refers: []string{"opened_by"}, Columns: "id, year, deadline, opened_at",
			About: "les campagnes du rapport que vous avez ouvertes (personnel du HCTS)"},
		{Table: "audit_log", National: true, Refers: []string{"actor_id", "for_account_id"},
			Columns: "id, action, subject, ip, at", Where: "committee_id IS NULL AND (actor_id = $1 OR for_account_id = $1)",
			About: "le journal national de vos actions (connexions, changements de mot de passe ; gardé un an)"},

		// Per committee.
		{Table: "memberships", Refers: []string{"account_id"},
			Columns: "role, active, created_at, updated_at, institution_id, departement, presentation, phone, show_email, show_phone, show_full_name",
			About:   "votre fiche de membre du comité : rôle, présentation, téléphone, choix de visibilité"},
		{Table: "membership_roles", Refers: []string{"account_id"}, Columns: "role, valid_from",
			About: "l'historique de vos rôles dans le comité"},
		{Table: "erasure_requests", Refers: []string{"account_id", "confirmed_by"}, Columns: "account_id, requested_at, due_on, confirmed_at, confirmed_by",
			About: "vos demandes d'effacement (et celles que vous avez confirmées comme pilote)"},
		{Table: "access_codes", Refers: []string{"account_id", "issued_by"}, Columns: "id, account_id, issued_by, expires_at, used_at, voided_at, created_at",
			About: "les fiches d'accès imprimées pour vous ou par vous (le code n'est pas exporté)"},
		{Table: "invitations", Refers: []string{"invited_by", "accepted_by"},
			Columns: "id, kind, email, display_name, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at",
			About:   "l'invitation que vous avez acceptée et celles que vous avez envoyées"},
		{Table: "group_members", Refers: []string{"account_id"}, Columns: "group_id, status, created_at",
			About: "les groupes de travail dont vous êtes membre ou animateur"},
		{Table: "meetings", Refers: []string{"created_by"}, Columns: "id, kind, title, starts_at, ends_at, place, status, created_at",
			About: "les réunions que vous avez créées"},
		{Table: "meeting_responses", Refers: []string{"account_id", "helped_by"},
			Columns: "meeting_id, account_id, answer, companions, needs, needs_note, attended, excused, role, helped_by, updated_at",
			About:   "vos réponses aux réunions (je viens, je ne viens pas), vos besoins pour venir et votre présence"},
		{Table: "agenda_items", Refers: []string{"proposed_by", "decided_by", "helped_by"},
			Columns: "meeting_id, id, title, description, presenter, status, proposed_by, decided_at, decided_by, helped_by",
			About:   "les points d'ordre du jour que vous avez proposés ou décidés"},
		{Table: "meeting_actions", Refers: []string{"assignee_id"}, Columns: "meeting_id, id, kind, what, who, due_on, done",
			About: "les actions des comptes rendus qui vous sont confiées"},
		{Table: "minutes", Refers: []string{"updated_by"}, Columns: "meeting_id, published_at, updated_at",
			About: "les comptes rendus que vous avez écrits"},
		{Table: "charter_versions", Refers: []string{"created_by", "updated_by", "adopted_by"},
			Columns: "id, number, state, created_by, created_at, updated_by, updated_at, adopted_by, adopted_at",
			About:   "les versions de la charte que vous avez écrites ou dont vous avez enregistré l'adoption"},
		{Table: "charter_acceptances", Refers: []string{"account_id"}, Columns: "version_id, accepted_at",
			About: "vos acceptations de la charte"},
		{Table: "charter_institution_acceptances", Refers: []string{"recorded_by"}, Columns: "version_id, institution_id, accepted_at",
			About: "les acceptations de la charte que vous avez enregistrées pour votre institution"},
		{Table: "charter_comments", Refers: []string{"author_id", "answered_by"},
			Columns: "id, version_id, paragraph, author_id, body, created_at, answer, answered_by, answered_at",
			About:   "vos commentaires sur la charte et vos réponses"},
		{Table: "documents", Refers: []string{"created_by"}, Columns: "id, title, description, folder, audience, created_at, updated_at, archived_at",
			About: "les documents que vous avez déposés"},
		{Table: "document_versions", Refers: []string{"created_by"}, Columns: "document_id, number, file_id, note, created_at",
			About: "les versions de documents que vous avez déposées"},
		{Table: "files", Refers: []string{"created_by"}, Columns: "id, name, content_type, size, created_at",
			About: "les fichiers que vous avez déposés ; leur contenu est dans le dossier « fichiers »"},
		{Table: "news", Refers: []string{"author_id"}, Columns: "id, title, summary, body, published_on, created_at, updated_at",
			About: "les actualités du comité que vous avez écrites"},
		{Table: "news_reads", Refers: []string{"account_id"}, Columns: "news_id, read_at",
			About: "les actualités du comité que vous avez lues"},
		// Named as its contact, the person gets a practice only when the
		// portal shows it to them: published, or to a pilot. Another
		// author's draft, proposal or withdrawn practice is not theirs to
		// read (auth.CheckPractice).
		{Table: "practices", Refers: []string{"author_id", "helped_by", "contact_account_id"},
			Where: `(author_id = $1 OR helped_by = $1 OR (contact_account_id = $1 AND (status = 'publiee'
				OR EXISTS (SELECT FROM memberships m WHERE m.committee_id = practices.committee_id AND m.account_id = $1
					AND m.active AND m.role = 'pilote'))))`,
			Columns: "id, status, title, summary, context, actions, means, results, transfer, other_actors, departement, start_year, running, contact_name, contact_email, contact_public, author_id, helped_by, created_at, updated_at, submitted_at, published_at",
			About:   "les pratiques inspirantes que vous avez écrites ou dont vous êtes le contact"},
		{Table: "practice_revisions", Refers: []string{"editor_id"}, Columns: "practice_id, at, fields",
			About: "vos modifications de pratiques"},
		{Table: "practice_flags", Refers: []string{"account_id"}, Columns: "practice_id, reason, at, resolved_at",
			About: "vos signalements de pratiques"},
		{Table: "contributions", Refers: []string{"created_by", "helped_by", "validated_by", "transmitted_by"},
			Columns: "id, campaign_id, category, status, title, body, created_by, helped_by, created_at, updated_at, validated_by, validated_at, transmitted_by, transmitted_at",
			About:   "les contributions au rapport du HCTS que vous avez écrites, validées ou transmises"},
		{Table: "contribution_authors", Refers: []string{"account_id"}, Columns: "contribution_id, publish_name",
			About: "les contributions dont vous êtes co-auteur"},
		{Table: "contribution_events", Refers: []string{"actor_id"}, Columns: "contribution_id, at, action, comment",
			About: "vos actions sur les contributions"},
		{Table: "contribution_readings", Refers: []string{"read_by", "replied_by"}, Columns: "contribution_id, read_at, read_by, reply, replied_at, replied_by",
			About: "vos lectures et réponses aux contributions (personnel du HCTS)"},
		{Table: "referents", Refers: []string{"person_id", "referent_id", "ended_by"},
			Columns: "id, person_id, referent_id, state, named_at, accepted_at, ended_at, ended_by",
			About:   "vos référents et les personnes dont vous êtes le référent"},
		{Table: "easy_read_versions", Refers: []string{"written_by", "checked_by"},
			Columns: "subject_kind, subject_id, body, written_by, written_at, checked_by, checked_at",
			About:   "les versions faciles à lire que vous avez écrites ou relues"},
		// A line's subject may hold another member's name as the store
		// wrote it: a supported person who does not show their full name
		// is given as the portal shows them to the person (first name and
		// initial), unless the person is a pilot of the committee.
		{Table: "audit_log", Refers: []string{"actor_id", "for_account_id"}, Columns: "id, action, " + auditSubjectAsSeen + " AS subject, at",
			About: "le journal du comité : vos actions et celles faites pour vous (gardé un an)"},
	}
}

// auditSubjectAsSeen is the subject of an audit line of the scope's
// committee as the exporting member ($1) may see it: the full name of a
// supported person who does not show it (visibleNameSQL's rule) becomes
// their short name (shortNameSQL), unless the member is an active pilot or
// that person.
const auditSubjectAsSeen = `coalesce((SELECT replace(audit_log.subject, a.display_name, ` + shortNameSQL + `)
	FROM memberships m JOIN accounts a ON a.id = m.account_id
	WHERE m.committee_id = audit_log.committee_id AND m.role = 'personne_accompagnee' AND NOT m.show_full_name
		AND m.account_id <> $1 AND length(a.display_name) > 0 AND strpos(audit_log.subject, a.display_name) > 0
		AND NOT EXISTS (SELECT FROM memberships pm WHERE pm.committee_id = audit_log.committee_id AND pm.account_id = $1
			AND pm.active AND pm.role = 'pilote')
	ORDER BY length(a.display_name) DESC LIMIT 1), audit_log.subject)`
