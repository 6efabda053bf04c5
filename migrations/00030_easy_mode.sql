-- +goose Up
-- The easy interface (issue 17): the person's own choice, NULL while they
-- have not chosen (then it is on for supported persons, off for everyone
-- else: auth.EasyMode).
ALTER TABLE accounts ADD COLUMN easy_mode boolean;

-- +goose Down
ALTER TABLE accounts DROP COLUMN easy_mode;
