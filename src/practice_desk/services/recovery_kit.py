"""Saving the recovery kit: only where the practitioner chose, written atomically."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from practice_desk.domain.clock import Clock
from practice_desk.domain.profile import PracticeProfile
from practice_desk.domain.recovery_code import format_recovery_code
from practice_desk.safe_files import write_atomic


def recovery_kit_bytes(
    profile: PracticeProfile, vault_id: str, created_at: datetime, code: str, clock: Clock
) -> bytes:
    from practice_desk.reports.recovery_kit import recovery_kit_pdf  # reportlab loads on demand

    return recovery_kit_pdf(
        practice_name=profile.practice_name,
        practitioner_name=profile.practitioner_name,
        vault_id=vault_id,
        created_at=created_at.astimezone(),
        formatted_code=format_recovery_code(code),
        printed_at=clock.now().astimezone(),
    )


def save_recovery_kit(
    target: Path,
    profile: PracticeProfile,
    vault_id: str,
    created_at: datetime,
    code: str,
    clock: Clock,
) -> Path:
    target = Path(target)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    write_atomic(target, recovery_kit_bytes(profile, vault_id, created_at, code, clock))
    return target
