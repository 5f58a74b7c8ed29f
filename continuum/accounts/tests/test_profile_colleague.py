"""Issue 7 §5: each role lands on its own work; profile, password; a member adds a colleague."""

import pytest
from django.urls import reverse

from continuum.accounts.models import AgencyMembership, MembershipStatus, User
from continuum.accounts.roles import agency_membership_of
from continuum.accounts.services import agency_colleague_add, user_profile_update
from continuum.accounts.tests.factories import (
    PASSWORD,
    AdministratorFactory,
    AgencyMembershipFactory,
    ExpertFactory,
    PendingAgencyMembershipFactory,
    ProgramStaffFactory,
    ProviderMembershipFactory,
    UserFactory,
)
from continuum.activity.models import Event
from continuum.activity.outbox.models import OutboundMessage
from continuum.core.workflow import TransitionForbidden

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:login")


def _sign_in(client, user, **extra):
    return client.post(SIGN_IN, {"username": user.email, "password": PASSWORD, **extra})


@pytest.mark.parametrize(
    "make_user, landing",
    [
        (ProgramStaffFactory, "intake:triage_queue"),
        (AdministratorFactory, "intake:triage_queue"),
        (lambda: AgencyMembershipFactory().user, "intake:my_requests"),
        (lambda: PendingAgencyMembershipFactory().user, "intake:my_requests"),
        (lambda: ProviderMembershipFactory().user, "accounts:dashboard"),
        (ExpertFactory, "accounts:dashboard"),
        (UserFactory, "accounts:dashboard"),
    ],
    ids=["staff", "admin", "agency", "pending-agency", "provider", "expert", "no-role"],
)
def test_each_role_lands_on_its_own_work(client, make_user, landing):
    response = _sign_in(client, make_user())
    assert response.status_code == 302
    assert response["Location"] == reverse(landing)


def test_a_next_address_still_wins(client):
    response = _sign_in(client, ProgramStaffFactory(), next=reverse("agencies:directory"))
    assert response["Location"] == reverse("agencies:directory")


@pytest.mark.parametrize(
    "make_user",
    [lambda: ProviderMembershipFactory().user, ExpertFactory],
    ids=["provider", "expert"],
)
def test_providers_and_experts_see_no_agency_pages_and_no_promises(client, make_user):
    client.force_login(make_user())
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("intake:my_requests") not in html
    assert "Ask for assistance" not in html
    assert reverse("engagements:mine") in html  # their engagement workspace (issue 9)
    assert reverse("accounts:profile") in html
    assert reverse("accounts:password_change") in html


def test_agency_member_dashboard_offers_requests_and_adding_a_colleague(client):
    client.force_login(AgencyMembershipFactory().user)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("intake:my_requests") in html
    assert reverse("accounts:colleague_add") in html


def test_profile_is_saved_with_an_event(client):
    user = UserFactory(full_name="Pat Doe")
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Pat Rivera", "title": "Lieutenant", "phone": "202-555-0142"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.title, user.phone) == ("Pat Rivera", "Lieutenant", "202-555-0142")
    event = Event.objects.get(verb="profile_updated")
    assert event.data == {"fields": ["full_name", "title", "phone"]}


def test_profile_refuses_bad_input_with_messages(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:profile"), {"full_name": "", "phone": "call me"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter your name." in html
    assert "Enter a phone number like 202-555-0142" in html


def test_nobody_changes_another_persons_profile():
    with pytest.raises(TransitionForbidden):
        user_profile_update(
            actor=UserFactory(), user=UserFactory(), full_name="X", title="", phone=""
        )


def test_password_change_checks_the_old_one_and_keeps_you_signed_in(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    wrong = client.post(
        url,
        {
            "old_password": "nope",
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert wrong.status_code == 400
    right = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "a new long passphrase 42",
            "new_password2": "a new long passphrase 42",
        },
    )
    assert right.status_code == 302 and right["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("a new long passphrase 42")
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_a_verified_member_adds_a_colleague_who_waits_for_staff(client):
    member = AgencyMembershipFactory(agency__name="Riverton Police Department")
    client.force_login(member.user)
    assert client.get(reverse("accounts:colleague_add")).status_code == 200
    response = client.post(
        reverse("accounts:colleague_add"),
        {"full_name": "Sam Lee", "title": "Sergeant", "email": "Sam.Lee@Riverton.gov"},
    )
    assert response.status_code == 302
    colleague = User.objects.get(email="sam.lee@riverton.gov")
    added = AgencyMembership.objects.get(user=colleague)
    assert added.status == MembershipStatus.REQUESTED
    assert added.agency_id == member.agency_id
    # Added is not verified: the colleague sees nothing of the agency yet.
    assert agency_membership_of(colleague) is None
    assert not colleague.has_usable_password()
    (email,) = OutboundMessage.objects.filter(template_key="accounts.colleague_added")
    assert email.recipients == ["sam.lee@riverton.gov"]
    assert "Riverton Police Department" in email.body
    assert reverse("accounts:password_reset") in email.body
    assert "token" not in email.body.lower()


def test_only_a_verified_member_can_add_a_colleague(client):
    pending = PendingAgencyMembershipFactory()
    client.force_login(pending.user)
    response = client.post(
        reverse("accounts:colleague_add"), {"full_name": "Sam Lee", "email": "sam@example.gov"}
    )
    assert response.status_code == 302
    assert not User.objects.filter(email="sam@example.gov").exists()
    with pytest.raises(TransitionForbidden):
        agency_colleague_add(actor=pending.user, email="sam@example.gov", full_name="Sam")


def test_a_colleague_of_another_agency_is_refused_with_a_message(client):
    member = AgencyMembershipFactory()
    other = AgencyMembershipFactory()
    client.force_login(member.user)
    response = client.post(
        reverse("accounts:colleague_add"), {"full_name": "X", "email": other.user.email}
    )
    assert response.status_code == 400
    assert "already acts for another agency" in response.content.decode()
    response = client.post(
        reverse("accounts:colleague_add"), {"full_name": "X", "email": member.user.email}
    )
    assert "This is your own address" in response.content.decode()
