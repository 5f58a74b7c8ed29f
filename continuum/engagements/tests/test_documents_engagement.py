"""Documents of an engagement and its deliverables: visibilities, who sees what (team-only files
never reach the agency or the public), and upload refusals with real files."""

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django.urls import reverse

from continuum.core.policy import Audience
from continuum.documents.choices import PUBLIC, TEAM, TEAM_AND_AGENCY
from continuum.documents.models import Document, DocumentVersion
from continuum.documents.selectors import documents_on
from continuum.documents.services import Upload, document_attach
from continuum.documents.tests import files
from continuum.documents.tests.files import upload
from continuum.engagements.attachments import can_attach_to_engagement

from .delivery_world import delivery_world
from .factories import DeliverableFactory

pytestmark = pytest.mark.django_db


def as_user(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def attach_url(engagement) -> str:
    return reverse(
        "documents:attach", kwargs={"target_slug": "engagement", "key": engagement.public_id}
    )


def _doc(target, actor, visibility, name):
    return document_attach(
        actor=actor,
        target=target,
        upload=Upload(file=upload(name, files.PDF), kind="report", visibility=int(visibility)),
    )


def test_team_only_documents_never_reach_the_agency_or_the_public():
    world = delivery_world()
    team_doc = _doc(world.engagement, world.lead, TEAM, "team-notes.pdf")
    shared = _doc(world.engagement, world.lead, TEAM_AND_AGENCY, "shared-plan.pdf")
    public = _doc(world.engagement, world.staff, PUBLIC, "public-summary.pdf")
    page = world.engagement.get_absolute_url()
    for user in (world.staff, world.lead, world.coordinator):
        text = as_user(user).get(page).content.decode()
        assert "team-notes.pdf" in text and "shared-plan.pdf" in text
    for user in (world.member, world.requester, world.executive):
        text = as_user(user).get(page).content.decode()
        assert "team-notes.pdf" not in text and "shared-plan.pdf" in text
        assert (
            as_user(user).get(reverse("documents:file", args=[team_doc.public_id])).status_code
            == 404
        )
        assert (
            as_user(user).get(reverse("documents:file", args=[shared.public_id])).status_code == 200
        )
    # Nobody outside the engagement gets any of its files, not even the public one.
    for user in world.outsiders.values():
        for document in (team_doc, shared, public):
            url = reverse("documents:file", args=[document.public_id])
            assert as_user(user).get(url).status_code == 404
    anonymous = as_user().get(reverse("documents:file", args=[team_doc.public_id]))
    assert anonymous.status_code in (302, 404)


def test_deliverable_files_listed_on_the_engagement_page_as_the_viewer_may_see_them():
    world = delivery_world()
    draft = DeliverableFactory(engagement=world.engagement, title="Draft report")
    _doc(draft, world.lead, TEAM_AND_AGENCY, "draft-report.pdf")
    text = as_user(world.lead).get(world.engagement.get_absolute_url()).content.decode()
    assert "draft-report.pdf" in text
    # Still in drafting: the agency does not see the deliverable, so not its files either.
    text = as_user(world.member).get(world.engagement.get_absolute_url()).content.decode()
    assert "draft-report.pdf" not in text


def test_visibilities_offered_by_side():
    world = delivery_world()
    from continuum.engagements.attachments import _visibilities

    assert _visibilities(world.staff, world.engagement) == [TEAM, TEAM_AND_AGENCY, PUBLIC]
    assert _visibilities(world.lead, world.engagement) == [TEAM, TEAM_AND_AGENCY]
    assert _visibilities(world.member, world.engagement) == [TEAM_AND_AGENCY]
    assert can_attach_to_engagement(world.member, world.engagement)
    assert not can_attach_to_engagement(world.other_provider, world.engagement)


def test_the_agency_attaches_with_agency_visibility_whatever_it_posts():
    world = delivery_world()
    response = as_user(world.member).post(
        attach_url(world.engagement),
        {"file": upload("roster.pdf", files.PDF), "kind": "data", "visibility": int(TEAM)},
    )
    assert response.status_code == 302
    assert Document.objects.get().visibility == TEAM_AND_AGENCY
    text = as_user(world.lead).get(world.engagement.get_absolute_url()).content.decode()
    assert "roster.pdf" in text


def _limit(size: int):
    return override_settings(
        CONTINUUM={**django_settings.CONTINUUM, "DOCUMENTS": {"MAX_UPLOAD_BYTES": size}}
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.pdf", b"", "empty"),
        ("use-of-force.pdf", files.ELF, "is a program"),
        ("setup.pdf", files.PE, "is a program"),
        ("big.pdf", files.PDF + b"%" * 400, "up to 100"),
    ],
    ids=["empty", "elf-renamed-pdf", "exe-renamed-pdf", "too-large"],
)
def test_upload_refusals_with_real_files(name, content, expected):
    world = delivery_world()
    with _limit(100):
        response = as_user(world.lead).post(
            attach_url(world.engagement),
            {"file": upload(name, content), "kind": "report", "visibility": int(TEAM)},
        )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_a_path_traversal_name_is_stored_under_a_safe_name():
    world = delivery_world()
    response = as_user(world.lead).post(
        attach_url(world.engagement),
        {
            "file": upload("../../etc/passwd.pdf", files.PDF),
            "kind": "report",
            "visibility": int(TEAM),
        },
    )
    assert response.status_code in (302, 400)
    for document in Document.objects.all():
        assert "/" not in document.name and ".." not in document.name
        for version in document.versions.all():
            assert ".." not in version.file.name and "etc" not in version.file.name


