-- +goose Up
-- Notifications (issue 16). Every event told to a person is one row of
-- notifications, written in the transaction of the change: the portal's
-- notification centre lists them. How it reaches the person by e-mail is
-- their preference for its kind (notification_preferences; the defaults
-- are clts.NotificationKinds): at once (an outbox row written by the same
-- statement), in the daily or the weekly digest (the worker gathers the
-- rows not yet digested at the person's hour, Europe/Paris), or not at all
-- (the portal only). Like the outbox, these are national tables holding
-- the account's own rows: every statement names the account.
CREATE TABLE notifications (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- The committee the event comes from; NULL for a national one (HCTS
    -- news). Not named committee_id: the row is the account's, whatever
    -- its committees, and is not under row-level security.
    source_committee_id bigint REFERENCES committees (id) ON DELETE CASCADE,
    kind         text NOT NULL CONSTRAINT notifications_kind_check CHECK (kind ~ '^[a-z_]{1,40}$'),
    title        text NOT NULL CONSTRAINT notifications_title_check CHECK (char_length(title) BETWEEN 1 AND 300),
    -- The meeting the event is about, if any: a meeting moved or cancelled
    -- withdraws its reminders not yet sent (postgres.withdrawReminders).
    meeting_id   bigint,
    -- The portal path of what the event is about ('' when none).
    link         text NOT NULL DEFAULT '',
    delivery     text NOT NULL CONSTRAINT notifications_delivery_check
                 CHECK (delivery IN ('immediat', 'quotidien', 'hebdomadaire', 'portail')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    read_at      timestamptz,
    -- When a digest took it (daily and weekly deliveries only).
    digested_at  timestamptz
);
-- The centre lists a person's notifications newest first.
CREATE INDEX notifications_account_idx ON notifications (account_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (account_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest_idx ON notifications (account_id, delivery, id)
    WHERE digested_at IS NULL AND delivery IN ('quotidien', 'hebdomadaire');

-- A person's choice for one kind of event; no row means the kind's default.
CREATE TABLE notification_preferences (
    account_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       text NOT NULL CONSTRAINT notification_preferences_kind_check CHECK (kind ~ '^[a-z_]{1,40}$'),
    delivery   text NOT NULL CONSTRAINT notification_preferences_delivery_check
               CHECK (delivery IN ('immediat', 'quotidien', 'hebdomadaire', 'portail')),
    PRIMARY KEY (account_id, kind)
);

-- When the digests leave: the hour (Europe/Paris) of the daily one, and the
-- day of the weekly one (ISO: 1 is Monday), at the same hour.
ALTER TABLE accounts
    ADD COLUMN digest_hour smallint NOT NULL DEFAULT 8
        CONSTRAINT accounts_digest_hour_check CHECK (digest_hour BETWEEN 0 AND 23),
    ADD COLUMN digest_weekday smallint NOT NULL DEFAULT 1
        CONSTRAINT accounts_digest_weekday_check CHECK (digest_weekday BETWEEN 1 AND 7);

-- What the worker needs to finish a notification's e-mail when it sends it:
-- the recipient (the unsubscribe link and header), the kind, the
-- notification, the meeting (the answer links) and the calendar part (an
-- event snapshot, JSON, rendered as .ics with the recipient as attendee).
-- Transactional e-mails (invitations, password resets) have none of them.
ALTER TABLE outbox
    ADD COLUMN account_id      bigint REFERENCES accounts (id) ON DELETE SET NULL,
    ADD COLUMN kind            text,
    ADD COLUMN notification_id bigint REFERENCES notifications (id) ON DELETE SET NULL,
    ADD COLUMN source_committee_id bigint,
    ADD COLUMN meeting_id      bigint,
    ADD COLUMN calendar        jsonb;
CREATE INDEX outbox_notification_idx ON outbox (notification_id) WHERE notification_id IS NOT NULL;

-- The key of the links e-mails carry (answering a meeting, one-click
-- unsubscribe): HMAC-SHA256, drawn once by this migration, read at start
-- by every instance, so that all of them sign and check alike.
CREATE TABLE signing_keys (
    id  smallint PRIMARY KEY CONSTRAINT signing_keys_one CHECK (id = 1),
    key bytea NOT NULL CONSTRAINT signing_keys_length CHECK (octet_length(key) >= 32)
);
INSERT INTO signing_keys (id, key)
VALUES (1, decode(replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));

-- Single-use links already used (their MAC), kept until they expire.
CREATE TABLE used_tokens (
    mac        bytea PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX used_tokens_expires_idx ON used_tokens (expires_at);

-- Meeting reminders: organisers may turn them off per meeting; each of the
-- two reminders (a few days before, to those who have not answered; the day
-- before, to those who come) leaves once.
ALTER TABLE meetings
    ADD COLUMN reminders boolean NOT NULL DEFAULT true,
    ADD COLUMN reminded_unanswered_at timestamptz,
    ADD COLUMN reminded_attending_at timestamptz;

-- +goose Down
ALTER TABLE meetings DROP COLUMN reminded_attending_at, DROP COLUMN reminded_unanswered_at, DROP COLUMN reminders;
DROP TABLE used_tokens;
DROP TABLE signing_keys;
DROP INDEX outbox_notification_idx;
ALTER TABLE outbox DROP COLUMN calendar, DROP COLUMN meeting_id, DROP COLUMN source_committee_id,
    DROP COLUMN notification_id, DROP COLUMN kind, DROP COLUMN account_id;
ALTER TABLE accounts DROP COLUMN digest_weekday, DROP COLUMN digest_hour;
DROP TABLE notification_preferences;
DROP TABLE notifications;
