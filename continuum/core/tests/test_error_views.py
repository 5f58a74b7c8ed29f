from django.test import Client


def test_csrf_failure_explains_in_plain_words_and_loses_nothing(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/sign-in/", {"username": "a@example.gov", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Your page had expired" in body
    assert "Nothing was changed" in body


def test_500_handler_renders_without_a_request_context(rf):
    from continuum.core.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "<html" in response.content.decode()
