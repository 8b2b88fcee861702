-- Clients, their contracts, and the audit trail.
--
-- The rules that keep therapy and coaching apart are enforced here as well as in the domain
-- code, so that no path into the database (an import, a restore, raw SQL) can get round them.
-- Trigger messages start with "practice_desk:" so the storage layer can explain them.

CREATE TABLE clients (
    id                   INTEGER PRIMARY KEY,
    display_name         TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    legal_name           TEXT NOT NULL DEFAULT '' CHECK (length(legal_name) <= 200),
    date_of_birth        TEXT CHECK (date_of_birth IS NULL OR date(date_of_birth) IS date_of_birth),
    pronouns             TEXT NOT NULL DEFAULT '' CHECK (length(pronouns) <= 40),
    email                TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone                TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
    address              TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    emergency_contact    TEXT NOT NULL DEFAULT '' CHECK (length(emergency_contact) <= 300),
    referral_source      TEXT NOT NULL DEFAULT '' CHECK (length(referral_source) <= 200),
    status               TEXT NOT NULL DEFAULT 'enquiry'
                         CHECK (status IN ('enquiry', 'consultation', 'active', 'closed')),
    notes                TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
    consultation_outcome TEXT CHECK (consultation_outcome IN
                             ('offer_therapy', 'offer_coaching', 'refer_elsewhere', 'no_fit')),
    consultation_on      TEXT CHECK (consultation_on IS NULL OR date(consultation_on) IS consultation_on),
    consultation_note    TEXT NOT NULL DEFAULT '' CHECK (length(consultation_note) <= 4000),
    -- The kind of work this person has ever had with the practice. Set by the first contract,
    -- then permanent: removing contracts can never make a person "new" again.
    work_kind            TEXT CHECK (work_kind IN ('therapy', 'coaching')),
    email_key            TEXT NOT NULL DEFAULT '',
    phone_key            TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);

CREATE INDEX clients_by_email ON clients (email_key) WHERE email_key <> '';
CREATE INDEX clients_by_phone ON clients (phone_key) WHERE phone_key <> '';
CREATE INDEX clients_by_birth ON clients (date_of_birth) WHERE date_of_birth IS NOT NULL;

CREATE TRIGGER clients_work_kind_is_permanent
BEFORE UPDATE OF work_kind ON clients
WHEN OLD.work_kind IS NOT NULL AND NEW.work_kind IS NOT OLD.work_kind
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:role_separation');
END;

-- INSERT OR REPLACE deletes the old row without firing update (or delete) triggers, so an
-- import that "upserts" a client could otherwise wipe the mark. A replaced row keeps it.
CREATE TRIGGER clients_work_kind_survives_replace
BEFORE INSERT ON clients
WHEN EXISTS (SELECT 1 FROM clients WHERE id = NEW.id AND work_kind IS NOT NULL
                                     AND work_kind IS NOT NEW.work_kind)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:role_separation');
END;

-- A person who has had work with the practice is never simply deleted: removing the row and
-- entering them again would make them "new". Retention keeps a stub instead.
CREATE TRIGGER clients_with_work_are_kept
BEFORE DELETE ON clients
WHEN OLD.work_kind IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:role_separation');
END;

CREATE TABLE contracts (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients (id),
    kind              TEXT NOT NULL CHECK (kind IN ('therapy', 'coaching')),
    status            TEXT NOT NULL CHECK (status IN ('draft', 'active', 'paused', 'ended')),
    starts_on         TEXT CHECK (starts_on IS NULL OR date(starts_on) IS starts_on),
    ends_on           TEXT CHECK (ends_on IS NULL OR date(ends_on) IS ends_on),
    fee_minor         INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor BETWEEN 0 AND 10000000),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    session_minutes   INTEGER NOT NULL DEFAULT 50 CHECK (session_minutes BETWEEN 10 AND 240),
    -- A third-party payer is named for money documents only; nothing links it to content.
    payer_third_party INTEGER NOT NULL DEFAULT 0 CHECK (payer_third_party IN (0, 1)),
    payer_name        TEXT NOT NULL DEFAULT '' CHECK (length(payer_name) <= 200),
    payer_address     TEXT NOT NULL DEFAULT '' CHECK (length(payer_address) <= 500),
    coaching_edge     INTEGER NOT NULL DEFAULT 0 CHECK (coaching_edge IN (0, 1)),
    screening_reason  TEXT NOT NULL DEFAULT '' CHECK (length(screening_reason) <= 2000),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT coaching_edge_is_for_therapy
        CHECK (kind = 'therapy' OR (coaching_edge = 0 AND screening_reason = '')),
    CONSTRAINT ends_after_start
        CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on)
);

CREATE INDEX contracts_by_client ON contracts (client_id);

-- Rule 1, role separation: never a second kind of work for the same person.
CREATE TRIGGER contracts_role_separation
BEFORE INSERT ON contracts
WHEN EXISTS (SELECT 1 FROM contracts WHERE client_id = NEW.client_id AND kind <> NEW.kind)
  OR EXISTS (SELECT 1 FROM clients WHERE id = NEW.client_id
                                     AND work_kind IS NOT NULL AND work_kind <> NEW.kind)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:role_separation');
