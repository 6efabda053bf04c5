-- The words of a practice's summary and of a document's description, with
-- their lexemes, kept with the text (issue 12's search speed): a list of a
-- search highlights the words found in Go (internal/postgres/highlight.go)
-- instead of asking ts_headline to parse and stem the 20 texts of the page
-- again at each request (0.45 to 0.6 ms of the search statement's 1.8).
--
-- clts_words(t) lists, in the text's order, each token of the default
-- parser but the blanks, as the token, a unit separator (U+001F), its
-- lexemes under clts_french separated by U+001F (none for a stop word or
-- an XML tag), each token ended by a record separator (U+001E). A
-- hyphenated word is listed by its parts (« accès », « droits » of
-- « accès-aux-droits »), as ts_headline marks them, and a URL by its host
-- and path. Every token is listed, not only those with a lexeme, so that
-- the reader finds each one in the text after the one before (a word is
-- never taken for a piece of an earlier token). Each token is stemmed
-- alone, as to_tsvector stems it in the text (the dictionaries depend on
-- the token's type only); an XML tag, an entity or a protocol head
-- (« http:// ») gets none, as in to_tsvector of the whole text. The text
-- is read without the control characters U+0001, U+0002 (the sentinels of
-- ts_headline's marks) and U+001E, U+001F (the list's separators), which
-- could otherwise sit inside a tag's attribute; highlight reads the text
-- without them too.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION clts_words(body text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
    SELECT coalesce(string_agg(t.token || E'\x1f' || array_to_string(tsvector_to_array(v.lexemes), E'\x1f') || E'\x1e',
                               '' ORDER BY t.ord), '')
    FROM ts_parse('default', translate(body, E'\x01\x02\x1e\x1f', '')) WITH ORDINALITY AS t (tokid, token, ord)
    -- 13 tag, 14 protocol, 23 entity: no lexeme.
    CROSS JOIN LATERAL (SELECT CASE WHEN t.tokid IN (13, 14, 23) THEN ''::tsvector
                                    ELSE to_tsvector('clts_french', t.token) END AS lexemes) v
    -- 5 url, 15 numhword, 16 asciihword, 17 hword: their parts follow;
    -- 12 blank: between the tokens.
    WHERE t.tokid NOT IN (5, 12, 15, 16, 17)
$$;
-- +goose StatementEnd

ALTER TABLE practices ADD COLUMN summary_words text NOT NULL GENERATED ALWAYS AS (clts_words(summary)) STORED;
ALTER TABLE documents ADD COLUMN description_words text NOT NULL GENERATED ALWAYS AS (clts_words(description)) STORED;

-- +goose Down
ALTER TABLE documents DROP COLUMN description_words;
ALTER TABLE practices DROP COLUMN summary_words;
DROP FUNCTION clts_words(text);
