"""The message templates, seeded with the texts the intake emails had in Python before."""

from django.db import migrations

SIGN_OFF = (
    "\n\nThe Collaborative Reform Initiative team\n"
    "U.S. Department of Justice, Office of Community Oriented Policing Services (COPS Office)\n"
)

REQUEST_VARIABLES = {
    "requester_name": "The requester's name (may be empty)",
    "agency_name": "The agency's name",
    "tracking_number": "The request's tracking number",
    "request_url": "The agency's page for the request",
}
REQUEST_SAMPLE = {
    "requester_name": "Pat Rivera",
    "agency_name": "Riverton Police Department",
    "tracking_number": "CRI-2026-00042",
    "request_url": "https://continuum.example/my-requests/0f6f7c1e-2d4b-4a55-9d7e-7d0b1a8f3c21/",
}
HELLO_REQUESTER = "Hello{% if requester_name %} {{ requester_name }}{% endif %},\n\n"

DECISION_HEAD = (
    HELLO_REQUESTER
    + "We have made a decision on your request {{ tracking_number }} for {{ agency_name }}.\n\n"
)
DECISION_TAIL = (
    "{% if decision_note %}\n\nA note from program staff:\n{{ decision_note }}{% endif %}\n\n"
    "See the request and its history here: {{ request_url }}" + SIGN_OFF
)
DECISION_VARIABLES = {**REQUEST_VARIABLES, "decision_note": "Program staff's note (may be empty)"}

