"""Short texts for the sample practice: goals, screening reasons, sponsors and coachee profiles.

Organisations, insurers and colleagues are made up; their e-mail domains end in .example.
"""

from __future__ import annotations

REFERRAL_SOURCES = (
    ("GP", 22),
    ("Self-referred", 26),
    ("Employer EAP", 12),
    ("Colleague", 12),
    ("Website", 18),
    ("Former client", 6),
    ("Professional directory", 4),
)
COACHING_REFERRAL_SOURCES = (
    ("Self-referred", 20),
    ("Colleague", 30),
    ("Website", 20),
    ("Former client", 15),
    ("Professional directory", 15),
)
PRONOUNS = {
    "f": ("she/her", "she/her", "she/they"),
    "m": ("he/him", "he/him", "he/they"),
    "x": ("they/them", "they/them", "ze/zir"),
}
CLIENT_NOTES = (
    "Prefers e-mail to phone calls.",
    "Works shifts; mornings are easiest.",
    "Please don't leave voicemail on the mobile.",
    "Uses a wheelchair: the ground-floor room, please.",
    "Travels often; some sessions online.",
    "Asked for invoices at the end of each month.",
)

THERAPY_GOALS = (
    "Sleep through most nights without waking in panic",
    "Understand the pattern behind recurring conflicts with managers",
    "Grieve the loss of a parent at a pace that feels bearable",
    "Feel less anxious in social situations",
    "Set clearer boundaries with family",
    "Drink on weekends only",
    "Return to work after burnout with a sustainable rhythm",
    "Make sense of the separation and what it stirred up",
    "Notice the inner critic earlier and answer it",
    "Feel entitled to rest without guilt",
    "Tolerate uncertainty about the diagnosis",
    "Speak up in the relationship instead of withdrawing",
    "Reduce panic attacks on the commute",
    "Understand why closeness feels risky",
    "Rebuild a daily routine after the move",
    "Come to terms with infertility treatment ending",
    "Stop checking rituals taking over the evenings",
    "Find words for feelings instead of numbing them",
)
COACHING_GOALS = (
    "Delegate the weekly reporting to the team",
    "Lead the first board presentation with confidence",
    "Build a working relationship with the new CFO",
    "Agree a development plan with each direct report",
    "Prepare for the move into a director role",
    "Give difficult feedback without postponing it",
    "Protect two mornings a week for strategic work",
    "Lead the merger integration without losing key people",
    "Chair the leadership meeting so decisions get made",
    "Clarify the role after the reorganisation",
    "Negotiate a realistic budget for next year",
    "Build a peer network outside the organisation",
    "Hand over the founder's operational role",
    "Run one-to-ones that people find useful",
    "Decide whether to apply for the regional role",
    "Make the team's priorities visible to the board",
)
ASSESSMENTS = {
    ("therapy", "achieved"): (
        "Reached: the client describes it as 'mostly settled'.",
        "Achieved; reviewed together in the closing session.",
        "Largely achieved; the client wants to keep practising on their own.",
    ),
    ("therapy", "progressing"): (
        "Moving: fewer bad weeks than at the start.",
        "Partly there; the client sees the pattern earlier now.",
    ),
    ("therapy", "dropped"): (
        "Set aside by agreement: no longer what matters most.",
        "Dropped when a more pressing concern came up.",
    ),
    ("coaching", "achieved"): (
        "Assessed with the coachee at the final review: achieved.",
        "Achieved; the sponsor's feedback at the three-way meeting matched.",
        "Done, and the coachee can say what made the difference.",
    ),
    ("coaching", "progressing"): (
        "Halfway: first steps taken, next ones agreed.",
        "Progressing; the coachee rates it 6 out of 10.",
    ),
    ("coaching", "dropped"): (
        "Dropped after the restructure changed the role.",
        "Let go by agreement: outside the coachee's influence.",
    ),
}
EDGE_REASONS = (
    "Stable, well resourced, asks for structure and between-session tasks.",
    "No current crisis; responds well to agendas and clear next steps.",
    "Wants short, focused work on a defined problem and can tolerate challenge.",
    "Reflective and robust; a directive style fits how they like to work.",
)
NO_EDGE_REASONS = (
    "Recent bereavement; a directive style would feel exacting now.",
    "History of trauma; the work needs to go at the client's pace.",
    "Easily feels criticised; goals and homework would add pressure.",
)
THIRD_PARTY_PAYERS = (
    ("Meridian Health Insurance", "Claims Department\nPO Box 4410\nExample City"),
    ("Bluewater Mutual", "Member Services\n12 Dock Road\nExample City"),
    ("Kestrel Analytics Ltd (EAP)", "People Team\n3 Harbour Lane\nExample City"),
    ("Northgate Council Staff Support", "Occupational Health\nTown Hall\nExample City"),
    ("Larchfield Hospital Trust (EAP)", "Staff Wellbeing Service\nExample City"),
)

