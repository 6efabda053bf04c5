package components

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without a zone database
)

// paris is the portal's time zone: dates are stored as instants and shown
// in Europe/Paris. The binary embeds the zone database (time/tzdata).
var paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

var weekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

var months = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// Date formats t as "lundi 3 septembre 2018".
func Date(t time.Time) string {
	t = t.In(paris)
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %s %d", weekdays[t.Weekday()], day, months[t.Month()-1], t.Year())
}

// nbsp is the non-breaking space of French times and durations: "14 h 30"
// never breaks across two lines, nor leaves "à" alone at the end of one.
const nbsp = "\u00a0"

// DateTime formats t as "lundi 3 septembre 2018 à 14 h 30", the time held
// together by non-breaking spaces.
func DateTime(t time.Time) string {
	return Date(t) + " à" + nbsp + Time(t)
}

// ISO formats t for a <time datetime> attribute.
func ISO(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func pluralErrors(n int) string {
	if n == 1 {
		return "une erreur"
	}
	return fmt.Sprintf("%d erreurs", n)
}

// ActionLabel is the French name of an audit log action.
func ActionLabel(action string) string {
	switch action {
	case "login.success":
		return "Connexion"
	case "login.failure":
		return "Échec de connexion"
	case "logout":
		return "Déconnexion"
	case "account.create":
		return "Création de compte"
	case "account.export":
		return "Téléchargement de ses données"
	case "account.export_request":
		return "Demande d'archive de ses données"
	case "account.erasure_request":
		return "Demande d'effacement de compte"
	case "account.erase":
		return "Effacement de compte"
	case "account.rename":
		return "Changement de nom"
	case "account.password":
		return "Changement de mot de passe"
	case "account.easy_mode":
		return "Choix de l'interface facile ou complète"
	case "account.reset_request":
		return "Demande de nouveau mot de passe"
	case "account.reset":
		return "Nouveau mot de passe par lien"
	case "account.logout_everywhere":
		return "Déconnexion de toutes les sessions"
	case "login.password":
		return "Mot de passe vérifié, code demandé"
	case "second_factor.enrol":
		return "Activation de la double authentification"
	case "second_factor.failure":
		return "Code de connexion erroné"
	case "second_factor.lockout":
		return "Codes de connexion suspendus après trop d'erreurs"
	case "second_factor.recovery_used":
		return "Connexion avec un code de secours"
	case "second_factor.recovery_renew":
		return "Nouveaux codes de secours"
	case "second_factor.reset":
		return "Réinitialisation de la double authentification"
	case "committee.create":
		return "Création de comité"
	case "committee.rename":
		return "Comité renommé"
	case "mail.retry":
		return "Nouvel essai d'envoi d'un courriel"
	case "member.add":
		return "Ajout de membre"
	case "member.role":
		return "Changement de rôle"
	case "member.deactivate":
		return "Désactivation"
	case "member.reactivate":
		return "Réactivation"
	case "access.print":
		return "Fiche d'accès imprimée"
	case "access.use":
		return "Nouveau mot de passe par fiche d'accès"
	case "invitation.create":
		return "Invitation"
	case "invitation.renew":
		return "Invitation renvoyée"
	case "invitation.revoke":
		return "Invitation révoquée"
	case "invitation.accept":
		return "Invitation acceptée"
	case "institution.create":
		return "Ajout d'institution"
	case "institution.update":
		return "Modification d'institution"
	case "institution.archive":
		return "Archivage d'institution"
	case "institution.restore":
		return "Réactivation d'institution"
	case "member.institution":
		return "Rattachement à une institution"
	case "profile.update":
		return "Modification de profil"
	case "group.create":
		return "Création de groupe"
	case "group.update":
		return "Modification de groupe"
	case "group.archive":
		return "Archivage de groupe"
	case "group.restore":
		return "Réactivation de groupe"
	case "group.request":
		return "Demande pour rejoindre un groupe"
	case "group.member":
		return "Ajout à un groupe"
	case "group.lead":
		return "Animation confiée"
	case "group.decline":
		return "Demande refusée"
	case "group.leave":
		return "Départ d'un groupe"
	case "meeting.create":
		return "Création de réunion"
	case "meeting.update":
		return "Modification de réunion"
	case "meeting.cancel":
		return "Annulation de réunion"
	case "meeting.convene":
		return "Envoi d'une convocation"
	case "meeting.answer":
		return "Réponse à une convocation"
	case "referent.name":
		return "Demande d'aide à un ou une référente"
	case "referent.accept":
		return "Aide acceptée par le ou la référente"
	case "referent.decline":
		return "Aide refusée par le ou la référente"
	case "referent.end":
		return "Fin d'une aide"
	case "meeting.attendance":
		return "Émargement"
	case "agenda.add":
		return "Ajout à l'ordre du jour"
	case "agenda.propose":
		return "Proposition de point"
	case "agenda.accept":
		return "Point retenu"
	case "agenda.decline":
		return "Point refusé"
	case "agenda.delete":
		return "Point retiré"
	case "agenda.update":
		return "Point de l'ordre du jour modifié"
	case "minutes.save":
		return "Brouillon de compte rendu"
	case "minutes.publish":
		return "Publication du compte rendu"
	case "minutes.action":
		return "Décision ou action"
	case "seminar.create":
		return "Création de séminaire national"
	case "seminar.update":
		return "Modification de séminaire national"
	case "seminar.cancel":
		return "Annulation de séminaire national"
	case "export":
		return "Export"
	case "document.create":
		return "Ajout de document"
	case "document.version":
		return "Nouvelle version de document"
	case "document.edit":
		return "Modification de document"
	case "document.archive":
		return "Archivage de document"
	case "document.restore":
		return "Document remis dans la liste"
	case "news.create":
		return "Publication d'une actualité du comité"
	case "news.edit":
		return "Modification d'une actualité du comité"
	case "news.pin":
		return "Actualité épinglée sur l'accueil"
	case "news.unpin":
		return "Actualité désépinglée"
	case "news.attach":
		return "Pièce jointe ajoutée à une actualité"
	case "news.national.create":
		return "Publication d'une actualité nationale"
	case "news.national.edit":
		return "Modification d'une actualité nationale"
	case "news.national.attach":
		return "Pièce jointe ajoutée à une actualité nationale"
	case "news.detach":
		return "Pièce jointe retirée d'une actualité du comité"
	case "news.national.detach":
		return "Pièce jointe retirée d'une actualité nationale"
	case "account.hcts_roles":
		return "Changement des droits HCTS"
	case "practice.create":
		return "Création de fiche pratique"
	case "practice.update":
		return "Modification de fiche pratique"
	case "practice.submit":
		return "Pratique proposée à la relecture"
	case "practice.publish":
		return "Publication de pratique"
	case "practice.return":
		return "Pratique renvoyée pour correction"
	case "practice.withdraw":
		return "Retrait de pratique"
	case "practice.share":
		return "Partage national de pratique"
	case "practice.unshare":
		return "Fin du partage national de pratique"
	case "practice.flag":
		return "Signalement de pratique"
	case "practice.attach":
		return "Ajout de pièce jointe"
	case "practice.detach":
		return "Suppression de pièce jointe"
	case "campaign.open":
		return "Ouverture de campagne du HCTS"
	case "campaign.update":
		return "Modification de campagne du HCTS"
	case "campaign.extend":
		return "Report de la date limite d'une campagne"
	case "contribution.create":
		return "Création de contribution"
	case "contribution.update":
		return "Modification de contribution"
	case "contribution.propose":
		return "Contribution proposée aux pilotes"
	case "contribution.return":
		return "Contribution renvoyée pour correction"
	case "contribution.validate":
		return "Validation de contribution"
	case "contribution.transmit":
		return "Transmission de contribution au HCTS"
	case "contribution.correct":
		return "Version corrigée de contribution"
	case "contribution.delete":
		return "Suppression de contribution"
	case "contribution.consent":
		return "Accord pour publier son nom d'auteur ou d'autrice"
	case "contribution.read":
		return "Contribution lue par le HCTS"
	case "contribution.unread":
		return "Contribution remise à lire par le HCTS"
	case "contribution.retain":
		return "Contribution retenue pour le rapport du HCTS"
	case "contribution.unretain":
		return "Contribution retirée du rapport du HCTS"
	case "contribution.reply":
		return "Réponse du HCTS à une contribution"
	case "contributions.export":
		return "Export des contributions transmises"
	case "charter.draft":
		return "Nouvelle version de la charte"
	case "charter.update":
		return "Modification de la charte"
	case "charter.consultation":
		return "Ouverture de la consultation sur la charte"
	case "charter.comment":
		return "Commentaire sur la charte"
	case "charter.answer":
		return "Réponse à un commentaire sur la charte"
	case "charter.adopt":
		return "Adoption de la charte"
	case "charter.accept":
		return "Acceptation de la charte"
	case "easy_read.create":
		return "Version facile à lire écrite"
	case "easy_read.edit":
		return "Version facile à lire modifiée"
	case "easy_read.check":
		return "Version facile à lire relue"
	case "charter.accept_institution":
		return "Acceptation de la charte par une institution"
	case "charter.remind":
		return "Rappel d'accepter la charte"
	}
	return action
}

// Time formats t as "14 h 30" in Europe/Paris, with non-breaking spaces.
func Time(t time.Time) string {
	p := t.In(paris)
	return fmt.Sprintf("%d"+nbsp+"h"+nbsp+"%02d", p.Hour(), p.Minute())
}

// EndTime formats the end of a meeting: the time alone when it ends the
// day it starts, else the whole date.
func EndTime(start, end time.Time) string {
	s, e := start.In(paris), end.In(paris)
	if s.Year() == e.Year() && s.YearDay() == e.YearDay() {
		return Time(end)
	}
	return DateTime(end)
}

// Duration formats minutes as "1 h 30" or "45 min", with non-breaking
// spaces.
func Duration(minutes int) string {
	if minutes < 60 {
		return fmt.Sprintf("%d"+nbsp+"min", minutes)
	}
	if minutes%60 == 0 {
		return fmt.Sprintf("%d"+nbsp+"h", minutes/60)
	}
	return fmt.Sprintf("%d"+nbsp+"h"+nbsp+"%02d", minutes/60, minutes%60)
}

// Paris returns the portal's time zone.
func Paris() *time.Location { return paris }

// MonthYear formats t as "novembre 2026".
func MonthYear(t time.Time) string {
	return fmt.Sprintf("%s %d", months[t.In(paris).Month()-1], t.In(paris).Year())
}
