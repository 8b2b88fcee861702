"""The referral note offered when the rules say "not with me": a draft for the practitioner to
edit, naming the kind of work wanted and nothing of what was said in the work so far."""

from __future__ import annotations

from practice_desk.domain.contracts import ContractKind

_WORK = {ContractKind.THERAPY: "psychotherapy", ContractKind.COACHING: "coaching"}


def referral_note_draft(
    client_name: str,
    wanted: ContractKind,
    held: ContractKind | None,
    practitioner: str,
) -> str:
    reason = (
        f"As {client_name} has worked with me in {_WORK[held]}, I don't offer "
        f"{_WORK[wanted]} to them myself: keeping the two roles apart protects the work "
        "we have done together."
        if held is not None and held is not wanted
        else "I am not able to offer this work myself."
    )
    return (
        "Dear colleague,\n\n"
        f"I would like to refer {client_name} to you for {_WORK[wanted]}. {reason}\n\n"
        f"With {client_name}'s agreement I am glad to share whatever helps you make a good "
        "start.\n\n"
        f"Kind regards,\n{practitioner}"
    )
