-- The calendar: consultations, sessions and blocked time.
--
-- Times are UTC text in one fixed format ("2026-03-02T09:00:00Z"), so they sort and compare
-- as text and SQLite's date functions read them. The booking rules are enforced here again,
-- behind the services, for every other path into the database.

CREATE TABLE appointment_series (
    id             INTEGER PRIMARY KEY,
    interval_weeks INTEGER NOT NULL CHECK (interval_weeks BETWEEN 1 AND 4),
    created_at     TEXT NOT NULL
);

CREATE TABLE appointments (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 16 AND 64),
    kind         TEXT NOT NULL
                 CHECK (kind IN ('consultation', 'therapy_session', 'coaching_session', 'blocked')),
    client_id    INTEGER REFERENCES clients (id),
    contract_id  INTEGER REFERENCES contracts (id),
    block_reason TEXT CHECK (block_reason IN ('holiday', 'supervision', 'admin', 'other')),
    starts_at    TEXT NOT NULL CHECK (starts_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
    ends_at      TEXT NOT NULL CHECK (ends_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
    time_zone    TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
    status       TEXT NOT NULL DEFAULT 'booked'
                 CHECK (status IN ('booked', 'attended', 'cancelled', 'late_cancelled', 'no_show')),
    cancelled_by TEXT CHECK (cancelled_by IN ('client', 'practitioner')),
    cancelled_at TEXT,
    series_id    INTEGER REFERENCES appointment_series (id),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT appointment_ends_after_start CHECK (ends_at > starts_at),
    CONSTRAINT appointment_length CHECK (
        julianday(ends_at) - julianday(starts_at) <= 62.0001
        AND (kind = 'blocked' OR julianday(ends_at) - julianday(starts_at) <= 240.0 / 1440 + 0.00001)
    ),
    CONSTRAINT appointment_client CHECK ((kind = 'blocked') = (client_id IS NULL)),
    CONSTRAINT appointment_contract CHECK (
        (kind IN ('therapy_session', 'coaching_session')) = (contract_id IS NOT NULL)
    ),
    CONSTRAINT appointment_block_reason CHECK ((kind = 'blocked') = (block_reason IS NOT NULL)),
    CONSTRAINT appointment_blocked_is_booked CHECK (kind <> 'blocked' OR status = 'booked'),
    CONSTRAINT appointment_cancellation CHECK (
        (status IN ('cancelled', 'late_cancelled')) = (cancelled_by IS NOT NULL)
        AND (cancelled_by IS NULL) = (cancelled_at IS NULL)
        AND (status <> 'late_cancelled' OR cancelled_by = 'client')
    )
);

CREATE INDEX appointments_by_start ON appointments (starts_at);
CREATE INDEX appointments_by_client ON appointments (client_id, starts_at) WHERE client_id IS NOT NULL;
CREATE INDEX appointments_by_series ON appointments (series_id, starts_at) WHERE series_id IS NOT NULL;

-- No two appointments that keep their time may overlap. Blocked time is at most 62 days
-- long, which bounds the look-back on the start index.
CREATE TRIGGER appointments_no_overlap_insert
BEFORE INSERT ON appointments
WHEN NEW.status IN ('booked', 'attended') AND EXISTS (
    SELECT 1 FROM appointments
    WHERE status IN ('booked', 'attended')
      AND starts_at < NEW.ends_at
      AND starts_at >= strftime('%Y-%m-%dT%H:%M:%SZ', NEW.starts_at, '-63 days')
      AND ends_at > NEW.starts_at
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_overlap');
END;

CREATE TRIGGER appointments_no_overlap_update
BEFORE UPDATE OF starts_at, ends_at, status ON appointments
WHEN NEW.status IN ('booked', 'attended') AND EXISTS (
    SELECT 1 FROM appointments
    WHERE id <> NEW.id
      AND status IN ('booked', 'attended')
      AND starts_at < NEW.ends_at
      AND starts_at >= strftime('%Y-%m-%dT%H:%M:%SZ', NEW.starts_at, '-63 days')
      AND ends_at > NEW.starts_at
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_overlap');
END;

-- A session belongs to a contract of the same client and the matching kind.
CREATE TRIGGER appointments_session_matches_contract
BEFORE INSERT ON appointments
WHEN NEW.contract_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM contracts
    WHERE id = NEW.contract_id
      AND client_id = NEW.client_id
      AND kind = CASE NEW.kind WHEN 'therapy_session' THEN 'therapy' ELSE 'coaching' END
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_needs_contract');
END;

-- Who and what an appointment is for never changes; a different booking is a new one.
CREATE TRIGGER appointments_identity_is_fixed
BEFORE UPDATE OF kind, client_id, contract_id, uid ON appointments
WHEN NEW.kind IS NOT OLD.kind OR NEW.client_id IS NOT OLD.client_id
  OR NEW.contract_id IS NOT OLD.contract_id OR NEW.uid IS NOT OLD.uid
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:appointment_identity');
END;

-- New bookings: a session needs its contract active, a consultation needs no contract at
-- all, and a closed client gets nothing.
CREATE TRIGGER appointments_new_session_needs_active_contract
BEFORE INSERT ON appointments
WHEN NEW.contract_id IS NOT NULL
 AND (SELECT status FROM contracts WHERE id = NEW.contract_id) IS NOT 'active'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_needs_contract');
END;

CREATE TRIGGER appointments_consultation_before_contract
BEFORE INSERT ON appointments
WHEN NEW.kind = 'consultation' AND (
    (SELECT work_kind FROM clients WHERE id = NEW.client_id) IS NOT NULL
    OR EXISTS (SELECT 1 FROM contracts WHERE client_id = NEW.client_id)
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_consultation_after_contract');
END;

CREATE TRIGGER appointments_not_for_closed_clients
BEFORE INSERT ON appointments
WHEN NEW.client_id IS NOT NULL
 AND (SELECT status FROM clients WHERE id = NEW.client_id) = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:booking_client_closed');
END;

-- A deleted booking leaves its random UID and times (nothing about the client), so the next
-- calendar export can tell a phone that had it to take it off.
CREATE TABLE deleted_appointments (
    uid        TEXT PRIMARY KEY,
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    deleted_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX deleted_appointments_by_start ON deleted_appointments (starts_at);

CREATE TRIGGER appointments_leave_a_tombstone
AFTER DELETE ON appointments
BEGIN
    INSERT OR REPLACE INTO deleted_appointments (uid, starts_at, ends_at, deleted_at)
    VALUES (OLD.uid, OLD.starts_at, OLD.ends_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

-- A client with appointments is kept (as with contracts): retention deletes deliberately.
CREATE TRIGGER clients_with_appointments_are_kept
BEFORE DELETE ON clients
WHEN EXISTS (SELECT 1 FROM appointments WHERE client_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:client_has_work');
END;
