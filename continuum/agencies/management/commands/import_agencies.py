"""`manage.py import_agencies`: load the national agency directory (idempotent)."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from continuum.agencies.importers import (
    ImportFileError,
    agencies_import,
    rejections_write_csv,
    sources_resolve,
    tribes_import,
)


class Command(BaseCommand):
    help = (
        "Import states, the national agency directory from the FBI agency list (CSV or JSON) "
        "and the BIA tribal list. Without arguments it reads the lists shipped with Continuum, "
        "enriched from the BJS agency crosswalk when the reference data folder holds it. "
        "Running it again changes nothing unless the files changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=Path, help="FBI agency list, CSV or JSON (.json).")
        parser.add_argument(
            "--crosswalk", type=Path, help="BJS LEAIC crosswalk, CSV or gzip CSV (.csv.gz)."
        )
        parser.add_argument("--states", type=Path, help="States and territories CSV.")
        parser.add_argument("--tribes", type=Path, help="BIA Tribal Leaders Directory tribes CSV.")
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
            tribes=options["tribes"],
        )
        self.stdout.write(f"States:    {sources.states}")
        self.stdout.write(f"Agencies:  {sources.agencies}")
        self.stdout.write(f"Tribes:    {sources.tribes}")
        if sources.crosswalk:
            self.stdout.write(f"Crosswalk: {sources.crosswalk}")
        else:
            self.stdout.write(
                f"Crosswalk: none at {reference_dir} (no population or city enrichment; "
                "see the README's Reference data section)."
            )

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
            # One transaction: a bad tribal file leaves the agencies as they were too, and a
            # dry run checks the tribes against the states it would have written.
            rejects = options["rejects"]
            if rejects is not None and not rejects.parent.is_dir():
                raise ImportFileError(
                    f"Cannot write the rejected rows to {rejects}: no such folder."
                )
            with transaction.atomic():
                result = agencies_import(sources=sources, progress=progress)
                tribes = tribes_import(path=sources.tribes)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except ImportFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error

        rejections = [*result.rejections, *tribes.rejections]
        for rejection in rejections:
            self.stderr.write(f"Rejected: {rejection}")
        if options["rejects"]:
            rejections_write_csv(options["rejects"], rejections)
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
        style = self.style.WARNING if tribes.rejected else self.style.SUCCESS
        self.stdout.write(
            style(
                f"Tribes: {tribes.read} read, {tribes.created} created, {tribes.updated} updated, "
                f"{tribes.unchanged} unchanged, {tribes.rejected} rejected."
            )
        )
        if tribes.not_in_file:
            self.stdout.write(
                f"{tribes.not_in_file} tribes of the database are not in this file; "
                "they were left as they are."
            )
        if options["rejects"]:
            self.stdout.write(f"Rejected rows written to {options['rejects']}.")