def test_attach_is_404_for_outsiders():
    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement)
    urls = [
        attach_url(world.engagement),
        reverse(
            "documents:attach", kwargs={"target_slug": "deliverable", "key": deliverable.public_id}
        ),
    ]
    for user in world.outsiders.values():
        for url in urls:
            assert as_user(user).get(url).status_code == 404
            response = as_user(user).post(
                url, {"file": upload("x.pdf", files.PDF), "kind": "report", "visibility": int(TEAM)}
            )
            assert response.status_code == 404
    assert not Document.objects.exists()
    assert Audience.AGENCY not in TEAM


def test_the_agency_attaches_corrections_to_a_deliverable_during_its_fact_check_only():
    from continuum.engagements.attachments import can_attach_to_deliverable

    world = delivery_world()
    deliverable = DeliverableFactory(engagement=world.engagement, status="agency_fact_check")
    text = as_user(world.member).get(world.engagement.get_absolute_url()).content.decode()
    assert "Attach your corrections" in text
    assert can_attach_to_deliverable(world.member, deliverable)
    url = reverse(
        "documents:attach", kwargs={"target_slug": "deliverable", "key": deliverable.public_id}
    )
    response = as_user(world.member).post(
        url, {"file": upload("corrections.pdf", files.PDF), "kind": "report"}
    )
    assert response.status_code == 302
    assert Document.objects.get().visibility == TEAM_AND_AGENCY
    type(deliverable).objects.filter(pk=deliverable.pk).update(status="final")
    deliverable.refresh_from_db()
    assert not can_attach_to_deliverable(world.member, deliverable)
    assert not can_attach_to_deliverable(world.lead, deliverable)
    assert can_attach_to_deliverable(world.staff, deliverable)


def test_document_queryset_and_predicate_agree_for_every_person_and_visibility():
    """The targets' audience scopes (queryset side) agree with the policy's `audience_of`
    (predicate side), for the engagement's and a deliverable's files, in and out of fact-check."""
    from continuum.documents.policy import DOCUMENTS

    world = delivery_world()
    drafting = DeliverableFactory(engagement=world.engagement)
    checking = DeliverableFactory(engagement=world.engagement, status="agency_fact_check")
    documents = [
        _doc(target, world.staff, visibility, f"{n}-{m}.pdf")
        for n, target in enumerate((world.engagement, drafting, checking))
        for m, visibility in enumerate((TEAM, TEAM_AND_AGENCY, PUBLIC))
    ]
    people = [
        world.staff,
        world.lead,
        world.coordinator,
        world.requester,
        world.member,
        world.executive,
        *world.outsiders.values(),
    ]
    for person in people:
        visible = set(DOCUMENTS.queryset(person).values_list("pk", flat=True))
        for document in documents:
            assert (document.pk in visible) == DOCUMENTS.view(person, document), (
                person,
                document.name,
            )
        # A page's list (the rule for its own objects only) is the same rule.
        listed = documents_on(viewer=person, targets=[world.engagement, drafting, checking])
        assert {d.pk for d in listed} == visible & {d.pk for d in documents}, person
    member_sees = {d.name for d in documents if DOCUMENTS.view(world.member, d)}
    assert member_sees == {"0-1.pdf", "0-2.pdf", "2-1.pdf", "2-2.pdf"}
