"""`manage.py public_cache_clear`: rebuild every cached public page on its next view.

Run it after a deploy whose migrations changed reference data (programs, the directory): the
services invalidate the pages for changes made while the site runs, migrations do not.
"""

from django.core.management.base import BaseCommand

from continuum.core.cache import TOPICS, public_cache_clear


class Command(BaseCommand):
    help = "Mark every cached public page stale (after migrations that changed reference data)."

    def handle(self, *args, **options):
        public_cache_clear()
        self.stdout.write(f"Public pages will be rebuilt: {', '.join(TOPICS)}.")
