from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from continuum.accounts.demo import DEMO_PASSWORD, demo_accounts_table

HEADINGS = ("Role", "Email", "Password", "Acts for")


class Command(BaseCommand):
    help = "Print the demo accounts and their password (development only; refused in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="http://127.0.0.1:8000/",
            help="The address the development server answers at.",
        )

    def handle(self, *args, address: str, **options):
        try:
            rows = demo_accounts_table()
        except ImproperlyConfigured as refusal:
            raise CommandError(str(refusal)) from refusal
        if not rows:
            self.stdout.write("No demo accounts yet. Create them with: python manage.py seed_demo")
            self.stdout.write(f"Continuum: {address}")
            return
        widths = [max(len(row[i]) for row in [HEADINGS, *rows]) for i in range(len(HEADINGS))]

        def line(cells) -> str:
            return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (development only)"))
        self.stdout.write(line(HEADINGS).rstrip())
        self.stdout.write(line(["-" * width for width in widths]))
        for row in rows:
            self.stdout.write(line(row).rstrip())
        self.stdout.write("")
        self.stdout.write(f"Every demo account's password is {DEMO_PASSWORD}")
        self.stdout.write(f"Open Continuum at {address} and choose Sign in.")
        self.stdout.write("")
