"""A client's own record as data: the machine-readable half of an access request.

GDPR Art. 15 gives clients a copy of what is held about them, and Art. 20 asks for it "in a
structured, commonly used and machine-readable format". This module gathers it as plain
dictionaries for JSON; services/exports.py writes the file next to the PDF record.

The structure, version 1 (keys appear in this order; absent values are null, lists may be
empty; dates are "YYYY-MM-DD", moments ISO 8601 with the practice's UTC offset; fees are
whole cents in `fee_minor` with the `currency` code beside them):

    format           "practice-desk/client-export"
    version          1
    exported_at      when the file was made
    about            a sentence for the reader
    practice         practice_name, practitioner_name, credentials
    client           id, personal details as held, status, kind_of_work, notes, created_at...
    consultation     outcome, held_on, note (or null)
    contracts        kind, status, dates, session length, fee, payer, therapy terms or
                     coaching terms (sponsor, reporting terms, coachee profile), goals
    appointments     kind, start and end, status, cancellation, note
    sessions         times, status, planned and spent minutes per phase, the note's fields,
                     goals worked on, progress markers, addenda; `process_notes` appears only
                     when they were deliberately included with a reason
    invoices         number, dates, to whom, lines, total, paid on
    sponsor_reports  approved reports only, exactly as the client approved them
    referral_notes   to whom, the text, when
    process_notes_included   null, or {"reason": ...}

Left out on purpose: another person's data (the "different person" confirmations name a second
client), the audit trail (the practice's own accountability record), and report drafts the
client has not approved.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from practice_desk.domain.contracts import Contract, ContractKind
from practice_desk.domain.session_notes import NoteField, Session

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from practice_desk.domain.appointments import Appointment
    from practice_desk.domain.clients import Client
    from practice_desk.domain.invoices import Invoice
    from practice_desk.domain.progress_markers import ProgressMarker
    from practice_desk.domain.sponsor_reports import SponsorReport
    from practice_desk.services.clients import ReferralNote
    from practice_desk.services.practice import Practice

FORMAT = "practice-desk/client-export"
VERSION = 1
ABOUT = (
    "Everything this practice holds about you that you may receive, as data a computer can "
    "read. The PDF beside this file shows the same record for reading."
)

Json = dict[str, Any]


def client_data(
    practice: Practice,
    client_id: int,
    process_notes: dict[int, str] | None = None,
    process_note_reason: str = "",
) -> Json:
    """The whole export as a dictionary, ready for json.dumps. `process_notes` (session id ->
    text) is None unless they were deliberately included with `process_note_reason`."""
    tz = practice.bookings.settings.tz
    client = practice.clients.get(client_id)
    contracts = practice.contracts.for_client(client_id)
    by_id = {contract.id: contract for contract in contracts}
    goal_texts = {
        goal.id: goal.text for contract in contracts for goal in contract.terms.goals if goal.id
    }
    sessions = sorted(
        practice.sessions.for_client(client_id), key=lambda item: (item.started_at, item.id)
    )
    profile = practice.profile
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _moment(practice.clock.now(), tz),
        "about": ABOUT,
        "practice": {
            "practice_name": profile.practice_name,
            "practitioner_name": profile.practitioner_name,
            "credentials": profile.credentials,
        },
        "client": _client(client, tz),
        "consultation": _consultation(client),
        "contracts": [_contract(contract, tz) for contract in contracts],
        "appointments": [
            _appointment(item, tz) for item in practice.bookings.for_client(client_id)
        ],
        "sessions": [
            _session(practice, session, tz, goal_texts, process_notes) for session in sessions
        ],
        "invoices": [
            _invoice(invoice, by_id.get(invoice.contract_id))
            for invoice in practice.invoices.for_client(client_id)
        ],
        "sponsor_reports": [
            _sponsor_report(report, by_id.get(report.contract_id), tz)
            for report in practice.sponsor_reports.for_client(client_id)
            if report.is_approved
        ],
        "referral_notes": [
            _referral_note(note, tz) for note in practice.clients.referral_notes(client_id)
        ],
        "process_notes_included": None
        if process_notes is None
        else {"reason": process_note_reason},
    }


# --- the parts -----------------------------------------------------------------------------------


def _client(client: Client, tz: ZoneInfo) -> Json:
    details = client.details
    return {
        "id": client.id,
        "display_name": details.display_name,
        "legal_name": details.legal_name,
        "date_of_birth": _day(details.date_of_birth),
        "pronouns": details.pronouns,
        "email": details.email,
        "phone": details.phone,
        "address": details.address,
        "emergency_contact": details.emergency_contact,
        "referral_source": details.referral_source,
        "status": details.status.value,
        "kind_of_work": client.kind.value if client.kind else None,
        "notes": details.notes,
        "created_at": _stamp(client.created_at, tz),
        "updated_at": _stamp(client.updated_at, tz),
    }


def _consultation(client: Client) -> Json | None:
    record = client.consultation
    if record is None:
        return None
    return {"outcome": record.outcome.value, "held_on": _day(record.held_on), "note": record.note}


def _contract(contract: Contract, tz: ZoneInfo) -> Json:
    terms = contract.terms
    therapy = terms.therapy
    coaching = terms.coaching
    return {
        "id": contract.id,
        "kind": terms.kind.value,
        "status": terms.status.value,
        "starts_on": _day(terms.starts_on),
        "ends_on": _day(terms.ends_on),
        "session_minutes": terms.session_minutes,
        "fee_minor": terms.fee_minor,
        "currency": terms.currency,
        "payer": {
            "third_party": terms.payer.third_party,
            "name": terms.payer.name,
            "address": terms.payer.address,
        },
        "therapy_terms": None
        if therapy is None
        else {"coaching_edge": therapy.coaching_edge, "screening_reason": therapy.screening_reason},
        "coaching_terms": None
        if coaching is None
        else {
            "sponsor_organisation": coaching.sponsor_organisation,
            "sponsor_contact": coaching.sponsor_contact,
            "three_way_agreed_on": _day(coaching.three_way_agreed_on),
            "reporting_scope": coaching.reporting_scope,
            "reporting_frequency": coaching.reporting_frequency,
            "report_recipients": list(coaching.report_recipients),
            "report_items": sorted(item.value for item in coaching.report_items),
            "coachee_profile": {
                "personality": coaching.profile.personality,
                "life_story": coaching.profile.life_story,
                "competences": coaching.profile.competences,
                "aspirations": coaching.profile.aspirations,
                "work_environment": coaching.profile.work_environment,
                "organisational_role": coaching.profile.organisational_role,
                "pro": coaching.profile.pro,
                "organisation_in_mind": coaching.profile.organisation_in_mind,
            },
        },
        "goals": [
            {
                "id": goal.id,
                "text": goal.text,
                "status": goal.status.value,
                "assessment": goal.assessment,
            }
            for goal in terms.goals
        ],
        "created_at": _stamp(contract.created_at, tz),
    }


def _appointment(appointment: Appointment, tz: ZoneInfo) -> Json:
    return {
        "id": appointment.id,
        "kind": appointment.kind.value,
        "contract_id": appointment.contract_id,
        "starts_at": _moment(appointment.starts_at, tz),
        "ends_at": _moment(appointment.ends_at, tz),
        "minutes": appointment.minutes,
        "status": appointment.status.value,
        "cancelled_by": appointment.cancelled_by.value if appointment.cancelled_by else None,
        "cancelled_at": _moment(appointment.cancelled_at, tz),
        "note": appointment.note,
    }


def _session(
    practice: Practice,
    session: Session,
    tz: ZoneInfo,
    goal_texts: dict[int, str],
    process_notes: dict[int, str] | None,
) -> Json:
    reading = practice.sessions.reading(session)
    status = "signed" if session.is_signed else "draft"
    if session.is_running:
        status = "in_progress"
    fields = tuple(NoteField) if session.structured else (NoteField.WORKING_NOTES,)
    data: Json = {
        "id": session.id,
        "kind": session.kind.value,
        "contract_id": session.contract_id,
        "appointment_id": session.appointment_id,
        "structured": session.structured,
        "started_at": _moment(session.started_at, tz),
        "finished_at": _moment(session.finished_at, tz),
        "signed_at": _moment(session.signed_at, tz),
        "status": status,
        "phases": [
            {
                "phase": phase.value,
                "planned_minutes": session.plan.minutes(phase),
                "spent_minutes": round(reading.spent.get(phase, 0.0) / 60, 1),
            }
            for phase in reading.phases
        ],
        "note": {which.value: session.note.text(which) for which in fields},
        "goals_worked_on": [
            {"id": goal_id, "text": goal_texts.get(goal_id, "")} for goal_id in session.goal_ids
        ],
        "markers": [
            _marker(marker, tz, goal_texts) for marker in practice.sessions.markers(session.id)
        ],
        "addenda": [
            {"written_at": _moment(item.written_at, tz), "text": item.body}
            for item in practice.sessions.addenda(session.id)
        ],
    }
    if process_notes is not None and session.kind is ContractKind.THERAPY:
        data["process_notes"] = process_notes.get(session.id, "")
    return data


def _marker(marker: ProgressMarker, tz: ZoneInfo, goal_texts: dict[int, str]) -> Json:
    return {
        "at": _moment(marker.at, tz),
        "phase": marker.phase.value,
        "kind": marker.kind.value,
        "voice": marker.voice.value,
        "text": marker.text,
        "goal": None if marker.goal_id is None else goal_texts.get(marker.goal_id, ""),
    }


def _invoice(invoice: Invoice, contract: Contract | None) -> Json:
    kind = contract.kind if contract else None
    return {
        "number": invoice.number,
        "issued_on": _day(invoice.issued_on),
        "bill_to": invoice.bill_to.value,
        "bill_to_name": invoice.bill_to_name,
        "bill_to_address": invoice.bill_to_address,
        "currency": invoice.currency,
        "lines": [
            {
                "service_on": _day(line.service_on),
                "service": line.service.value,
                "description": line.service.label(kind),
                "fee_minor": line.fee_minor,
            }
            for line in invoice.lines
        ],
        "total_minor": invoice.total_minor,
        "paid_on": _day(invoice.paid_on),
    }


def _sponsor_report(report: SponsorReport, contract: Contract | None, tz: ZoneInfo) -> Json:
    coaching = contract.terms.coaching if contract else None
    content = report.content
    return {
        "sponsor_organisation": coaching.sponsor_organisation if coaching else "",
        "period_from": _day(report.period_from),
        "period_to": _day(report.period_to),
        "items": sorted(item.value for item in report.items),
        "attendance": [{"day": _day(row.day), "status": row.status} for row in content.attendance],
        "goals": [
            {"text": row.text, "status": row.status, "assessment": row.assessment}
            for row in content.goals
        ],
        "summary": content.summary,
        "approved_at": _moment(report.approved_at, tz),
        "approval_note": report.approval_note,
    }


def _referral_note(note: ReferralNote, tz: ZoneInfo) -> Json:
    return {
        "addressed_to": note.addressed_to,
        "text": note.body,
        "written_at": _stamp(note.written_at, tz),
    }


# --- values --------------------------------------------------------------------------------------


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _moment(instant: datetime | None, tz: ZoneInfo | None) -> str | None:
    if instant is None:
        return None
    if instant.tzinfo is None:  # stored instants are UTC
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(tz or UTC).isoformat(timespec="seconds")


def _stamp(text: str, tz: ZoneInfo | None) -> str | None:
    """A stored UTC stamp ("2026-01-05T09:00:00.000000Z") in the practice's time."""
    if not text:
        return None
    try:
        return _moment(datetime.fromisoformat(text), tz)
    except ValueError:  # an older or hand-made stamp: pass it on as it is rather than fail
        return text
