"""The custodian package (a professional will): an encrypted backup a designated colleague
can open with an access code of its own, plus a printable page telling them how.

The package's key file is the practice's own with the recovery slot rewrapped for a fresh
access code, so neither the practitioner's passphrase nor their recovery code is ever shared.
Opening it with the code counts as a recovery: the colleague must choose their own passphrase.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from practice_desk.domain.audit import AuditAction
from practice_desk.domain.fields import single_line
from practice_desk.domain.recovery_code import format_recovery_code, generate_recovery_code
from practice_desk.safe_files import write_atomic
from practice_desk.security import keyfile

if TYPE_CHECKING:
    from practice_desk.services.practice import Practice

COLLEAGUE_MAX = 120


@dataclass(frozen=True)
class CustodianPackage:
    package: Path
    instructions: Path
    formatted_code: str  # shown once on screen too, for the practitioner to check the print


def write_custodian_package(
    practice: Practice, folder: Path, colleague_name: str = ""
) -> CustodianPackage:
    """Write the encrypted package and its instructions PDF into `folder`."""
    colleague = single_line("colleague", "The colleague's name", colleague_name, COLLEAGUE_MAX)
    code = generate_recovery_code()
    key_file, raw_key = practice.key_material()
    package_key_file = keyfile.rewrap(key_file, raw_key, "recovery", code)
    result = practice.backups.job_with_key_file("custodian", Path(folder), package_key_file).run()
    instructions = result.path.with_name(
        result.path.name.replace("custodian", "custodian-instructions").replace(".pdbackup", ".pdf")
    )
    from practice_desk.reports.custodian_instructions import custodian_instructions_pdf

    profile = practice.profile
    formatted = format_recovery_code(code)
    try:
        write_atomic(
            instructions,
            custodian_instructions_pdf(
                practice_name=profile.practice_name,
                practitioner_name=profile.practitioner_name,
                colleague_name=colleague,
                vault_id=practice.vault_id,
                package_name=result.path.name,
                made_at=result.created_at.astimezone(),
                formatted_code=formatted,
                printed_at=practice.clock.now().astimezone(),
            ),
        )
    except BaseException:
        result.path.unlink(missing_ok=True)  # a package nobody could be told how to open
        raise
    practice.audit.record(AuditAction.CUSTODIAN_PACKAGE_WRITTEN)
    return CustodianPackage(result.path, instructions, formatted)
