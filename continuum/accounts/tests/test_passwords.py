import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from config.settings import base as base_settings
from continuum.accounts.models import User
from continuum.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS)
def test_passwords_are_hashed_with_argon2_under_the_base_settings():
    assert base_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    user = User.objects.create_user("new@example.gov", "a long enough password", full_name="N")
    assert user.password.startswith("argon2")
    assert user.check_password("a long enough password")


@pytest.mark.parametrize("password", ["short1!", "password1234", "123456789012", "new@example.gov"])
def test_weak_passwords_are_refused(password):
    user = User(email="new@example.gov", full_name="New Person")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def reset_link_from(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    user = UserFactory(email="pat@example.gov")
    response = client.post(reverse("accounts:password_reset"), {"email": "Pat@Example.gov"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@example.gov"]
    assert message.subject == "Continuum: set a new password"

    link = reset_link_from(message)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_password_reset_does_not_tell_whether_an_account_exists(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.gov"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_refuses_a_weak_password_with_reasons(client):
    UserFactory(email="pat@example.gov")
    client.post(reverse("accounts:password_reset"), {"email": "pat@example.gov"})
    form_page = client.get(reset_link_from(mail.outbox[0]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200
    assert "This password is too short." in response.content.decode()


def test_a_bad_reset_link_is_explained(client):
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "nope"})
    response = client.get(url)
    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


def test_setting_a_new_password_ends_the_sign_in_pause(client):
    UserFactory(email="pat@example.gov")
    login = reverse("accounts:login")
    for _ in range(5):
        client.post(login, {"username": "pat@example.gov", "password": "wrong"})
    assert (
        client.post(login, {"username": "pat@example.gov", "password": PASSWORD}).status_code == 429
    )

    client.post(reverse("accounts:password_reset"), {"email": "pat@example.gov"})
    form_page = client.get(reset_link_from(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    response = client.post(
        login, {"username": "pat@example.gov", "password": "a brand new passphrase"}
    )
    assert response.status_code == 302
