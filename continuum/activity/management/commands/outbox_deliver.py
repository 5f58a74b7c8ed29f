"""Deliver the outbox's overdue messages: the ones whose task was lost or never ran.

Run it once (`manage.py outbox_deliver`), from cron, or as a loop beside the task worker
(`manage.py outbox_deliver --every 60`, which `make run` starts). Several copies may run at
once: each message is claimed under a row lock, so it is sent once.
"""

import logging
import signal
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from continuum.activity.outbox.services import outbox_sweep

logger = logging.getLogger(__name__)


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
        if not every:
            self._sweep(grace, limit, loop=False)
            return
        # Ctrl+C or a stop signal ends the loop after the sweep in progress; a second one at once.
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            while self._running:
                self._sweep(grace, limit, loop=True)
                slept = 0.0
                while self._running and slept < every:
                    time.sleep(min(1.0, every - slept))
                    slept += 1.0
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _sweep(self, grace: float, limit: int, *, loop: bool) -> None:
        try:
            outcome = outbox_sweep(grace=timedelta(seconds=grace), limit=limit)
        except DatabaseError:
            if not loop:
                raise
            # A busy or restarting database: keep the loop alive and try at the next turn.
            logger.exception("The outbox sweep failed; it runs again at the next turn.")
            close_old_connections()
            return
        if any(outcome.values()) or not loop:
            self.stdout.write(
                "Outbox: {sent} sent, {deferred} to try again, {failed} failed, "
                "{released} re-queued.".format(**outcome)
            )

    def _stop(self, signum, frame):
        if not self._running:
            raise SystemExit(1)  # asked twice: stop now, even in the middle of a sweep
        self._running = False
