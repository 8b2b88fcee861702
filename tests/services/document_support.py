"""Helpers for the document tests: a signed session with planted words in every field, and
reading PDFs back as a reader would."""

from __future__ import annotations

import io

from pypdf import PdfReader

from practice_desk.domain.progress_markers import MarkerKind, Voice
from practice_desk.domain.session_notes import NoteField
from tests.services.session_support import book_session, move_clock_to

NOTE = "NOTE-OTTER-4410"
MARKER = "MARK-HERON-5521"
ADDENDUM = "ADDM-LYNX-9902"
PROCESS = "PROC-ZEBRA-7731"
CLINICAL = (NOTE, MARKER, ADDENDUM, PROCESS)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def flat(text: str) -> str:
    """Extracted text with line breaks folded, so wrapped phrases can be found."""
    return " ".join(text.split())


def signed_session(practice, clock, client_id, contract, *, day, hour=10, process=True):
    """A booked session run from start to a signed note, every field planted, then an addendum.
    Returns the session and its appointment."""
    appointment = book_session(practice, client_id, contract, hour=hour, day=day)
    move_clock_to(clock, appointment.starts_at)
    sessions = practice.sessions
    session = sessions.start(appointment_id=appointment.id)
    for which in NoteField:
        if session.structured or which is NoteField.WORKING_NOTES:
            sessions.save_text(session.id, which, f"{NOTE} {which.value}")
    if contract.terms.goals:
        sessions.link_goals(session.id, [contract.terms.goals[0].id])
    clock.advance(minutes=4)
    sessions.add_marker(session.id, MarkerKind.INSIGHT, text=f"{MARKER} insight")
    if process and contract.kind.value == "therapy":
        sessions.save_process_note(session.id, f"{PROCESS} the pull to rescue")
    clock.advance(minutes=8)
    if session.structured:
        sessions.advance(session.id)
    clock.advance(minutes=30)
    sessions.add_marker(
        session.id, MarkerKind.TAKEAWAY, voice=Voice.CLIENT, text=f"{MARKER} takeaway"
    )
    if session.structured:
        sessions.advance(session.id)
    clock.advance(minutes=9)
    sessions.sign(session.id)
    sessions.add_addendum(session.id, f"{ADDENDUM} a dated correction")
    return sessions.get(session.id), practice.bookings.get(appointment.id)
