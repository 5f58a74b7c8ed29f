"""Deliver the outbox's overdue messages: the ones whose task was lost or never ran.

Run it once (`manage.py outbox_deliver`), from cron, or as a loop beside the task worker
(`manage.py outbox_deliver --every 60`, which `make run` starts). Several copies may run at
once: each message is claimed under a row lock, so it is sent once.
"""

import signal
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from continuum.activity.outbox.services import outbox_sweep


class Command(BaseCommand):
    help = "Deliver queued messages that are overdue, and re-queue ones a dead worker left."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            default=0,
            help="Keep running, sweeping every this many seconds (default: sweep once and stop).",
        )
        parser.add_argument(
            "--grace",
            type=float,
            default=60,
            help="Leave messages overdue by less than this many seconds to the task worker "
            "(default: 60).",
        )
        parser.add_argument(
            "--limit", type=int, default=100, help="At most this many messages per sweep."
        )

    def handle(self, *args, every: float, grace: float, limit: int, **options):
        if every < 0 or grace < 0 or limit < 1:
            raise CommandError("--every and --grace must be 0 or more, and --limit at least 1.")
        self._running = True
        if every:
            signal.signal(signal.SIGTERM, self._stop)
            signal.signal(signal.SIGINT, self._stop)
        while True:
            outcome = outbox_sweep(grace=timedelta(seconds=grace), limit=limit)
            if any(outcome.values()) or not every:
                self.stdout.write(
                    "Outbox: {sent} sent, {deferred} to try again, {failed} failed, "
                    "{released} re-queued.".format(**outcome)
                )
            if not every or not self._running:
                return
            slept = 0.0
            while self._running and slept < every:
                time.sleep(min(1.0, every - slept))
                slept += 1.0
            if not self._running:
                return

    def _stop(self, signum, frame):
        self._running = False
