"""Contract rows with their goals, coaching terms and report recipients.

A refusal by a trigger (role separation, single accountability) comes back as the domain's own
explanation, so a practitioner reads the same words whichever layer caught it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import fields
from datetime import date

import sqlcipher3

from practice_desk.domain.contracts import (
    CoacheeProfile,
    CoachingTerms,
    Contract,
    ContractKind,
    ContractStatus,
    ContractTerms,
    Goal,
    GoalStatus,
    Payer,
    TherapyTerms,
    format_report_items,
    parse_report_items,
)
from practice_desk.domain.fields import FieldInvalid
from practice_desk.domain.role_rules import RoleSeparationRefused, SingleAccountabilityRefused
from practice_desk.storage.database import Connection
from practice_desk.storage.rule_errors import RefusedByDatabase, rule_of

_PROFILE_FIELDS = tuple(f.name for f in fields(CoacheeProfile))
_TERMS_COLUMNS = (
    "sponsor_organisation",
    "sponsor_contact",
    "three_way_agreed_on",
    "reporting_scope",
    "reporting_frequency",
    *_PROFILE_FIELDS,
    "report_items",
)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def held_kind(conn: Connection, client_id: int) -> ContractKind | None:
    """The kind of work this client has ever had, from the permanent mark on the client and
    from the contracts themselves (either is enough)."""
    row = conn.execute(
        "SELECT coalesce(work_kind, (SELECT kind FROM contracts WHERE client_id = ?1 LIMIT 1)) "
        "FROM clients WHERE id = ?1",
        (client_id,),
    ).fetchone()
    return ContractKind(row[0]) if row and row[0] else None


@contextlib.contextmanager
def _explained(conn: Connection, client_id: int, wanted: ContractKind) -> Iterator[None]:
    try:
        yield
    except sqlcipher3.IntegrityError as error:
        rule = rule_of(error)
        if rule == "role_separation":
            held = held_kind(conn, client_id) or (
                ContractKind.COACHING if wanted is ContractKind.THERAPY else ContractKind.THERAPY
            )
            raise RoleSeparationRefused(held, wanted) from None
        if rule == "single_accountability":
            raise SingleAccountabilityRefused() from None
        if rule == "goal_in_sessions":
            raise FieldInvalid(
                "goal",
                "A goal that sessions have worked on stays in the record: mark it as "
                "dropped instead of removing it.",
            ) from None
        raise RefusedByDatabase(rule) from None


def insert_contract(conn: Connection, client_id: int, terms: ContractTerms, now: str) -> int:
    with _explained(conn, client_id, terms.kind):
        cursor = conn.execute(
            "INSERT INTO contracts (client_id, kind, status, starts_on, ends_on, fee_minor, "
            "currency, session_minutes, payer_third_party, payer_name, payer_address, "
            "coaching_edge, screening_reason, phase_beginning, phase_end, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (client_id, terms.kind.value, *_common_values(terms), now, now),
        )
        contract_id = int(cursor.lastrowid)
        _write_parts(conn, contract_id, terms, now)
    return contract_id


def update_contract(
    conn: Connection, contract_id: int, client_id: int, terms: ContractTerms, now: str
) -> None:
    with _explained(conn, client_id, terms.kind):
        conn.execute(
            "UPDATE contracts SET kind = ?, status = ?, starts_on = ?, ends_on = ?, "
            "fee_minor = ?, currency = ?, session_minutes = ?, payer_third_party = ?, "
            "payer_name = ?, payer_address = ?, coaching_edge = ?, screening_reason = ?, "
            "phase_beginning = ?, phase_end = ?, updated_at = ? WHERE id = ?",
            (terms.kind.value, *_common_values(terms), now, contract_id),
        )
        _write_parts(conn, contract_id, terms, now)


def _common_values(terms: ContractTerms) -> tuple[object, ...]:
    therapy = terms.therapy or TherapyTerms()
    return (
        terms.status.value,
        _iso(terms.starts_on),
        _iso(terms.ends_on),
        terms.fee_minor,
        terms.currency,
        terms.session_minutes,
        int(terms.payer.third_party),
        terms.payer.name,
        terms.payer.address,
        int(therapy.coaching_edge),
        therapy.screening_reason,
        terms.phase_beginning,
        terms.phase_end,
    )


def _write_parts(conn: Connection, contract_id: int, terms: ContractTerms, now: str) -> None:
    _write_goals(conn, contract_id, terms.goals, now)
    conn.execute("DELETE FROM report_recipients WHERE contract_id = ?", (contract_id,))
    conn.execute("DELETE FROM coaching_terms WHERE contract_id = ?", (contract_id,))
    coaching = terms.coaching
    if coaching is None:
        return
    conn.execute(
        f"INSERT INTO coaching_terms (contract_id, {', '.join(_TERMS_COLUMNS)}) "
        f"VALUES (?, {', '.join('?' for _ in _TERMS_COLUMNS)})",
        (
            contract_id,
            coaching.sponsor_organisation,
            coaching.sponsor_contact,
            _iso(coaching.three_way_agreed_on),
            coaching.reporting_scope,
            coaching.reporting_frequency,
            *(getattr(coaching.profile, name) for name in _PROFILE_FIELDS),
            format_report_items(coaching.report_items),
        ),
    )
    conn.executemany(
        "INSERT INTO report_recipients (contract_id, name) VALUES (?, ?)",
        [(contract_id, name) for name in coaching.report_recipients],
    )


def _write_goals(conn: Connection, contract_id: int, goals: tuple[Goal, ...], now: str) -> None:
    """Keep goal ids stable (sessions will refer to them); remove goals no longer listed."""
    kept = [goal.id for goal in goals if goal.id is not None]
    conn.execute(
        f"DELETE FROM contract_goals WHERE contract_id = ? "
        f"AND id NOT IN ({', '.join('?' for _ in kept)})",
        (contract_id, *kept),
    )
    for position, goal in enumerate(goals):
        values = {
            "text": goal.text,
            "status": goal.status.value,
            "assessment": goal.assessment,
            "position": position,
            "now": now,
            "id": goal.id,
            "contract_id": contract_id,
        }
        if goal.id is None:
            conn.execute(
                "INSERT INTO contract_goals (contract_id, position, text, status, assessment, "
                "updated_at) VALUES (:contract_id, :position, :text, :status, :assessment, :now)",
                values,
            )
        else:
            # The right-hand sides all see the old row, so the CASE compares old with new.
            conn.execute(
                "UPDATE contract_goals SET updated_at = CASE WHEN text = :text "
                "AND status = :status AND assessment = :assessment THEN updated_at ELSE :now END, "
                "text = :text, status = :status, assessment = :assessment, position = :position "
                "WHERE id = :id AND contract_id = :contract_id",
                values,
            )


def read_contracts(conn: Connection, client_id: int) -> list[Contract]:
    ids = [
        row[0]
        for row in conn.execute(
            "SELECT id FROM contracts WHERE client_id = ? ORDER BY coalesce(starts_on, created_at), id",
            (client_id,),
        )
    ]
    contracts = (read_contract(conn, contract_id) for contract_id in ids)
    return [contract for contract in contracts if contract is not None]


def read_contract(conn: Connection, contract_id: int) -> Contract | None:
    row = conn.execute(
        "SELECT id, client_id, kind, status, starts_on, ends_on, fee_minor, currency, "
        "session_minutes, payer_third_party, payer_name, payer_address, coaching_edge, "
        "screening_reason, created_at, updated_at, phase_beginning, phase_end "
        "FROM contracts WHERE id = ?",
        (contract_id,),
    ).fetchone()
    if row is None:
        return None
    kind = ContractKind(row[2])
    goals = tuple(
        Goal(text, GoalStatus(status), assessment, goal_id)
        for goal_id, text, status, assessment in conn.execute(
            "SELECT id, text, status, assessment FROM contract_goals "
            "WHERE contract_id = ? ORDER BY position, id",
            (contract_id,),
        )
    )
    terms = ContractTerms(
        kind=kind,
        status=ContractStatus(row[3]),
        starts_on=_day(row[4]),
        ends_on=_day(row[5]),
        fee_minor=row[6],
        currency=row[7],
        session_minutes=row[8],
        goals=goals,
        payer=Payer(bool(row[9]), row[10], row[11]),
        therapy=TherapyTerms(bool(row[12]), row[13]) if kind is ContractKind.THERAPY else None,
        coaching=_read_coaching(conn, contract_id),
        phase_beginning=row[16],
        phase_end=row[17],
    )
    return Contract(row[0], row[1], terms, row[14], row[15])


def _read_coaching(conn: Connection, contract_id: int) -> CoachingTerms | None:
    row = conn.execute(
        f"SELECT {', '.join(_TERMS_COLUMNS)} FROM coaching_terms WHERE contract_id = ?",
        (contract_id,),
    ).fetchone()
    if row is None:
        return None
    recipients = tuple(
        name
        for (name,) in conn.execute(
            "SELECT name FROM report_recipients WHERE contract_id = ? ORDER BY id", (contract_id,)
        )
    )
    profile = CoacheeProfile(*row[5:-1])
    items = parse_report_items(row[-1])
    return CoachingTerms(row[0], row[1], _day(row[2]), row[3], row[4], recipients, profile, items)
