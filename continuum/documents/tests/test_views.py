"""Documents through the web: attaching on the request pages, with an answer and with a staff
message, new versions, and the per-object check on every route that serves a file."""

# pytest fixtures are imported by name and used as arguments:
# ruff: noqa: F401, F811

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.urls import reverse

from continuum.accounts.tests.factories import AgencyMembershipFactory
from continuum.activity.models import Event
from continuum.core.policy import Audience
from continuum.documents.models import Document, DocumentVersion
from continuum.documents.services import Upload, document_attach, document_version_add
from continuum.intake.choices import RequestStatus
from continuum.intake.models import RequestMessage
from continuum.intake.services import triage
from continuum.intake.tests.domain_fixtures import (
    agency_a,
    agency_b,
    member_a,
    member_b,
    outsider,
    requester_a,
    staff,
)
from continuum.intake.tests.factories import submitted_request

from . import files
from .files import upload

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def request_a(requester_a, agency_a):
    return submitted_request(
        requester=requester_a, requester_email=requester_a.email, agency=agency_a
    )


def attach_url(ar) -> str:
    return reverse("documents:attach", kwargs={"target_slug": "request", "key": ar.public_id})


def file_urls(document) -> list[str]:
    return [
        reverse("documents:file", args=[document.public_id]),
        reverse("documents:version_file", args=[document.public_id, 1]),
        reverse("documents:add_version", args=[document.public_id]),
    ]


def _doc(
    ar, actor, *, visibility=Audience.STAFF | Audience.AGENCY, content=files.PDF, name="a.pdf"
):
    return document_attach(
        actor=actor,
        target=ar,
        upload=Upload(file=upload(name, content), kind="policy", visibility=int(visibility)),
    )


# --- attaching from the request pages --------------------------------------------------------


