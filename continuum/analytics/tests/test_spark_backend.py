"""The same Ibis aggregations on PySpark (local mode) give the same results as on DuckDB."""

import pandas as pd
import pytest

from continuum.analytics.aggregate import connect, count_totals, stop_counts, stops_read
from continuum.analytics.analyses import outcome_test
from continuum.analytics.synthetic import generate

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def both(tmp_path_factory, spark_session):
    path = generate(tmp_path_factory.mktemp("spark") / "stops.parquet", 8_000, seed=3)
    duck = stops_read(connect("duckdb"), path)
    spark = stops_read(connect("pyspark", session=spark_session), path)
    return duck, spark


@pytest.mark.parametrize(
    "by", [["subject_race", "beat"], ["month"], ["age_band", "subject_sex"], []]
)
def test_spark_backend_counts_equal_duckdb(both, by):
    duck, spark = both
    pd.testing.assert_frame_equal(stop_counts(spark, by), stop_counts(duck, by), check_dtype=False)


def test_spark_backend_outcome_test_equals_duckdb(both):
    duck, spark = both
    on_duck, on_spark = outcome_test(duck, "beat"), outcome_test(spark, "beat")
    pd.testing.assert_frame_equal(on_spark.table, on_duck.table)
    assert on_spark.reading == on_duck.reading


def test_spark_backend_count_totals_equal_duckdb(stops_data, spark_session):
    path = str(stops_data / "nc_100_departments_search_counts.csv")
    sums = ["num_stops", "num_searches", "num_hits"]
    spark_table = connect("pyspark", session=spark_session).read_csv(
        path, header=True, inferSchema=True
    )
    on_spark = count_totals(spark_table, ["driver_race"], sums)
    on_duck = count_totals(connect().read_csv(path), ["driver_race"], sums)
    pd.testing.assert_frame_equal(on_spark, on_duck, check_dtype=False)


def test_spark_backend_veil_of_darkness_equals_duckdb(both):
    from continuum.analytics.veil import veil_of_darkness

    duck, spark = both
    on_duck, on_spark = veil_of_darkness(duck, "beat"), veil_of_darkness(spark, "beat")
    pd.testing.assert_frame_equal(on_spark.table, on_duck.table, rtol=1e-9)
    assert on_spark.log.as_list() == on_duck.log.as_list()


def test_spark_backend_band_medians_equal_duckdb(both, monkeypatch):
    from continuum.analytics import median

    duck, spark = both
    monkeypatch.setattr(median, "BAND_FROM_ROWS", 100)  # the banded way, as on a large file
    monkeypatch.setattr(median, "GUIDE_ROWS", 4_000)
    monkeypatch.setattr(median, "BAND", 0.1)
    on_duck = median.medians(duck, ["lat", "lng", "subject_age"])
    assert median.medians(spark, ["lat", "lng", "subject_age"]) == on_duck
    monkeypatch.setattr(median, "BAND_FROM_ROWS", 10**9)
    assert median.medians(duck, ["lat", "lng", "subject_age"]) == on_duck
