"""The register's services and pages: who may do what, per-object 404s, bad input, query
counts, export."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from continuum.activity.models import Event
from continuum.engagements.tests.delivery_world import delivery_world
from continuum.recommendations.models import (
    ComplianceMeasure,
    Dependency,
    ExternalBlocker,
    Finding,
    Recommendation,
    RecommendationStatus,
    ScaleValue,
    StatusScale,
)
from continuum.recommendations.services.register import (
    blocker_add,
    blocker_clear,
    category_add,
    dependency_add,
    finding_add,
    measure_add,
    recommendation_add,
    recommendation_status_set,
    register_setup,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.date_sensitive,
    pytest.mark.time_machine("2026-12-03T10:00-05:00", tick=False),
]

TODAY = datetime.date(2026, 12, 3)


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_of(world, findings: int = 2, per_finding: int = 2):
    """Objective 1 with `findings` findings, each with `per_finding` recommendations."""
    engagement = world.engagement
    category = category_add(
        actor=world.staff,
        engagement=engagement,
        number=1,
        name="Use of Force",
        first_finding=1,
        last_finding=50,
    )
    recs = []
    for n in range(1, findings + 1):
        finding = finding_add(
            actor=world.staff, engagement=engagement, number=n, statement=f"Finding {n}."
        )
        assert finding.category == category
        for m in range(1, per_finding + 1):
            recs.append(
                recommendation_add(actor=world.lead, finding=finding, number=m, text=f"Do {n}.{m}.")
            )
    return recs


def test_presets_are_seeded_and_copied_per_engagement():
    presets = {s.key: s for s in StatusScale.objects.filter(engagement=None)}
    assert set(presets) == {"progress", "compliance", "monitor"}
    unable = ScaleValue.objects.get(scale=presets["monitor"], key="unable")
    assert unable.excluded_from_denominator and not unable.counts_as_done
    world = delivery_world()
    recs = register_of(world, findings=1, per_finding=1)
    # the first recommendation set the register up with the progress scale
    assert [s.key for s in StatusScale.objects.filter(engagement=world.engagement)] == ["progress"]
    register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["monitor"])
    statuses = RecommendationStatus.objects.filter(recommendation=recs[0])
    assert sorted(s.value.key for s in statuses) == ["not_assessed", "not_started"]
    with pytest.raises(ValidationError):
        register_setup(actor=world.staff, engagement=world.engagement, scale_keys=["nope"])
    with pytest.raises(PermissionDenied):
        register_setup(actor=world.member, engagement=world.engagement, scale_keys=["monitor"])


def test_status_set_records_an_event_and_refuses_other_registers_values():
    world = delivery_world()
    (rec, *_rest) = register_of(world)
    complete = ScaleValue.objects.get(scale__engagement=world.engagement, key="complete")
    recommendation_status_set(actor=world.lead, recommendation=rec, value=complete)
    assert RecommendationStatus.objects.get(recommendation=rec).value == complete
    event = Event.objects.get(verb="register_status_set")
    assert (event.from_state, event.to_state) == ("Not started", "Complete")
    other = delivery_world()
    register_of(other, findings=1, per_finding=1)
    foreign = ScaleValue.objects.get(scale__engagement=other.engagement, key="complete")
    with pytest.raises(ValidationError):
        recommendation_status_set(actor=world.staff, recommendation=rec, value=foreign)
    for user in (world.member, world.requester, *world.outsiders.values()):
        with pytest.raises(PermissionDenied):
            recommendation_status_set(actor=user, recommendation=rec, value=complete)


def test_findings_must_fit_their_objective_and_numbers_are_unique():
    world = delivery_world()
    register_of(world, findings=1, per_finding=1)
    bias = category_add(
        actor=world.staff, engagement=world.engagement, number=2, name="Bias", first_finding=51
    )
    with pytest.raises(ValidationError, match="lies in Use of Force's range"):
        finding_add(
            actor=world.staff, engagement=world.engagement, number=7, statement="x", category=bias
        )
    with pytest.raises(ValidationError, match="already"):
        finding_add(actor=world.staff, engagement=world.engagement, number=1, statement="x")
    with pytest.raises(ValidationError, match="belong to Use of Force"):
        category_add(
            actor=world.staff,
            engagement=world.engagement,
            number=3,
            name="Overlap",
            first_finding=40,
            last_finding=60,
        )
    finding = Finding.objects.get(engagement=world.engagement, number=1)
    with pytest.raises(ValidationError, match="1.1 is in the register already"):
        recommendation_add(actor=world.staff, finding=finding, number=1, text="again")


def test_dependencies_refuse_cycles():
    world = delivery_world()
    a, b, c, d = register_of(world)
    dependency_add(actor=world.staff, blocker=a, blocked=b)
    dependency_add(actor=world.lead, blocker=b, blocked=c)
    with pytest.raises(ValidationError, match="circle"):
        dependency_add(actor=world.staff, blocker=c, blocked=a)
    with pytest.raises(ValidationError, match="cannot block itself"):
        dependency_add(actor=world.staff, blocker=d, blocked=d)
    with pytest.raises(ValidationError, match="already"):
        dependency_add(actor=world.staff, blocker=a, blocked=b)
    assert Dependency.objects.count() == 2


def test_blockers_and_measures():
    world = delivery_world()
    (rec, *_rest) = register_of(world, findings=1, per_finding=1)
    blocker = blocker_add(
        actor=world.lead,
        recommendation=rec,
        party_kind="union_bargaining",
        party_name="Police Officers Association",
        since=datetime.date(2026, 3, 1),
    )
    with pytest.raises(ValidationError, match="future"):
        blocker_clear(actor=world.staff, blocker=blocker, cleared_on=TODAY + datetime.timedelta(1))
    with pytest.raises(ValidationError, match="cannot come before"):
        blocker_clear(actor=world.staff, blocker=blocker, cleared_on=datetime.date(2026, 1, 1))
    blocker_clear(actor=world.staff, blocker=blocker, cleared_on=TODAY)
    assert ExternalBlocker.objects.get().cleared_on == TODAY
    with pytest.raises(ValidationError, match="Choose a valid option|not a valid choice"):
        blocker_add(
            actor=world.lead, recommendation=rec, party_kind="mayor", party_name="x", since=TODAY
        )
    measure_add(actor=world.coordinator, recommendation=rec, text="Bargaining concluded.")
    with pytest.raises(ValidationError):
        measure_add(actor=world.coordinator, recommendation=rec, text="  ")
    assert ComplianceMeasure.objects.count() == 1


# --- pages ------------------------------------------------------------------------------------


def _urls(world, rec):
    e = world.engagement.public_id
    one = {"public_id": e, "pk": rec.pk}
    return {
        "register": ("get", reverse("recommendations:register", kwargs={"public_id": e})),
        "export_csv": ("get", reverse("recommendations:export_csv", kwargs={"public_id": e})),
        "export_xlsx": ("get", reverse("recommendations:export_xlsx", kwargs={"public_id": e})),
        "recommendation": ("get", reverse("recommendations:recommendation", kwargs=one)),
        "scales": ("post", reverse("recommendations:scales", kwargs={"public_id": e})),
        "category_add": ("get", reverse("recommendations:category_add", kwargs={"public_id": e})),
        "finding_add": ("get", reverse("recommendations:finding_add", kwargs={"public_id": e})),
        "recommendation_add": (
            "get",
            reverse("recommendations:recommendation_add", kwargs={"public_id": e}),
        ),
        "recommendation_edit": ("get", reverse("recommendations:recommendation_edit", kwargs=one)),
        "status_set": ("post", reverse("recommendations:status_set", kwargs=one)),
        "measure_add": ("post", reverse("recommendations:measure_add", kwargs=one)),
        "dependency_add": ("post", reverse("recommendations:dependency_add", kwargs=one)),
        "blocker_add": ("post", reverse("recommendations:blocker_add", kwargs=one)),
        "blocker_clear": (
            "post",
            reverse("recommendations:blocker_clear", kwargs={**one, "blocker_id": 1}),
        ),
        "import_upload": ("get", reverse("recommendations:import_upload", kwargs={"public_id": e})),
    }


READ_PAGES = {"register", "export_csv", "export_xlsx", "recommendation"}


def test_outsiders_get_404_everywhere_and_the_agency_side_only_reads():
    world = delivery_world()
    (rec, *_rest) = register_of(world, findings=1, per_finding=1)
    urls = _urls(world, rec)
    for who, user in world.outsiders.items():
        client = as_user(user)
        for name, (method, url) in urls.items():
            response = getattr(client, method)(url)
            assert response.status_code == 404, (who, name, response.status_code)
    for user in (world.member, world.requester):
        client = as_user(user)
        for name, (method, url) in urls.items():
            response = getattr(client, method)(url)
            expected = 200 if name in READ_PAGES else 404
            assert response.status_code == expected, (name, response.status_code)
    for user in (world.staff, world.lead, world.coordinator):
        client = as_user(user)
        for name, (method, url) in urls.items():
            if method == "get":
                assert client.get(url).status_code == 200, name
    # a recommendation of another engagement is not found under this one
    other = delivery_world()
    (foreign, *_rest) = register_of(other, findings=1, per_finding=1)
    url = reverse(
        "recommendations:recommendation",
        kwargs={"public_id": world.engagement.public_id, "pk": foreign.pk},
    )
    assert as_user(world.staff).get(url).status_code == 404


def test_the_engagement_page_shows_the_register_section():
    world = delivery_world()
    register_of(world)
    page = as_user(world.member).get(world.engagement.get_absolute_url())
    text = page.content.decode()
    assert "Findings and recommendations" in text
    assert "4 recommendations under 2 findings" in text
    assert "Import a register file" not in text  # the agency reads
    assert (
        "Import a register file"
        in as_user(world.lead).get(world.engagement.get_absolute_url()).content.decode()
    )


def test_the_register_page_query_count_stays_flat(django_assert_max_num_queries):
    world = delivery_world()
    register_of(world, findings=1, per_finding=2)
    url = reverse("recommendations:register", kwargs={"public_id": world.engagement.public_id})
    client = as_user(world.member)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    finding = Finding.objects.get(engagement=world.engagement)
    for n in range(2, 10):
        extra = finding_add(
            actor=world.staff, engagement=world.engagement, number=n, statement="More."
        )
        for m in range(1, 6):
            recommendation_add(actor=world.staff, finding=extra, number=m, text="More.")
    recommendation_add(actor=world.staff, finding=finding, number=3, text="More.")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/register/recommendations/") >= 43


def test_forms_add_and_refuse_bad_input_without_500():
    world = delivery_world()
    e = world.engagement.public_id
    client = as_user(world.lead)
    url = reverse("recommendations:finding_add", kwargs={"public_id": e})
    assert client.post(url, {"number": "abc", "statement": ""}).status_code == 400
    response = client.post(url, {"number": "3", "statement": "Training is out of date."})
    assert response.status_code == 302
    url = reverse("recommendations:recommendation_add", kwargs={"public_id": e})
    finding = Finding.objects.get(engagement=world.engagement)
    bad = client.post(url, {"finding": "99999999999999999999", "number": "1", "text": "x"})
    assert bad.status_code == 400
    response = client.post(
        url,
        {"finding": finding.pk, "number": "1", "text": "Update it.", "priority": "high"},
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get()
    assert rec.label == "3.1" and rec.priority == "high"
    again = client.post(url, {"finding": finding.pk, "number": "1", "text": "Twice."})
    assert again.status_code == 400 and "already" in again.content.decode()

    one = {"public_id": e, "pk": rec.pk}
    scale = StatusScale.objects.get(engagement=world.engagement)
    value = scale.values.get(key="in_progress")
    response = client.post(
        reverse("recommendations:status_set", kwargs=one), {f"scale-{scale.pk}-value": value.pk}
    )
    assert response.status_code == 302
    assert RecommendationStatus.objects.get(recommendation=rec).value == value
    bad = client.post(
        reverse("recommendations:status_set", kwargs=one), {f"scale-{scale.pk}-value": "x"}
    )
    assert bad.status_code == 400
    url = reverse("recommendations:measure_add", kwargs=one)
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Curriculum approved."}).status_code == 302
    url = reverse("recommendations:dependency_add", kwargs=one)
    refused = client.post(url, {"blocker": "3.1"})
    assert refused.status_code == 400 and "cannot block itself" in refused.content.decode()
    assert client.post(url, {"blocker": "9.9"}).status_code == 400
    url = reverse("recommendations:blocker_add", kwargs=one)
    assert client.post(url, {"party_kind": "city_council", "party_name": ""}).status_code == 400
    response = client.post(
        url,
        {"party_kind": "city_council", "party_name": "Board of Supervisors", "since": "6/1/2026"},
    )
    assert response.status_code == 302
    blocker = ExternalBlocker.objects.get()
    url = reverse("recommendations:blocker_clear", kwargs={**one, "blocker_id": blocker.pk})
    assert client.post(url, {"cleared_on": "12/1/2026"}).status_code == 302
    page = client.get(rec.get_absolute_url()).content.decode()
    assert "Board of Supervisors" in page and "cleared on December 1, 2026" in page
    assert "Curriculum approved." in page and "In progress" in page


def test_export_is_the_tracking_matrix_and_imports_again():
    world = delivery_world()
    (rec, *_rest) = register_of(world, findings=1, per_finding=2)
    rec.executive_sponsor = "=HYPERLINK(evil)"
    rec.save()
    client = as_user(world.member)
    url = reverse("recommendations:export_csv", kwargs={"public_id": world.engagement.public_id})
    response = client.get(url)
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "Objective",
        "Concept",
        "Finding #",
        "Finding",
        "Rec #",
        "Recommendation",
        "Priority",
        "Status",
    ]
    assert rows[1][0] == "Use of Force" and rows[1][4] == "1.1" and rows[1][7] == "Not started"
    assert "'=HYPERLINK(evil)" in rows[1]
    url = reverse("recommendations:export_xlsx", kwargs={"public_id": world.engagement.public_id})
    xlsx = client.get(url).content
    from continuum.recommendations.importing import check_rows, guess_mapping, read_table

    headers, table = read_table("matrix.xlsx", xlsx)
    assert len(table) == 2
    plan = check_rows(table, guess_mapping(headers))
    assert plan.can_import and [r["number"] for r in plan.recommendations] == [1, 2]


def test_the_import_pages_preview_then_confirm(tmp_path):
    world = delivery_world()
    client = as_user(world.coordinator)
    e = world.engagement.public_id
    url = reverse("recommendations:import_upload", kwargs={"public_id": e})
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")})
    assert bad.status_code == 400 and "CSV file or an Excel workbook" in bad.content.decode()
    content = b"objective,finding_no,finding_text,rec_id,rec_text\nBias,4,Stops.,4.0,Analyze.\n"
    content += b"Bias,4,Stops.,4.2,Publish.\n"
    response = client.post(url, {"file": SimpleUploadedFile("r.csv", content)})
    assert response.status_code == 302
    review = response["Location"]
    page = client.get(review).content.decode()
    assert "4.0 ends in .0" in page and "4.1 missing" in page and "Import 2 recommendations" in page
    assert not Recommendation.objects.exists()
    # someone else (even program staff) cannot see another person's pending import
    assert as_user(world.staff).get(review).status_code == 404
    assert as_user(world.member).get(review).status_code == 404
    for user in world.outsiders.values():
        assert as_user(user).get(review).status_code == 404
        assert as_user(user).post(review, {"action": "confirm"}).status_code == 404
    mapping = {"category": "0", "finding_number": "1", "finding": "2", "rec_id": "3"}
    mapping["recommendation"] = "4"
    # choosing the same column twice is refused, nothing is written
    twice = client.post(review, {**mapping, "recommendation": "3", "action": "confirm"})
    assert twice.status_code == 400 and not Recommendation.objects.exists()
    done = client.post(review, {**mapping, "action": "confirm"})
    assert done.status_code == 302
    assert sorted(r.label for r in Recommendation.objects.all()) == ["4.0", "4.2"]
    assert client.get(review).status_code == 404  # a confirmed import is gone


def test_editing_a_recommendation_changes_its_tags_and_owner_chain():
    from continuum.catalog.models import Goal

    world = delivery_world()
    (rec, *_rest) = register_of(world, findings=1, per_finding=1)
    goal = Goal.objects.order_by("number").first()
    url = reverse(
        "recommendations:recommendation_edit",
        kwargs={"public_id": world.engagement.public_id, "pk": rec.pk},
    )
    client = as_user(world.coordinator)
    assert client.post(url, {"text": "", "goals": [goal.pk]}).status_code == 400
    response = client.post(
        url,
        {"text": "Review every case.", "goals": [goal.pk], "case_manager": "Sgt. Lee"},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.text == "Review every case." and rec.case_manager == "Sgt. Lee"
    assert list(rec.goals.all()) == [goal]
    event = Event.objects.filter(verb="register_recommendation_updated").get()
    assert set(event.data["fields"]) >= {"text", "case_manager", "goals"}


def test_permissions_follow_the_policy():
    from continuum.recommendations.permissions import (
        can_edit_recommendation,
        can_view_recommendation,
    )

    world = delivery_world()
    (rec, *_rest) = register_of(world, findings=1, per_finding=1)
    for user in (world.staff, world.lead, world.coordinator):
        assert can_view_recommendation(user, rec) and can_edit_recommendation(user, rec)
    for user in (world.member, world.requester, world.executive):
        assert can_view_recommendation(user, rec) and not can_edit_recommendation(user, rec)
    for user in world.outsiders.values():
        assert not can_view_recommendation(user, rec) and not can_edit_recommendation(user, rec)
