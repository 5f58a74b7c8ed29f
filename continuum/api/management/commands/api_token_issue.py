from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from continuum.api.services import api_token_issue


class Command(BaseCommand):
    help = "Make an API token for an account and print the key (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The account's email address.")
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args, email, name, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}.")
        try:
            issued = api_token_issue(actor=None, user=user, name=name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(f"Token “{issued.token.name}” made for {user.email}. Keep it secret:")
        self.stdout.write(issued.key)
