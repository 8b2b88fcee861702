"""Short texts for sample sessions: progress markers in the client's or the practitioner's
voice, and the parts of a session note. Plain, made up, about no one in particular.

Goal progress comes in three stages (early, middle, late) so that a goal's markers read as
movement when they are listed over time.
"""

from __future__ import annotations

from practice_desk.domain.progress_markers import MarkerKind, Voice

CLIENT_MARKERS: dict[MarkerKind, tuple[str, ...]] = {
    MarkerKind.INSIGHT: (
        "I keep waiting for permission that nobody is going to give me.",
        "When I'm tired, everything sounds like criticism.",
        "I say yes so fast because a pause feels dangerous.",
        "The panic starts before the meeting, not in it.",
        "I treat my own plans as the first thing to cancel.",
        "It's not the work I dread, it's being seen doing it badly.",
        "I go quiet when I'm angry, and then people think I agree.",
        "Being busy is how I avoid deciding.",
        "I expect the worst so I can't be disappointed.",
        "Rest feels like something I have to earn first.",
    ),
    MarkerKind.COGNITION: (
        "Maybe asking for help is part of doing the job well.",
        "One bad week doesn't cancel the good ones.",
        "If they disagree, it doesn't mean I've failed.",
        "I can be unsure and still go ahead.",
        "A no now is kinder than a resentful yes later.",
        "Good enough really is good enough for this one.",
        "Other people's moods aren't mine to fix.",
        "I don't have to have the answer before I speak.",
    ),
    MarkerKind.AFFECT: (
        "Tearful talking about the move.",
        "Angry that it took so long to be heard.",
        "Relief, laughing, when it was said out loud.",
        "Sad, and said it without apologising.",
        "Frustration with the team, named directly.",
        "Scared about the appointment next week.",
        "Warmth when speaking about the grandparents.",
        "Embarrassed, then able to stay with it.",
    ),
    MarkerKind.STRENGTH: (
        "I did say no to the extra project, and it was fine.",
        "I told my manager what I need without rehearsing it for days.",
        "I went to the gathering and stayed an hour.",
        "I noticed the spiral starting and went for a walk.",
        "I finished the report and didn't rewrite it three times.",
        "I asked my partner for help on Sunday.",
    ),
    MarkerKind.SELF_REFLECTION: (
        "I think I blame the team so I don't have to look at my part.",
        "Honestly, I haven't tried the exercise at all.",
        "I make it sound fine here because I want you to think it's working.",
        "I can see I do the same thing with my sister.",
        "I've been avoiding this topic for three sessions.",
        "Part of me likes being the one who copes.",
    ),
    MarkerKind.TAKEAWAY: (
        "Pause before saying yes.",
        "Write the worry down and look at it in the morning.",
        "Ask one question in the meeting instead of staying silent.",
        "Notice the tiredness before it turns into criticism.",
        "Plan one thing this week that's just for me.",
        "The first draft is allowed to be rough.",
        "Say what I need, not what I think they want to hear.",
        "Stay with the feeling for a minute before fixing it.",
        "Small steps count.",
        "Check the facts before the story runs away.",
    ),
}

PRACTITIONER_MARKERS: dict[MarkerKind, tuple[str, ...]] = {
    MarkerKind.INSIGHT: (
        "Linked the deadline panic to the exams at school.",
        "Saw the pattern of rescuing others to avoid their own needs.",
        "Connected the withdrawal with fear of conflict.",
    ),
    MarkerKind.COGNITION: (
        "Reframed the mistake as information, not a verdict.",
        "Moved from 'always' to 'sometimes' without prompting.",
        "Questioned the mind-reading about the board.",
    ),
    MarkerKind.AFFECT: (
        "Visible grief, held it rather than changing the subject.",
        "Anger expressed clearly and safely.",
        "Softer tone when speaking about the early years.",
    ),
    MarkerKind.STRENGTH: (
        "Took the lead in setting today's agenda.",
        "Kept going with a hard conversation in the room.",
        "Used humour to steady themself, not to deflect.",
    ),
    MarkerKind.SELF_REFLECTION: (
        "Owned their part in the conflict without self-attack.",
        "Noticed aloud that they were pleasing me.",
        "Recognised avoidance as it happened.",
    ),
    MarkerKind.TAKEAWAY: (
        "Summarised the session in their own words.",
        "Named one concrete step for the week.",
    ),
}

GOAL_PROGRESS = {
    "early": (
        "Named what getting there would look like.",
        "A first small step, harder than expected.",
        "Tried it once this week.",
        "Noticed when the old habit kicked in.",
        "Agreed a first action to try.",
    ),
    "middle": (
        "Managed it three times since last session.",
        "Slipped once, and got back on track the next day.",
        "Now doing it most weeks.",
        "Others have started to notice the change.",
        "Kept it up through a difficult week.",
    ),
    "late": (
        "Happens now without much thought.",
        "Steady for a month.",
        "Ready to review this goal together.",
        "Could explain to someone else how it works.",
        "Holds even under pressure.",
    ),
}

AGENDAS = (
    "Check in on the week; the conversation with the manager.",
    "How the new routine is going; the weekend.",
    "What came up after last session.",
    "The visit home and how it went.",
    "Preparing for the review meeting.",
    "Sleep, and the worry at night.",
    "The team's reaction to the change.",
    "A setback on Thursday.",
)
SESSION_GOALS = (
    "Understand what happened on Thursday.",
    "Plan the conversation with the team.",
    "Find one thing to try before next time.",
    "Look at the pattern, not just the event.",
    "Leave with a clearer next step.",
    "Make room for how the week felt.",
)
WORKING_NOTES = (
    "Explored the week in detail; the tension rose when talking about work.",
    "Came back to the theme of being responsible for everyone.",
    "Looked at what happens in the body before the worry starts.",
    "Role-played the conversation; second try was calmer.",
    "Long silence after naming the loss; stayed with it.",
    "Mapped the people involved and who expects what.",
    "Compared this week with the same time last year.",
    "Talked through the options and what each would cost.",
    "Noticed a shift when the story was told from the other side.",
    "Some resistance to the exercise; explored that instead.",
)
PROGRESS_COMMENTS = (
    "Steady; more able to stay with difficult feelings.",
    "A good session. Clearer than last time about what they want.",
    "Slower week, but the insight from last time is holding.",
    "Noticeable movement: speaks about the problem in the past tense now.",
    "Some backsliding after the hard week; the alliance is good.",
    "More self-directed; set most of the agenda.",
)
NEXT_STEPS = (
    "Try the pause before saying yes; notice what happens.",
    "Keep the worry diary for a week.",
    "Speak to the manager about the workload.",
    "One evening a week without work e-mail.",
    "Bring the draft plan next time.",
    "Carry on as agreed; review in two sessions.",
)
ASSESSMENTS = (
    "Reached: talked through together, and the client recognises the change.",
    "Achieved; the client can say what made the difference.",
)
VOICES = (Voice.CLIENT, Voice.PRACTITIONER)
