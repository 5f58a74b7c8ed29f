import pytest
from django.urls import reverse
from django.utils.html import escape

from continuum.accounts.tests.factories import AdministratorFactory
from continuum.catalog.models import Goal, Program, ProviderOrganization, Service, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


@pytest.mark.parametrize("model", [Program, Service, Goal, Topic, ProviderOrganization])
def test_changelists_list_every_row_and_search_narrows_them(admin_client, model):
    url = reverse(f"admin:catalog_{model._meta.model_name}_changelist")
    total = model.objects.count()
    assert total > 1  # seeded by the migrations
    assert admin_client.get(url).context["cl"].result_count == total
    target = model.objects.order_by("pk").last()
    response = admin_client.get(url, {"q": target.slug})
    found = list(response.context["cl"].result_list)
    assert target in found
    assert len(found) < total
    assert escape(target.name) in response.content.decode()


def test_service_filters_by_program_and_parent(admin_client):
    program = Program.objects.get(slug="cri-tac")
    parent = Service.objects.get(slug="needs-assessment")
    url = reverse("admin:catalog_service_changelist")
    response = admin_client.get(
        url, {"program__id__exact": program.pk, "parent__id__exact": parent.pk}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3


@pytest.mark.date_sensitive
def test_partner_today_filter(admin_client):
    url = reverse("admin:catalog_providerorganization_changelist")
    response = admin_client.get(url, {"partner_today": "no"})
    assert [o.acronym for o in response.context["cl"].result_list] == ["MCCA"]
    response = admin_client.get(url, {"partner_today": "yes"})
    assert response.context["cl"].result_count == 10


def test_change_pages_show_inlines(admin_client):
    program = Program.objects.get(slug="cri-tac")
    html = admin_client.get(reverse("admin:catalog_program_change", args=[program.pk]))
    assert html.status_code == 200
    assert "Recruitment needs assessment" in html.content.decode()
    iacp = ProviderOrganization.objects.get(acronym="IACP")
    html = admin_client.get(reverse("admin:catalog_providerorganization_change", args=[iacp.pk]))
    assert html.status_code == 200
    assert "2017-10-01" in html.content.decode()


def test_admin_rejects_a_kind_from_another_program(admin_client):
    service = Service.objects.get(slug="bias-audit")
    url = reverse("admin:catalog_service_change", args=[service.pk])
    response = admin_client.post(
        url,
        {
            "program": service.program_id,
            "parent": Service.objects.get(slug="needs-assessment").pk,
            "order": 1,
            "name": service.name,
            "slug": service.slug,
            "summary": service.summary,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "same program" in response.content.decode()
    service.refresh_from_db()
    assert service.parent is None
