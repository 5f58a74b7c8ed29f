"""Texts of the demo registers (demo data only; see `demo.py`).

The San Francisco demo register keeps the published numbering (objectives, findings,
recommendation numbers: facts, shipped in `data/`), but none of the published wording: its
findings, recommendations and compliance measures are made from the plain phrases below, one
subject per objective. The three Critical Response reviews are written out in full. Everything
here is invented for the demo; no sentence describes a real agency.
"""

from __future__ import annotations

import random

#: Per San Francisco objective number: subjects the placeholder sentences are about.
SF_SUBJECTS: dict[int, list[str]] = {
    1: [
        "de-escalation before force is used",
        "reviews of every use of force by a supervisor",
        "the reporting of force incidents",
        "less-lethal options and when to use them",
        "the duty to intervene when another officer uses too much force",
        "the analysis of force data by race and neighborhood",
    ],
    2: [
        "the collection of stop data",
        "complaints that allege bias",
        "training on procedural justice and implicit bias",
        "the screening of officers' messages for bias",
        "the analysis of searches and their outcomes by race",
        "the department's work with communities of color",
    ],
    3: [
        "community policing in every district station",
        "the community advisory forums of each station",
        "officers' time for problem-solving with residents",
        "the measures of community trust the department reports",
        "outreach to young people and to people experiencing homelessness",
        "the language access of the department's services",
    ],
    4: [
        "the intake and tracking of complaints",
        "the timeliness of internal investigations",
        "the early intervention system",
        "the discipline matrix and how consistently it is applied",
        "the public reporting of investigations and their results",
        "the sharing of information with the oversight agency",
    ],
    5: [
        "the diversity of applicants and recruits",
        "the background investigation of applicants",
        "the promotion process and how it is explained",
        "the field training program",
        "the performance evaluation of officers",
        "the wellness and support services for staff",
    ],
}

FINDING_PATTERNS = [
    "The department has no complete written standard for {s}.",
    "The department collects information on {s} but does not analyze it.",
    "Supervisors do not review {s} in a consistent way.",
    "The public is not told how the department handles {s}.",
    "Responsibility for {s} is spread across units and no one owns it.",
]

RECOMMENDATION_PATTERNS = [
    "Write, adopt and publish a policy on {s}.",
    "Train every sworn member on {s}, and check what they learned.",
    "Collect data on {s} and review it with command staff every quarter.",
    "Report to the public on {s} at least once a year.",
    "Name a unit responsible for {s} and give it the staff it needs.",
    "Ask community members to help review the department's approach to {s}.",
]

MEASURE_PATTERNS = [
    "A written directive on {s} is approved and published.",
    "Training on {s} is delivered to at least 95 percent of sworn members.",
    "A report on {s} is produced and reviewed by command staff.",
    "The public can read the department's results on {s}.",
]

#: The caveat every demo report of the San Francisco register carries.
SF_CAVEAT = (
    "Demonstration data. The numbering of objectives, findings and recommendations follows the "
    "San Francisco Police Department's 2016 Collaborative Reform Initiative recommendations; "
    "the texts, statuses, dates and blockers are made up for trying the platform."
)


def sf_texts(objective: int, finding: int, number: int) -> tuple[str, str, list[str]]:
    """A finding statement, a recommendation text and its measures for one register row."""
    subjects = SF_SUBJECTS.get(objective) or SF_SUBJECTS[1]
    rng = random.Random(finding * 1000 + number)
    subject = subjects[finding % len(subjects)]
    statement = FINDING_PATTERNS[finding % len(FINDING_PATTERNS)].format(s=subject)
    text = RECOMMENDATION_PATTERNS[(finding + number) % len(RECOMMENDATION_PATTERNS)].format(
        s=subject
    )
    measures = [p.format(s=subject) for p in rng.sample(MEASURE_PATTERNS, rng.randint(1, 3))]
    return statement, text, measures


