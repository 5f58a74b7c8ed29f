"""The heavy work, written once with Ibis: group-by counts over the stop table.

Every analysis reads only the small tables these functions return, so the same code runs on
DuckDB (the embedded default) and on PySpark (:func:`connect` with ``backend="pyspark"``).
Counts come back as a pandas frame sorted by the grouping columns, with integer counts:
``stops`` and, for each flag the file has, ``<flag>`` (true) and ``<flag>_known`` (not missing).
"""

from __future__ import annotations

from pathlib import Path

from .schema import FLAG_COLUMNS

AGE_BANDS = ((10, 17, "10-17"), (18, 24, "18-24"), (25, 34, "25-34"), (35, 44, "35-44"))
AGE_BANDS += ((45, 54, "45-54"), (55, 64, "55-64"), (65, 200, "65+"))

#: Flags whose counts are computed among searched stops only.
SEARCH_OUTCOMES = ("contraband_found", "contraband_drugs", "contraband_weapons")


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
    if "time" in table.columns:
        extra["minute"] = table.time.substr(0, 2).cast("int32") * 60 + table.time.substr(3, 2).cast(
            "int32"
        )
    return table.mutate(**extra) if extra else table


def _measures(table) -> dict:
    import ibis

    measures = {"stops": table.count()}
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


def stop_counts(table, by: list[str] | tuple[str, ...] = ()):
    """Counts of stops and of each flag, by the ``by`` columns (missing values kept as a group)."""
    by = [c for c in by if c in table.columns]
    measures = _measures(table)
    if by:
        expr = table.group_by(by).aggregate(**measures).order_by(by)
    else:
        expr = table.aggregate(**measures)
    frame = expr.to_pandas()
    for column in measures:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame.reset_index(drop=True)


def count_totals(table, by: list[str], sums: list[str]):
    """Sums of pre-aggregated count columns (a counts file such as the NC or OPP tables)."""
    expr = table.group_by(by).aggregate(**{c: table[c].sum() for c in sums}).order_by(by)
    frame = expr.to_pandas()
    for column in sums:
        frame[column] = frame[column].astype("int64")
    return frame.reset_index(drop=True)
