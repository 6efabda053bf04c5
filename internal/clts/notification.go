package clts

import "time"

// NotificationKind is a kind of event the portal tells people about; each
// person chooses, per kind, how it reaches them (Delivery).
type NotificationKind string

// The kinds of events. The values are stored (notifications.kind,
// notification_preferences.kind, outbox.kind) and appear in unsubscribe
// links: never rename one.
const (
	// NotifyConvocation: a meeting or a national seminar one is invited to.
	NotifyConvocation NotificationKind = "convocation"
	// NotifyMeetingChange: a meeting one is invited to moved, changed or was
	// cancelled.
	NotifyMeetingChange NotificationKind = "reunion_modifiee"
	// NotifyReminder: a meeting is close (to those who have not answered, and
	// the day before to those who come).
	NotifyReminder NotificationKind = "rappel"
	// NotifyMinutes: the minutes of a meeting one was invited to are published.
	NotifyMinutes NotificationKind = "compte_rendu"
	// NotifyAgenda: an agenda item one proposed was accepted or declined.
	NotifyAgenda NotificationKind = "ordre_du_jour"
	// NotifyGroup: a request to join a group one leads, and its answer to the
	// person who asked.
	NotifyGroup NotificationKind = "groupe"
	// NotifyPractice: the steps of a practice one wrote (returned, published,
	// shared nationally) and, for pilots, practices to moderate.
	NotifyPractice NotificationKind = "pratique"
	// NotifyContribution: the steps of a contribution one wrote, and the
	// HCTS's replies.
	NotifyContribution NotificationKind = "contribution"
	// NotifyCharter: a charter consultation opened, a version adopted, a
	// reminder to accept it.
	NotifyCharter NotificationKind = "charte"
	// NotifyNews: national and local news.
	NotifyNews NotificationKind = "actualite"
	// NotifyHelp: a supported person named one as referent, or ended the
	// help; the referent accepted, declined or stepped down.
	NotifyHelp NotificationKind = "aide"
	// NotifyDataRights: for pilots, a member asks for their account to be
	// erased (to confirm within a month).
	NotifyDataRights NotificationKind = "donnees_personnelles"
)

// Delivery is how a kind of event reaches a person.
type Delivery string

// Deliveries. The values are stored.
const (
	DeliveryNow    Delivery = "immediat"     // an e-mail at once
	DeliveryDaily  Delivery = "quotidien"    // in the daily digest
	DeliveryWeekly Delivery = "hebdomadaire" // in the weekly digest
	DeliveryPortal Delivery = "portail"      // in the portal only
)

// Deliveries lists the deliveries in the order the preferences page shows
// them.
func Deliveries() []Delivery {
	return []Delivery{DeliveryNow, DeliveryDaily, DeliveryWeekly, DeliveryPortal}
}

// Label is the delivery in French.
func (d Delivery) Label() string {
	switch d {
	case DeliveryNow:
		return "Tout de suite, par courriel"
	case DeliveryDaily:
		return "Dans le résumé du jour"
	case DeliveryWeekly:
		return "Dans le résumé de la semaine"
	case DeliveryPortal:
		return "Sur le portail seulement"
	}
	return string(d)
}

// Valid reports whether d is one of the deliveries.
func (d Delivery) Valid() bool {
	switch d {
	case DeliveryNow, DeliveryDaily, DeliveryWeekly, DeliveryPortal:
		return true
	}
	return false
}

// NotificationKindInfo describes a kind of event for the preferences page.
type NotificationKindInfo struct {
	Kind    NotificationKind
	Label   string // the preferences page's legend
	Hint    string // what it covers, in plain words
	Default Delivery
}

// NotificationKinds lists every kind, in the order the preferences page
// shows them, with its default delivery: convocations, changes and
// reminders at once, news in the weekly digest.
func NotificationKinds() []NotificationKindInfo {
	return []NotificationKindInfo{
		{NotifyConvocation, "Convocations", "Les réunions et les séminaires auxquels vous êtes invité·e.", DeliveryNow},
		{NotifyMeetingChange, "Changements de réunion", "Une réunion déplacée, modifiée ou annulée.", DeliveryNow},
		{NotifyReminder, "Rappels de réunion", "Quelques jours avant une réunion si vous n'avez pas répondu, et la veille si vous venez.", DeliveryNow},
		{NotifyMinutes, "Comptes rendus", "Le compte rendu d'une réunion à laquelle vous étiez invité·e est publié.", DeliveryNow},
		{NotifyAgenda, "Ordre du jour", "Un point que vous avez proposé est retenu ou n'est pas retenu.", DeliveryNow},
		{NotifyGroup, "Groupes de travail", "Une demande pour rejoindre un groupe que vous animez, et la réponse à vos demandes.", DeliveryNow},
		{NotifyPractice, "Pratiques inspirantes", "Les étapes de vos fiches (renvoyée, publiée, partagée) et, pour les pilotes, les fiches à relire.", DeliveryNow},
		{NotifyContribution, "Contributions au HCTS", "Les étapes de vos contributions et les réponses du HCTS.", DeliveryNow},
		{NotifyCharter, "Charte de fonctionnement", "Une consultation sur la charte, une nouvelle version adoptée, un rappel pour l'accepter.", DeliveryNow},
		{NotifyNews, "Actualités", "Les actualités du comité et du HCTS.", DeliveryWeekly},
		{NotifyHelp, "Aide d'un ou d'une référente", "Une personne vous nomme référent·e, ou votre référent·e accepte, refuse ou arrête de vous aider.", DeliveryNow},
		{NotifyDataRights, "Données personnelles", "Pour les pilotes : un membre demande l'effacement de son compte, à confirmer dans le mois.", DeliveryNow},
	}
}

// NotificationKindFor returns the description of kind, and false when
// kind is not one of the kinds.
func NotificationKindFor(kind NotificationKind) (NotificationKindInfo, bool) {
	for _, k := range NotificationKinds() {
		if k.Kind == kind {
			return k, true
		}
	}
	return NotificationKindInfo{}, false
}

// DefaultDelivery is how kind reaches a person who has not chosen.
func DefaultDelivery(kind NotificationKind) Delivery {
	if k, ok := NotificationKindFor(kind); ok {
		return k.Default
	}
	return DeliveryNow
}

// Notification is one event told to one person, as the notification
// centre lists it.
type Notification struct {
	ID            int64
	CommitteeID   int64  // 0 for a national event
	CommitteeName string // '' for a national event
	CommitteeSlug string
	Kind          NotificationKind
	Title         string
	Link          string // a portal path, or ''
	Delivery      Delivery
	CreatedAt     time.Time
	ReadAt        *time.Time
}

// Unread reports whether the person has not marked it read.
func (n Notification) Unread() bool { return n.ReadAt == nil }

// DigestSettings is when a person's digests leave, in Europe/Paris.
type DigestSettings struct {
	Hour    int // 0–23, the daily digest's hour and the weekly one's
	Weekday int // ISO day of the weekly digest: 1 is Monday, 7 Sunday
}

// WeekdayLabel is the ISO weekday in French.
func WeekdayLabel(d int) string {
	days := [...]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
	if d < 1 || d > 7 {
		return ""
	}
	return days[d-1]
}

// Validate checks the hour and the day.
func (s DigestSettings) Validate() error {
	fe := FieldErrors{}
	if s.Hour < 0 || s.Hour > 23 {
		fe["heure"] = "Choisissez une heure entre 0 h et 23 h."
	}
	if s.Weekday < 1 || s.Weekday > 7 {
		fe["jour"] = "Choisissez un jour de la semaine."
	}
	return fe.Err()
}
