"""Invoice rows. Issued invoices and their lines are final (see migration 0006)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from datetime import date

import sqlcipher3

from practice_desk.domain.invoices import BillTo, Invoice, InvoiceLine, LineService
from practice_desk.storage.database import Connection
from practice_desk.storage.profile_store import read_setting, write_setting
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

_COLUMNS = (
    "id, number, client_id, contract_id, bill_to, bill_to_name, bill_to_address, issued_on, "
    "currency, paid_on"
)


@contextlib.contextmanager
def explained() -> Iterator[None]:
    try:
        yield
    except sqlcipher3.IntegrityError as error:
        raise RefusedByDatabase(rule_of(error)) from None


def next_sequence(conn: Connection, year: int) -> int:
    """The year's next invoice number. Records retention may destroy old invoices, so neither
    the count nor the highest number left can be trusted alone: the last number handed out
    is also kept in the settings, and a number is never used twice."""
    (highest,) = conn.execute(
        "SELECT max(CAST(substr(number, 6) AS INTEGER)) FROM invoices WHERE number LIKE ?",
        (f"{year}-%",),
    ).fetchone()
    remembered = read_setting(conn, _last_number_key(year))
    sequence = max(int(highest or 0), int(remembered or 0)) + 1
    write_setting(conn, _last_number_key(year), str(sequence))
    return sequence


def _last_number_key(year: int) -> str:
    return f"invoice_last_number_{year}"


def insert_invoice(conn: Connection, invoice: Invoice, now: str) -> int:
    with explained():
        cursor = conn.execute(
            "INSERT INTO invoices (number, client_id, contract_id, bill_to, bill_to_name, "
            "bill_to_address, issued_on, currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                invoice.number,
                invoice.client_id,
                invoice.contract_id,
                invoice.bill_to.value,
                invoice.bill_to_name,
                invoice.bill_to_address,
                invoice.issued_on.isoformat(),
                invoice.currency,
                now,
            ),
        )
        invoice_id = int(cursor.lastrowid)
        conn.executemany(
            "INSERT INTO invoice_lines (invoice_id, appointment_id, service_on, service, "
            "fee_minor) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    invoice_id,
                    line.appointment_id,
                    line.service_on.isoformat(),
                    line.service.value,
                    line.fee_minor,
                )
                for line in invoice.lines
            ],
        )
    return invoice_id


def mark_paid(conn: Connection, invoice_id: int, paid_on: date) -> None:
    with explained():
        conn.execute(
            "UPDATE invoices SET paid_on = ? WHERE id = ?", (paid_on.isoformat(), invoice_id)
        )


def read_invoice(conn: Connection, invoice_id: int) -> Invoice | None:
    found = _invoices(conn, "WHERE id = ?", (invoice_id,))
    return found[0] if found else None


def for_client(conn: Connection, client_id: int) -> list[Invoice]:
    return _invoices(conn, "WHERE client_id = ? ORDER BY issued_on DESC, id DESC", (client_id,))


def invoiced_appointments(conn: Connection, client_id: int) -> set[int]:
    return {
        appointment_id
        for (appointment_id,) in conn.execute(
            "SELECT l.appointment_id FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id "
            "WHERE i.client_id = ?",
            (client_id,),
        )
    }


def _invoices(conn: Connection, where: str, args: Sequence[object]) -> list[Invoice]:
    rows = conn.execute(f"SELECT {_COLUMNS} FROM invoices {where}", tuple(args)).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    lines: dict[int, list[InvoiceLine]] = {invoice_id: [] for invoice_id in ids}
    marks = ", ".join("?" for _ in ids)
    for invoice_id, appointment_id, service_on, service, fee in conn.execute(
        "SELECT invoice_id, appointment_id, service_on, service, fee_minor FROM invoice_lines "
        f"WHERE invoice_id IN ({marks}) ORDER BY service_on, id",
        ids,
    ):
        lines[invoice_id].append(
            InvoiceLine(appointment_id, date.fromisoformat(service_on), LineService(service), fee)
        )
    return [
        Invoice(
            id=row[0],
            number=row[1],
            client_id=row[2],
            contract_id=row[3],
            bill_to=BillTo(row[4]),
            bill_to_name=row[5],
            bill_to_address=row[6],
            issued_on=date.fromisoformat(row[7]),
            currency=row[8],
            lines=tuple(lines[row[0]]),
            paid_on=date.fromisoformat(row[9]) if row[9] else None,
        )
        for row in rows
    ]
