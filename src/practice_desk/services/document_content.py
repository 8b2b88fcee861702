"""What goes on each document, as blocks for the shared page template.

These functions only arrange what they are handed: services/documents.py decides, through
the disclosure rules, what may be handed to them at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from practice_desk.domain.contracts import Contract, ContractKind
from practice_desk.domain.disclosure import Part
from practice_desk.domain.invoices import BillTo
from practice_desk.domain.money import format_fee
from practice_desk.domain.progress_history import GoalTrack, SessionProgress
from practice_desk.domain.progress_markers import MarkerKind, ProgressMarker, Voice
from practice_desk.domain.session_notes import Addendum, NoteField, Session
from practice_desk.reports.blocks import (
    Block,
    DocumentContent,
    Facts,
    Grid,
    Group,
    Heading,
    Rule,
    Text,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from practice_desk.domain.appointments import Appointment
    from practice_desk.domain.clients import Client
    from practice_desk.domain.invoices import Invoice
    from practice_desk.domain.profile import PracticeProfile
    from practice_desk.domain.sponsor_reports import SponsorReport
    from practice_desk.services.sessions import SessionRecord

MARKER_WIDTHS = (0.1, 0.13, 0.17, 0.16, 0.44)
MARKER_HEADINGS = ("Time", "Phase", "Marker", "Voiced by", "In a few words")
_QUOTED = (NoteField.TAKEAWAYS,)


# --- session record ------------------------------------------------------------------------------


def session_record(
    record: SessionRecord, contract: Contract, tz: ZoneInfo, process_note_reason: str | None
) -> DocumentContent:
    session = record.session
    start = session.started_at.astimezone(tz)
    blocks: list[Block] = [
        Facts(
            (
                ("Client", session.client_name),
                ("Work", work_label(contract)),
                ("Date", day_text(start.date())),
                ("Time", _time_span(session, tz)),
                ("Duration", minutes_text(record.reading.elapsed)),
                ("Status", _signed_text(session, tz)),
            )
        )
    ]
    if session.structured:
        blocks += [Heading("Time in each phase"), _phase_grid(record)]
    goals = _goal_texts(contract, session.goal_ids)
    if goals:
        blocks += [Heading("Goals worked on"), Text("\n".join(f"• {text}" for text in goals))]
    blocks += _note_blocks(session)
    blocks += _marker_blocks(record.markers, tz, goals_by_id(contract))
    if record.addenda:
        blocks.append(Heading("Addenda"))
        blocks += _addenda_blocks(record.addenda, tz)
    if record.process_note is not None:
        blocks += [
            Heading("Process notes"),
            Text(
                "Private process notes, included deliberately. Reason given: "
                f"{process_note_reason or ''}".strip(),
                "warning",
            ),
            Text(record.process_note or "No process notes were written for this session."),
        ]
    subtitle = f"{session.kind.label} · {day_text(start.date())}, {start:%H:%M}"
    return DocumentContent("Session record", session.client_name, tuple(blocks), subtitle)


def _phase_grid(record: SessionRecord) -> Grid:
    reading = record.reading
    plan = record.session.plan
    rows = tuple(
        (
            phase.label,
            f"{plan.minutes(phase)} min",
            minutes_text(reading.spent.get(phase, 0.0)),
        )
        for phase in reading.phases
    )
    total = ("Total", f"{plan.total} min", minutes_text(reading.elapsed))
    return Grid(("Phase", "Planned", "Spent"), rows, (0.4, 0.3, 0.3), (1, 2), total)


def _note_blocks(session: Session) -> list[Block]:
    fields = tuple(NoteField) if session.structured else (NoteField.WORKING_NOTES,)
    filled = [(which, session.note.text(which)) for which in fields if session.note.text(which)]
    if not filled:
        return [Heading("Notes"), Text("No notes were written for this session.", "muted")]
    blocks: list[Block] = [Heading("Notes")]
    for which, text in filled:
        label = "Notes" if not session.structured else which.label
        style = "quote" if which in _QUOTED else "body"
        blocks.append(Group((Heading(label, 2), Text(text, style))))
    return blocks


def _marker_blocks(
    markers: Sequence[ProgressMarker], tz: ZoneInfo, goals: Mapping[int, str]
) -> list[Block]:
    if not markers:
        return []
    return [Heading("Progress markers"), marker_grid(markers, tz, goals)]


def marker_grid(markers: Sequence[ProgressMarker], tz: ZoneInfo, goals: Mapping[int, str]) -> Grid:
    rows = []
    for marker in sorted(markers, key=lambda item: item.at):
        words = marker.text
        if marker.goal_id is not None and marker.goal_id in goals:
            words = f"{words}\n(Goal: {goals[marker.goal_id]})".strip()
        rows.append(
            (
                f"{marker.at.astimezone(tz):%H:%M}",
                marker.phase.label,
                marker.kind.label,
                _voice(marker).capitalize(),
                words,
            )
        )
    return Grid(MARKER_HEADINGS, tuple(rows), MARKER_WIDTHS)


def _addenda_blocks(addenda: Iterable[Addendum], tz: ZoneInfo) -> list[Block]:
    return [
        Group((Heading(f"Addendum, {stamp_text(item.written_at, tz)}", 2), Text(item.body)))
        for item in addenda
    ]


# --- client record -------------------------------------------------------------------------------


def client_record(
    client: Client,
    contracts: Sequence[Contract],
    sessions: Sequence[SessionProgress],
    goals: Sequence[GoalTrack],
    addenda: Mapping[int, tuple[Addendum, ...]],
    period: tuple[date, date],
    tz: ZoneInfo,
    process_notes: Mapping[int, str] | None = None,
    process_note_reason: str = "",
) -> DocumentContent:
    """`process_notes` (session id -> text) is None unless they were deliberately included
    with a reason; then every therapy session shows its process notes, or says there are none."""
    first, last = period
    name = client.details.display_name
    by_id = {contract.id: contract for contract in contracts}
    goal_names = {
        goal.id: goal.text for contract in contracts for goal in contract.terms.goals if goal.id
    }
    blocks: list[Block] = [
        Facts(
            (
                ("Client", name),
                ("Period", f"{day_text(first)} – {day_text(last)}"),
                ("Work", "; ".join(_contract_line(contract) for contract in contracts) or "—"),
                ("Sessions", _count(len(sessions), "session")),
            )
        )
    ]
    if process_notes is not None:
        blocks.append(
            Text(
                "Private process notes are included deliberately. Reason given: "
                f"{process_note_reason}".strip(),
                "warning",
            )
        )
    shown = {item.session.id for item in sessions}
    tracks = [track for track in goals if track.goal.id in goal_names]
    if tracks:
        blocks += [Heading("Goals and their progress"), _goal_grid(tracks, shown)]
    if sessions:
        blocks += [Heading("Progress markers"), _marker_summary(sessions)]
    blocks.append(Heading("Sessions"))
    if not sessions:
        blocks.append(Text("There are no sessions in this period.", "muted"))
    for item in sessions:
        session = item.session
        contract = by_id.get(session.contract_id)
        blocks += _session_summary(item, contract, tz, goal_names, addenda.get(session.id, ()))
        if process_notes is not None and session.kind is ContractKind.THERAPY:
            blocks.append(
                Group(
                    (
                        Heading("Process notes", 2),
                        Text(
                            process_notes.get(session.id)
                            or "No process notes were written for this session."
                        ),
                    )
                )
            )
    return DocumentContent(
        "Client record", name, tuple(blocks), f"{day_text(first)} – {day_text(last)}"
    )


def _session_summary(
    item: SessionProgress,
    contract: Contract | None,
    tz: ZoneInfo,
    goals: Mapping[int, str],
    addenda: Sequence[Addendum],
) -> list[Block]:
    session = item.session
    start = session.started_at.astimezone(tz)
    status = "Signed" if session.is_signed else "Not signed yet (draft)"
    if session.is_running:
        status = "In progress"
    head = Group(
        (
            Heading(f"{day_text(start.date())}, {start:%H:%M}", 2),
            Text(f"{work_label(contract) if contract else session.kind.label} · {status}", "muted"),
        )
    )
    blocks: list[Block] = [Rule(), head]
    fields = tuple(NoteField) if session.structured else (NoteField.WORKING_NOTES,)
    for which in fields:
        text = session.note.text(which)
        if text:
            label = which.label if session.structured else "Notes"
            blocks.append(Text(f"{label}: {text}", "quote" if which in _QUOTED else "body"))
    if item.markers:
        # One line per marker: over hundreds of sessions a table each would double the pages.
        blocks.append(Text("\n".join(_marker_line(m, tz, goals) for m in item.markers), "muted"))
    blocks += _addenda_blocks(addenda, tz)
    return blocks


def _marker_line(marker: ProgressMarker, tz: ZoneInfo, goals: Mapping[int, str]) -> str:
    line = f"{marker.at.astimezone(tz):%H:%M} · {marker.kind.label} ({_voice(marker)})"
    if marker.text:
        line += f": {marker.text}"
    if marker.goal_id is not None and marker.goal_id in goals:
        line += f" (goal: {goals[marker.goal_id]})"
    return line


def _voice(marker: ProgressMarker) -> str:
    return "client" if marker.voice is Voice.CLIENT else "practitioner"


def _goal_grid(tracks: Sequence[GoalTrack], shown: set[int]) -> Grid:
    rows = tuple(
        (
            track.goal.text,
            track.goal.status.label,
            _count(sum(1 for sid in track.sessions if sid in shown), "session"),
            track.goal.assessment or "—",
        )
        for track in tracks
    )
    return Grid(("Goal", "Status", "Worked on in", "Assessment"), rows, (0.38, 0.14, 0.16, 0.32))


def _marker_summary(sessions: Sequence[SessionProgress]) -> Grid:
    totals = {kind: 0 for kind in MarkerKind}
    for item in sessions:
        for marker in item.markers:
            totals[marker.kind] += 1
    rows = tuple((kind.label, kind.hint, str(count)) for kind, count in totals.items())
    total = ("All markers", "", str(sum(totals.values())))
    return Grid(("Marker", "What it marks", "Count"), rows, (0.25, 0.6, 0.15), (2,), total)


def _contract_line(contract: Contract) -> str:
    span = ""
    if contract.terms.starts_on:
        span = f" from {day_text(contract.terms.starts_on)}"
    return f"{work_label(contract)}{span} ({contract.terms.status.label.lower()})"


# --- consultation --------------------------------------------------------------------------------


def consultation_summary(
    client: Client, consultations: Sequence[Appointment], tz: ZoneInfo
) -> DocumentContent:
    record = client.consultation
    assert record is not None
    name = client.details.display_name
    facts = [
        ("Client", name),
        ("Held on", day_text(record.held_on)),
        ("Outcome", record.outcome.label),
    ]
    held = [
        item for item in consultations if item.starts_at.astimezone(tz).date() == record.held_on
    ]
    if held:
        start = held[0].starts_at.astimezone(tz)
        facts.append(("Time", f"{start:%H:%M}, {held[0].minutes} min"))
    blocks: list[Block] = [Facts(tuple(facts)), Heading("Notes")]
    blocks.append(Text(record.note) if record.note else Text("No note was written.", "muted"))
    return DocumentContent(
        "Consultation summary",
        name,
        tuple(blocks),
        f"Initial consultation · {day_text(record.held_on)}",
    )


# --- invoice and receipt -------------------------------------------------------------------------


def invoice(
    bill: Invoice,
    client_name: str,
    service_kind: ContractKind | None,
    profile: PracticeProfile,
) -> DocumentContent:
    """`service_kind` None names every line neutrally (a payer of therapy)."""
    title = "Receipt" if bill.is_paid else "Invoice"
    to = bill.bill_to_name + (f"\n{bill.bill_to_address}" if bill.bill_to_address else "")
    by = profile.practitioner_name
    # Credentials such as "Psychotherapist" would name the service a neutral invoice hides.
    if profile.credentials and service_kind is not None:
        by += f", {profile.credentials}"
    facts = [
        ("Number", bill.number),
        ("Date", day_text(bill.issued_on)),
        ("From", f"{profile.practice_name}\n{by}"),
        ("To", to),
    ]
    if bill.is_paid and bill.paid_on:
        facts.append(("Paid", f"In full on {day_text(bill.paid_on)}"))
    rows = tuple(
        (day_text(line.service_on), line.service.label(service_kind), format_fee(line.fee_minor))
        for line in bill.lines
    )
    total = ("", "Total", format_fee(bill.total_minor, bill.currency))
    blocks: list[Block] = [
        Facts(tuple(facts)),
        Heading("Services"),
        Grid(("Date", "Service", f"Fee ({bill.currency})"), rows, (0.3, 0.45, 0.25), (2,), total),
    ]
    if bill.is_paid:
        blocks.append(Text("Thank you: this invoice has been paid in full.", "muted"))
    else:
        blocks.append(Text(f"Please quote {bill.number} with your payment.", "muted"))
    # The footer names the client's display name for the practitioner's own filing; for a
    # payer the number is enough to match the payment.
    subject = client_name if bill.bill_to is BillTo.CLIENT else bill.number
    return DocumentContent(title, subject, tuple(blocks), f"{title} {bill.number}")


# --- sponsor report ------------------------------------------------------------------------------


def sponsor_report(
    report: SponsorReport, contract: Contract, parts: frozenset[Part]
) -> DocumentContent:
    coaching = contract.terms.coaching
    sponsor = coaching.sponsor_organisation if coaching else ""
    name = report.client_name
    period = f"{day_text(report.period_from)} – {day_text(report.period_to)}"
    facts = [("Coachee", name), ("Sponsor", sponsor or "—"), ("Period", period)]
    if report.approved_at is not None:
        facts.append(("Approved by the coachee", report.approval_note))
    blocks: list[Block] = [Facts(tuple(facts))]
    content = report.content
    if Part.ATTENDANCE in parts:
        blocks.append(Heading("Sessions"))
        if content.attendance:
            rows = tuple((day_text(row.day), row.status) for row in content.attendance)
            blocks.append(Grid(("Date", "Attendance"), rows, (0.5, 0.5)))
        else:
            blocks.append(Text("No sessions were held in this period.", "muted"))
    if Part.GOALS in parts and content.goals:
        blocks.append(Heading("Work goals"))
        if Part.ASSESSMENT in parts:
            rows = tuple((row.text, row.status, row.assessment or "—") for row in content.goals)
            grid = Grid(("Goal", "Status", "Assessment"), rows, (0.45, 0.15, 0.4))
        else:
            rows = tuple((row.text, row.status) for row in content.goals)
            grid = Grid(("Goal", "Status"), rows, (0.75, 0.25))
        blocks.append(grid)
    if Part.SPONSOR_SUMMARY in parts and content.summary:
        blocks += [Heading("Summary"), Text(content.summary)]
    blocks.append(
        Text(
            "This report holds only what the coaching agreement allows to be reported, and "
            "the coachee approved it before release.",
            "muted",
        )
    )
    return DocumentContent("Coaching report", name, tuple(blocks), period)


# --- words ---------------------------------------------------------------------------------------


def work_label(contract: Contract) -> str:
    therapy = contract.terms.therapy
    if contract.kind is ContractKind.THERAPY and therapy and therapy.coaching_edge:
        return "Therapy with a coaching edge"
    return contract.kind.label


def goals_by_id(contract: Contract) -> dict[int, str]:
    return {goal.id: goal.text for goal in contract.terms.goals if goal.id is not None}


def _goal_texts(contract: Contract, goal_ids: Iterable[int]) -> list[str]:
    names = goals_by_id(contract)
    return [names[goal_id] for goal_id in goal_ids if goal_id in names]


def day_text(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def stamp_text(instant: datetime, tz: ZoneInfo) -> str:
    local = instant.astimezone(tz)
    return f"{day_text(local.date())}, {local:%H:%M}"


def minutes_text(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _time_span(session: Session, tz: ZoneInfo) -> str:
    start = session.started_at.astimezone(tz)
    if session.finished_at is None:
        return f"{start:%H:%M} (still running)"
    return f"{start:%H:%M} – {session.finished_at.astimezone(tz):%H:%M}"


def _signed_text(session: Session, tz: ZoneInfo) -> str:
    if session.signed_at is not None:
        return f"Signed {stamp_text(session.signed_at, tz)}"
    if session.is_running:
        return "In progress: not signed"
    return "Not signed yet: a draft, open to change"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")
