from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import DemoReport
from continuum.engagements.demo import seed_engagements


class Command(BaseCommand):
    help = (
        "Create demo engagements in every state of the lifecycle, with teams, agreements, "
        "workplans, activities, meetings, deliverables and evaluations (after seed_demo, "
        "seed_demo_requests and seed_demo_experts; idempotent; refused in production)."
    )

    def handle(self, *args, **options):
        report = DemoReport()
        try:
            created = seed_engagements(report=report)
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo engagements are ready ({created} worked now)."))
