"""Plausible texts for the load benchmark's requests and messages (lengths like real ones)."""

from __future__ import annotations

_OPENINGS = [
    "Our department serves a growing community and wants an outside review of how we work.",
    "After a use-of-force incident last spring, residents asked for an independent look at our "
    "policies and training.",
    "We are a small agency with limited staff for policy work and want help modernizing.",
    "The city council and our chief agreed to seek technical assistance this year.",
    "Our sheriff's office covers a large rural county and struggles to recruit deputies.",
]
_NEEDS = [
    "We would like a review of our use-of-force and de-escalation policies against current "
    "national standards, and training for supervisors on the revised policies.",
    "We need help designing an early intervention system and deciding which data to collect "
    "before we buy software.",
    "We want to improve how we engage with residents who have lost trust in the department, "
    "especially young people and immigrant communities.",
    "We ask for an assessment of our body-worn camera program: retention, release and review "
    "of footage, and how supervisors audit it.",
    "We would like peer exchange with agencies of our size that rebuilt their recruitment and "
    "retention after losing a fifth of their officers.",
]
_CLOSINGS = [
    "Our command staff is committed to this work and will make time for it.",
    "We can share our current policies, data and training records at the start.",
    "The chief will be the executive sponsor and a captain will coordinate day to day.",
    "We hope to start within the next few months.",
]

#: Narratives of 300 to 1,100 characters, combined from the sentences above.
NARRATIVES = [
    f"{opening} {need} {closing}"
    for opening in _OPENINGS
    for need in _NEEDS
    for closing in _CLOSINGS
]

NOTES = [
    "Called the chief's office; they confirmed the request and the contact.",
    "Possible overlap with a state review underway; checking with the state partner.",
    "Good fit for peer exchange with a similar agency in the region.",
    "Asked the regional coordinator for background on the incident.",
]

STAFF_MESSAGES = [
    "Thank you for your request. A program specialist will call you this week to talk it over.",
    "Could you tell us who will coordinate the work on your side, and the best time to reach them?",
    "We are scheduling an introductory call with your chief and our team. Which days suit you?",
]

_QUESTIONS = [
    "Could you send your current use-of-force policy and the date it was last revised?",
    "How many sworn officers and civilian staff does your agency have today?",
    "Has any other organization reviewed these policies in the last three years?",
]
_ANSWERS = [
    "Attached is our policy, last revised two years ago. We have 48 sworn officers and 12 "
    "civilian staff.",
    "No outside review in the last three years; the state accreditation visit was in 2019.",
    "Our coordinator is Captain Rivera, reachable on weekdays before noon.",
]


def question_text(rng) -> str:
    return rng.choice(_QUESTIONS)


def answer_text(rng) -> str:
    return rng.choice(_ANSWERS)
