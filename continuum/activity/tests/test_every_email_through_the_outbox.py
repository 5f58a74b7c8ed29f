"""Every email leaves through the outbox: no module sends mail itself."""

import ast
from pathlib import Path

import pytest

from continuum.accounts.services.email import requester_verification_send
from continuum.accounts.tests.factories import UserFactory
from continuum.activity.outbox.models import OutboundMessage

ROOT = Path(__file__).resolve().parents[3] / "continuum"
THE_OUTBOX = ROOT / "activity" / "outbox" / "services.py"
SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage"}


def _senders_in(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SENDERS:
                lines.append(node.lineno)
    return lines


def test_no_module_but_the_outbox_sends_mail():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and path != THE_OUTBOX and (lines := _senders_in(path))
    }
    assert not offenders, f"Send email with message_enqueue, not directly: {offenders}"


@pytest.mark.django_db
def test_the_verification_link_is_an_outbox_message(django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Pat Rivera")
    with django_capture_on_commit_callbacks(execute=True):
        requester_verification_send(user=user)
    message = OutboundMessage.objects.get(template_key="accounts.verify_email")
    assert message.recipients == [user.email]
    assert "Hello Pat Rivera" in message.body and "/accounts/verify-email/" in message.body
