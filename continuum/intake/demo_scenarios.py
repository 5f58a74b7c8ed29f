"""The stories behind the demo requests: who asks, for what, and what happened since.

Agencies are real (picked from the imported directory by type and size); people, incidents and
narratives are invented. Each scenario's `steps` are (days after submission, action, *arguments)
played by `continuum.intake.demo` through the services.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Incident:
    days_before: int  # days before the request was submitted
    kind: str
    attention: str = "local"
    other_reviews: bool | None = None
    other_reviews_detail: str = ""


@dataclass(frozen=True)
class Scenario:
    """One demo request: who asks, what for, and what happened to it since."""

    agency_type: str
    requester: tuple[str, str]  # name, title
    chief: tuple[str, str]
    narrative: str
    days_ago: int
    steps: tuple = ()  # (day offset after submission, action, *arguments)
    submit: bool = True
    population: tuple[int, int] | None = None
    services: tuple[str, ...] = ()
    not_sure: bool = False
    scope: str = ""
    incident: Incident | None = None
    topics: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    timeframe: str = "soon"
    earlier: str = ""
    demo_agency: bool = False  # the demo agency of the demo accounts, when it exists
    unlisted: dict[str, str] = field(default_factory=dict)


MID_CITY = (100_000, 500_000)
SMALL_TOWN = (2_000, 30_000)
BIG_CITY = (500_000, 10_000_000)

SCENARIOS: list[Scenario] = [
    # --- drafts ---------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Dana Whitfield", "Sergeant, training unit"),
        ("Marcus Hale", "Chief of Police"),
        "We are a 22-officer department and most of our calls now involve someone in a mental "
        "health crisis. We want crisis intervention training that fits a small agency where the "
        "nearest mobile crisis team is an hour away.",
        days_ago=9,
        submit=False,
        population=SMALL_TOWN,
        services=("training",),
        topics=("Crisis intervention", "Mental health response", "Rural policing"),
        goals=("officer-safety", "trust"),
    ),
    Scenario(
        "sheriff",
        ("Loretta Banks", "Chief Deputy"),
        ("Raymond Tully", "Sheriff"),
        "Our new sheriff took office in January and wants an outside view of where the office "
        "should start. We are not sure which kind of help fits.",
        days_ago=3,
        submit=False,
        not_sure=True,
        goals=("organizational-learning",),
    ),
    Scenario(
        "special",
        ("Ivan Petrov", "Captain"),
        ("Angela Ruiz", "Chief"),
        "More people experiencing homelessness shelter on the grounds we patrol every winter. "
        "Officers want a better approach than moving people along, working with outreach "
        "workers.",
        days_ago=14,
        submit=False,
        services=("peer-exchange",),
        topics=("Homelessness", "Community engagement"),
        goals=("trust", "community-policing"),
    ),
    Scenario(
        "municipal",
        ("Keisha Monroe", "Planning and research manager"),
        ("Thomas Greer", "Chief of Police"),
        "Our five-year strategic plan ends next year. We would like help running a planning "
        "process that includes residents, not just command staff.",
        days_ago=1,
        submit=False,
        population=MID_CITY,
        services=("strategic-planning",),
        goals=("community-policing", "organizational-learning"),
    ),
    # --- submitted, waiting for a first response -------------------------------------------
    Scenario(
        "university",
        ("Ben Okonkwo", "Deputy Chief, university police"),
        ("Sarah Lindqvist", "Chief of University Police"),
        "Our campus police department runs on a records system from 2009 and a patchwork of "
        "cameras and radios. Before we ask the university for money, we want an independent "
        "needs assessment of our technology: what we have, what we need, and in what order.",
        days_ago=1,
        services=("needs-assessment-technology",),
        topics=("Use of technology", "Campus safety"),
        goals=("fairness",),
        timeframe="later",
    ),
    Scenario(
        "municipal",
        ("Casey Nguyen", "Accreditation manager"),
        ("Taylor Brooks", "Chief of Police"),
        "We started a co-responder program with county behavioral health last year. We would "
        "like our supervisors to visit an agency that has run one for several years and learn "
        "how they measure whether it works.",
        days_ago=0,
        services=("peer-exchange",),
        topics=("Mental health response", "Crisis intervention"),
        goals=("trust", "officer-safety"),
        demo_agency=True,
    ),
    Scenario(
        "tribal",
        ("Joseph Redcloud", "Lieutenant"),
        ("Wilma Tsosie", "Chief of Police"),
        "We have 14 vacancies out of 48 sworn positions. Officers leave for county and state "
        "agencies that pay more, and applicants from our community often fail the written exam. "
        "We need help with recruitment and retention that respects our nation's priorities.",
        days_ago=8,
        services=("needs-assessment-recruitment",),
        topics=("Recruitment and retention", "Tribal law enforcement"),
        goals=("officer-safety", "organizational-learning"),
    ),
    Scenario(
        "sheriff",
        ("Monica Feld", "Jail Administrator"),
        ("Dale Prentiss", "Sheriff"),
        "A man died in our jail five weeks ago after a medical emergency during booking. The "
        "state is investigating. Separately, we want an independent review of our booking, "
        "medical screening and cell check practices, and to talk to the community about it.",
        days_ago=6,
        services=("operations-review",),
        incident=Incident(
            40, "in_custody_death", "regional", True, "The state police are investigating."
        ),
        topics=("Jail and detention operations", "Accountability"),
        goals=("trust", "fairness"),
        timeframe="urgent",
    ),
    Scenario(
        "territorial",
        ("Rosa Camacho", "Deputy Chief"),
        ("Vicente Taitano", "Chief of Police"),
        "After two typhoons in three years, we need a strategic plan that covers emergency "
        "preparedness, staffing and how we keep patrol running when the island loses power.",
        days_ago=2,
        services=("strategic-planning",),
        topics=("Emergency preparedness", "Officer safety and wellness"),
        goals=("officer-safety",),
        timeframe="later",
    ),
    Scenario(
        "municipal",
        ("Gary Lindholm", "Chief of Police"),
        ("Gary Lindholm", "Chief of Police"),
        "I am the chief of a small department and I do not know what kind of help we need. "
        "Complaints about officer conduct have gone up and I want to understand why.",
        days_ago=12,
        population=SMALL_TOWN,
        not_sure=True,
        topics=("Accountability", "Supervision"),
        goals=("trust",),
    ),
    # --- in review ------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Andre Wallace", "Commander, professional standards"),
        ("Evelyn Marsh", "Chief of Police"),
        "Three months ago our officers shot and killed a man during a mental health call. The "
        "district attorney has closed her review. The city council and community groups have "
        "asked for an independent after-action review of the call, the response and what we "
        "told the public afterwards.",
        days_ago=25,
        services=("after-action-review",),
        incident=Incident(
            95, "officer_involved_shooting", "regional", False, "The district attorney closed it."
        ),
        population=MID_CITY,
        topics=("Officer-involved shootings", "Mental health response", "Critical incident review"),
        goals=("trust", "organizational-learning"),
        timeframe="urgent",
        steps=(
            (1, "review"),
            (2, "note", "Council vote to fund an outside review is set for next month."),
            (
                3,
                "message",
                "We have your request and have started reviewing it. We will call "
                "your office this week to talk about timing.",
            ),
        ),
    ),
    Scenario(
        "sheriff",
        ("Phil Garrity", "Captain, policy and planning"),
        ("Brenda Oakes", "Sheriff"),
        "We want our use-of-force and body-worn camera policies reviewed against current law and "
        "good practice. They were last rewritten in 2016 and state law changed in 2021.",
        days_ago=15,
        services=("policy-review",),
        topics=("Use of force", "Body-worn cameras", "Policy development"),
        goals=("fairness", "trust"),
        steps=((2, "review"),),
    ),
    Scenario(
        "state_police",
        ("Harold Kim", "Major, office of the superintendent"),
        ("Col. Patricia Dunn", "Superintendent"),
        "A university analysis of our traffic stop data found that Black and Latino drivers are "
        "searched more often than white drivers but found with contraband less often. We want "
        "an independent bias audit of our traffic stops and searches.",
        days_ago=30,
        services=("bias-audit",),
        topics=("Bias-free policing", "Traffic safety", "Data and technology"),
        goals=("fairness", "trust"),
        steps=(
            (1, "review"),
            (3, "ask", "Can you share which years of stop data you hold and in what format?"),
            (8, "answer", "We hold 2018 to 2024 in our records system and can export CSV files."),
        ),
    ),
    Scenario(
        "municipal",
        ("Tanya Brooks", "Deputy Chief, operations"),
        ("Robert Ellison", "Chief of Police"),
        "Protests downtown last summer lasted eleven nights. Officers used chemical agents on "
        "the fourth night and several journalists were arrested. We want an after-action "
        "review of how we planned for and managed the demonstrations.",
        days_ago=45,
        services=("after-action-review", "facilitated-discussion"),
        incident=Incident(150, "civil_unrest", "national", True, "A civil lawsuit was filed."),
        population=BIG_CITY,
        topics=("Mass demonstrations and crowd management", "Less-lethal options"),
        goals=("trust", "organizational-learning"),
        steps=(
            (2, "review"),
            (4, "ask", "Is the city attorney comfortable with a review while the lawsuit is open?"),
            (11, "answer", "Yes. The city attorney's letter supporting the review is attached."),
            (12, "note", "Check with the Civil Rights Division that there is no open matter."),
        ),
    ),
    Scenario(
        "municipal",
        ("Rita Alvarez", "Inspector, professional standards"),
        ("Colin Mbeki", "Chief of Police"),
        "Our early intervention system flags officers but supervisors rarely act on the flags. "
        "We want a focused review of how the system and the supervisors' follow-up work.",
        days_ago=20,
        services=("operations-review",),
        population=MID_CITY,
        topics=("Early intervention systems", "Supervision"),
        goals=("officer-safety", "organizational-learning"),
        steps=((1, "review"),),
    ),
    Scenario(
        "municipal",
        ("Denise Carter", "Chief of Staff"),
        ("Walter Quinn", "Chief of Police"),
        "Community groups, the city's police commission and our own officers describe the same "
        "problems: uneven discipline, stops concentrated in two neighborhoods and little trust. "
        "We think these are agency-wide issues and we are ready for a full, public assessment.",
        days_ago=35,
        services=("organizational-assessment",),
        scope="systemic",
        population=MID_CITY,
        topics=("Accountability", "Procedural justice", "Bias-free policing"),
        goals=("trust", "fairness", "organizational-learning"),
        timeframe="later",
        steps=(
            (2, "review"),
            (5, "note", "Mayor and police commission both wrote in support."),
        ),
    ),
    Scenario(
        "university",
        ("Lauren Ashby", "Director of Public Safety"),
        ("Lauren Ashby", "Director of Public Safety"),
        "Our campus is moving from a security department to a sworn police department. I would "
        "like advice from an experienced campus chief on how to do this with students' trust.",
        days_ago=10,
        services=("executive-consultation",),
        topics=("Campus safety", "Leadership development"),
        goals=("trust",),
        steps=((1, "review"),),
    ),
    # --- needs information ----------------------------------------------------------------
    Scenario(
        "tribal",
        ("Nora Whitehorse", "Criminal Investigator"),
        ("Leon Begay", "Chief of Police"),
        "Families in our community say missing persons reports of Native women are not taken "
        "seriously by surrounding jurisdictions. We want to learn from a tribal agency that has "
        "built a working protocol with county and state partners.",
        days_ago=12,
        services=("peer-exchange",),
        topics=("Missing and murdered Indigenous persons", "Tribal law enforcement"),
        goals=("trust", "community-policing"),
        steps=(
            (1, "review"),
            (3, "ask", "Which county and state agencies would you want at the table?"),
        ),
    ),
    Scenario(
        "municipal",
        ("Casey Nguyen", "Accreditation manager"),
        ("Taylor Brooks", "Chief of Police"),
        "We bought two drones for search and rescue and the city council wants a policy before "
        "we fly them for anything else. We want our draft policy reviewed for privacy and "
        "civil liberties concerns.",
        days_ago=16,
        services=("policy-review",),
        topics=("Drones and unmanned aircraft systems", "Policy development"),
        goals=("trust", "fairness"),
        demo_agency=True,
        steps=(
            (2, "review"),
            (4, "ask", "Could you send the draft drone policy and the council's resolution?"),
        ),
    ),
    Scenario(
        "sheriff",
        ("Curtis Rhee", "Training Sergeant"),
        ("Judith Hammond", "Sheriff"),
        "Two of our deputies were injured in struggles last year that might have been avoided. "
        "We want de-escalation training for all patrol deputies, delivered in our county.",
        days_ago=22,
        services=("training",),
        topics=("De-escalation", "Officer safety and wellness"),
        goals=("officer-safety",),
        steps=((3, "ask", "How many deputies would attend, and over how many sessions?"),),
    ),
    Scenario(
        "tribal",
        ("Samuel Agnes", "Village Public Safety Officer coordinator"),
        ("Martha Evan", "Tribal Administrator"),
        "Our village public safety officers work alone, far from backup. We are not sure what "
        "help exists for an agency like ours.",
        days_ago=26,
        not_sure=True,
        topics=("Rural policing", "Officer safety and wellness"),
        goals=("officer-safety",),
        unlisted={
            "unlisted_agency_name": "Kotlik Village Public Safety Office",
            "unlisted_agency_type": "tribal",
            "unlisted_jurisdiction_level": "tribal",
            "unlisted_state": "AK",
        },
        steps=(
            (2, "review"),
            (
                5,
                "ask",
                "Is the village council the agency's governing body, or a regional "
                "nonprofit? It tells us who should confirm the request.",
            ),
        ),
    ),
    Scenario(
        "municipal",
        ("Omar Haddad", "Assistant Chief"),
        ("Linda Perez", "Chief of Police"),
        "Our pedestrian stop data shows big differences by race and neighborhood. Residents "
        "also describe rude treatment. We think this is systemic and want an audit of stops and "
        "a broader look at the agency.",
        days_ago=40,
        services=("bias-audit",),
        scope="systemic",
        population=MID_CITY,
        topics=("Bias-free policing", "Procedural justice"),
        goals=("fairness", "trust"),
        steps=(
            (2, "review"),
            (6, "ask", "Would your city agree to a public report of the assessment's findings?"),
        ),
    ),
    # --- accepted ---------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Grace Holloway", "Deputy Chief"),
        ("Martin Oduya", "Chief of Police"),
        "Four months ago an officer shot an unarmed teenager during a foot pursuit. The "
        "community wants to know what went wrong. We are asking for an after-action review of "
        "the incident and our response, and help holding community conversations.",
        days_ago=110,
        incident=Incident(
            120,
            "officer_involved_shooting",
            "national",
            True,
            "The state attorney general is reviewing the shooting itself.",
        ),
        services=("after-action-review",),
        population=MID_CITY,
        topics=("Officer-involved shootings", "Vehicle pursuits", "Community engagement"),
        goals=("trust", "organizational-learning"),
        timeframe="urgent",
        steps=(
            (1, "review"),
            (2, "confirm"),
            (
                9,
                "accept",
                "critical-response",
                ("after-action-review", "facilitated-discussion"),
                "We will start with the after-action review and plan two community sessions.",
            ),
        ),
    ),
    Scenario(
        "sheriff",
        ("Eli Stanton", "Undersheriff"),
        ("Carla Beaumont", "Sheriff"),
        "Our use-of-force policy does not reflect the duty-to-intervene and chokehold limits "
        "in our new state law. We want a policy review and a plan for training to the new "
        "policy.",
        days_ago=90,
        services=("policy-review", "training"),
        topics=("Use of force", "Policy development"),
        goals=("fairness", "officer-safety"),
        steps=(
            (1, "review"),
            (2, "confirm"),
            (
                6,
                "accept",
                "cri-tac",
                ("policy-review", "training"),
                "A partner organization will review the policy first, then plan the training.",
            ),
        ),
    ),
    Scenario(
        "tribal",
        ("Ruth Lonebear", "Captain"),
        ("Henry Yazzie", "Chief of Police"),
        "We lose half of our new officers within three years. We want to understand why and "
        "build a recruitment and retention plan that brings our own young people into the "
        "department.",
        days_ago=80,
        services=("needs-assessment-recruitment",),
        topics=("Recruitment and retention", "Tribal law enforcement", "Youth engagement"),
        goals=("organizational-learning", "community-policing"),
        steps=(
            (2, "review"),
            (3, "confirm"),
            (8, "accept", "cri-tac", ("needs-assessment-recruitment",), ""),
        ),
    ),
    Scenario(
        "university",
        ("Priya Shah", "Assistant Chief"),
        ("Daniel Ortiz", "Chief of University Police"),
        "We want a technology needs assessment covering our dispatch system, cameras and "
        "emergency notifications before our campus expands to a second site.",
        days_ago=70,
        services=("needs-assessment-technology",),
        topics=("Use of technology", "Campus safety", "Emergency preparedness"),
        goals=("officer-safety",),
        steps=(
            (1, "review"),
            (1, "confirm"),
            (5, "accept", "cri-tac", ("needs-assessment-technology",), ""),
        ),
    ),
    Scenario(
        "state_police",
        ("Lt. Col. Wesley Grant", "Deputy Superintendent"),
        ("Col. Maureen Castle", "Superintendent"),
        "Our governor has asked us to examine our traffic enforcement for racial disparities. "
        "We want an independent bias audit of five years of stops, searches and citations, with "
        "findings we can share with the public.",
        days_ago=100,
        services=("bias-audit",),
        topics=("Bias-free policing", "Traffic safety"),
        goals=("fairness", "trust"),
        timeframe="soon",
        steps=(
            (1, "review"),
            (2, "confirm"),
            (3, "ask", "Are stop records linked to search and citation records by an id?"),
            (9, "answer", "Yes, every stop has an incident number shared by all three tables."),
            (
                15,
                "accept",
                "critical-response",
                ("bias-audit",),
                "The audit will use stop, search and citation records from 2020 to 2024.",
            ),
        ),
    ),
    Scenario(
        "municipal",
        ("Helen Foster", "Chief of Staff"),
        ("Jerome Whitaker", "Chief of Police"),
        "After a consent decree in a neighboring city, our mayor and chief want to get ahead of "
        "the same problems here: use of force, stops and how complaints are handled. We are "
        "asking for a full organizational assessment with public reporting.",
        days_ago=120,
        services=("organizational-assessment",),
        scope="systemic",
        population=BIG_CITY,
        topics=("Accountability", "Use of force", "Internal affairs"),
        goals=("trust", "fairness", "organizational-learning"),
        timeframe="later",
        steps=(
            (2, "review"),
            (3, "confirm"),
            (12, "note", "Briefed the program director; agency is ready for public reporting."),
            (
                20,
                "accept",
                "organizational-assessment",
                ("organizational-assessment",),
                "The assessment team will visit in the spring; the first public report follows "
                "within a year.",
            ),
        ),
    ),
    Scenario(
        "municipal",
        ("Casey Nguyen", "Accreditation manager"),
        ("Taylor Brooks", "Chief of Police"),
        "Shootings rose for two years in a row in three neighborhoods. We would like our "
        "violent crime team to spend time with a department that has brought shootings down "
        "with a focused deterrence strategy.",
        days_ago=60,
        services=("peer-exchange",),
        topics=("Gun violence reduction", "Violent crime reduction"),
        goals=("community-policing",),
        demo_agency=True,
        steps=(
            (1, "review"),
            (2, "confirm"),
            (
                7,
                "accept",
                "cri-tac",
                ("peer-exchange",),
                "We will match you with a peer department within a month.",
            ),
        ),
    ),
    Scenario(
        "sheriff",
        ("Nadia Castillo", "Chief Deputy"),
        ("Franklin Boyd", "Sheriff"),
        "We want a three-year strategic plan that sets priorities for patrol, the jail and "
        "civil process with a shrinking budget.",
        days_ago=50,
        services=("strategic-planning",),
        topics=("Leadership development", "Succession planning"),
        goals=("organizational-learning",),
        steps=(
            (2, "review"),
            (10, "accept", "cri-tac", ("strategic-planning", "executive-consultation"), ""),
        ),
    ),
    # --- declined ---------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Victor Sandoval", "Lieutenant"),
        ("Paula Greenberg", "Chief of Police"),
        "We need funding to replace our patrol cars and radios. Our budget was cut by 12 "
        "percent this year.",
        days_ago=75,
        population=SMALL_TOWN,
        not_sure=True,
        goals=("officer-safety",),
        steps=(
            (2, "review"),
            (
                4,
                "decline",
                "out_of_scope",
                "The initiative gives technical assistance, not funding for equipment. The COPS "
                "Office grants page lists programs that may help.",
            ),
        ),
    ),
    Scenario(
        "other",
        ("Glen Harper", "Inspector"),
        ("Cynthia Morrow", "Chief of Police"),
        "We want an independent review of a use-of-force incident on one of our trains. A "
        "lawsuit about the incident is in federal court.",
        days_ago=65,
        services=("operations-review",),
        topics=("Use of force",),
        goals=("trust",),
        steps=(
            (2, "review"),
            (5, "note", "Counsel advises we cannot review an incident in active litigation."),
            (
                6,
                "decline",
                "litigation",
                "We cannot review an incident that is the subject of active federal litigation. "
                "You are welcome to ask again once the case has closed.",
            ),
        ),
    ),
    Scenario(
        "municipal",
        ("Sharon Tate-Ellis", "Captain"),
        ("Ahmed Farouk", "Chief of Police"),
        "We are asking for a review of our use-of-force and body-worn camera policies.",
        days_ago=40,
        services=("policy-review",),
        topics=("Use of force", "Body-worn cameras"),
        goals=("fairness",),
        steps=(
            (1, "review"),
            (
                3,
                "decline",
                "duplicate",
                "Your deputy chief sent the same request two weeks earlier and it is already in "
                "review; we will keep working on that one.",
            ),
        ),
    ),
    # --- referred ---------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Jim Kowalski", "Chief of Police"),
        ("Jim Kowalski", "Chief of Police"),
        "We need to hire six more officers to cover night shifts and want help paying for them.",
        days_ago=85,
        population=SMALL_TOWN,
        services=("resource-referral",),
        topics=("Recruitment and retention",),
        goals=("officer-safety",),
        steps=(
            (
                2,
                "refer",
                "cops_other",
                "The COPS Hiring Program funds new officer positions; its next solicitation opens "
                "in the spring.",
            ),
        ),
    ),
    Scenario(
        "sheriff",
        ("Abby Lund", "Policy analyst"),
        ("Ronald Pike", "Sheriff"),
        "We would like a model vehicle pursuit policy to start from.",
        days_ago=55,
        services=("resource-referral",),
        topics=("Vehicle pursuits", "Policy development"),
        goals=("officer-safety",),
        steps=(
            (1, "review"),
            (
                2,
                "refer",
                "resources",
                "Published model policies on vehicle pursuits cover what you need; the links are "
                "in this message. Ask again if you want a review of your own draft.",
            ),
        ),
    ),
    Scenario(
        "municipal",
        ("Regina Cole", "City Manager's liaison"),
        ("Edward Price", "Interim Chief of Police"),
        "Residents allege a pattern of excessive force and retaliation against people who "
        "complain. The city wants to know what its options are.",
        days_ago=95,
        scope="pattern",
        services=("operations-review",),
        population=MID_CITY,
        topics=("Use of force", "Accountability"),
        goals=("trust",),
        steps=(
            (2, "review"),
            (
                7,
                "refer",
                "doj_other",
                "Allegations of a pattern of unlawful conduct belong with the Civil Rights "
                "Division; we have shared your request with them, with your agreement.",
            ),
        ),
    ),
    # --- withdrawn -------------------------------------------------------------------------
    Scenario(
        "municipal",
        ("Frank Delgado", "Lieutenant"),
        ("Susan Reyes", "Chief of Police"),
        "We want a review of our field training program. New officers tell us it depends on "
        "which trainer they get.",
        days_ago=70,
        services=("needs-assessment-training",),
        topics=("Field training",),
        goals=("organizational-learning",),
        steps=(
            (2, "review"),
            (9, "withdraw", "Our new chief wants to run an internal review first."),
        ),
    ),
    Scenario(
        "sheriff",
        ("Carol Ng", "Captain"),
        ("Bill Sorensen", "Sheriff"),
        "A deputy shot a man during a traffic stop two months ago. We want an after-action review.",
        days_ago=58,
        incident=Incident(60, "officer_involved_shooting", "local", True, "State AG review."),
        services=("after-action-review",),
        topics=("Officer-involved shootings",),
        goals=("trust",),
        steps=(
            (1, "review"),
            (4, "withdraw", "The state attorney general opened a review; we will wait for it."),
        ),
    ),
    Scenario(
        "territorial",
        ("Miguel Santos", "Commander"),
        ("Luis Rivera", "Commissioner"),
        "We want training on sexual assault investigations for our detectives.",
        days_ago=30,
        services=("training",),
        topics=("Sexual assault investigations", "Victim services"),
        goals=("fairness",),
        steps=(
            (2, "ask", "How many detectives would take part, and in which language?"),
            (7, "withdraw", "Our training budget was moved to hurricane recovery this year."),
        ),
    ),
    Scenario(
        "university",
        ("Kevin Marsh", "Lieutenant"),
        ("Deborah Aldana", "Chief of University Police"),
        "We wanted an executive consultation on our relationship with student groups.",
        days_ago=20,
        services=("executive-consultation",),
        topics=("Campus safety", "Community engagement"),
        goals=("trust",),
        steps=((3, "withdraw", "The university hired a consultant instead."),),
    ),
]
