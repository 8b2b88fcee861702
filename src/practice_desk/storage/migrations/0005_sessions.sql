-- Sessions: the timer's events, the note, progress markers, addenda and process notes.
--
-- A signed note is final here as well as in the services: no update of the session, its
-- markers, goal links, timer or process notes gets past these triggers; corrections are
-- addenda, which exist only for signed notes and are never changed. Times are UTC text;
-- timer events and markers keep microseconds so a reopened session reads exactly as before.

-- A contract may carry its own beginning and end lengths; NULL means the practice default.
ALTER TABLE contracts ADD COLUMN phase_beginning INTEGER
    CHECK (phase_beginning IS NULL OR phase_beginning BETWEEN 0 AND 60);
ALTER TABLE contracts ADD COLUMN phase_end INTEGER
    CHECK (phase_end IS NULL OR phase_end BETWEEN 0 AND 60);

CREATE TABLE sessions (
    id               INTEGER PRIMARY KEY,
    client_id        INTEGER NOT NULL REFERENCES clients (id),
    contract_id      INTEGER NOT NULL REFERENCES contracts (id),
    appointment_id   INTEGER UNIQUE REFERENCES appointments (id),
    kind             TEXT NOT NULL CHECK (kind IN ('therapy', 'coaching')),
    structured       INTEGER NOT NULL CHECK (structured IN (0, 1)),
    plan_beginning   INTEGER NOT NULL CHECK (plan_beginning BETWEEN 0 AND 60),
    plan_middle      INTEGER NOT NULL CHECK (plan_middle BETWEEN 1 AND 240),
    plan_end         INTEGER NOT NULL CHECK (plan_end BETWEEN 0 AND 60),
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    signed_at        TEXT,
    agenda           TEXT NOT NULL DEFAULT '' CHECK (length(agenda) <= 4000),
    goal             TEXT NOT NULL DEFAULT '' CHECK (length(goal) <= 1000),
    working_notes    TEXT NOT NULL DEFAULT '' CHECK (length(working_notes) <= 50000),
    takeaways        TEXT NOT NULL DEFAULT '' CHECK (length(takeaways) <= 4000),
    progress_comment TEXT NOT NULL DEFAULT '' CHECK (length(progress_comment) <= 4000),
    next_steps       TEXT NOT NULL DEFAULT '' CHECK (length(next_steps) <= 4000),
    updated_at       TEXT NOT NULL,
    CONSTRAINT session_signed_after_finish CHECK (signed_at IS NULL OR finished_at IS NOT NULL),
    CONSTRAINT session_plain_is_all_middle
        CHECK (structured = 1 OR (plan_beginning = 0 AND plan_end = 0))
);

CREATE INDEX sessions_by_client ON sessions (client_id, started_at);
CREATE INDEX sessions_unsigned ON sessions (started_at) WHERE signed_at IS NULL;
-- One session in the room at a time.
CREATE UNIQUE INDEX sessions_one_running ON sessions ((finished_at IS NULL))
    WHERE finished_at IS NULL;