TEMPLATES = [
    {
        "key": "intake.submission_confirmation",
        "description": "To the requester, when a request is submitted.",
        "subject": "We received your request {{ tracking_number }}",
        "body": HELLO_REQUESTER
        + "We received your request for technical assistance for {{ agency_name }}.\n\n"
        "Your tracking number is {{ tracking_number }}. Please use it whenever you contact us.\n\n"
        "What happens next: program staff will read your request and answer within "
        "{{ response_days }} business days. We may ask you for more information. We have also "
        'emailed {{ chief_name|default:"your chief executive" }} a link to confirm that they '
        "support the request.\n\n"
        "Follow your request here: {{ request_url }}\n\n"
        "You can withdraw the request at any time before we decide on it." + SIGN_OFF,
        "variables": {
            **REQUEST_VARIABLES,
            "response_days": "The first-response target, in business days",
            "chief_name": "The chief executive's name (may be empty)",
        },
        "sample_context": {**REQUEST_SAMPLE, "response_days": 2, "chief_name": "Chief Morgan"},
    },
    {
        "key": "intake.chief_confirmation",
        "description": "To the chief executive named on a request: confirm your support.",
        "subject": "Please confirm your agency's request {{ tracking_number }}",
        "body": "Hello{% if chief_name %} {{ chief_name }}{% endif %},\n\n"
        '{{ requester_name|default:"Someone at your agency" }}'
        "{% if requester_title %}, {{ requester_title }}{% endif %} asked the Collaborative "
        "Reform Initiative for technical assistance for {{ agency_name }}, and said that you "
        "support the request. Its tracking number is {{ tracking_number }}.\n\n"
        "Please confirm that you support it by opening this link:\n{{ confirm_url }}\n\n"
        "If you do not know about this request, do not open the link; reply to this email or "
        "contact the COPS Office instead." + SIGN_OFF,
        "variables": {
            "chief_name": "The chief executive's name (may be empty)",
            "requester_name": "The requester's name (may be empty)",
            "requester_title": "The requester's title (may be empty)",
            "agency_name": "The agency's name",
            "tracking_number": "The request's tracking number",
            "confirm_url": "The link that records the chief's confirmation",
        },
        "sample_context": {
            "chief_name": "Chief Morgan",
            "requester_name": "Pat Rivera",
            "requester_title": "Lieutenant",
            "agency_name": "Riverton Police Department",
            "tracking_number": "CRI-2026-00042",
            "confirm_url": "https://continuum.example/request/confirm/sample-token/",
        },
    },
    {
        "key": "intake.decision_accepted",
        "description": "To the requester and the chief executive: the request was accepted.",
        "subject": "Your request {{ tracking_number }} was accepted",
        "body": DECISION_HEAD + "We accepted your request into {{ program_name }}"
        "{% if services %}, for {{ services }}{% endif %}.\n\n"
        "A member of the program team will contact you to plan the work together. "
        "Taking part is voluntary: you can stop at any time." + DECISION_TAIL,
        "variables": {
            **DECISION_VARIABLES,
            "program_name": "The program the request was accepted into",
            "services": "The services, in lower case, separated by commas (may be empty)",
        },
        "sample_context": {
            **REQUEST_SAMPLE,
            "decision_note": "Welcome aboard.",
            "program_name": "CRI Technical Assistance Center",
            "services": "policy review, training",
        },
    },
    {
        "key": "intake.decision_declined",
        "description": "To the requester and the chief executive: the request was declined.",
        "subject": "A decision on your request {{ tracking_number }}",
        "body": DECISION_HEAD
        + "We are not able to take on your request.\n\nThe reason: {{ decline_reason }}."
        + DECISION_TAIL,
        "variables": {**DECISION_VARIABLES, "decline_reason": "The reason, as listed"},
        "sample_context": {
            **REQUEST_SAMPLE,
            "decision_note": "This repeats your request from March.",
            "decline_reason": "It duplicates another request",
        },
    },
    {
        "key": "intake.decision_referred",
        "description": "To the requester and the chief executive: the request was referred.",
        "subject": "Your request {{ tracking_number }} was referred",
        "body": DECISION_HEAD
        + "We referred your request to a better place to help: {{ referral_target }}."
        + DECISION_TAIL,
        "variables": {
            **DECISION_VARIABLES,
            "referral_target": "Where it was referred, in lower case",
        },
        "sample_context": {
            **REQUEST_SAMPLE,
            "decision_note": "",
            "referral_target": "the state's police standards board",
        },
    },
    {
        "key": "intake.information_request",
        "description": "To the requester: program staff need more information.",
        "subject": "We need more information about your request {{ tracking_number }}",
        "body": HELLO_REQUESTER
        + "Program staff need more information about your request {{ tracking_number }} for "
        "{{ agency_name }}.\n\nTheir question:\n{{ question }}\n\n"
        "Please answer on the request's page: {{ request_url }}\n\n"
        "While we wait for your answer, the time we take to respond does not run." + SIGN_OFF,
        "variables": {**REQUEST_VARIABLES, "question": "Program staff's question"},
        "sample_context": {**REQUEST_SAMPLE, "question": "How many sworn officers do you have?"},
    },
    {
        "key": "intake.staff_message",
        "description": "To the requester: a message from program staff.",
        "subject": "A message about your request {{ tracking_number }}",
        "body": HELLO_REQUESTER
        + "Program staff sent you a message about your request {{ tracking_number }} for "
        "{{ agency_name }}:\n\n{{ message }}\n\n"
        "See the request and its messages here: {{ request_url }}" + SIGN_OFF,
        "variables": {**REQUEST_VARIABLES, "message": "The message program staff wrote"},
        "sample_context": {**REQUEST_SAMPLE, "message": "We will call you on Tuesday."},
    },
    {
        "key": "intake.withdrawal_confirmation",
        "description": "To the requester, when a request is withdrawn.",
        "subject": "Your request {{ tracking_number }} was withdrawn",
        "body": HELLO_REQUESTER
        + "Your request {{ tracking_number }} for {{ agency_name }} has been withdrawn. "
        "Its record is kept, and you can make a new request at any time.\n\n"
        "See the request here: {{ request_url }}" + SIGN_OFF,
        "variables": REQUEST_VARIABLES,
        "sample_context": REQUEST_SAMPLE,
    },
    {
        "key": "intake.information_answered",
        "description": "To the assigned reviewer, when the agency answers their question.",
        "subject": "{{ tracking_number }}: the agency answered",
        "body": "Hello{% if reviewer_name %} {{ reviewer_name }}{% endif %},\n\n"
        "{{ agency_name }} answered your request for information on {{ tracking_number }}. "
        "The request is back in review." + SIGN_OFF,
        "variables": {
            "reviewer_name": "The reviewer's name (may be empty)",
            "agency_name": "The agency's name",
            "tracking_number": "The request's tracking number",
        },
        "sample_context": {
            "reviewer_name": "Jordan Avery",
            "agency_name": "Riverton Police Department",
            "tracking_number": "CRI-2026-00042",
        },
    },
    {
        "key": "intake.assignment",
        "description": "To a reviewer, when requests are assigned to them.",
        "subject": "{% if count == 1 %}You were assigned {{ requests.0.tracking_number }}"
        "{% else %}You were assigned {{ count }} requests{% endif %}",
        "body": "Hello{% if reviewer_name %} {{ reviewer_name }}{% endif %},\n\n"
        "You were assigned {{ count }} request{{ count|pluralize }} to review:\n"
        "{% for request in requests %}- {{ request.tracking_number }}: "
        "{{ request.agency_name }}\n{% endfor %}" + SIGN_OFF,
        "variables": {
            "reviewer_name": "The reviewer's name (may be empty)",
            "count": "How many requests were assigned",
            "requests": "The requests: each has tracking_number and agency_name",
        },
        "sample_context": {
            "reviewer_name": "Jordan Avery",
            "count": 2,
            "requests": [
                {"tracking_number": "CRI-2026-00042", "agency_name": "Riverton Police Department"},
                {"tracking_number": "CRI-2026-00043", "agency_name": "Lakeside Sheriff's Office"},
            ],
        },
    },
]


def seed(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    for row in TEMPLATES:
        MessageTemplate.objects.update_or_create(
            key=row["key"], defaults={k: v for k, v in row.items() if k != "key"}
        )


def unseed(apps, schema_editor):
    MessageTemplate = apps.get_model("activity", "MessageTemplate")
    MessageTemplate.objects.filter(key__in=[row["key"] for row in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("activity", "0003_outbox")]
    operations = [migrations.RunPython(seed, unseed)]
