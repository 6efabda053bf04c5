package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// NotificationSettings is how each kind of event reaches a person (its
// effective delivery: the person's choice, or the kind's default) and when
// their digests leave.
type NotificationSettings struct {
	Deliveries map[clts.NotificationKind]clts.Delivery
	Digest     clts.DigestSettings
}

// NotificationSettings reads the scope's account's settings in one
// statement.
func (tx *Tx) NotificationSettings(ctx context.Context) (NotificationSettings, error) {
	return notificationSettings(ctx, tx, tx.sc.AccountID)
}

func notificationSettings(ctx context.Context, tx *Tx, accountID int64) (NotificationSettings, error) {
	s := NotificationSettings{Deliveries: map[clts.NotificationKind]clts.Delivery{}}
	var kinds, deliveries []string
	err := tx.queryRow(ctx, `SELECT a.digest_hour, a.digest_weekday,
			coalesce(array_agg(p.kind ORDER BY p.kind) FILTER (WHERE p.kind IS NOT NULL), '{}'),
			coalesce(array_agg(p.delivery ORDER BY p.kind) FILTER (WHERE p.kind IS NOT NULL), '{}')
		FROM accounts a LEFT JOIN notification_preferences p ON p.account_id = a.id
		WHERE a.id = $1 AND NOT a.disabled
		GROUP BY a.id`, accountID).Scan(&s.Digest.Hour, &s.Digest.Weekday, &kinds, &deliveries)
	if errors.Is(err, pgx.ErrNoRows) {
		return s, clts.Errorf(clts.ENOTFOUND, "Compte introuvable.")
	}
	if err != nil {
		return s, fmt.Errorf("postgres: notification settings: %w", err)
	}
	for _, k := range clts.NotificationKinds() {
		s.Deliveries[k.Kind] = k.Default
	}
	for i, k := range kinds {
		if _, known := s.Deliveries[clts.NotificationKind(k)]; known {
			s.Deliveries[clts.NotificationKind(k)] = clts.Delivery(deliveries[i])
		}
	}
	return s, nil
}

// SaveNotificationSettings records the scope's account's choice for every
// kind and its digests' hour and day, in one statement. A kind left out
// keeps its choice; a choice equal to the kind's default is stored as no
// row, so that the person follows the default. The events still waiting
// for a digest follow their kind's new choice when it is the other digest
// or the portal only (a kind moved from the daily to the weekly digest is
// no longer mailed in tonight's daily one); moved to « at once », they stay
// in the digest they waited for, their e-mail never written. Unknown
// kinds, deliveries or a digest setting out of range are EINVALID.
func (tx *Tx) SaveNotificationSettings(ctx context.Context, s NotificationSettings) error {
	if err := s.Digest.Validate(); err != nil {
		return err
	}
	var kinds, deliveries, defaults []string
	for kind, d := range s.Deliveries {
		info, ok := clts.NotificationKindFor(kind)
		if !ok || !d.Valid() {
			return clts.FieldErrors{string(kind): "Choisissez comment être prévenu·e."}.Err()
		}
		kinds, deliveries, defaults = append(kinds, string(kind)), append(deliveries, string(d)), append(defaults, string(info.Default))
	}
	var updated bool
	err := tx.queryRow(ctx, `WITH k AS (
			SELECT * FROM unnest($2::text[], $3::text[], $4::text[]) AS k(kind, delivery, def)
		), a AS (
			UPDATE accounts SET digest_hour = $5, digest_weekday = $6 WHERE id = $1 AND NOT disabled RETURNING id
		), d AS (
			DELETE FROM notification_preferences p USING k, a
			WHERE p.account_id = a.id AND p.kind = k.kind AND k.delivery = k.def
		), i AS (
			INSERT INTO notification_preferences (account_id, kind, delivery)
			SELECT a.id, k.kind, k.delivery FROM k, a WHERE k.delivery <> k.def
			ON CONFLICT (account_id, kind) DO UPDATE SET delivery = EXCLUDED.delivery
		), w AS (
			UPDATE notifications n SET delivery = k.delivery FROM k, a
			WHERE n.account_id = a.id AND n.kind = k.kind AND n.digested_at IS NULL
			  AND n.delivery IN ('quotidien', 'hebdomadaire') AND n.delivery <> k.delivery
			  AND k.delivery IN ('quotidien', 'hebdomadaire', 'portail')
		)
		SELECT EXISTS (SELECT FROM a)`, tx.sc.AccountID, kinds, deliveries, defaults, s.Digest.Hour, s.Digest.Weekday).Scan(&updated)
	if err != nil {
		return fmt.Errorf("postgres: save notification settings: %w", mapError(err))
	}
	if !updated {
		return clts.Errorf(clts.ENOTFOUND, "Compte introuvable.")
	}
	return nil
}

// Unsubscribe is what a one-click unsubscribe link changes: the kinds that
// will reach the account in the portal only from now on.
type Unsubscribe struct {
	AccountID int64
	Name      string // the account's display name (maskedNameSQL)
	// Digest is the digest the link was for (auth.DigestDaily,
	// auth.DigestWeekly), "" for a kind of event.
	Digest string
	// Kinds are the kinds concerned: the link's kind, or every kind whose
	// delivery is the digest.
	Kinds []clts.NotificationKind
}

