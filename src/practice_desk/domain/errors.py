"""The base of every error a practitioner may see.

Messages are written for a clinician, not an engineer, and never contain client data:
they may reach a dialog, a log line or a crash report.
"""

from __future__ import annotations


class PracticeDeskError(Exception):
    """An expected problem with a plain message and advice on what to do next."""

    title = "Something went wrong"

    def __init__(self, message: str, advice: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()
