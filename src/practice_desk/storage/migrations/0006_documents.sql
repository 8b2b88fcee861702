-- Documents that leave the practice: invoices and receipts, and approved sponsor reports.
--
-- An issued invoice keeps its number, lines and fees for good; only the day it was paid is
-- added, once. A sponsor report belongs to a coaching contract, holds only the content that
-- was allowed when it was written, and is final once the client's approval is recorded.

-- What a coaching contract lets a sponsor report contain, item by item ('attendance,goals').
ALTER TABLE coaching_terms ADD COLUMN report_items TEXT NOT NULL DEFAULT ''
    CHECK (length(report_items) <= 200);

CREATE TABLE invoices (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 40),
    client_id       INTEGER NOT NULL REFERENCES clients (id),
    contract_id     INTEGER NOT NULL REFERENCES contracts (id),
    bill_to         TEXT NOT NULL CHECK (bill_to IN ('client', 'payer')),
    bill_to_name    TEXT NOT NULL CHECK (length(bill_to_name) BETWEEN 1 AND 200),
    bill_to_address TEXT NOT NULL DEFAULT '' CHECK (length(bill_to_address) <= 500),
    issued_on       TEXT NOT NULL CHECK (date(issued_on) IS issued_on),
    currency        TEXT NOT NULL CHECK (length(currency) = 3),
    paid_on         TEXT CHECK (paid_on IS NULL OR date(paid_on) IS paid_on),
    created_at      TEXT NOT NULL,
    CONSTRAINT paid_after_issue CHECK (paid_on IS NULL OR paid_on >= issued_on)
);

CREATE INDEX invoices_by_client ON invoices (client_id, issued_on);

CREATE TRIGGER invoices_match_contract
BEFORE INSERT ON invoices
WHEN NOT EXISTS (SELECT 1 FROM contracts WHERE id = NEW.contract_id AND client_id = NEW.client_id)
  OR (NEW.bill_to = 'payer' AND NOT EXISTS (
        SELECT 1 FROM contracts WHERE id = NEW.contract_id AND payer_third_party = 1))
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_recipient');
END;

CREATE TRIGGER invoices_are_final
BEFORE UPDATE ON invoices
WHEN NEW.id IS NOT OLD.id OR NEW.number IS NOT OLD.number OR NEW.client_id IS NOT OLD.client_id
  OR NEW.contract_id IS NOT OLD.contract_id OR NEW.bill_to IS NOT OLD.bill_to
  OR NEW.bill_to_name IS NOT OLD.bill_to_name OR NEW.bill_to_address IS NOT OLD.bill_to_address
  OR NEW.issued_on IS NOT OLD.issued_on OR NEW.currency IS NOT OLD.currency
  OR NEW.created_at IS NOT OLD.created_at
  OR OLD.paid_on IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

CREATE TRIGGER invoices_are_kept
BEFORE DELETE ON invoices
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

-- INSERT OR REPLACE removes the row in its way without firing delete triggers.
CREATE TRIGGER invoices_survive_replace
BEFORE INSERT ON invoices
WHEN EXISTS (SELECT 1 FROM invoices WHERE id = NEW.id OR number = NEW.number)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

CREATE TABLE invoice_lines (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id),
    -- One appointment is billed once.
    appointment_id INTEGER NOT NULL UNIQUE REFERENCES appointments (id),
    service_on     TEXT NOT NULL CHECK (date(service_on) IS service_on),
    service        TEXT NOT NULL CHECK (service IN ('session', 'late_cancellation', 'no_show')),
    fee_minor      INTEGER NOT NULL CHECK (fee_minor BETWEEN 0 AND 10000000)
);

CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id, service_on);

-- Lines are written with their invoice, for the invoice's own client, and never change;
-- nor may an INSERT OR REPLACE push an existing line out of its way.
CREATE TRIGGER invoice_lines_match_invoice
BEFORE INSERT ON invoice_lines
WHEN NOT EXISTS (
    SELECT 1 FROM invoices i JOIN appointments a ON a.id = NEW.appointment_id
    WHERE i.id = NEW.invoice_id AND a.client_id = i.client_id AND i.paid_on IS NULL
)
  OR EXISTS (
    SELECT 1 FROM invoice_lines WHERE id = NEW.id OR appointment_id = NEW.appointment_id
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

CREATE TRIGGER invoice_lines_are_final
BEFORE UPDATE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

CREATE TRIGGER invoice_lines_are_kept
BEFORE DELETE ON invoice_lines
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:invoice_issued');
END;

CREATE TABLE sponsor_reports (
    id            INTEGER PRIMARY KEY,
    client_id     INTEGER NOT NULL REFERENCES clients (id),
    contract_id   INTEGER NOT NULL REFERENCES contracts (id),
    period_from   TEXT NOT NULL CHECK (date(period_from) IS period_from),
    period_to     TEXT NOT NULL CHECK (date(period_to) IS period_to),
    items         TEXT NOT NULL CHECK (length(items) BETWEEN 1 AND 200),
    -- The report's content as the client approved it (JSON): only the allowed items.
    content       TEXT NOT NULL CHECK (length(content) <= 200000),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    approved_at   TEXT,
    approval_note TEXT NOT NULL DEFAULT '' CHECK (length(approval_note) <= 500),
    CONSTRAINT period_in_order CHECK (period_to >= period_from)
);

CREATE INDEX sponsor_reports_by_client ON sponsor_reports (client_id, period_to);

-- Rule 2 once more: a sponsor report exists for coaching only.
CREATE TRIGGER sponsor_reports_need_coaching
BEFORE INSERT ON sponsor_reports
WHEN NOT EXISTS (
    SELECT 1 FROM contracts
    WHERE id = NEW.contract_id AND client_id = NEW.client_id AND kind = 'coaching'
)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

CREATE TRIGGER sponsor_reports_stay_with_coaching
BEFORE UPDATE OF client_id, contract_id ON sponsor_reports
WHEN NEW.client_id IS NOT OLD.client_id OR NEW.contract_id IS NOT OLD.contract_id
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:single_accountability');
END;

CREATE TRIGGER sponsor_reports_approved_are_final
BEFORE UPDATE ON sponsor_reports
WHEN OLD.approved_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:report_approved');
END;

CREATE TRIGGER sponsor_reports_approved_survive_replace
BEFORE INSERT ON sponsor_reports
WHEN EXISTS (SELECT 1 FROM sponsor_reports WHERE id = NEW.id AND approved_at IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:report_approved');
END;

CREATE TRIGGER sponsor_reports_approved_are_kept
BEFORE DELETE ON sponsor_reports
WHEN OLD.approved_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'practice_desk:report_approved');
END;
