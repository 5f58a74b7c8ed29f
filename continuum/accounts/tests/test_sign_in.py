import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from continuum.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def sign_in(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_sign_in_page_is_plain_and_uses_the_uswds_form(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Sign in</h1>" in html
    assert 'class="usa-label' in html and 'for="id_username"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("accounts:password_reset") in html


def test_right_email_and_password_sign_in_and_go_to_my_work(client):
    user = UserFactory(email="pat@example.gov")
    response = sign_in(client, "Pat@Example.gov ", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert signed_in_user_id(client) == str(user.pk)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You are signed in as pat@example.gov."
    ]


def test_sign_in_returns_to_the_page_asked_for(client):
    UserFactory(email="pat@example.gov")
    response = client.post(
        LOGIN, {"username": "pat@example.gov", "password": PASSWORD, "next": "/programs/"}
    )
    assert response["Location"] == "/programs/"


def test_sign_in_never_returns_to_another_site(client):
    UserFactory(email="pat@example.gov")
    response = client.post(
        LOGIN,
        {"username": "pat@example.gov", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:dashboard")


def test_wrong_password_says_so_plainly(client):
    UserFactory(email="pat@example.gov")
    response = sign_in(client, "pat@example.gov", "not the password")
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    assert "The email address or password is not right. Check both and try again." in html
    assert 'id="error-summary"' in html


def test_empty_form_names_each_missing_field(client):
    response = client.post(LOGIN, {"username": "", "password": ""})
    html = response.content.decode()
    assert "Enter your email address." in html
    assert "Enter your password." in html


def test_malformed_email_gets_an_example(client):
    response = sign_in(client, "pat", "whatever")
    assert response.status_code == 200
    assert "Enter an email address like name@agency.gov." in response.content.decode()


def test_turned_off_account_cannot_sign_in(client):
    UserFactory(email="gone@example.gov", is_active=False)
    response = sign_in(client, "gone@example.gov", PASSWORD)
    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_signed_in_visitor_of_the_sign_in_page_goes_to_my_work(client):
    client.force_login(UserFactory())
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


def test_five_failures_pause_sign_in_and_the_right_password_is_then_refused(client):
    UserFactory(email="pat@example.gov")
    for _ in range(4):
        response = sign_in(client, "pat@example.gov", "wrong password")
        assert response.status_code == 200
    fifth = sign_in(client, "pat@example.gov", "wrong password")
    assert fifth.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in fifth.templates]

    sixth = sign_in(client, "pat@example.gov", PASSWORD)
    assert sixth.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in sixth.templates]
    assert signed_in_user_id(client) is None
    html = sixth.content.decode()
    assert "<h1>Sign-in paused</h1>" in html
    assert "wrong 5 times in a row" in html
    assert "Wait 30 minutes, then sign in again." in html
    assert 'role="alert"' in html
    assert '<html lang="en"' in html


def test_the_pause_is_per_account_and_address(client):
    UserFactory(email="pat@example.gov")
    other = UserFactory(email="lee@example.gov")
    for _ in range(5):
        sign_in(client, "pat@example.gov", "wrong password")
    # Another account from the same computer still signs in...
    assert sign_in(client, "lee@example.gov", PASSWORD).status_code == 302
    assert signed_in_user_id(client) == str(other.pk)
    client.logout()
    # ...and so does the same account from another address.
    response = sign_in(client, "pat@example.gov", PASSWORD, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_letter_case_does_not_dodge_the_pause(client):
    UserFactory(email="pat@example.gov")
    for spelling in ["pat@example.gov", "PAT@example.gov", "Pat@Example.gov", "pat@EXAMPLE.gov"]:
        sign_in(client, spelling, "wrong password")
    assert sign_in(client, "PAT@EXAMPLE.GOV", "wrong password").status_code == 429


def test_a_success_clears_earlier_failures(client):
    UserFactory(email="pat@example.gov")
    for _ in range(4):
        sign_in(client, "pat@example.gov", "wrong password")
    assert sign_in(client, "pat@example.gov", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "pat@example.gov", "wrong password").status_code == 200


def test_sign_out_is_a_post_and_says_so(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"])
    assert "You are signed out." in page.content.decode()


def test_sign_out_by_get_is_refused_and_keeps_you_signed_in(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert signed_in_user_id(client) == str(user.pk)


def test_the_header_signs_out_with_a_form(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert f'<form method="post" action="{reverse("accounts:logout")}"' in html
