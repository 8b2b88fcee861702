-- Records retention: deletion after review, 30 days to undo it, then final deletion that keeps
-- only a stub of the client.
--
-- A deleted record stays exactly as it was, marked with deleted_at, so undoing the deletion
-- only clears the mark. Final deletion ("destroying") removes every row that belongs to the
-- client and empties the client row except for the stub.
--
-- Why a stub, and why it keeps work_kind: rule 1 (role separation) holds for life. A person
-- who was once a therapy client can never become a coaching client, and the reverse, so the
-- kind of work must outlive the record. The stub keeps display_name and date_of_birth too:
-- the duplicate guard recognises a returning person by name and birth date, and without them
-- the rule could be dodged by entering the same person again after their record was destroyed.
-- Contact details, notes and everything clinical go.

ALTER TABLE clients ADD COLUMN deleted_at TEXT;
ALTER TABLE clients ADD COLUMN destroyed_at TEXT
    CHECK (destroyed_at IS NULL OR deleted_at IS NOT NULL);
ALTER TABLE clients ADD COLUMN first_activity_on TEXT
    CHECK (first_activity_on IS NULL OR date(first_activity_on) IS first_activity_on);
ALTER TABLE clients ADD COLUMN last_activity_on TEXT
    CHECK (last_activity_on IS NULL OR date(last_activity_on) IS last_activity_on);

CREATE INDEX clients_pending_deletion ON clients (deleted_at)
    WHERE deleted_at IS NOT NULL AND destroyed_at IS NULL;

-- The one exemption from the triggers that keep signed notes, addenda, issued invoices,
-- approved sponsor reports and disclosures for good. Final deletion inserts the client here
-- inside its transaction and removes the row again before committing, so the table is empty
-- whenever nothing is being destroyed. (Triggers in the main schema can't see temp tables,
-- hence a real table.) Only a record already deleted and not yet destroyed can be entered.
CREATE TABLE retention_purges (
    client_id INTEGER PRIMARY KEY REFERENCES clients (id)
) WITHOUT ROWID;

CREATE TRIGGER retention_purges_only_deleted_records
BEFORE INSERT ON retention_purges
WHEN NOT EXISTS (SELECT 1 FROM clients WHERE id = NEW.client_id
                                        AND deleted_at IS NOT NULL AND destroyed_at IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_not_deleted');
END;

-- A record is destroyed only by final deletion, and a stub is final: no undo, no new details.
CREATE TRIGGER clients_destroyed_only_by_purge
BEFORE UPDATE OF destroyed_at ON clients
WHEN NEW.destroyed_at IS NOT OLD.destroyed_at
 AND NOT EXISTS (SELECT 1 FROM retention_purges WHERE client_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_destroyed');
END;

CREATE TRIGGER clients_stubs_are_final
BEFORE UPDATE ON clients
WHEN OLD.destroyed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_destroyed');
END;

-- Nothing new is written into a deleted record: it would be destroyed unseen. Undo first.
CREATE TRIGGER contracts_not_for_deleted_records
BEFORE INSERT ON contracts
WHEN (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER appointments_not_for_deleted_records
BEFORE INSERT ON appointments
WHEN NEW.client_id IS NOT NULL
 AND (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER sessions_not_for_deleted_records
BEFORE INSERT ON sessions
WHEN (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER session_addenda_not_for_deleted_records
BEFORE INSERT ON session_addenda
WHEN (SELECT c.deleted_at FROM sessions s JOIN clients c ON c.id = s.client_id
      WHERE s.id = NEW.session_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER invoices_not_for_deleted_records
BEFORE INSERT ON invoices
WHEN (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER sponsor_reports_not_for_deleted_records
BEFORE INSERT ON sponsor_reports
WHEN (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

CREATE TRIGGER referral_notes_not_for_deleted_records
BEFORE INSERT ON referral_notes
WHEN (SELECT deleted_at FROM clients WHERE id = NEW.client_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:record_deleted');
END;

-- The keeping triggers again, each with the purge exemption. Invoices go with the record:
-- the whole record is destroyed once its period is over, and an invoice names the client and
-- the kind of work. Where invoices must be kept longer for tax, that period is the one to set.

DROP TRIGGER sessions_signed_are_kept;
CREATE TRIGGER sessions_signed_are_kept
BEFORE DELETE ON sessions
WHEN OLD.signed_at IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges WHERE client_id = OLD.client_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER session_events_delete_closed_when_signed;
CREATE TRIGGER session_events_delete_closed_when_signed
BEFORE DELETE ON session_events
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER session_goals_delete_closed_when_signed;
CREATE TRIGGER session_goals_delete_closed_when_signed
BEFORE DELETE ON session_goals
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER progress_markers_delete_closed_when_signed;
CREATE TRIGGER progress_markers_delete_closed_when_signed
BEFORE DELETE ON progress_markers
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER session_addenda_no_delete;
CREATE TRIGGER session_addenda_no_delete
BEFORE DELETE ON session_addenda
WHEN NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER process_notes_delete_closed_when_signed;
CREATE TRIGGER process_notes_delete_closed_when_signed
BEFORE DELETE ON process_notes
WHEN (SELECT signed_at FROM sessions WHERE id = OLD.session_id) IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:session_signed');
END;

DROP TRIGGER process_note_disclosures_no_delete;
CREATE TRIGGER process_note_disclosures_no_delete
BEFORE DELETE ON process_note_disclosures
WHEN NOT EXISTS (SELECT 1 FROM retention_purges p JOIN sessions s ON s.client_id = p.client_id
                 WHERE s.id = OLD.session_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:audit_append_only');
END;

DROP TRIGGER invoices_are_kept;
CREATE TRIGGER invoices_are_kept
BEFORE DELETE ON invoices
WHEN NOT EXISTS (SELECT 1 FROM retention_purges WHERE client_id = OLD.client_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

DROP TRIGGER invoice_lines_are_kept;
CREATE TRIGGER invoice_lines_are_kept
BEFORE DELETE ON invoice_lines
WHEN NOT EXISTS (SELECT 1 FROM retention_purges p JOIN invoices i ON i.client_id = p.client_id
                 WHERE i.id = OLD.invoice_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

DROP TRIGGER sponsor_reports_approved_are_kept;
CREATE TRIGGER sponsor_reports_approved_are_kept
BEFORE DELETE ON sponsor_reports
WHEN OLD.approved_at IS NOT NULL
 AND NOT EXISTS (SELECT 1 FROM retention_purges WHERE client_id = OLD.client_id)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:report_approved');
END;
