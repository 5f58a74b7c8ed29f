"""`manage.py seed_demo_reports`: the demo registers, their history and the public reports."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import DemoReport
from continuum.reporting.demo import seed_reports


class Command(BaseCommand):
    help = (
        "Create the demo Organizational Assessment of the San Francisco Police Department with "
        "a status history and published progress reports, three Critical Response reviews with "
        "findings and recommendations, and the published national dashboard (after "
        "seed_demo_engagements; idempotent; refused in production)."
    )

    def handle(self, *args, **options):
        report = DemoReport()
        try:
            made = seed_reports(report=report)
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo reports are ready ({made} parts added now)."))
