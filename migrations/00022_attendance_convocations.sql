-- Attendance with excused absences and people from outside the committee,
-- answers that bring companions, and convocations sent when the organiser
-- chooses (never for a meeting whose date is past).

-- +goose Up
-- When the invitees were convened (the convocation e-mail queued); NULL
-- while the organiser keeps it for later, and for ever for a meeting
-- recorded after its date. Meetings that exist were convened when created.
ALTER TABLE meetings ADD COLUMN convened_at timestamptz;
UPDATE meetings SET convened_at = created_at WHERE seminar_id IS NULL AND starts_at > created_at;
-- People from outside the committee who attended (interpreters,
-- companions, guest speakers): counted apart, never in the rates.
ALTER TABLE meetings ADD COLUMN outside_attendees integer NOT NULL DEFAULT 0
    CHECK (outside_attendees BETWEEN 0 AND 1000);

-- attended keeps its meaning (true: present); an absence (attended false)
-- may be excused.
ALTER TABLE meeting_responses ADD COLUMN excused boolean NOT NULL DEFAULT false;
ALTER TABLE meeting_responses ADD CONSTRAINT meeting_responses_excused_absent
    CHECK (NOT excused OR attended IS FALSE);
-- How many people come with the invitee (an interpreter, a companion);
-- only with a yes or a maybe.
ALTER TABLE meeting_responses ADD COLUMN companions integer NOT NULL DEFAULT 0
    CHECK (companions BETWEEN 0 AND 5);
ALTER TABLE meeting_responses ADD CONSTRAINT meeting_responses_companions_coming
    CHECK (companions = 0 OR answer IN ('oui', 'peut_etre'));

-- +goose Down
ALTER TABLE meeting_responses DROP CONSTRAINT meeting_responses_companions_coming;
ALTER TABLE meeting_responses DROP COLUMN companions;
ALTER TABLE meeting_responses DROP CONSTRAINT meeting_responses_excused_absent;
ALTER TABLE meeting_responses DROP COLUMN excused;
ALTER TABLE meetings DROP COLUMN outside_attendees;
ALTER TABLE meetings DROP COLUMN convened_at;
