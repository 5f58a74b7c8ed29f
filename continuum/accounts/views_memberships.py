"""Program staff: the queue of agency memberships waiting for verification, and one page per
membership (who asked, for which agency, the agency's published details, the evidence, and the
verify and refuse forms). Thin views: the selectors answer 404 to anyone but program staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from continuum.core.links import urls_by_pk
from continuum.core.workflow import TransitionError

from .forms import MembershipRefuseForm, MembershipVerifyForm
from .models import AgencyMembership, MembershipStatus
from .selectors import (
    agency_verified_members,
    membership_for_staff,
    membership_history,
    membership_recently_decided,
    memberships_pending,
    other_memberships_of,
)
from .services import agency_membership_refuse, agency_membership_verify

QUEUE_LIMIT = 200

#: How each membership event reads on the staff page.
EVENT_LABELS = {
    "membership_requested": _lazy("Asked for"),
    "membership_evidence": _lazy("Evidence"),
    "membership_verified": _lazy("Verified"),
    "membership_refused": _lazy("Refused"),
    "membership_cancelled": _lazy("Cancelled"),
    "membership_ended": _lazy("Ended"),
}


@dataclass(frozen=True)
class MembershipRow:
    membership: AgencyMembership
    #: What the row shows, worked out once per page rather than by template tags in each row
    #: (the 220 rows of a full page took 36 ms to render at 10x data, most of it `{% url %}`,
    #: the column labels translated again in each row, the date and the role's label).
    url: str
    role_label: str
    asked_on: str


def membership_rows(memberships) -> list[MembershipRow]:
    url_of = urls_by_pk("accounts:membership_detail")  # one reverse() for the list
    role_labels = {value: str(label) for value, label in AgencyMembership.Role.choices}
    dates: dict[datetime.date, str] = {}  # one formatted date per distinct day
    rows = []
    for membership in memberships:
        day = timezone.localtime(membership.created_at).date()
        if day not in dates:
            dates[day] = date_format(day, "M j, Y")  # the `date` filter's format
        rows.append(
            MembershipRow(
                membership=membership,
                url=url_of(membership.pk),
                role_label=role_labels.get(membership.role, membership.role),
                asked_on=dates[day],
            )
        )
    return rows


@require_GET
def membership_queue(request):
    pending = memberships_pending(viewer=request.user)
    return render(
        request,
        "accounts/memberships/queue.html",
        {
            "pending": membership_rows(pending[:QUEUE_LIMIT]),
            "pending_count": pending.count(),
            "decided": membership_rows(membership_recently_decided(viewer=request.user)),
        },
    )


def _render_detail(request, membership, *, verify_form=None, refuse_form=None, status=200):
    pending = membership.status == MembershipStatus.REQUESTED
    return render(
        request,
        "accounts/memberships/detail.html",
        {
            "membership": membership,
            "history": [
                (event, EVENT_LABELS.get(event.verb, event.verb))
                for event in membership_history(viewer=request.user, membership=membership)
            ],
            "others": other_memberships_of(viewer=request.user, membership=membership),
            "agency_members": agency_verified_members(
                viewer=request.user, agency=membership.agency
            ),
            "verify_form": (verify_form or MembershipVerifyForm(prefix="verify"))
            if pending
            else None,
            "refuse_form": (refuse_form or MembershipRefuseForm(prefix="refuse"))
            if pending
            else None,
            "own": membership.user_id == request.user.pk,
        },
        status=status,
    )


@require_GET
def membership_detail(request, pk):
    return _render_detail(request, membership_for_staff(viewer=request.user, pk=pk))


def _errors_onto(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@require_POST
def membership_verify(request, pk):
    membership = membership_for_staff(viewer=request.user, pk=pk)
    form = MembershipVerifyForm(request.POST, prefix="verify")
    if form.is_valid():
        try:
            agency_membership_verify(
                actor=request.user,
                membership=membership,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _errors_onto(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("accounts:membership_detail", pk=membership.pk)
        else:
            messages.success(
                request,
                _("%(person)s is now a verified member of %(agency)s.")
                % {"person": membership.user, "agency": membership.agency},
            )
            return redirect("accounts:membership_queue")
    return _render_detail(request, membership, verify_form=form, status=422)


@require_POST
def membership_refuse(request, pk):
    membership = membership_for_staff(viewer=request.user, pk=pk)
    form = MembershipRefuseForm(request.POST, prefix="refuse")
    if form.is_valid():
        try:
            agency_membership_refuse(
                actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_onto(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("accounts:membership_detail", pk=membership.pk)
        else:
            messages.success(
                request,
                _(
                    "The membership of %(person)s is refused. They still see the requests they "
                    "wrote, and nothing else of the agency."
                )
                % {"person": membership.user},
            )
            return redirect("accounts:membership_queue")
    return _render_detail(request, membership, refuse_form=form, status=422)
