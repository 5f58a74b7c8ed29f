"""Fail the bias-audit runs whose worker died (running, silent longer than
`AUDIT_RUN_STALE_AFTER`) or whose task was lost (queued that long, no worker took it).

Run it once (`manage.py audit_runs_reap`) or from cron. The audit pages and every new audit
reap too, so the team never waits on this; it is for runs nobody looks at. Several copies may
run at once: each run is failed under a row lock, once.
"""

from django.core.management.base import BaseCommand, CommandError

from continuum.audits.services import audit_runs_reap


class Command(BaseCommand):
    help = "Mark as failed the bias-audit runs whose worker stopped or whose task was lost."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=1000, help="At most this many runs (default: 1000)."
        )

    def handle(self, *args, limit: int, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        failed = audit_runs_reap(limit=limit)
        self.stdout.write(f"Bias audits: {failed} stale run{'' if failed == 1 else 's'} failed.")
