"""Contact details for the sample practice: e-mail addresses on reserved example domains and
phone numbers from ranges kept free for fiction, so no real person can be reached by mistake.

- UK: Ofcom's drama ranges (020 7946 0xxx, 0161 496 0xxx, 01632 960xxx, 07700 900xxx, ...).
- North America: 555-0100 to 555-0199, under any area code.
- Australia: ACMA's 5550 xxxx under each mainland area code.

Every e-mail address and every phone number is handed out once (compared the way the
duplicate guard compares them), so two sample clients never look like one person by accident.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from practice_desk.domain.duplicates import phone_key
from practice_desk.domain.text_fold import email_key
from practice_desk.services.sample_names import PersonName

EMAIL_DOMAINS = (
    "example.org",
    "example.net",
    "example.com",
    "mail.example.org",
    "post.example.net",
)

# (area code without the trunk 0, subscriber number with {n} for the free digits, digits in n)
_UK = (
    ("20", "7946 0{n}", 3),  # London
    ("113", "496 0{n}", 3),  # Leeds
    ("114", "496 0{n}", 3),  # Sheffield
    ("115", "496 0{n}", 3),  # Nottingham
    ("116", "496 0{n}", 3),  # Leicester
    ("117", "496 0{n}", 3),  # Bristol
    ("118", "496 0{n}", 3),  # Reading
    ("121", "496 0{n}", 3),  # Birmingham
    ("131", "496 0{n}", 3),  # Edinburgh
    ("141", "496 0{n}", 3),  # Glasgow
    ("151", "496 0{n}", 3),  # Liverpool
    ("161", "496 0{n}", 3),  # Manchester
    ("191", "498 0{n}", 3),  # Tyneside
    ("1632", "960{n}", 3),  # no real area
    ("7700", "900{n}", 3),  # mobile
)
_US_AREAS = ("202", "206", "212", "303", "305", "404", "415", "503", "617", "713", "808", "919")
_AU_AREAS = ("2", "3", "7", "8")
COUNTRIES = ("uk", "us", "au")
_COUNTRY_WEIGHTS = (62, 20, 18)

_STREETS = {
    "uk": ("Harbour Lane", "Queen's Road", "Mill Street", "Orchard Close", "Station Road"),
    "us": ("Maple Avenue", "Elm Street", "Lakeview Drive", "Cedar Court", "Main Street"),
    "au": ("Banksia Street", "Wattle Road", "Jacaranda Parade", "Ocean Terrace", "Gum Lane"),
}
_TOWNS = {
    "uk": ("Leeds LS6", "Bristol BS3", "London N16", "Manchester M20", "Edinburgh EH9"),
    "us": ("Springfield, IL", "Portland, OR", "Boston, MA", "Austin, TX", "Madison, WI"),
    "au": ("Fitzroy VIC", "Newtown NSW", "Paddington QLD", "Fremantle WA", "Glebe NSW"),
}
_RELATIONS = {
    "f": ("partner", "wife", "mother", "sister", "daughter", "friend"),
    "m": ("partner", "husband", "father", "brother", "son", "friend"),
    "x": ("partner", "sibling", "friend"),
}


def _uk_number(rng: random.Random) -> str:
    area, template, digits = rng.choice(_UK)
    sub = template.format(n=f"{rng.randrange(10**digits):0{digits}d}")
    style = rng.random()
    if style < 0.55:
        return f"0{area} {sub}"
    if style < 0.8:
        return f"+44 {area} {sub}"
    if style < 0.9:
        return f"+44 (0){area} {sub}"
    return f"0{area}{sub.replace(' ', '')}"


def _us_number(rng: random.Random) -> str:
    area, line = rng.choice(_US_AREAS), f"01{rng.randrange(100):02d}"
    style = rng.random()
    if style < 0.35:
        number = f"({area}) 555-{line}"
    elif style < 0.6:
        number = f"+1 {area} 555 {line}"
    elif style < 0.8:
        number = f"{area}-555-{line}"
    else:
        number = f"{area}.555.{line}"
    if rng.random() < 0.08:
        number += f" ext. {rng.randrange(10, 400)}"
    return number


def _au_number(rng: random.Random) -> str:
    area, line = rng.choice(_AU_AREAS), f"5550 {rng.randrange(10_000):04d}"
    style = rng.random()
    if style < 0.5:
        return f"(0{area}) {line}"
    if style < 0.8:
        return f"+61 {area} {line}"
    return f"0{area} {line}"


_NUMBER = {"uk": _uk_number, "us": _us_number, "au": _au_number}


def pick_country(rng: random.Random) -> str:
    return rng.choices(COUNTRIES, _COUNTRY_WEIGHTS)[0]


def any_number(rng: random.Random, country: str) -> str:
    """A fictional number that may repeat: for emergency contacts and sponsor offices."""
    return _NUMBER[country](rng)


@dataclass
class ContactRegistry:
    """Hands out e-mail addresses and phone numbers that no other sample client holds."""

    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)

    def email(self, rng: random.Random, given: str, family: str, born: int) -> str:
        given, family = given or "client", family or "mail"
        pattern = rng.randrange(5)
        local = (
            f"{given}.{family}",
            f"{given}{family}",
            f"{given[0]}.{family}",
            f"{family}.{given}",
            f"{given}.{family}{born % 100:02d}",
        )[pattern]
        domain = rng.choice(EMAIL_DOMAINS)
        address, suffix = f"{local}@{domain}", 2
        while email_key(address) in self.emails:
            address, suffix = f"{local}{suffix}@{domain}", suffix + 1
        self.emails.add(email_key(address))
        return address

    def phone(self, rng: random.Random, country: str, attempts: int = 12) -> str:
        """A number nobody in the sample holds yet, or "" once the fictional ranges run dry."""
        for attempt in range(attempts):
            number = _NUMBER[country if attempt < attempts // 2 else pick_country(rng)](rng)
            if self.claim(number):
                return number
        return ""

    def claim(self, number: str) -> bool:
        """Mark `number` as held; False if another sample client already holds it."""
        key = phone_key(number)
        if key in self.phones:
            return False
        self.phones.add(key)
        return True

    def is_held(self, number: str) -> bool:
        return phone_key(number) in self.phones

    def hold(self, email: str, phone: str) -> None:
        """Mark a client's own e-mail address and phone number (either may be "") as taken."""
        if email:
            self.emails.add(email_key(email))
        if phone and phone_key(phone):
            self.phones.add(phone_key(phone))


def address(rng: random.Random, country: str) -> str:
    street = f"{rng.randrange(1, 180)} {rng.choice(_STREETS[country])}"
    if rng.random() < 0.25:
        flat = rng.randrange(1, 40)
        street = f"Flat {flat}, {street}" if country == "uk" else f"{street}, Apt {flat}"
    return f"{street}\n{rng.choice(_TOWNS[country])}"


def office_address(rng: random.Random) -> str:
    street = rng.choice(("Quay Street", "Exchange Square", "Park Row", "Canal Wharf"))
    return f"{rng.randrange(1, 90)} {street}\n{rng.choice(_TOWNS['uk'])}"


def emergency_contact(rng: random.Random, person: PersonName, country: str) -> str:
    relation = rng.choice(_RELATIONS[person.gender])
    return f"{person.display} ({relation}), {any_number(rng, country)}"
