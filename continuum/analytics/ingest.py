"""Reading a stop file (CSV, zipped CSV or Parquet) into the standard schema, streamed.

The file is read in blocks (``block_size`` bytes of CSV, or one Parquet row group at a time),
each block parsed and checked (:mod:`.parse`) and appended to the output Parquet file, so a
file of any size is read in bounded memory. Nothing is dropped silently: a line that cannot be
read is counted, with its line number, in the report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .i18n import _
from .mapping import Mapping, MappingError, mapping_identity
from .report_model import ValidationReport
from .schema import SOURCE_LINE, arrow_type

DELIMITERS = (",", ";", "\t", "|")
DEFAULT_BLOCK_SIZE = 16 << 20
SNIFF_BYTES = 64 << 10
DELIMITER_NAMES = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs"), "|": _("bars")}


class IngestError(Exception):
    """The file cannot be read at all; the message says why in plain language."""


@dataclass
class IngestResult:
    parquet: Path | None
    report: ValidationReport
    mapping: Mapping | None


def _open_csv_bytes(path: Path):
    """A binary stream of the CSV itself (the only CSV inside a zip file)."""
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [
            m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__")
        ]
        if len(members) != 1:
            raise IngestError(
                _("The zip file must hold exactly one CSV file; it holds %d files.") % len(members)
            )
        return archive.open(members[0])
    return path.open("rb")


def _sniff(path: Path, mapping: Mapping | None) -> tuple[str, str, list[str]]:
    """Encoding, delimiter and header of a CSV file."""
    with _open_csv_bytes(path) as stream:
        head = stream.read(SNIFF_BYTES)
    if not head.strip():
        raise IngestError(_("The file is empty."))
    if b"\x00" in head:
        raise IngestError(_("The file is not a text (CSV) file."))
    encoding = mapping.encoding if mapping and mapping.encoding else "utf-8"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as exc:
        # not just a multi-byte character cut at the sample's end
        if exc.start < len(head) - 4 or len(head) < SNIFF_BYTES:
            encoding = "cp1252"
        text = head.decode(encoding, errors="ignore")
    text = text.lstrip("\ufeff")
    first_line = text.splitlines()[0]
    counts = {d: first_line.count(d) for d in DELIMITERS}
    detected = max(DELIMITERS, key=lambda d: counts[d])
    delimiter = mapping.delimiter if mapping and mapping.delimiter else detected
    if counts[delimiter] == 0 and counts[detected] > 0:
        raise IngestError(
            _(
                "The columns are separated by %(found)s, not by %(expected)s as the mapping "
                "says: set 'delimiter: \"%(char)s\"' in the mapping."
            )
            % {
                "found": DELIMITER_NAMES[detected],
                "expected": DELIMITER_NAMES.get(delimiter, repr(delimiter)),
                "char": detected.replace("\t", "\\t"),
            }
        )
    header = next(csv.reader(io.StringIO(first_line), delimiter=delimiter))
    return encoding, delimiter, [h.strip() for h in header]


def _check_header(header: list[str], mapping: Mapping, delimiter: str) -> None:
    missing = [s for s in mapping.sources if s not in header]
    if not missing:
        return
    hint = ""
    if len(header) == 1:
        others = [d for d in DELIMITERS if d != delimiter and d in header[0]]
        if others:
            hint = (
                " "
                + _("The header looks separated by %s: check the delimiter.")
                % (DELIMITER_NAMES[others[0]])
            )
    raise IngestError(
        _("The file has no column named %(missing)s (its columns: %(header)s).")
        % {"missing": ", ".join(missing), "header": ", ".join(header[:30])}
        + hint
    )


class _LineTracker:
    """Physical line numbers of the rows read, given the lines the parser skipped."""

    def __init__(self) -> None:
        self.skipped: list[int] = []
        self.next_line = 2  # line 1 is the header

    def handler(self, report: ValidationReport):
        def on_invalid(row) -> str:
            line = (row.number or 0) or None
            if line:
                self.skipped.append(line)
            report.problem("wrong_field_count", "*").add([line or 0], [row.text[:60]])
            return "skip"

        return on_invalid

    def lines_for(self, n: int):
        import numpy as np

        start = self.next_line
        pending = np.asarray([s for s in self.skipped if s >= start], dtype="int64")
        candidates = np.arange(start, start + n + len(pending), dtype="int64")
        lines = candidates[~np.isin(candidates, pending)][:n]
        self.next_line = int(lines[-1]) + 1 if len(lines) else start
        self.skipped = [s for s in self.skipped if s >= self.next_line]
        return lines


def _csv_batches(path, mapping, report, encoding, delimiter, block_size):
    import pyarrow as pa
    from pyarrow import csv as pacsv

    tracker = _LineTracker()
    stream = _open_csv_bytes(path)
    reader = pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(
            block_size=block_size, encoding=encoding, use_threads=False
        ),  # serial reading keeps the line numbers of skipped lines
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter, invalid_row_handler=tracker.handler(report)
        ),
        convert_options=pacsv.ConvertOptions(
            include_columns=list(mapping.sources),
            column_types=dict.fromkeys(mapping.sources, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    with contextlib.closing(stream):
        for batch in reader:
            frame = batch.to_pandas()
            frame[SOURCE_LINE] = tracker.lines_for(len(frame))
            yield frame


def _parquet_batches(path, mapping, block_rows):
    import pyarrow.parquet as pq

    source = pq.ParquetFile(path)
    missing = [s for s in mapping.sources if s not in source.schema_arrow.names]
    if missing:
        raise IngestError(_("The file has no column named %s.") % ", ".join(missing))
    start = 1
    for batch in source.iter_batches(batch_size=block_rows, columns=list(mapping.sources)):
        frame = batch.to_pandas()
        for column in frame.columns:
            frame[column] = frame[column].astype("string").astype(object)
        frame[SOURCE_LINE] = range(start, start + len(frame))  # Parquet: row number, from 1
        start += len(frame)
        yield frame


def ingest(
    source: str | Path,
    out_dir: str | Path,
    mapping: Mapping | None = None,
    *,
    block_size: int = DEFAULT_BLOCK_SIZE,
) -> IngestResult:
    """Read ``source`` into ``out_dir/stops.parquet``; never raises on bad input.

    The result's report says what was read, each problem by kind (counts, sample lines,
    values) and, when the file could not be read at all, why (``report.fatal``).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from .parse import Formats, chunk_standardise

    path = Path(source)
    out = Path(out_dir)
    report = ValidationReport(source=path.name)
    target = out / "stops.parquet"
    try:
        if not path.is_file():
            raise IngestError(_("There is no file at %s.") % path)
        if path.stat().st_size == 0:
            raise IngestError(_("The file is empty."))
        if path.suffix.lower() == ".parquet":
            try:
                names = pq.ParquetFile(path).schema_arrow.names
            except (pa.ArrowException, OSError) as exc:
                raise IngestError(_("The file is not a readable Parquet file.")) from exc
            mapping = mapping or mapping_identity(names)
            batches = _parquet_batches(path, mapping, max(block_size // 256, 1000))
        else:
            encoding, delimiter, header = _sniff(path, mapping)
            if encoding != "utf-8":
                report.notes.append(_("The file is not UTF-8; read as %s.") % encoding)
            mapping = mapping or mapping_identity(header)
            _check_header(header, mapping, delimiter)
            batches = _csv_batches(path, mapping, report, encoding, delimiter, block_size)
        out.mkdir(parents=True, exist_ok=True)
        schema = pa.schema(
            [(SOURCE_LINE, pa.int64())] + [(t, arrow_type(t)) for t in mapping.targets]
        )
        formats = Formats()
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            for frame in batches:
                report.chunks_read += 1
                report.rows_read += len(frame)
                standard = chunk_standardise(frame, mapping, formats, report)
                table = pa.Table.from_pandas(standard, schema=schema, preserve_index=False)
                writer.write_table(table)
                report.rows_stored += table.num_rows
                report.peak_arrow_bytes = max(report.peak_arrow_bytes, pa.total_allocated_bytes())
        if report.rows_read == 0:
            raise IngestError(_("The file has a header but no data rows."))
    except (IngestError, MappingError) as exc:
        report.fatal = str(exc)
        return IngestResult(None, report, mapping)
    except pa.ArrowInvalid as exc:
        first = str(exc).splitlines()[0][:200]
        if "UTF8" in first:
            report.fatal = (
                _(
                    "The file is not UTF-8 text (%s): set 'encoding: cp1252' (or the file's "
                    "encoding) in the mapping."
                )
                % first
            )
        else:
            report.fatal = _("The file could not be read past a malformed part (%s).") % first
        return IngestResult(None, report, mapping)
    except (UnicodeDecodeError, zipfile.BadZipFile, OSError) as exc:
        report.fatal = (
            _("The file could not be read past a malformed part (%s).")
            % (str(exc).splitlines()[0][:200])
        )
        return IngestResult(None, report, mapping)
    dropped = report.count("wrong_field_count")
    report.log.record(
        "read",
        _("Lines with the wrong number of fields were not read"),
        _("their values cannot be assigned to columns"),
        before=report.rows_read + dropped,
        after=report.rows_read,
    )
    report.coverage = coverage_by_month(target, mapping.targets)
    return IngestResult(target, report, mapping)


def coverage_by_month(parquet: Path, columns) -> list[dict]:
    """Share of rows with a value, for each column and month (DuckDB over the Parquet file)."""
    import duckdb

    columns = [c for c in columns if c != "date"]
    if not columns:
        return []
    con = duckdb.connect()
    try:
        described = con.execute("select * from read_parquet(?) limit 0", [str(parquet)])
        has_date = "date" in [d[0] for d in described.description]
        month = "coalesce(strftime(date, '%Y-%m'), 'no date')" if has_date else "'all'"
        shares = ", ".join(f'count("{c}") as "{c}"' for c in columns)
        rows = con.execute(
            f"select {month} as month, count(*) as n, {shares} "  # noqa: S608 (names are ours)
            "from read_parquet(?) group by 1 order by 1",
            [str(parquet)],
        ).fetchall()
    finally:
        con.close()
    return [
        {"month": r[0], "rows": r[1], **{c: r[i + 2] / r[1] for i, c in enumerate(columns)}}
        for r in rows
    ]