def test_agency_member_attaches_a_letter_of_support_shown_on_both_pages(member_a, staff, request_a):
    response = as_user(member_a).post(
        attach_url(request_a),
        {"file": upload("Chief letter.pdf", files.PDF), "kind": "letter_of_support", "name": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:request_detail", args=[request_a.public_id])
    document = Document.objects.get()
    version = document.versions.get()
    assert (document.name, document.kind, document.visibility) == (
        "Chief letter.pdf",
        "letter_of_support",
        Audience.STAFF | Audience.AGENCY,
    )
    assert version.file.name.startswith("documents/") and "Chief" not in version.file.name
    assert version.content_type == "application/pdf" and version.size == len(files.PDF)
    assert default_storage.exists(version.file.name)
    event = Event.objects.get(verb="document_added")
    assert event.target == request_a and event.audiences == Audience.STAFF | Audience.AGENCY

    agency_page = as_user(member_a).get(
        reverse("intake:request_detail", args=[request_a.public_id])
    )
    staff_page = as_user(staff).get(reverse("intake:triage_detail", args=[request_a.public_id]))
    for page in (agency_page, staff_page):
        text = page.content.decode()
        assert "Chief letter.pdf" in text and "Letter of support" in text
        assert reverse("documents:file", args=[document.public_id]) in text
    assert "The agency and program staff" in staff_page.content.decode()


def test_a_disguised_program_is_refused_on_the_page_with_the_uswds_error_pattern(
    member_a, request_a
):
    response = as_user(member_a).post(
        attach_url(request_a), {"file": upload("policy.pdf", files.ELF), "kind": "policy"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "usa-alert--error" in text and "usa-error-message" in text
    assert "“policy.pdf” is a program" in text
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.pdf", b"", "The file you chose is empty"),
        ("setup.pdf", files.PE, "is a program"),
        ("archive.pdf", files.PLAIN_ZIP, "is not a kind of file we accept"),
    ],
)
def test_every_refusal_through_the_web_says_what_is_wrong(
    member_a, request_a, name, content, expected
):
    response = as_user(member_a).post(
        attach_url(request_a), {"file": upload(name, content), "kind": "policy"}
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Document.objects.exists()


def test_too_large_is_refused_through_the_web(member_a, request_a, settings):
    settings.CONTINUUM = {**settings.CONTINUUM, "DOCUMENTS": {"MAX_UPLOAD_BYTES": 64}}
    response = as_user(member_a).post(
        attach_url(request_a), {"file": upload("big.pdf", files.PDF), "kind": "policy"}
    )
    assert response.status_code == 400
    assert "Files can be up to 64" in response.content.decode()
    assert not Document.objects.exists()


def test_a_path_traversal_name_is_neutralised(member_a, request_a):
    # Sent as raw multipart so the name reaches Django exactly as an attacker would write it.
    body = (
        b'--B\r\nContent-Disposition: form-data; name="kind"\r\n\r\npolicy\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n" + files.PDF + b"\r\n--B--\r\n"
    )
    client = as_user(member_a)
    response = client.generic(
        "POST", attach_url(request_a), body, content_type="multipart/form-data; boundary=B"
    )
    assert response.status_code == 302
    document = Document.objects.get()
    version = document.versions.get()
    assert document.name == "passwd.pdf" and version.original_name == "passwd.pdf"
    assert ".." not in version.file.name and "passwd" not in version.file.name


def test_staff_may_keep_a_document_to_program_staff(staff, member_a, request_a):
    response = as_user(staff).post(
        attach_url(request_a),
        {"file": upload("notes.txt", files.TEXT), "kind": "other", "visibility": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:triage_detail", args=[request_a.public_id])
    document = Document.objects.get()
    assert document.visibility == Audience.STAFF
    assert Event.objects.get(verb="document_added").audiences == Audience.STAFF
    page = as_user(member_a).get(reverse("intake:request_detail", args=[request_a.public_id]))
    assert "notes.txt" not in page.content.decode()


def test_the_agency_cannot_choose_a_staff_only_visibility(member_a, request_a):
    response = as_user(member_a).post(
        attach_url(request_a),
        {"file": upload("a.pdf", files.PDF), "kind": "policy", "visibility": "1"},
    )
    assert response.status_code == 302
    assert Document.objects.get().visibility == Audience.STAFF | Audience.AGENCY


def test_attaching_to_another_agencys_request_is_404(member_b, outsider, request_a):
    for user in (member_b, outsider):
        response = as_user(user).post(
            attach_url(request_a), {"file": upload("a.pdf", files.PDF), "kind": "policy"}
        )
        assert response.status_code == 404
        assert as_user(user).get(attach_url(request_a)).status_code == 404
    assert not Document.objects.exists()


def test_messages_are_not_attachable_by_url(staff, request_a):
    url = reverse("documents:attach", kwargs={"target_slug": "message", "key": "1"})
    assert as_user(staff).get(url).status_code == 404
    url = reverse("documents:attach", kwargs={"target_slug": "nothing", "key": "1"})
    assert as_user(staff).get(url).status_code == 404


def test_after_a_decision_the_agency_can_no_longer_attach(member_a, staff, request_a):
    triage.request_withdraw(actor=member_a, assistance_request=request_a, reason="")
    response = as_user(member_a).post(
        attach_url(request_a), {"file": upload("a.pdf", files.PDF), "kind": "policy"}
    )
    assert response.status_code == 302
    assert not Document.objects.exists()


# --- with an answer and with a staff message -------------------------------------------------


def test_an_answer_to_an_information_request_carries_a_pdf_that_staff_open(
    member_a, staff, request_a
):
    triage.request_information_ask(
        actor=staff, assistance_request=request_a, question="Please send your use-of-force policy."
    )
    response = as_user(member_a).post(
        reverse("intake:request_answer", args=[request_a.public_id]),
        {
            "answer": "Attached.",
            "attachment": upload("UOF policy.pdf", files.PDF),
            "attachment_kind": "policy",
        },
    )
    assert response.status_code == 302
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.IN_REVIEW
    document = Document.objects.get()
    answer = RequestMessage.objects.get(kind="answer")
    assert document.target == answer and document.kind == "policy"

    opened = as_user(staff).get(reverse("documents:file", args=[document.public_id]))
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == files.PDF
    assert opened["Content-Type"] == "application/pdf"
    assert opened["Content-Disposition"].startswith("inline;")
    assert 'filename="UOF policy.pdf"' in opened["Content-Disposition"]
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in opened["Cache-Control"]
    staff_page = as_user(staff).get(reverse("intake:triage_detail", args=[request_a.public_id]))
    assert "sent with a message" in staff_page.content.decode()


def test_an_answer_with_a_disguised_program_is_refused_and_nothing_is_sent(
    member_a, staff, request_a
):
    triage.request_information_ask(actor=staff, assistance_request=request_a, question="Policy?")
    response = as_user(member_a).post(
        reverse("intake:request_answer", args=[request_a.public_id]),
        {"answer": "Attached.", "attachment": upload("policy.pdf", files.ELF)},
    )
    assert response.status_code == 400
    assert "is a program" in response.content.decode()
    request_a.refresh_from_db()
    assert request_a.status == RequestStatus.NEEDS_INFORMATION
    assert not RequestMessage.objects.filter(kind="answer").exists()


def test_a_staff_message_carries_an_attachment_the_agency_downloads(member_a, staff, request_a):
    response = as_user(staff).post(
        reverse("intake:triage_action", args=[request_a.public_id, "message"]),
        {
            "message-body": "Here is the template.",
            "message-attachment": upload("template.csv", files.CSV),
            "message-attachment_kind": "data",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.target.kind == "message" and document.kind == "data"
    got = as_user(member_a).get(reverse("documents:file", args=[document.public_id]))
    assert got.status_code == 200
    assert got["Content-Type"] == "text/csv"
    assert got["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in got["Content-Security-Policy"]


def test_a_staff_message_with_an_empty_file_is_refused(staff, request_a):
    response = as_user(staff).post(
        reverse("intake:triage_action", args=[request_a.public_id, "message"]),
        {"message-body": "Here.", "message-attachment": upload("x.pdf", b"")},
    )
    assert response.status_code == 422
    assert "empty" in response.content.decode()
    assert not RequestMessage.objects.exists()


# --- versions ---------------------------------------------------------------------------------


def test_staff_upload_a_new_version_and_both_stay_available(staff, member_a, request_a):
    document = _doc(request_a, member_a)
    response = as_user(staff).post(
        reverse("documents:add_version", args=[document.public_id]),
        {"file": upload("policy v2.docx", files.DOCX)},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.latest_version == 2
    latest = as_user(member_a).get(reverse("documents:file", args=[document.public_id]))
    assert latest["Content-Type"].startswith("application/vnd.openxmlformats")
    assert latest["Content-Disposition"].startswith("attachment;")
    first = as_user(member_a).get(reverse("documents:version_file", args=[document.public_id, 1]))
    assert b"".join(first.streaming_content) == files.PDF
    missing = reverse("documents:version_file", args=[document.public_id, 3])
    assert as_user(staff).get(missing).status_code == 404
    assert Event.objects.filter(verb="document_version_added").count() == 1


def test_a_new_version_is_checked_like_the_first(staff, member_a, request_a):
    document = _doc(request_a, member_a)
    response = as_user(staff).post(
        reverse("documents:add_version", args=[document.public_id]),
        {"file": upload("v2.pdf", files.PE)},
    )
    assert response.status_code == 400
    assert "is a program" in response.content.decode()
    assert DocumentVersion.objects.count() == 1


def test_another_agency_member_cannot_add_a_version(member_a, request_a, agency_a):
    document = _doc(request_a, member_a)
    colleague = AgencyMembershipFactory(agency=agency_a).user
    response = as_user(colleague).post(
        reverse("documents:add_version", args=[document.public_id]),
        {"file": upload("v2.pdf", files.PDF)},
    )
    assert response.status_code == 302  # sees it, may not replace it
    assert DocumentVersion.objects.count() == 1
    with pytest.raises(PermissionDenied):
        document_version_add(actor=colleague, document=document, file=upload("v.pdf", files.PDF))


# --- the per-object check on every route that serves a file ----------------------------------


def test_every_file_route_is_404_for_those_who_may_not_see_it(
    member_a, member_b, outsider, staff, request_a, agency_a
):
    shared = _doc(request_a, member_a)
    staff_only = _doc(request_a, staff, visibility=Audience.STAFF, name="internal.pdf")
    colleague = AgencyMembershipFactory(agency=agency_a).user

    for user in (member_b, outsider):  # another agency, an account with no role
        for url in file_urls(shared) + file_urls(staff_only):
            assert as_user(user).get(url).status_code == 404, (user, url)
    for user in (member_a, colleague):  # the agency side never gets a staff-only file
        for url in file_urls(staff_only):
            assert as_user(user).get(url).status_code == 404, (user, url)
        assert as_user(user).get(file_urls(shared)[0]).status_code == 200
    for url in file_urls(shared)[:2] + file_urls(staff_only)[:2]:
        assert as_user(staff).get(url).status_code == 200
        anonymous = as_user(None).get(url)
        sign_in = resolve_url(django_settings.LOGIN_URL)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(sign_in)
    unknown = reverse("documents:file", args=["00000000-0000-0000-0000-000000000000"])
    assert as_user(staff).get(unknown).status_code == 404


def test_message_attachments_follow_their_request(member_a, member_b, staff, request_a):
    message = triage.request_message_send(
        actor=staff,
        assistance_request=request_a,
        body="See attached.",
        attachment=Upload(file=upload("a.png", files.PNG), kind="other"),
    )
    document = Document.objects.get()
    assert document.target == message
    assert as_user(member_a).get(file_urls(document)[0]).status_code == 200
    assert as_user(member_b).get(file_urls(document)[0]).status_code == 404


def test_a_missing_stored_file_is_404_not_500(staff, member_a, request_a):
    document = _doc(request_a, member_a)
    default_storage.delete(document.versions.get().file.name)
    assert as_user(staff).get(file_urls(document)[0]).status_code == 404
