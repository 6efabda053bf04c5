-- Lists of people, institutions, groups and committees sort in French
-- order (Camille, Céline, Claire; accents and case do not push a name to
-- the end), whatever the locale the database was created with. ICU ships
-- with PostgreSQL's Debian packages and every major hosted PostgreSQL.

-- +goose Up
CREATE COLLATION clts_fr (provider = icu, locale = 'fr');

-- +goose Down
DROP COLLATION clts_fr;
