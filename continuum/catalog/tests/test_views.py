"""Public pages of the catalog (and the home page, which shows the catalog)."""

import re

import pytest
from django.urls import reverse

from continuum.catalog.models import Program, ProviderOrganization
from continuum.core.cache import public_cache_clear

from .factories import PartnerMembershipFactory, ServiceFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOME = reverse("core:home")
PROGRAMS = reverse("catalog:programs")


def program_url(slug):
    return reverse("catalog:program", kwargs={"slug": slug})


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def headings(html):
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_headings_in_order(html):
    levels = headings(html)
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def assert_no_inline_style_or_script(html):
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)


def test_home_shows_the_continuum_goals_and_a_working_call_to_action(client):
    html = page(client, HOME)
    assert "Help for your agency, at your request" in html
    for name in ("CRI-TAC", "Critical Response", "Organizational Assessment"):
        assert name in html
    assert html.index("CRI-TAC") < html.index("Critical Response")
    assert html.index("Critical Response") < html.index("Organizational Assessment")
    for service in ("Executive consultation", "Bias audit", "Training needs assessment"):
        assert service in html
    assert "Enhance officer safety and wellness" in html
    assert "tribal" in html and "at any time" in html
    assert f'href="{PROGRAMS}#how-to-ask"' in html
    assert f'href="{reverse("intake:request_start")}"' in html
    for slug in ("cri-tac", "critical-response", "organizational-assessment"):
        assert f'href="{program_url(slug)}"' in html
    assert_headings_in_order(html)
    assert_no_inline_style_or_script(html)


def test_call_to_action_anchor_exists_on_the_programs_page(client):
    html = page(client, PROGRAMS)
    assert 'id="how-to-ask"' in html
    assert "How to ask for assistance" in html


def test_programs_page_lists_programs_in_order_with_services_and_topics(client):
    html = page(client, PROGRAMS)
    positions = [
        html.index(f'href="{program_url(s)}"')
        for s in ("cri-tac", "critical-response", "organizational-assessment")
    ]
    assert positions == sorted(positions)
    assert "Level 1 of 3: lightest help" in html
    assert "Level 3 of 3: deepest help" in html
    assert "Issue-specific review of operations" in html
    assert "Use of force" in html and 'id="topics"' in html
    assert_headings_in_order(html)
    assert_no_inline_style_or_script(html)


def test_cri_tac_page_shows_services_kinds_neighbours_and_partners(client):
    html = page(client, program_url("cri-tac"))
    assert "<h1>Collaborative Reform Initiative Technical Assistance Center (CRI-TAC)</h1>" in html
    assert "by the field, for the field" in html
    assert "Who it is for" in html
    needs = html.index("Needs assessment</strong>")
    for kind in (
        "Training needs assessment",
        "Technology needs assessment",
        "Recruitment needs assessment",
    ):
        assert html.index(kind) > needs
    assert f'href="{program_url("critical-response")}"' in html
    assert "Lighter help:" not in html
    for partner in ProviderOrganization.objects.filter(acronym__in=["IACP", "NOBLE", "IADLEST"]):
        assert partner.name in html
    assert "Major Cities Chiefs Association" not in html
    assert re.search(
        r"International Association of Chiefs of Police</a> \(IACP\)\s*"
        r"<span class=\"usa-tag\">Lead organization</span>",
        html,
    )
    assert html.count("Lead organization") == 1
    assert f'href="{PROGRAMS}#how-to-ask"' in html
    assert_headings_in_order(html)
    assert_no_inline_style_or_script(html)


def test_middle_program_links_both_ways_and_shows_no_partners(client):
    html = page(client, program_url("critical-response"))
    assert "Level 2 of 3" in html
    assert f'href="{program_url("cri-tac")}"' in html
    assert f'href="{program_url("organizational-assessment")}"' in html
    assert "Facilitated discussion with subject-matter experts" in html
    assert "Partner organizations" not in html


def test_last_program_has_no_deeper_link(client):
    html = page(client, program_url("organizational-assessment"))
    assert "Deeper help:" not in html
    assert "public reporting" in html


def test_unknown_program_is_404(client):
    assert client.get(program_url("no-such-program")).status_code == 404


def test_inactive_program_is_404(client):
    Program.objects.filter(slug="critical-response").update(is_active=False)
    assert client.get(program_url("critical-response")).status_code == 404


def add_rows():
    """More services (with kinds), topics and partners than the seed has; returns new names."""
    names = []
    for program in Program.objects.all():
        for _ in range(3):
            parent = ServiceFactory(program=program)
            kinds = ServiceFactory.create_batch(2, program=program, parent=parent)
            names += [parent.name, *(kind.name for kind in kinds)]
    names += [topic.name for topic in TopicFactory.create_batch(20)]
    names += [m.organization.name for m in PartnerMembershipFactory.create_batch(5)]
    return names


# Home and programs list: programs, services, kinds (+ goals or topics). Program page: the same
# three, plus the partners today on a partnership program's page.
@pytest.mark.parametrize(
    ("url", "queries", "shows_topics", "shows_partners"),
    [
        (HOME, 4, False, False),
        (PROGRAMS, 4, True, False),
        (program_url("cri-tac"), 4, False, True),
        (program_url("critical-response"), 3, False, False),
    ],
)
def test_query_count_is_fixed_however_many_rows(
    client, django_assert_num_queries, url, queries, shows_topics, shows_partners
):
    with django_assert_num_queries(queries):
        page(client, url)
    new_names = add_rows()
    public_cache_clear()  # the factories write rows directly, not through the catalog services
    with django_assert_num_queries(queries):
        html = page(client, url)
    # The added rows are on the page, so the same count really covers more rows.
    shown = [name for name in new_names if re.search(rf"\b{re.escape(name)}\b", html)]
    services = 27 if url in (HOME, PROGRAMS) else 9
    assert len(shown) == services + 20 * shows_topics + 5 * shows_partners