END;

CREATE TRIGGER contracts_mark_work_kind
AFTER INSERT ON contracts
BEGIN
    UPDATE clients SET work_kind = NEW.kind WHERE id = NEW.client_id AND work_kind IS NULL;
END;

CREATE TRIGGER contracts_kind_and_client_are_fixed
BEFORE UPDATE OF kind, client_id ON contracts
WHEN NEW.kind IS NOT OLD.kind OR NEW.client_id IS NOT OLD.client_id
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:role_separation');
END;

CREATE TABLE contract_goals (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
    status      TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'progressing', 'achieved', 'dropped')),
    assessment  TEXT NOT NULL DEFAULT '' CHECK (length(assessment) <= 2000),
    updated_at  TEXT NOT NULL
);

CREATE INDEX contract_goals_by_contract ON contract_goals (contract_id, position);

-- Rule 2, single accountability: sponsor, three-way agreement, reporting terms and the
-- coachee profile belong to coaching contracts only.
CREATE TABLE coaching_terms (
    contract_id          INTEGER PRIMARY KEY REFERENCES contracts (id),
    sponsor_organisation TEXT NOT NULL DEFAULT '' CHECK (length(sponsor_organisation) <= 200),
    sponsor_contact      TEXT NOT NULL DEFAULT '' CHECK (length(sponsor_contact) <= 500),
    three_way_agreed_on  TEXT CHECK (three_way_agreed_on IS NULL
                                     OR date(three_way_agreed_on) IS three_way_agreed_on),
    reporting_scope      TEXT NOT NULL DEFAULT '' CHECK (length(reporting_scope) <= 2000),
    reporting_frequency  TEXT NOT NULL DEFAULT '' CHECK (length(reporting_frequency) <= 200),
    personality          TEXT NOT NULL DEFAULT '' CHECK (length(personality) <= 4000),
    life_story           TEXT NOT NULL DEFAULT '' CHECK (length(life_story) <= 4000),
    competences          TEXT NOT NULL DEFAULT '' CHECK (length(competences) <= 4000),
    aspirations          TEXT NOT NULL DEFAULT '' CHECK (length(aspirations) <= 4000),
    work_environment     TEXT NOT NULL DEFAULT '' CHECK (length(work_environment) <= 4000),
    organisational_role  TEXT NOT NULL DEFAULT '' CHECK (length(organisational_role) <= 4000),
    pro                  TEXT NOT NULL DEFAULT '' CHECK (length(pro) <= 4000),
    organisation_in_mind TEXT NOT NULL DEFAULT '' CHECK (length(organisation_in_mind) <= 4000)
) WITHOUT ROWID;

CREATE TRIGGER coaching_terms_need_coaching
BEFORE INSERT ON coaching_terms
WHEN (SELECT kind FROM contracts WHERE id = NEW.contract_id) IS NOT 'coaching'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

CREATE TRIGGER coaching_terms_stay_with_coaching
BEFORE UPDATE OF contract_id ON coaching_terms
WHEN (SELECT kind FROM contracts WHERE id = NEW.contract_id) IS NOT 'coaching'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

-- Who receives agreed sponsor reports. There is deliberately no way to name the payer here:
-- rule 3, a payer receives money documents only.
CREATE TABLE report_recipients (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200)
);

CREATE INDEX report_recipients_by_contract ON report_recipients (contract_id);

CREATE TRIGGER report_recipients_need_coaching
BEFORE INSERT ON report_recipients
WHEN (SELECT kind FROM contracts WHERE id = NEW.contract_id) IS NOT 'coaching'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

CREATE TRIGGER report_recipients_stay_with_coaching
BEFORE UPDATE OF contract_id ON report_recipients
WHEN (SELECT kind FROM contracts WHERE id = NEW.contract_id) IS NOT 'coaching'
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

-- "This is a different person": the practitioner's confirmation when a new client looked
-- like an existing one. The audit entry points here; the reason stays out of the audit trail.
CREATE TABLE person_confirmations (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    other_client_id INTEGER NOT NULL REFERENCES clients (id),
    matched_on      TEXT NOT NULL CHECK (length(matched_on) <= 100),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    confirmed_at    TEXT NOT NULL
);

CREATE TABLE referral_notes (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id),
    addressed_to TEXT NOT NULL DEFAULT '' CHECK (length(addressed_to) <= 200),
    body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
    written_at   TEXT NOT NULL
);

CREATE INDEX referral_notes_by_client ON referral_notes (client_id);

-- Append-only and hash-chained. No clinical text: time, action, object and a short code.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (length(action) <= 40),
    object_type TEXT NOT NULL CHECK (length(object_type) <= 40),
    object_id   INTEGER,
    client_id   INTEGER,
    detail      TEXT NOT NULL DEFAULT '' CHECK (length(detail) <= 200),
    prev_hash   TEXT NOT NULL CHECK (length(prev_hash) = 64),
    entry_hash  TEXT NOT NULL CHECK (length(entry_hash) = 64)
);

CREATE INDEX audit_log_by_client ON audit_log (client_id, seq) WHERE client_id IS NOT NULL;
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TRIGGER audit_log_no_update
BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;

CREATE TRIGGER audit_log_no_delete
BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;
