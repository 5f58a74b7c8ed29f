"""Bias-audit analytics for police stop data: ingest, validation, aggregations and tests.

A plain Python library with no Django import, usable from Python and from the
``continuum-audit`` command. Heavy dependencies (DuckDB, Ibis, PySpark, JAX) are imported
lazily by the modules that need them, so ``import continuum`` stays light for the web app.

Entry points:

- :func:`continuum.analytics.ingest.ingest` reads a CSV (plain or zipped) or Parquet file,
  applies a column mapping and writes the standard-schema Parquet file with its validation
  report and data-quality log.
- :mod:`continuum.analytics.analyses` holds the analyses, each taking an Ibis table.
- :mod:`continuum.analytics.cli` is the ``continuum-audit`` command.
"""

__version__ = "0.1.0"
