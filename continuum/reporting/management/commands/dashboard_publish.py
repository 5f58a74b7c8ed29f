"""`manage.py dashboard_publish`: compute and publish the national dashboard (for a scheduler,
e.g. nightly). The same service as the staff page's button; the event names no person."""

from django.core.management.base import BaseCommand

from continuum.reporting.dashboard import dashboard_publish


class Command(BaseCommand):
    help = "Compute the national dashboard's figures now and publish them."

    def handle(self, *args, **options):
        snapshot = dashboard_publish(actor=None)
        self.stdout.write(f"Published the dashboard as of {snapshot.as_of.isoformat()}.")