SPONSOR_STEMS = (
    "Kestrel",
    "Bluewater",
    "Meridian",
    "Larchfield",
    "Northgate",
    "Silverbirch",
    "Halcyon",
    "Fjordlys",
    "Nordlicht",
    "Estrella Polar",
    "Amberley",
    "Quillon",
    "Tidewell",
    "Harrowgate",
    "Wrenfield",
)
SPONSOR_KINDS = (
    "Analytics Ltd",
    "Logistics",
    "Energi AS",
    "Versicherungen AG",
    "Health Trust",
    "Bank",
    "Engineering plc",
    "Foods",
    "University",
    "Software GmbH",
    "Housing Association",
    "Pharma S.L.",
)
SPONSOR_ROLES = (
    "Head of People Development",
    "HR Business Partner",
    "Chief People Officer",
    "Talent Lead",
    "Learning & Development Manager",
)
REPORTING_SCOPES = (
    "Attendance and session dates only.",
    "Attendance, and a short summary of progress on the agreed goals, approved by the "
    "coachee before it is released.",
    "No written reports; progress is discussed at the mid-point and final three-way meetings.",
    "Whether the agreed goals were reached, in the coachee's own summary.",
)
REPORTING_FREQUENCIES = (
    "At the end only",
    "At the mid-point and at the end",
    "Quarterly",
    "After every fourth session",
)
ROLES = (
    "Head of Finance",
    "Operations Director",
    "Engineering Manager",
    "Clinical Lead",
    "Head of Sales",
    "Chief Executive",
    "Programme Manager",
    "Deputy Head Teacher",
)
PROFILE = {
    "personality": (
        "Energetic and quick; takes on too much before saying no.",
        "Reserved and analytical; prefers to think before speaking in meetings.",
        "Warm, conscientious, hard on themself when things slip.",
        "Direct and impatient with process; admired for getting things done.",
    ),
    "life_story": (
        "First in the family to go to university; moved countries twice for work.",
        "Grew up running the family shop; learned early to be responsible for others.",
        "Changed career at forty after a long stint in the public sector.",
        "Young family; a partner who also works full time.",
    ),
    "competences": (
        "Strong in analysis and planning; less sure of themself in conflict.",
        "A natural networker; finds written strategy work a slog.",
        "Deep technical expertise; new to managing people.",
        "Trusted for calm in a crisis; delegates reluctantly.",
    ),
    "aspirations": (
        "Mid-career; aiming for a director role within two years.",
        "Late career; wants to hand over well and mentor successors.",
        "Newly promoted; wants to grow into the role before looking further.",
        "Unsure whether to stay in management or return to specialist work.",
    ),
    "work_environment": (
        "Fast-growing organisation after a merger; priorities shift weekly.",
        "Cost-cutting and a hiring freeze; the team is stretched.",
        "Stable, rule-bound organisation; change is slow and political.",
        "A start-up culture with little structure and much goodwill.",
    ),
    "organisational_role": (
        "{role} with {reports} direct reports; sits on the leadership team.",
        "{role}, recently promoted from within the team they now lead.",
        "{role} in a matrix: two bosses with different priorities.",
        "Interim {role} while the permanent post is advertised.",
    ),
    "pro": (
        "The role asks for more visibility than the person is comfortable with; the "
        "organisation rewards quick decisions.",
        "Person and role fit well; the organisation is unclear what it wants from the role.",
        "The person's values pull against the organisation's new commercial focus.",
        "Role boundaries are blurred: the person fills every gap the organisation leaves.",
    ),
    "organisation_in_mind": (
        "Pictures the organisation as a family with a distant parent at the top.",
        "Sees headquarters as a machine that issues instructions without context.",
        "Experiences the organisation as a ship in a storm, with no one at the helm.",
        "Imagines the board as a jury waiting for a mistake.",
    ),
}
CONSULTATION_NOTES = {
    "offer_therapy": (
        "Low mood since the move; wants to understand the pattern. Agreed to weekly therapy.",
        "Anxiety at work and at home; open to exploring its history.",
        "Referred by GP after a period of sick leave; motivated, some ambivalence.",
    ),
    "offer_coaching": (
        "New in role; wants to lead the team through the restructure.",
        "Sponsor would like support for a leadership transition; coachee keen.",
        "Wants help preparing for a promotion board.",
    ),
    "refer_elsewhere": (
        "Needs a specialist eating-disorder service; referral agreed.",
        "Looking for couples work; referred to a colleague who offers it.",
        "Risk too high for outpatient work at present; referred to the crisis team.",
    ),
    "no_fit": (
        "Wanted advice rather than therapy; agreed this is not the right fit.",
        "Times available don't match; client will look closer to home.",
    ),
}
REFERRAL_TARGETS = (
    "Dr Mireille Okonjo, Eating Disorders Service",
    "Harbourside Couples Practice",
    "Community Crisis Team",
    "Dr Tomasz Wrona, Addiction Service",
    "Family Therapy Clinic",
)
REFERRAL_BODY = (
    "Dear colleague,\n\n"
    "I saw this person for a consultation on {day}. With their agreement I am referring them "
    "to you, as the help they are looking for is outside what I offer.\n\n"
    "They know I am writing and are expecting to hear from you.\n\n"
    "With kind regards"
)
