"""`manage.py import_agencies`: load the national agency directory (idempotent)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from continuum.agencies.importers import (
    DEMO_DATA_DIR,
    ImportFileError,
    agencies_import,
    sources_resolve,
)


class Command(BaseCommand):
    help = (
        "Import states and the national agency directory from the FBI agency list (CSV or JSON), "
        "enriched from the BJS agency crosswalk. Running it again changes nothing unless the "
        "files changed. Without reference data it loads the small demo directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=Path, help="FBI agency list, CSV or JSON (.json).")
        parser.add_argument(
            "--crosswalk", type=Path, help="BJS LEAIC crosswalk, CSV or gzip CSV (.csv.gz)."
        )
        parser.add_argument("--states", type=Path, help="States and territories CSV.")
        parser.add_argument(
            "--rejects", type=Path, help="Also write every rejected row to this CSV file."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, then write nothing."
        )

    def handle(self, *args, **options):
        reference_dir = settings.CONTINUUM.get("REFERENCE_DATA_DIR")
        sources = sources_resolve(
            reference_dir=Path(reference_dir) if reference_dir else None,
            states=options["states"],
            agencies=options["agencies"],
            crosswalk=options["crosswalk"],
        )
        if sources.used_demo_data:
            self.stdout.write(
                f"The reference data is not (all) at {reference_dir}: using the demo directory "
                f"{DEMO_DATA_DIR} for what is missing."
            )
        self.stdout.write(f"States:    {sources.states}")
        self.stdout.write(f"Agencies:  {sources.agencies}")
        self.stdout.write(f"Crosswalk: {sources.crosswalk or 'none (no enrichment)'}")

        show_progress = not options["no_progress"] and sys.stderr.isatty()

        def progress(iterable, total, description):
            return tqdm(
                iterable,
                total=total,
                desc=description,
                unit=" rows" if description.startswith("Checking") else " batches",
                file=sys.stderr,
                disable=not show_progress,
                leave=False,
            )

        try:
            result = agencies_import(
                sources=sources,
                progress=progress,
                dry_run=options["dry_run"],
                rejects_path=options["rejects"],
            )
        except ImportFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error

        for rejection in result.rejections:
            self.stderr.write(f"Rejected: {rejection}")
        style = self.style.WARNING if result.rejected else self.style.SUCCESS
        prefix = "Dry run, nothing written. " if options["dry_run"] else ""
        self.stdout.write(
            f"{prefix}States: {result.states_created} created, {result.states_updated} updated, "
            f"{result.states_unchanged} unchanged."
        )
        self.stdout.write(
            style(
                f"Agencies: {result.read} read, {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged, "
                f"{result.rejected} rejected."
            )
        )
        if sources.crosswalk:
            self.stdout.write(f"Enriched from the crosswalk: {result.enriched}.")
        if result.not_in_file:
            self.stdout.write(
                f"{result.not_in_file} agencies of the directory are not in this file; "
                "they were left as they are."
            )
        if options["rejects"]:
            self.stdout.write(f"Rejected rows written to {options['rejects']}.")