CREATE TRIGGER sessions_match_contract
BEFORE INSERT ON sessions
WHEN NOT EXISTS (
    SELECT 1 FROM contracts
    WHERE id = NEW.contract_id AND client_id = NEW.client_id AND kind = NEW.kind
      AND status = 'active'
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_needs_contract');
END;

CREATE TRIGGER sessions_match_appointment
BEFORE INSERT ON sessions
WHEN NEW.appointment_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM appointments
    WHERE id = NEW.appointment_id AND client_id = NEW.client_id
      AND contract_id = NEW.contract_id
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_needs_contract');
END;

CREATE TRIGGER sessions_signed_are_final
BEFORE UPDATE ON sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER sessions_identity_is_fixed
BEFORE UPDATE OF client_id, contract_id, appointment_id, kind, structured, started_at,
                 plan_beginning, plan_middle, plan_end ON sessions
WHEN NEW.client_id IS NOT OLD.client_id OR NEW.contract_id IS NOT OLD.contract_id
  OR NEW.appointment_id IS NOT OLD.appointment_id OR NEW.kind IS NOT OLD.kind
  OR NEW.structured IS NOT OLD.structured OR NEW.started_at IS NOT OLD.started_at
  OR NEW.plan_beginning IS NOT OLD.plan_beginning OR NEW.plan_middle IS NOT OLD.plan_middle
  OR NEW.plan_end IS NOT OLD.plan_end
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_identity');
END;

-- INSERT OR REPLACE deletes the row in its way without firing delete triggers; a signed
-- session (or any row of one) must never be the row in the way.
CREATE TRIGGER sessions_signed_survive_replace
BEFORE INSERT ON sessions
WHEN EXISTS (SELECT 1 FROM sessions
             WHERE (id = NEW.id OR appointment_id = NEW.appointment_id)
               AND signed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER sessions_signed_are_kept
BEFORE DELETE ON sessions
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER clients_with_sessions_are_kept
BEFORE DELETE ON clients
WHEN EXISTS (SELECT 1 FROM sessions WHERE client_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:client_has_work');
END;

CREATE TRIGGER appointments_with_sessions_are_kept
BEFORE DELETE ON appointments
WHEN EXISTS (SELECT 1 FROM sessions WHERE appointment_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_has_appointment');
END;

-- The timer: never rewritten, and closed once the note is signed.
CREATE TABLE session_events (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    kind       TEXT NOT NULL
               CHECK (kind IN ('started', 'advanced', 'extended', 'paused', 'resumed', 'finished')),
    at         TEXT NOT NULL,
    minutes    INTEGER NOT NULL DEFAULT 0 CHECK (minutes BETWEEN 0 AND 60),
    mode       TEXT CHECK (mode IN ('shrink_rest', 'run_over')),
    CONSTRAINT session_event_extension
        CHECK ((kind = 'extended' AND mode IS NOT NULL AND minutes > 0)
               OR (kind <> 'extended' AND mode IS NULL AND minutes = 0))
);

CREATE INDEX session_events_by_session ON session_events (session_id, id);

CREATE TRIGGER session_events_closed_when_signed
BEFORE INSERT ON session_events
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER session_events_signed_survive_replace
BEFORE INSERT ON session_events
WHEN EXISTS (SELECT 1 FROM session_events e JOIN sessions s ON s.id = e.session_id
             WHERE e.id = NEW.id AND s.signed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER session_events_no_update
BEFORE UPDATE ON session_events
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_events_append_only');
END;

CREATE TRIGGER session_events_delete_closed_when_signed
BEFORE DELETE ON session_events
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

-- Which of the contract's goals a session worked on.
CREATE TABLE session_goals (
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    goal_id    INTEGER NOT NULL REFERENCES contract_goals (id),
    PRIMARY KEY (session_id, goal_id)
) WITHOUT ROWID;

CREATE INDEX session_goals_by_goal ON session_goals (goal_id);

CREATE TRIGGER session_goals_of_the_contract
BEFORE INSERT ON session_goals
WHEN NOT EXISTS (
    SELECT 1 FROM contract_goals g JOIN sessions s ON s.contract_id = g.contract_id
    WHERE g.id = NEW.goal_id AND s.id = NEW.session_id
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_goal_elsewhere');
END;

CREATE TRIGGER session_goals_insert_closed_when_signed
BEFORE INSERT ON session_goals
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER session_goals_delete_closed_when_signed
BEFORE DELETE ON session_goals
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TABLE progress_markers (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    kind       TEXT NOT NULL CHECK (kind IN ('insight', 'cognition', 'affect', 'strength',
                                             'self_reflection', 'takeaway', 'goal_progress')),
    at         TEXT NOT NULL,
    phase      TEXT NOT NULL CHECK (phase IN ('beginning', 'middle', 'end')),
    voice      TEXT NOT NULL CHECK (voice IN ('client', 'practitioner')),
    text       TEXT NOT NULL DEFAULT '' CHECK (length(text) <= 500),
    goal_id    INTEGER REFERENCES contract_goals (id),
    updated_at TEXT NOT NULL
);

CREATE INDEX progress_markers_by_session ON progress_markers (session_id, at);

-- A goal a session worked on, or one that markers point at, stays: the contract form offers
-- "dropped" instead.
CREATE TRIGGER contract_goals_in_sessions_are_kept
BEFORE DELETE ON contract_goals
WHEN EXISTS (SELECT 1 FROM session_goals WHERE goal_id = OLD.id)
  OR EXISTS (SELECT 1 FROM progress_markers WHERE goal_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:goal_in_sessions');
END;

CREATE TRIGGER progress_markers_goal_of_the_contract
BEFORE INSERT ON progress_markers
WHEN NEW.goal_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM contract_goals g JOIN sessions s ON s.contract_id = g.contract_id
    WHERE g.id = NEW.goal_id AND s.id = NEW.session_id
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_goal_elsewhere');
END;

CREATE TRIGGER progress_markers_goal_stays_with_the_contract
BEFORE UPDATE OF goal_id ON progress_markers
WHEN NEW.goal_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM contract_goals g JOIN sessions s ON s.contract_id = g.contract_id
    WHERE g.id = NEW.goal_id AND s.id = NEW.session_id
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_goal_elsewhere');
END;

CREATE TRIGGER progress_markers_insert_closed_when_signed
BEFORE INSERT ON progress_markers
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER progress_markers_signed_survive_replace
BEFORE INSERT ON progress_markers
WHEN EXISTS (SELECT 1 FROM progress_markers m JOIN sessions s ON s.id = m.session_id
             WHERE m.id = NEW.id AND s.signed_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER progress_markers_update_closed_when_signed
BEFORE UPDATE ON progress_markers
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER progress_markers_stay_with_their_session
BEFORE UPDATE OF session_id ON progress_markers
WHEN NEW.session_id IS NOT OLD.session_id
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_identity');
END;

CREATE TRIGGER progress_markers_delete_closed_when_signed
BEFORE DELETE ON progress_markers
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

-- Corrections to a signed note: dated, beneath it, never changed.
CREATE TABLE session_addenda (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    body       TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    written_at TEXT NOT NULL
);

CREATE INDEX session_addenda_by_session ON session_addenda (session_id, id);

CREATE TRIGGER session_addenda_need_a_signed_note
BEFORE INSERT ON session_addenda
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:addendum_needs_signed_note');
END;

CREATE TRIGGER session_addenda_survive_replace
BEFORE INSERT ON session_addenda
WHEN EXISTS (SELECT 1 FROM session_addenda WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER session_addenda_no_update
BEFORE UPDATE ON session_addenda
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER session_addenda_no_delete
BEFORE DELETE ON session_addenda
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

-- Process notes (psychotherapy notes in the HIPAA sense): therapy only, kept apart from the
-- session note, and read only by the process-notes screen. Records leave them out unless a
-- disclosure with its reason is written first.
CREATE TABLE process_notes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
    body       TEXT NOT NULL CHECK (length(body) <= 50000),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER process_notes_for_therapy_only
BEFORE INSERT ON process_notes
WHEN (SELECT kind FROM sessions WHERE id = NEW.session_id) IS NOT 'therapy'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:process_notes_therapy_only');
END;

CREATE TRIGGER process_notes_insert_closed_when_signed
BEFORE INSERT ON process_notes
WHEN (SELECT signed_at FROM sessions WHERE id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER process_notes_update_closed_when_signed
BEFORE UPDATE ON process_notes
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

CREATE TRIGGER process_notes_stay_with_their_session
BEFORE UPDATE OF session_id ON process_notes
WHEN NEW.session_id IS NOT OLD.session_id
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_identity');
END;

CREATE TRIGGER process_notes_delete_closed_when_signed
BEFORE DELETE ON process_notes
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

-- When process notes were deliberately included in an output, and why. The reason stays here;
-- the audit trail points at this row.
CREATE TABLE process_note_disclosures (
    id         INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    chosen_at  TEXT NOT NULL
);

CREATE TRIGGER process_note_disclosures_survive_replace
BEFORE INSERT ON process_note_disclosures
WHEN EXISTS (SELECT 1 FROM process_note_disclosures WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;

CREATE TRIGGER process_note_disclosures_no_update
BEFORE UPDATE ON process_note_disclosures
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;

CREATE TRIGGER process_note_disclosures_no_delete
BEFORE DELETE ON process_note_disclosures
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;