// unsubscribeKinds returns the kinds a link's kind stands for, given the
// account's settings: itself, or for a digest every kind it gathers. ok is
// false for a kind that is neither a kind nor a digest.
func unsubscribeKinds(kind string, s NotificationSettings) (digest string, kinds []clts.NotificationKind, ok bool) {
	var in clts.Delivery
	switch kind {
	case auth.DigestDaily:
		in = clts.DeliveryDaily
	case auth.DigestWeekly:
		in = clts.DeliveryWeekly
	default:
		if _, known := clts.NotificationKindFor(clts.NotificationKind(kind)); !known {
			return "", nil, false
		}
		return "", []clts.NotificationKind{clts.NotificationKind(kind)}, true
	}
	for _, k := range clts.NotificationKinds() {
		if s.Deliveries[k.Kind] == in {
			kinds = append(kinds, k.Kind)
		}
	}
	return kind, kinds, true
}

// maskedNameSQL tells whether account a is a supported person who did not
// choose to show their full name in one of their committees: the pages of
// e-mail links, which open without signing in for whoever holds the link,
// name them by first name and initial, as other members see them
// (clts.Profile.View).
const maskedNameSQL = `EXISTS (SELECT FROM memberships ms WHERE ms.account_id = a.id AND ms.active
	AND ms.role = 'personne_accompagnee' AND NOT ms.show_full_name)`

// UnsubscribePreview says what an unsubscribe link for account and kind
// would change, without changing anything. An unknown or disabled account,
// or an unknown kind, is ENOTFOUND.
func (tx *Tx) UnsubscribePreview(ctx context.Context, accountID int64, kind string) (Unsubscribe, error) {
	return tx.unsubscribe(ctx, accountID, kind, false)
}

// unsubscribe reads what an unsubscribe link for account and kind
// changes; lock locks the account's row first, so that two clicks at once
// apply in turn.
func (tx *Tx) unsubscribe(ctx context.Context, accountID int64, kind string, lock bool) (Unsubscribe, error) {
	u := Unsubscribe{AccountID: accountID}
	var masked bool
	sql := `SELECT display_name, ` + maskedNameSQL + ` FROM accounts a WHERE id = $1 AND NOT disabled`
	if lock {
		sql += ` FOR NO KEY UPDATE OF a`
	}
	err := tx.queryRow(ctx, sql, accountID).Scan(&u.Name, &masked)
	if errors.Is(err, pgx.ErrNoRows) {
		return u, clts.Errorf(clts.ENOTFOUND, "Lien inconnu.")
	}
	if err != nil {
		return u, fmt.Errorf("postgres: unsubscribe: %w", err)
	}
	if masked {
		u.Name = clts.ShortName(u.Name)
	}
	s, err := notificationSettings(ctx, tx, accountID)
	if err != nil {
		return u, err
	}
	var ok bool
	if u.Digest, u.Kinds, ok = unsubscribeKinds(kind, s); !ok {
		return u, clts.Errorf(clts.ENOTFOUND, "Lien inconnu.")
	}
	return u, nil
}

// ApplyUnsubscribe applies a one-click unsubscribe link: the kind, or
// every kind the digest gathers, reaches the account in the portal only,
// and the notifications of those kinds still waiting for a digest (for a
// digest's link, everything still waiting for that digest) stay in the
// portal too (the person asked for no more e-mails). Applying it twice
// changes nothing more. It returns what changed, as UnsubscribePreview.
func (tx *Tx) ApplyUnsubscribe(ctx context.Context, accountID int64, kind string) (Unsubscribe, error) {
	u, err := tx.unsubscribe(ctx, accountID, kind, true)
	if err != nil {
		return u, err
	}
	kinds := make([]string, len(u.Kinds))
	for i, k := range u.Kinds {
		kinds[i] = string(k)
	}
	// A digest's link also empties that digest of what still waits for it
	// whatever its kind: an event queued for the daily digest before its
	// kind moved elsewhere would otherwise still be mailed in it, after the
	// page said the person no longer receives it.
	var digest clts.Delivery
	switch u.Digest {
	case auth.DigestDaily:
		digest = clts.DeliveryDaily
	case auth.DigestWeekly:
		digest = clts.DeliveryWeekly
	}
	_, err = tx.exec(ctx, `WITH p AS (
			INSERT INTO notification_preferences (account_id, kind, delivery)
			SELECT $1, k, 'portail' FROM unnest($2::text[]) AS k
			ON CONFLICT (account_id, kind) DO UPDATE SET delivery = 'portail'
		)
		UPDATE notifications SET delivery = 'portail'
		WHERE account_id = $1 AND digested_at IS NULL AND delivery IN ('quotidien', 'hebdomadaire')
		  AND (kind = ANY ($2::text[]) OR delivery = $3)`,
		accountID, kinds, string(digest))
	if err != nil {
		return u, fmt.Errorf("postgres: unsubscribe: %w", err)
	}
	return u, nil
}
