from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import DemoReport
from continuum.intake.demo import seed_requests
from continuum.intake.demo_scenarios import SCENARIOS_FILE, DemoScenarioError


class Command(BaseCommand):
    help = (
        "Create about 40 demo requests for assistance across programs, states and statuses "
        "(after seed_demo; idempotent; refused in production)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=40, help="How many requests (default 40).")
        parser.add_argument(
            "--scenarios",
            type=Path,
            default=SCENARIOS_FILE,
            help="The scenarios file (TOML; default: continuum/intake/demo_scenarios.toml).",
        )

    def handle(self, *args, count: int, scenarios: Path, **options):
        if count < 1:
            raise CommandError("--count must be 1 or more.")
        report = DemoReport()
        try:
            created = seed_requests(count=count, report=report, scenarios_file=scenarios)
        except (ImproperlyConfigured, DemoScenarioError) as refusal:
            raise CommandError(str(refusal)) from refusal
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Demo requests are ready ({created} created now)."))
