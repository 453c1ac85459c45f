-- sitrep store, schema version 1.
--
-- Released migrations are frozen: never edit this file once it has shipped; add 0002_*.sql instead.
-- The runner applies it inside one transaction and then sets PRAGMA user_version = 1.
--
-- Spans are half-open byte offsets into articles.body, stored as "start" / "end" ("end" is an SQL
-- keyword and must be quoted). Every child row carries the position of its item in the record's
-- list as seq, so (article_id, seq) is its key and child rows come back in record order.

-- One row per article. `doc` is an INTEGER PRIMARY KEY so that the rowid the full-text index points
-- at survives VACUUM; `id` is the stable article id that everything else refers to.
-- `record` holds the whole Record as JSON with article.body emptied: `body` is its only copy.
CREATE TABLE articles (
    doc              INTEGER PRIMARY KEY,
    id               TEXT    NOT NULL UNIQUE CHECK (id <> ''),
    url              TEXT,
    outlet           TEXT,
    title            TEXT,
    published_date   TEXT    CHECK (published_date IS NULL OR published_date GLOB
                                    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    published_time   TEXT,
    published_source TEXT,
    language         TEXT,
    author           TEXT,
    tags             TEXT    NOT NULL DEFAULT '[]',
    body             TEXT    NOT NULL,
    origin           TEXT    NOT NULL DEFAULT '{}',
    warnings         TEXT    NOT NULL DEFAULT '[]',
    ingested_at      TEXT    NOT NULL,
    record           TEXT    NOT NULL
);
CREATE INDEX articles_published ON articles (published_date DESC, id);
CREATE INDEX articles_outlet    ON articles (outlet, published_date DESC, id);

CREATE TABLE citations (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX citations_name ON citations (name);

CREATE TABLE entities (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    actor      TEXT,
    code       TEXT,
    chain      INTEGER,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX entities_actor ON entities (actor);
CREATE INDEX entities_code  ON entities (code);

CREATE TABLE quotes (
    article_id    TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    text          TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    speaker_text  TEXT,
    speaker_name  TEXT,
    speaker_actor TEXT,
    speaker_code  TEXT,
    cue           TEXT,
    medium        TEXT,
    relays        TEXT    NOT NULL DEFAULT '[]',
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL CHECK ("end" >= start),
    confidence    REAL    NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX quotes_speaker_actor ON quotes (speaker_actor);
CREATE INDEX quotes_speaker_code  ON quotes (speaker_code);

CREATE TABLE events (
    article_id       TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,
    source_text      TEXT    NOT NULL,
    source_name      TEXT,
    source_actor     TEXT,
    source_code      TEXT,
    target_text      TEXT,
    target_name      TEXT,
    target_actor     TEXT,
    target_code      TEXT,
    cameo            TEXT    NOT NULL,
    root             TEXT    NOT NULL,
    quad             INTEGER NOT NULL CHECK (quad BETWEEN 1 AND 4),
    goldstein        REAL    NOT NULL,
    plover_type      TEXT    NOT NULL,
    plover_mode      TEXT,
    plover_context   TEXT,
    date             TEXT,
    date_precision   TEXT,
    place_name       TEXT,
    place_country    TEXT,
    lat              REAL,
    lon              REAL,
    negated          INTEGER NOT NULL CHECK (negated IN (0, 1)),
    modality         TEXT    NOT NULL,
    claimed_by       TEXT,
    claimed_by_actor TEXT,
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL CHECK (sentence_end >= sentence_start),
    start            INTEGER NOT NULL,
    "end"            INTEGER NOT NULL CHECK ("end" >= start),
    confidence       REAL    NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX events_date        ON events (date);
CREATE INDEX events_root        ON events (root, date);
CREATE INDEX events_cameo       ON events (cameo);
CREATE INDEX events_source_code ON events (source_code);
CREATE INDEX events_target_code ON events (target_code);
CREATE INDEX events_plover      ON events (plover_type);
CREATE INDEX events_country     ON events (place_country);

CREATE TABLE places (
    article_id   TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    text         TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    country      TEXT,
    lat          REAL    NOT NULL,
    lon          REAL    NOT NULL,
    gazetteer_id TEXT,
    feature      TEXT,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX places_country ON places (country);

CREATE TABLE times (
    article_id TEXT    NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    anchor     TEXT,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL CHECK ("end" >= start),
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX times_value ON times (value);

-- Full-text index over title and body, as an external-content FTS5 table: the text lives only in
-- `articles`, the index maps FTS rowids to articles.doc. The triggers keep it in step on insert,
-- delete (which is also how a re-ingested article is replaced) and update.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    body,
    content = 'articles',
    content_rowid = 'doc',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.doc, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.doc, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF doc, title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
        VALUES ('delete', old.doc, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.doc, new.title, new.body);
END;
