from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import DemoReport
from continuum.providers.demo import seed_experts


class Command(BaseCommand):
    help = (
        "Create a pool of demo subject-matter experts with expertise, positions, availability "
        "and vetting (after seed_demo; idempotent; refused in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=64, help="How many experts (default 64).")

    def handle(self, *args, count: int, **options):
        if count < 1:
            raise CommandError("--count must be 1 or more.")
        report = DemoReport()
        try:
            created = seed_experts(count=count, report=report)
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo experts are ready ({created} created now)."))
