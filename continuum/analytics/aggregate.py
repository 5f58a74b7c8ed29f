"""The heavy work, written once with Ibis: group-by counts over the stop table.

Every analysis reads only the small tables these functions return, so the same code runs on
DuckDB (the embedded default) and on PySpark (:func:`connect` with ``backend="pyspark"``).
Counts come back as a pandas frame sorted by the grouping columns (missing values last), with
integer counts: ``stops`` and, for each flag the file has, ``<flag>`` (true) and ``<flag>_known``
(not missing).

A whole audit asks for many groupings of the same stops. :class:`StopCounts` runs each scan
once: a grouping whose columns are all in one already counted is summed from it in memory (the
counts are integers, so the sums are exact), and :func:`stop_counts` accepts it wherever it
accepts a table.
"""

from __future__ import annotations

from pathlib import Path

from .schema import FLAG_COLUMNS

AGE_BANDS = ((10, 17, "10-17"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"))
AGE_BANDS += ((45, 54, "45-54"), (55, 64, "55-64"), (65, 200, "65+"))

#: Flags whose counts are computed among searched stops only.
SEARCH_OUTCOMES = ("contraband_found", "contraband_drugs", "contraband_weapons")


# Derived keys counted through the column they come from: age bands by age (about a hundred
# values in practice), months by date (a few hundred), each then put in its band or month in
# memory. Evaluating the band's seven-way choice, or the year and month, on every stop made
# these the slowest of the descriptive group-bys.
def connect(backend: str = "duckdb", *, session=None, memory_limit: str = "1GB"):
    """An Ibis connection: in-memory DuckDB, or PySpark on ``session`` (a SparkSession).

    DuckDB's memory is capped (it spills to disk past ``memory_limit``), so an audit's peak
    memory stays flat however many stops the file holds.
    """
    import ibis

    if backend == "duckdb":
        return ibis.duckdb.connect(memory_limit=memory_limit)
    if backend == "pyspark":
        if session is None:
            from pyspark.sql import SparkSession

            session = SparkSession.builder.master("local[1]").getOrCreate()
        return ibis.pyspark.connect(session)
    raise ValueError(f"Unknown backend {backend!r}: use duckdb or pyspark.")


def stops_read(con, parquet: str | Path):
    """The stop table of an ingested file, with derived ``month`` and ``age_band``."""
    import ibis

    table = con.read_parquet(str(parquet))
    extra = {}
    if "date" in table.columns:
        extra["month"] = table.date.year() * 100 + table.date.month()
    if "subject_age" in table.columns:
        age = table.subject_age
        cases = [((age >= low) & (age <= high), label) for low, high, label in AGE_BANDS]
        extra["age_band"] = ibis.cases(*cases, else_=ibis.null("string"))
    return table.mutate(**extra) if extra else table


def _measures(table, flags: bool = True) -> dict:
    import ibis

    measures = {"stops": table.count()}
    if not flags:
        return measures
    searched = table.search_conducted if "search_conducted" in table.columns else None
    for flag in FLAG_COLUMNS:
        if flag not in table.columns:
            continue
        value = table[flag]
        if flag in SEARCH_OUTCOMES and searched is not None:
            value = ibis.ifelse(searched.fill_null(False), value, ibis.null("boolean"))
        measures[flag] = value.cast("int64").sum().fill_null(0)
        measures[f"{flag}_known"] = value.count()
    return measures


def age_band(age) -> str | None:
    """The band of one age, as ``stops_read``'s ``age_band`` column has it."""
    if age is None:
        return None
    for low, high, label in AGE_BANDS:
        if low <= age <= high:  # false for NaN, as in SQL
            return label
    return None


def _month(dates):
    """``stops_read``'s ``month`` (year × 100 + month) of each date (NaN when missing)."""
    import pandas as pd

    dates = pd.to_datetime(dates)
    months = dates.dt.year * 100 + dates.dt.month
    return months.astype("int64") if months.notna().all() else months.astype("float64")


def _bands(ages):
    return ages.map(age_band, na_action="ignore").astype("str")  # the backends' string type


#: derived column -> (the stored column it is computed from, how, in memory)
DERIVED = {"age_band": ("subject_age", _bands), "month": ("date", _month)}


def _measure_names(columns, flags: bool = True) -> list[str]:
    names = ["stops"]
    if flags:
        for flag in FLAG_COLUMNS:
            if flag in columns:
                names += [flag, f"{flag}_known"]
    return names


def _query(table, by: list[str], flags: bool):
    """Run one group-by; a derived key (:data:`DERIVED`) is counted by its source column."""
    measures = _measures(table, flags)
    derived = {c: DERIVED[c] for c in by if c in DERIVED and DERIVED[c][0] in table.columns}
    if not by:
        frame = table.aggregate(**measures).to_pandas()
    elif derived:
        keys = [derived[c][0] if c in derived else c for c in by]
        frame = table.group_by(keys).aggregate(**measures).to_pandas()
        for column, (source, compute) in derived.items():
            frame[column] = compute(frame.pop(source))
        frame = _sum_by(frame, by, list(measures))
    else:
        frame = table.group_by(by).aggregate(**measures).order_by(by).to_pandas()
    for column in measures:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame.reset_index(drop=True)


def _sum_by(frame, by: list[str], measures: list[str]):
    """Sums of ``measures`` by ``by`` (missing keys a group of their own), sorted, nulls last."""
    import pandas as pd

    if not by:
        return pd.DataFrame({m: [frame[m].sum()] for m in measures})
    out = frame.groupby(by, dropna=False, sort=False)[measures].sum().reset_index()
    return out.sort_values(by, na_position="last", kind="stable").reset_index(drop=True)


def stop_counts(table, by: list[str] | tuple[str, ...] = (), *, flags: bool = True):
    """Counts of stops and of each flag, by the ``by`` columns (missing values kept as a group).

    ``table`` is an Ibis stop table or a :class:`StopCounts`; ``flags=False`` counts stops only.
    """
    if isinstance(table, StopCounts):
        return table.counts(by, flags=flags)
    return _query(table, [c for c in by if c in table.columns], flags)


class StopCounts:
    """The counts of one stop table, each scan run once.

    ``counts(by)`` returns what ``stop_counts(table, by)`` returns; it sums the answer from a
    grouping already counted when that grouping has every column of ``by`` (and the flags, when
    they are asked for), and otherwise counts and keeps it. ``prepare`` counts a fine grouping
    first so that the coarser ones come from it. ``columns`` and ``table`` are the table's, so
    the analyses take a ``StopCounts`` wherever they take a table.
    """

    def __init__(self, table):
        self.table = table
        self.columns = table.columns
        self._done: list[tuple[list[str], bool, object]] = []

    def prepare(self, by, *, flags: bool = True) -> StopCounts:
        self.counts(by, flags=flags)
        return self

    def counts(self, by=(), *, flags: bool = True):
        by = [c for c in by if c in self.columns]
        for keys, with_flags, frame in self._done:
            if set(by) <= set(keys) and (with_flags or not flags):
                measures = _measure_names(self.columns, flags)
                if by == keys:
                    return frame[by + measures].copy()
                return _sum_by(frame, by, measures)
        frame = _query(self.table, by, flags)
        self._done.append((by, flags, frame))
        return frame.copy()


def count_totals(table, by: list[str], sums: list[str]):
    """Sums of pre-aggregated count columns (a counts file such as the NC or OPP tables)."""
    expr = table.group_by(by).aggregate(**{c: table[c].sum() for c in sums}).order_by(by)
    frame = expr.to_pandas()
    for column in sums:
        frame[column] = frame[column].astype("int64")
    return frame.reset_index(drop=True)
