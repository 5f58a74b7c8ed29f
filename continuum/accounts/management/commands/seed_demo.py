from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import demo_seed


class Command(BaseCommand):
    help = "Create the demo accounts, one per role (idempotent; refused in production)."

    def handle(self, *args, **options):
        try:
            report = demo_seed()
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
