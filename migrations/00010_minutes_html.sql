-- +goose Up
-- The minutes' HTML, rendered from their Markdown and sanitized once, when
-- they are saved (internal/markdown), so that no page view renders
-- Markdown. Minutes saved before this migration keep a NULL html: SQL
-- cannot render Markdown, so the meeting's page shows their text escaped,
-- as plain paragraphs (markdown.Plain), until an organiser saves them
-- again, which stores their HTML.
ALTER TABLE minutes ADD COLUMN html text;

-- +goose Down
ALTER TABLE minutes DROP COLUMN html;
