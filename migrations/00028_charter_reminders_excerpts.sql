-- +goose Up
-- The charter, after its review. A version remembers when its pilots last
-- e-mailed the reminder to those who have not accepted it: a second one
-- is refused for 24 hours (auth.CharterReminderRefusal). A comment on a
-- paragraph keeps the plain text of the paragraph it was written on
-- (charter.Excerpt, at most 300 characters), so that it keeps its meaning
-- when an edit of the text renumbers the paragraphs; comments on the
-- whole text, and those written before this migration, have none.
ALTER TABLE charter_versions ADD COLUMN reminded_at timestamptz;
ALTER TABLE charter_comments ADD COLUMN excerpt text NOT NULL DEFAULT ''
    CONSTRAINT charter_comments_excerpt_check CHECK (char_length(excerpt) <= 300);

-- +goose Down
ALTER TABLE charter_comments DROP COLUMN excerpt;
ALTER TABLE charter_versions DROP COLUMN reminded_at;
