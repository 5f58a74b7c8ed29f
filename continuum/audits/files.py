"""A stop file's contents for the preview and the run: a local copy, its header and first rows,
and the library's validation report for a mapping (the analytics library does the reading)."""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from continuum.analytics.ingest import IngestError, _sniff, ingest
from continuum.analytics.mapping import Mapping, MappingError, mapping_from_dict
from continuum.documents.models import DocumentVersion

PREVIEW_ROWS = 5


@contextlib.contextmanager
def local_copy(version: DocumentVersion) -> Iterator[Path]:
    """The version's file in a private temporary folder (storage may be remote), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="continuum-audit-"))
    try:
        target = folder / f"stops.{version.extension}"
        with default_storage.open(version.file.name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Preview:
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    delimiter: str = ""
    problem: str = ""


def preview_read(path: Path) -> Preview:
    """The header and first rows of a CSV or Parquet file; `problem` says why when unreadable."""
    if path.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        try:
            source = pq.ParquetFile(path)
            header = list(source.schema_arrow.names)
            batch = next(source.iter_batches(batch_size=PREVIEW_ROWS), None)
        except (pa.ArrowException, OSError):
            return Preview(problem=_("The file is not a readable Parquet file."))
        rows = [] if batch is None else [[str(v) for v in r.values()] for r in batch.to_pylist()]
        return Preview(header=header, rows=rows)
    try:
        encoding, delimiter, header = _sniff(path, None)
    except IngestError as exc:
        return Preview(problem=str(exc))
    with path.open("rb") as handle:
        text = handle.read(64 << 10).decode(encoding, errors="replace").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    return Preview(header=header, rows=lines[1 : PREVIEW_ROWS + 1], delimiter=delimiter)


def mapping_check(path: Path, raw: dict) -> tuple[Mapping | None, dict]:
    """The mapping (None when unusable) and the library's validation report as a dict."""
    try:
        mapping = mapping_from_dict(raw)
    except MappingError as exc:
        return None, {"ok": False, "fatal": " ".join(exc.problems), "problems": []}
    out = Path(tempfile.mkdtemp(prefix="continuum-check-"))
    try:
        result = ingest(path, out, mapping)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return mapping, result.report.as_dict()
