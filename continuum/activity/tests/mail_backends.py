"""Mail backends for tests: one whose server always fails."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RaisingEmailBackend(BaseEmailBackend):
    """A mail server that is down: every send raises, as Django's SMTP backend would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


RAISING = "continuum.activity.tests.mail_backends.RaisingEmailBackend"
