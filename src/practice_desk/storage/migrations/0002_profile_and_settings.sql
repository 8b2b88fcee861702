-- The practice profile gets a table of its own with length limits; the first version kept the
-- practice name in meta. Settings that travel with the practice (like the auto-lock delay).
CREATE TABLE practice_profile (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    practice_name     TEXT NOT NULL CHECK (length(practice_name) BETWEEN 1 AND 120),
    practitioner_name TEXT NOT NULL CHECK (length(practitioner_name) BETWEEN 1 AND 120),
    credentials       TEXT NOT NULL DEFAULT '' CHECK (length(credentials) <= 200)
);

INSERT INTO practice_profile (id, practice_name, practitioner_name, credentials)
SELECT 1,
       (SELECT value FROM meta WHERE key = 'practice_name'),
       coalesce((SELECT value FROM meta WHERE key = 'practitioner_name'), 'Practitioner'),
       ''
WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'practice_name');

DELETE FROM meta WHERE key IN ('practice_name', 'practitioner_name');

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL CHECK (length(value) <= 4000)
) WITHOUT ROWID;
