"""Who the practice is: shown on the unlock screen, printed on every document."""

from __future__ import annotations

from dataclasses import dataclass

NAME_MAX = 120
CREDENTIALS_MAX = 200


class ProfileInvalid(ValueError):
    pass


@dataclass(frozen=True)
class PracticeProfile:
    practice_name: str
    practitioner_name: str
    credentials: str = ""

    def validated(self) -> PracticeProfile:
        """Return a trimmed copy, or raise ProfileInvalid with a message for the form."""
        practice = " ".join(self.practice_name.split())
        practitioner = " ".join(self.practitioner_name.split())
        credentials = " ".join(self.credentials.split())
        if not practice:
            raise ProfileInvalid("Please enter a name for your practice.")
        if not practitioner:
            raise ProfileInvalid("Please enter your name as it should appear on records.")
        if len(practice) > NAME_MAX or len(practitioner) > NAME_MAX:
            raise ProfileInvalid(f"Names can be at most {NAME_MAX} characters long.")
        if len(credentials) > CREDENTIALS_MAX:
            raise ProfileInvalid(f"Credentials can be at most {CREDENTIALS_MAX} characters long.")
        return PracticeProfile(practice, practitioner, credentials)
