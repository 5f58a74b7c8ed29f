"""What the load benchmark measures: every page and API list of the platform, by role.

`targets()` runs under the benchmark's settings, in the database the server will use, and
returns each address with the headers of its role (a session cookie, a bearer token, or none).
Every later page or API list joins this list. A URL name that does not exist on this branch
(for example the membership queue before that work lands) is left out and reported.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

#: Roles, in the order the report lists them.
ROLES = ("reference", "anonymous", "program staff", "agency member", "API: program staff")
ROLES += ("API: agency member",)


@dataclass
class Target:
    label: str
    role: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    #: Text the answer must contain (checked once before measuring, so a sign-in page or an
    #: error page is never measured in the page's place).
    expect: str = ""


def _credentials(staff, member) -> dict[str, dict[str, str]]:
    from django.conf import settings

    from .people import session_for, token_for

    cookie = settings.SESSION_COOKIE_NAME
    return {
        "reference": {},
        "anonymous": {},
        "program staff": {"Cookie": f"{cookie}={session_for(staff)}"},
        "agency member": {"Cookie": f"{cookie}={session_for(member)}"},
        "API: program staff": {"Authorization": f"Bearer {token_for(staff)}"},
        "API: agency member": {"Authorization": f"Bearer {token_for(member)}"},
    }


def viewers():
    """The program staff member and the agency member the benchmark signs in as."""
    from continuum.accounts.models import AgencyMembership, User

    from .dataset import busiest_agency_id

    staff = User.objects.filter(is_program_staff=True).order_by("pk").first()
    memberships = AgencyMembership.objects.filter(agency_id=busiest_agency_id())
    if "status" in {f.name for f in AgencyMembership._meta.get_fields()}:
        memberships = memberships.filter(status="verified")
    membership = memberships.select_related("user").order_by("pk").first()
    if staff is None or membership is None:
        raise SystemExit("No data to measure: run the generator first (benchmarks/dataset.py).")
    return staff, membership.user


def targets() -> tuple[list[dict], list[str]]:
    """(targets as dicts, URL names left out because this branch does not have them)."""
    from django.templatetags.static import static
    from django.urls import NoReverseMatch, reverse

    from continuum.agencies.models import Agency
    from continuum.catalog.models import Program
    from continuum.intake.models import AssistanceRequest

    from .dataset import busiest_agency_id

    staff, member = viewers()
    headers = _credentials(staff, member)
    program = Program.objects.order_by("order", "pk").first()
    agency = Agency.objects.get(pk=busiest_agency_id())
    # A request under review with its history (staff's page), and the member agency's newest.
    submitted = AssistanceRequest.objects.filter(submitted_at__isnull=False)
    staff_request = (
        submitted.filter(status="in_review").order_by("-submitted_at").first()
        or submitted.order_by("-submitted_at").first()
    )
    member_request = submitted.filter(agency=agency).order_by("-submitted_at").first()
    if staff_request is None or member_request is None:
        raise SystemExit(
            "Too little data for the request pages (the busiest agency has no submitted "
            "request yet): choose a scale of 0.05 or more."
        )
    missing: list[str] = []

    def url(name: str, *args, query: str = "") -> str | None:
        try:
            return reverse(name, args=args) + (f"?{query}" if query else "")
        except NoReverseMatch:
            missing.append(name)
            return None

    rows = [
        ("bare view (reference)", "reference", url("benchmark_bare"), "ok"),
        ("static file (WhiteNoise)", "reference", static("css/continuum.css"), ""),
        ("home", "anonymous", url("core:home"), "Continuum"),
        ("programs", "anonymous", url("catalog:programs"), program.name),
        ("a program", "anonymous", url("catalog:program", program.slug), program.name),
        ("directory", "anonymous", url("agencies:directory"), ""),
        (
            "directory search",
            "anonymous",
            url("agencies:directory", query="q=police+department"),
            "",
        ),
        ("an agency", "anonymous", url("agencies:agency", agency.pk), ""),
        ("OpenAPI schema", "anonymous", url("api-1.0.0:openapi-json"), "openapi"),
        ("API reference", "anonymous", url("api_reference"), ""),
        ("sign-in page", "anonymous", url("accounts:login"), ""),
        # The floor of a signed-in page: authentication alone, then the layout around nothing.
        ("bare view, signed in (reference)", "program staff", url("benchmark_bare"), "ok"),
        (
            "empty page, signed in (reference)",
            "program staff",
            url("benchmark_empty_page"),
            "Empty page",
        ),
        ("dashboard", "program staff", url("accounts:dashboard"), ""),
        ("triage queue", "program staff", url("intake:triage_queue"), ""),
        (
            "triage queue, agency name A to Z",
            "program staff",
            url("intake:triage_queue", query="sort=agency_name"),
            "",
        ),
        (
            "triage queue, unassigned",
            "program staff",
            url("intake:triage_queue", query="assignee=unassigned"),
            "",
        ),
        (
            "staff request page",
            "program staff",
            url("intake:triage_detail", staff_request.public_id),
            staff_request.tracking_number,
        ),
        ("outbox", "program staff", url("activity:outbox_list"), ""),
        ("membership verification queue", "program staff", url("accounts:membership_queue"), ""),
        ("dashboard", "agency member", url("accounts:dashboard"), ""),
        ("my requests", "agency member", url("intake:my_requests"), ""),
        (
            "request page",
            "agency member",
            url("intake:request_detail", member_request.public_id),
            member_request.tracking_number,
        ),
        ("API tokens", "agency member", url("api:tokens"), ""),
        ("request list", "API: program staff", url("api-1.0.0:request_list"), '"count"'),
        ("triage queue", "API: program staff", url("api-1.0.0:triage_queue"), '"count"'),
        ("request list", "API: agency member", url("api-1.0.0:request_list"), '"count"'),
        *_engagement_rows(agency, url),
    ]
    found = [
        asdict(Target(label=label, role=role, path=path, headers=headers[role], expect=expect))
        for label, role, path, expect in rows
        if path is not None
    ]
    return found, missing


def _engagement_rows(agency, url) -> list[tuple]:
    """The engagement pages and API lists (issue 9), for the roles that see them: program staff
    see every engagement (the portfolio, the experts and matching); the agency member sees their
    agency's. An engagement page is measured where the data has one for the role."""
    from django.utils.html import escape

    from continuum.engagements.models import Engagement

    engagements = Engagement.objects.select_related("agency", "assistance_request")
    # Staff's engagement: the newest one still being worked (the one matching and the team
    # pages work on), with its team; the member's: their agency's newest.
    staff_engagement = (
        engagements.filter(status__in=["planning", "active"]).order_by("-pk").first()
        or engagements.order_by("-pk").first()
    )
    member_engagement = engagements.filter(agency=agency).order_by("-pk").first()
    rows: list[tuple] = [
        ("portfolio", "program staff", url("engagements:portfolio"), "Program portfolio"),
        ("my engagements", "program staff", url("engagements:mine"), "My engagements"),
        ("experts list", "program staff", url("providers:expert_list"), ">Experts</h1>"),
        ("calendar", "program staff", url("engagements:calendar"), "Your calendar:"),
        ("engagement list", "API: program staff", url("api-1.0.0:engagement_list"), '"items"'),
        ("my engagements", "agency member", url("engagements:mine"), "My engagements"),
        ("calendar", "agency member", url("engagements:calendar"), "Your calendar:"),
        ("engagement list", "API: agency member", url("api-1.0.0:engagement_list"), '"items"'),
    ]
    for role, api_role, engagement in (
        ("program staff", "API: program staff", staff_engagement),
        ("agency member", "API: agency member", member_engagement),
    ):
        if engagement is None:
            continue
        label = escape(engagement.agency_label)
        key = engagement.public_id
        rows += [
            ("engagement page", role, url("engagements:detail", key), f"engagement: {label}"),
            ("engagement", api_role, url("api-1.0.0:engagement_read", key), f'"{key}"'),
        ]
    if staff_engagement is not None and staff_engagement.status in ("planning", "active"):
        rows.append(
            (
                "find experts",
                "program staff",
                url("engagements:team_match", staff_engagement.public_id),
                f"Find experts: {escape(staff_engagement.agency_label)}",
            )
        )
    return rows
