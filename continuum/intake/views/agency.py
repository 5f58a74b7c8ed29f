"""The agency's side: "My requests", and one request's page (status, timeline, messages,
answering a request for information, withdrawing)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from continuum.accounts.roles import agency_membership_of, pending_agency_membership_of
from continuum.accounts.selectors import email_is_verified
from continuum.core.policy import Audience
from continuum.core.workflow import TransitionError

from ..choices import MessageKind, RequestStatus
from ..decision_summary import decision_summary_for_viewer
from ..forms.agency_side import (
    AgencyMessageForm,
    ChiefAnswerForm,
    ChiefLinkForm,
    InformationAnswerForm,
    WithdrawForm,
)
from ..forms.base import errors_onto_form
from ..permissions import can_answer_information, can_withdraw_request, can_write_to_program
from ..selectors import (
    drafts_page,
    messages_for_viewer,
    request_for_viewer,
    sent_requests_page,
    timeline_for_viewer,
)
from ..services import triage as triage_services
from ..services.chief import (
    can_manage_chief_link,
    chief_answer_of,
    chief_can_answer_signed_in,
    chief_link_message,
    chief_link_update,
    chief_respond_signed_in,
    requests_awaiting_chief,
)
from ..services.conversation import request_message_from_agency

REQUESTS_PER_PAGE = 25
DRAFTS_PER_PAGE = 10


@require_GET
def my_requests(request):
    """The viewer's own requests and their agency's: drafts first, then the sent ones, each
    list in keyset pages (its own cursor in the address, so paging one keeps the other)."""
    membership = agency_membership_of(request.user)
    sent = _page_or_first(request, sent_requests_page, "cursor", REQUESTS_PER_PAGE)
    return render(
        request,
        "intake/agency/my_requests.html",
        {
            "drafts": _page_or_first(request, drafts_page, "drafts", DRAFTS_PER_PAGE),
            "page": sent,
            "membership": membership,
            "pending_membership": pending_agency_membership_of(request.user),
            "awaiting_my_answer": list(requests_awaiting_chief(request.user)[:20]),
            "email_verified": email_is_verified(request.user),
        },
    )


def _page_or_first(request, selector, parameter: str, size: int):
    """The page the address asks for; the first page, with a message, for a stale link."""
    try:
        return selector(viewer=request.user, cursor=request.GET.get(parameter) or None, size=size)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return selector(viewer=request.user, size=size)


def _detail_context(request, assistance_request, **forms) -> dict:
    # The agency's page shows what the agency is shown, whoever looks at it.
    entries = timeline_for_viewer(
        viewer=request.user, ar=assistance_request, as_audience=Audience.AGENCY
    )
    conversation = list(messages_for_viewer(viewer=request.user, ar=assistance_request))
    open_question = next(
        (
            m
            for m in reversed(conversation)
            if m.kind == MessageKind.INFORMATION_REQUEST and m.from_staff
        ),
        None,
    )
    can_answer = can_answer_information(request.user, assistance_request)
    chief_answer = chief_answer_of(assistance_request)
    chief_can_answer = chief_answer is None and chief_can_answer_signed_in(
        request.user, assistance_request
    )
    manage_link = can_manage_chief_link(request.user, assistance_request)
    can_write = can_write_to_program(request.user, assistance_request)
    return {
        "decision": decision_summary_for_viewer(viewer=request.user, ar=assistance_request),
        "third_person": assistance_request.requester_id != request.user.pk,
        "message_form": forms.get("message_form") or (AgencyMessageForm() if can_write else None),
        "assistance_request": assistance_request,
        "timeline": entries,
        "conversation": conversation,
        "open_question": open_question if can_answer else None,
        "can_answer": can_answer,
        "can_withdraw": can_withdraw_request(request.user, assistance_request),
        "answer_form": forms.get("answer_form")
        or (InformationAnswerForm() if can_answer else None),
        "services": list(assistance_request.services.all()),
        "chief_answer": chief_answer,
        "chief_answer_form": forms.get("chief_answer_form")
        or (ChiefAnswerForm() if chief_can_answer else None),
        "chief_link_form": forms.get("chief_link_form")
        or (
            ChiefLinkForm(
                initial={
                    "chief_email": assistance_request.chief_email,
                    "chief_name": assistance_request.chief_name,
                }
            )
            if manage_link
            else None
        ),
    }


@require_GET
def request_detail(request, public_id):
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    if assistance_request.status == RequestStatus.DRAFT:
        return redirect("intake:request_review", public_id=assistance_request.public_id)
    return render(
        request, "intake/agency/request_detail.html", _detail_context(request, assistance_request)
    )


@require_POST
def request_answer(request, public_id):
    """Answer the program's request for information."""
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    if not can_answer_information(request.user, assistance_request):
        messages.error(request, _("The program is not waiting for information on this request."))
        return redirect("intake:request_detail", public_id=assistance_request.public_id)
    form = InformationAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            triage_services.request_information_answer(
                actor=request.user,
                assistance_request=assistance_request,
                answer=form.cleaned_data["answer"],
                attachment=form.attachment_upload(),
            )
        except ValidationError as error:
            form.add_error("answer", error.messages)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("intake:request_detail", public_id=assistance_request.public_id)
        else:
            messages.success(request, _("Your answer was sent. The review goes on."))
            return redirect("intake:request_detail", public_id=assistance_request.public_id)
    return render(
        request,
        "intake/agency/request_detail.html",
        _detail_context(request, assistance_request, answer_form=form),
        status=400,
    )