#: The Critical Response reviews: key, service slug, objectives with findings and their
#: recommendations (finding statement, [recommendation texts]).
CR_REVIEWS: list[dict] = [
    {
        "key": "after-action",
        "service": "after-action-review",
        "title": "After-action review of a critical incident",
        "objectives": [
            (
                "Command and control",
                [
                    (
                        "Command of the scene passed between three supervisors in the first hour "
                        "without a clear handover.",
                        [
                            "Adopt the incident command system for every critical incident and "
                            "train all supervisors in it.",
                            "Require a spoken and logged handover whenever command changes.",
                        ],
                    ),
                    (
                        "Radio traffic overloaded the main channel and officers missed updates.",
                        [
                            "Move critical incidents to a dedicated channel within five minutes.",
                            "Test the channel plan in a yearly exercise with neighboring agencies.",
                        ],
                    ),
                ],
            ),
            (
                "Use of force and tactics",
                [
                    (
                        "Officers had no shared plan for slowing the situation down before "
                        "entering the building.",
                        [
                            "Make time, distance and cover the first steps of the barricade "
                            "procedure.",
                            "Bring a crisis negotiator to every barricade call.",
                            "Train patrol officers in the barricade procedure twice a year.",
                        ],
                    ),
                    (
                        "Less-lethal tools were not at the scene when they were needed.",
                        [
                            "Carry less-lethal launchers in every patrol sergeant's vehicle.",
                        ],
                    ),
                ],
            ),
            (
                "Communication with the public",
                [
                    (
                        "The department's first public statement came 30 hours after the "
                        "incident, and rumors filled the gap.",
                        [
                            "Publish a first statement within four hours of a critical incident.",
                            "Release body-worn camera video within 45 days, as the policy allows.",
                            "Hold a community meeting in the affected neighborhood within two "
                            "weeks.",
                        ],
                    ),
                    (
                        "Family members learned of the death from the news.",
                        [
                            "Assign a family liaison officer as soon as someone is badly hurt.",
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "key": "bias-audit",
        "service": "bias-audit",
        "title": "Bias audit of stops, searches and citations",
        "objectives": [
            (
                "Stops and searches",
                [
                    (
                        "Black drivers were searched at 2.4 times the rate of white drivers, "
                        "and contraband was found less often in those searches.",
                        [
                            "Require a written reason for every consent search.",
                            "Review search outcomes by race every quarter and publish them.",
                            "Supervisors review a sample of each officer's searches every month.",
                        ],
                    ),
                    (
                        "Stop data missed the reason for the stop in one record out of five.",
                        [
                            "Make the reason for the stop a required field in the stop form.",
                            "Audit stop records against dispatch records twice a year.",
                        ],
                    ),
                ],
            ),
            (
                "Citations and fines",
                [
                    (
                        "Equipment violations were cited far more often in two neighborhoods "
                        "than elsewhere in the city.",
                        [
                            "Give warnings, not citations, for first equipment violations.",
                            "Work with the court on a program that fixes lights instead of "
                            "fining drivers.",
                        ],
                    ),
                ],
            ),
            (
                "Training and supervision",
                [
                    (
                        "Training on fair and impartial policing was last given six years ago.",
                        [
                            "Give fair and impartial policing training to every officer every "
                            "two years.",
                            "Include stop data in each officer's performance review.",
                        ],
                    ),
                    (
                        "The early intervention system does not look at stop and search patterns.",
                        [
                            "Add stop and search patterns to the early intervention system.",
                            "Name an analyst responsible for the audit's measures.",
                        ],
                    ),
                ],
            ),
        ],
    },
    {
        "key": "operations-review",
        "service": "operations-review",
        "title": "Issue-specific review of booking and cell checks",
        "objectives": [
            (
                "Booking and medical screening",
                [
                    (
                        "The medical screening at booking was done by an officer without "
                        "training, and its answers were not passed to medical staff.",
                        [
                            "Have a nurse or paramedic screen every person at booking.",
                            "Send screening answers to medical staff in the same shift.",
                            "Train booking officers to recognize medical emergencies.",
                        ],
                    ),
                    (
                        "People under the influence were held without a medical check.",
                        [
                            "Require a medical check before anyone under the influence is "
                            "placed in a cell.",
                        ],
                    ),
                ],
            ),
            (
                "Cell checks",
                [
                    (
                        "Cell checks were logged but not always done, and no one reviewed the log.",
                        [
                            "Use electronic check tags that record the time of each cell check.",
                            "Have a supervisor review the cell check record every shift.",
                            "Check people at risk every 15 minutes in person.",
                        ],
                    ),
                ],
            ),
            (
                "Accountability and the community",
                [
                    (
                        "The agency had no written process for reviewing a death in custody.",
                        [
                            "Adopt a written review process for every death or serious injury "
                            "in custody.",
                            "Report deaths in custody to the public within 30 days.",
                            "Invite a community member to sit on the in-custody death review.",
                        ],
                    ),
                ],
            ),
        ],
    },
]
