"""Exact medians by a band of ranks: the same bits as the engine's median, whatever the data."""

import numpy as np
import pandas as pd
import pytest

from continuum.analytics import median
from continuum.analytics.aggregate import connect


@pytest.fixture
def small_band(monkeypatch):
    """The banded way on small tables (it normally starts at a million rows)."""
    monkeypatch.setattr(median, "BAND_FROM_ROWS", 100)
    monkeypatch.setattr(median, "GUIDE_ROWS", 2_000)
    monkeypatch.setattr(median, "BAND", 0.1)  # as wide in sampling error as 0.02 of 100,000 rows
    calls = []
    engine = median._engine
    monkeypatch.setattr(median, "_engine", lambda t, cols: calls.append(cols) or engine(t, cols))
    return calls


@pytest.fixture
def table_of(tmp_path):
    """A table read from a Parquet file, as the audit reads its stops."""

    def make(**columns):
        path = tmp_path / f"values{len(list(tmp_path.iterdir()))}.parquet"
        pd.DataFrame(columns).to_parquet(path)
        return connect().read_parquet(str(path))

    return make


def _engine_medians(table, columns):
    row = table.aggregate(**{c: table[c].median() for c in columns}).to_pandas().iloc[0]
    return {c: (None if pd.isna(row[c]) else float(row[c])) for c in columns}


@pytest.mark.parametrize("rows", [4_001, 4_000])  # odd and even counts
def test_band_median_is_the_engines_median_to_the_bit(small_band, table_of, rows):
    rng = np.random.default_rng(rows)
    lat = pd.array(rng.normal(37.7, 0.05, rows), dtype="Float64")
    lat[rng.random(rows) < 0.1] = pd.NA  # missing values are left out, as R's na.rm does
    lng = np.round(rng.normal(-87.1, 0.02, rows), 3)  # many ties
    table = table_of(lat=lat, lng=lng)
    total, got = median.medians(table, ["lat", "lng"])
    assert total == rows
    assert got == _engine_medians(table, ["lat", "lng"])
    assert small_band == []  # found inside the band, never by the engine


def test_band_median_of_an_even_count_is_halfway_between_the_middle_values(small_band, table_of):
    values = np.random.default_rng(2).permutation(np.arange(1.0, 1_001.0))  # middle: 500, 501
    _, got = median.medians(table_of(x=values), ["x"])
    assert got == {"x": 500.5}
    assert small_band == []


def test_first_rows_that_miss_the_median_fall_back_to_the_engine(small_band, table_of):
    values = np.sort(np.random.default_rng(1).normal(size=3_001))  # sorted: the first rows are low
    table = table_of(x=values)
    _, got = median.medians(table, ["x"])
    assert got == {"x": float(np.median(values))}
    assert small_band == [["x"]]


def test_a_column_without_values_has_no_median(small_band, table_of):
    table = table_of(x=pd.array([None] * 500, dtype="Float64"), y=np.arange(500, dtype=float))
    total, got = median.medians(table, ["x", "y"])
    assert (total, got) == (500, {"x": None, "y": 249.5})


def test_small_tables_use_the_engine_directly(table_of):
    table = table_of(x=[3.0, 1.0, 2.0, 10.0])
    assert median.medians(table, ["x"]) == (4, {"x": 2.5})


def test_an_empty_table_has_no_median(table_of):
    table = table_of(x=pd.Series([], dtype=float))
    assert median.medians(table, ["x"]) == (0, {"x": None})
