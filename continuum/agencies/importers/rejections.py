"""Rejected rows: what the import refused, where and why, and the CSV file that lists them."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .files import ImportFileError


@dataclass(frozen=True)
class Rejection:
    file: str
    line: int  # the CSV line where the record starts, or the JSON record's number
    ori: str
    name: str
    reason: str
    unit: str = "line"

    def __str__(self) -> str:
        who = " ".join(part for part in (self.ori, f"“{self.name}”" if self.name else "") if part)
        return f"{self.file} {self.unit} {self.line}{f' ({who})' if who else ''}: {self.reason}"


def rejections_check_path(path: Path | None) -> None:
    if path is not None and not Path(path).parent.is_dir():
        raise ImportFileError(f"Cannot write the rejected rows to {path}: no such folder.")


def rejections_write_csv(path: Path, rejections: Iterable[Rejection]) -> None:
    """Writes the rejected rows to a CSV file (atomically: a temporary file, then a rename)."""
    path = Path(path)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "line", "ori", "agency_name", "reason"])
            for rejection in rejections:
                writer.writerow(
                    [
                        rejection.file,
                        rejection.line,
                        rejection.ori,
                        rejection.name,
                        rejection.reason,
                    ]
                )
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass
class RowCounts:
    """What an import did with the rows of one file (the results of each importer extend it)."""

    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_file: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejections)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged
