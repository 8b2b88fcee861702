"""How strong a passphrase is, in words a practitioner can act on (zxcvbn underneath)."""

from __future__ import annotations

from collections.abc import Sequence

from practice_desk.domain.passphrase import PassphraseVerdict, judge_passphrase

_SCORED_PREFIX = 100  # zxcvbn slows down on very long input; the first 100 characters tell enough


def assess_passphrase(passphrase: str, personal_words: Sequence[str] = ()) -> PassphraseVerdict:
    """Judge a passphrase; `personal_words` (practice and practitioner name) count as guessable."""
    if not passphrase:
        return judge_passphrase(passphrase, 0)
    from zxcvbn import zxcvbn

    words = [word for text in personal_words for word in text.split() if len(word) > 2]
    result = zxcvbn(passphrase[:_SCORED_PREFIX], user_inputs=words)
    feedback = result.get("feedback") or {}
    suggestion = feedback.get("warning") or " ".join(feedback.get("suggestions") or [])
    return judge_passphrase(passphrase, int(result["score"]), suggestion)
