"""The people of the load benchmark's data: program staff, requesters, agency members.

Everyone gets an unusable password: the benchmark signs people in by writing sessions
directly (`session_for`), and API callers get a token through the real service (`token_for`).
"""

from __future__ import annotations

import datetime

#: Program staff for each 1× of the data (each 25,000 requests): one team of analysts and
#: managers, each carrying about 625 requests and 234 engagements over the six years. The staff
#: grow with the data, as a program's would: with 40 at every scale, one analyst at 10× would be
#: on 2,342 engagements' teams (390 a year), which no person is, and their own pages (the
#: calendar) would measure that impossible caseload instead of the national data's size.
STAFF_PER_SCALE = 40
#: One agency member in this many has asked to join an agency and waits for verification.
PENDING_ONE_IN = 40


def _fields(model) -> set[str]:
    return {field.name for field in model._meta.get_fields()}


def staff_grow(now, count: int) -> list[int]:
    """The ids of the first `count` program staff (by id), making those still missing."""
    have = staff_ids()
    if len(have) < count:
        have += [user.pk for user in _staff_create(now, len(have), count)]
    return have[:count]


def _staff_create(now, first: int, last: int) -> list:
    from continuum.accounts.models import User

    return User.objects.bulk_create(
        [
            User(
                email=f"staff{n}@bench.test",
                full_name=f"Program Analyst {n}",
                title="Program specialist",
                is_program_staff=True,
                password="!",  # noqa: S106 - an unusable password
                date_joined=now - datetime.timedelta(days=2_500 - n),
            )
            for n in range(first, last)
        ]
    )


def staff_ids() -> list[int]:
    from continuum.accounts.models import User

    return list(
        User.objects.filter(is_program_staff=True).order_by("pk").values_list("pk", flat=True)
    )


def members_by_agency() -> dict[int, int]:
    """Agency id -> the user id of the member already made for it (their agency's requester)."""
    from continuum.accounts.models import AgencyMembership

    return dict(AgencyMembership.objects.values_list("agency_id", "user_id"))


def members_create(
    rng, agency_ids: list[int], staff: list[int], now, *, always_verified: int | None = None
) -> dict[int, int]:
    """One member for each agency in `agency_ids`: the person who writes its requests.

    The membership is verified (by program staff, by phone) where the model records
    verification; one in `PENDING_ONE_IN` still waits for it, so the verification queue has
    rows (never the member of `always_verified`, the agency the benchmark signs in for).
    Returns agency id -> user id.
    """
    from continuum.accounts.models import AgencyMembership, User

    users = User.objects.bulk_create(
        [
            User(
                email=f"agency{agency_id}@bench.test",
                full_name=f"Lieutenant {agency_id}",
                title="Accreditation manager",
                password="!",  # noqa: S106 - an unusable password
                date_joined=now - datetime.timedelta(days=2_400),
            )
            for agency_id in agency_ids
        ],
        batch_size=2_000,
    )
    verifiable = "status" in _fields(AgencyMembership)
    memberships = []
    for agency_id, user in zip(agency_ids, users, strict=True):
        fields = {"user_id": user.pk, "agency_id": agency_id, "role": "point_of_contact"}
        if verifiable:
            if rng.randrange(PENDING_ONE_IN) == 0 and agency_id != always_verified:
                fields.update(status="requested", requested_via="Load benchmark data")
            else:
                fields.update(
                    status="verified",
                    requested_via="Load benchmark data",
                    verification_method="phone",
                    verified_by_id=rng.choice(staff),
                    verified_at=now - datetime.timedelta(days=rng.randint(1, 2_000)),
                )
        memberships.append(AgencyMembership(**fields))
    AgencyMembership.objects.bulk_create(memberships, batch_size=2_000)
    return {agency_id: user.pk for agency_id, user in zip(agency_ids, users, strict=True)}


def unlisted_requesters_create(numbers: list[int], now) -> dict[int, int]:
    """A requester with no membership for each request from an agency not in the directory."""
    from continuum.accounts.models import User

    users = User.objects.bulk_create(
        [
            User(
                email=f"unlisted{n}@bench.test",
                full_name=f"Chief {n}",
                password="!",  # noqa: S106 - an unusable password
                date_joined=now,
            )
            for n in numbers
        ],
        batch_size=2_000,
    )
    return {n: user.pk for n, user in zip(numbers, users, strict=True)}


def session_for(user) -> str:
    """A signed-in session for `user`, as `django.contrib.auth.login` would write it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def token_for(user) -> str:
    """A new API token for `user`, made by the real service; returns the key."""
    from continuum.api.services import api_token_issue

    return api_token_issue(actor=None, user=user, name="Load benchmark").key