@require_POST
def request_message(request, public_id):
    """The agency writes to program staff (one thread per request, seen by both sides)."""
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    if not can_write_to_program(request.user, assistance_request):
        messages.error(request, _("You cannot write about this request any more."))
        return _back(assistance_request)
    form = AgencyMessageForm(request.POST)
    if form.is_valid():
        try:
            request_message_from_agency(
                actor=request.user,
                assistance_request=assistance_request,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return _back(assistance_request)
        else:
            messages.success(
                request, _("Your message was sent. Program staff answer here, and we email you.")
            )
            return redirect(
                reverse("intake:request_detail", kwargs={"public_id": assistance_request.public_id})
                + "#messages-heading"
            )
    return render(
        request,
        "intake/agency/request_detail.html",
        _detail_context(request, assistance_request, message_form=form),
        status=400,
    )


@require_http_methods(["GET", "POST"])
def request_withdraw(request, public_id):
    """Withdraw the request (before a decision): a confirmation page with an optional reason."""
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    if not can_withdraw_request(request.user, assistance_request):
        messages.error(
            request,
            "This request can no longer be withdrawn: "
            + (
                "it is still a draft."
                if assistance_request.status == RequestStatus.DRAFT
                else f"it is {assistance_request.get_status_display().lower()}."
            ),
        )
        return redirect("intake:request_detail", public_id=assistance_request.public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            triage_services.request_withdraw(
                actor=request.user,
                assistance_request=assistance_request,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("intake:request_detail", public_id=assistance_request.public_id)
        else:
            messages.success(
                request,
                _(
                    "Request %(number)s is withdrawn. Its record is kept, "
                    "and you can make a new request at any time."
                )
                % {"number": assistance_request.tracking_number},
            )
            return redirect("intake:request_detail", public_id=assistance_request.public_id)
    return render(
        request,
        "intake/agency/withdraw.html",
        {"assistance_request": assistance_request, "form": form},
        status=400 if form.errors else 200,
    )


def _back(assistance_request):
    return redirect("intake:request_detail", public_id=assistance_request.public_id)


@require_POST
def request_chief_answer(request, public_id):
    """The chief executive, signed in with their verified address, answers from this page."""
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    form = ChiefAnswerForm(request.POST)
    if form.is_valid():
        try:
            chief_respond_signed_in(
                actor=request.user,
                assistance_request=assistance_request,
                supports=form.supports,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error.messages)
        except TransitionError as error:
            messages.error(request, str(error))
            return _back(assistance_request)
        else:
            messages.success(request, _("Thank you: your answer is recorded."))
            return _back(assistance_request)
    return render(
        request,
        "intake/agency/request_detail.html",
        _detail_context(request, assistance_request, chief_answer_form=form),
        status=400,
    )


@require_POST
def request_chief_link(request, public_id):
    """The requester sends the chief's link again, or corrects the chief's address first."""
    assistance_request = request_for_viewer(viewer=request.user, public_id=public_id)
    form = ChiefLinkForm(request.POST)
    if form.is_valid():
        try:
            outcome = chief_link_update(
                actor=request.user,
                assistance_request=assistance_request,
                chief_email=form.cleaned_data["chief_email"],
                chief_name=form.cleaned_data["chief_name"],
            )
        except ValidationError as error:
            errors_onto_form(form, error)
        except TransitionError as error:
            messages.error(request, str(error))
            return _back(assistance_request)
        else:
            messages.success(request, chief_link_message(outcome, assistance_request))
            return _back(assistance_request)
    return render(
        request,
        "intake/agency/request_detail.html",
        _detail_context(request, assistance_request, chief_link_form=form),
        status=400,
    )
