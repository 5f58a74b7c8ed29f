import math

import pytest

from continuum.analytics import stats
from continuum.analytics.aggregate import (
    StopCounts,
    connect,
    count_totals,
    stop_counts,
    stops_read,
)
from continuum.analytics.analyses import (
    benchmark_test,
    descriptive,
    hit_rates,
    outcome_test,
    post_stop_outcomes,
)
from continuum.analytics.synthetic import Plan, generate

NC_TOTALS = {  # SOURCE.md of the shared stop data (StanCon 2018 case study's `stops` object)
    "Black": (1_810_608, 98_538, 28_137),
    "Hispanic": (384_186, 15_727, 3_056),
    "White": (2_227_214, 68_199, 22_114),
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("syn") / "stops.parquet"
    return generate(path, 60_000, seed=7)


@pytest.fixture(scope="module")
def stops(synthetic):
    return stops_read(connect(), synthetic)


def test_nc_100_department_totals_match_the_published_figures(stops_data):
    con = connect()
    table = con.read_csv(str(stops_data / "nc_100_departments_search_counts.csv"))
    totals = count_totals(table, ["driver_race"], ["num_stops", "num_searches", "num_hits"])
    got = {r.driver_race: (r.num_stops, r.num_searches, r.num_hits) for r in totals.itertuples()}
    assert got == NC_TOTALS
    assert table.police_department.nunique().to_pyarrow().as_py() == 100


def test_opp_county_search_and_hit_rates_recomputed_exactly(stops_data):
    con = connect()
    table = con.read_csv(str(stops_data / "opp2017_county_search_counts.csv"))
    keys = ["state", "location_variable", "driver_race"]
    counts = count_totals(table, keys, ["num_stops", "num_searches", "num_hits"])
    published = table.to_pandas().set_index(keys).sort_index()
    assert len(counts) == len(published) == 1130
    counts = counts.set_index(keys).sort_index()
    search_rate = counts["num_searches"] / counts["num_stops"]
    hit_rate = counts["num_hits"] / counts["num_searches"]
    assert (search_rate == published["search_rate"]).all()
    same = (hit_rate == published["hit_rate"]) | (hit_rate.isna() & published["hit_rate"].isna())
    assert same.all()


def test_nc_outcome_test_pools_like_the_open_policing_project(stops_data):
    con = connect()
    table = con.read_csv(str(stops_data / "nc_100_departments_search_counts.csv"))
    frame = count_totals(table, ["driver_race", "police_department"], ["num_searches", "num_hits"])
    frame = frame.rename(
        columns={"driver_race": "subject_race", "num_searches": "searches", "num_hits": "hits"}
    )
    frame["subject_race"] = frame["subject_race"].str.lower()
    result = hit_rates(frame, geography="police_department")
    pooled = result.table.set_index("subject_race")
    by_department = frame.assign(rate=frame.hits / frame.searches).groupby("subject_race").rate
    assert pooled.loc["black", "hit_rate"] == pytest.approx(by_department.mean()["black"])
    assert pooled.loc["white", "hits"] == 22_114
    assert result.test["p"] < 1e-6
    assert result.test["stratified"]["hispanic"]["odds_ratio"] < 1
    assert "Hispanic" in result.reading


def test_counts_by_group(stops):
    counts = stop_counts(stops, ["subject_race"])
    assert counts["stops"].sum() == 60_000
    assert set(counts.columns) >= {"search_conducted", "contraband_found_known"}
    row = counts.set_index("subject_race").loc["black"]
    assert row["contraband_found_known"] == row["search_conducted"]


@pytest.mark.parametrize(
    "by", [["subject_race"], ["beat"], [], ["subject_race", "beat"], ["beat", "subject_race"]]
)
def test_counts_summed_from_a_finer_grouping_equal_the_direct_query(stops, by):
    """The audit counts race x sub-geography once and sums the coarser tables from it."""
    import pandas as pd

    shared = StopCounts(stops).prepare(["subject_race", "beat"])
    summed, direct = shared.counts(by), stop_counts(stops, by)
    if by:
        summed = summed.sort_values(by, na_position="last").reset_index(drop=True)
        direct = direct.sort_values(by, na_position="last").reset_index(drop=True)
    pd.testing.assert_frame_equal(summed[direct.columns], direct)
    assert shared.counts(["subject_sex"], flags=False)["stops"].sum() == 60_000


def test_planted_hit_rates_recovered_within_intervals(stops):
    result = outcome_test(stops, "beat")
    table = result.table.set_index("subject_race")
    for race, rate in Plan().hit_rates.items():
        if race == "asian/pacific islander":
            continue  # too few searches for a tight check
        # a 99.9% Wilson interval should contain the planted rate
        low, high = stats.wilson(table.loc[race, "hits"], table.loc[race, "searches"], 0.999)
        assert low <= rate <= high, race
    assert result.test["stratified"]["black"]["high"] < 1  # Black searches hit less: detected
    assert result.log.steps[0].rows_removed == 0


def test_post_stop_outcomes_and_descriptives(stops):
    outcomes = post_stop_outcomes(stops)
    searches = outcomes.table[outcomes.table.outcome == "search_conducted"].set_index(
        "subject_race"
    )
    assert searches.loc["black", "ratio_low"] > 1.5  # planted 0.06 vs 0.03
    assert searches.loc["white", "ratio"] == pytest.approx(1.0)
    names = [a.name for a in descriptive(stops, ("beat",))]
    assert names == [
        "descriptive_subject_race",
        "descriptive_subject_sex",
        "descriptive_age_band",
        "descriptive_month",
        "descriptive_beat",
    ]


def test_benchmark_ratios_and_missing_reference(stops):
    counts = stop_counts(stops, ["subject_race"])
    population = {"white": 600_000, "black": 125_000}
    result = benchmark_test(counts, population)
    row = result.table.set_index("subject_race").loc["black"]
    assert row["ratio"] == pytest.approx((row["stops"] / 125_000) / (counts.stops[3] / 600_000))
    assert row["ratio_low"] < row["ratio"] < row["ratio_high"]
    assert "not proof of bias" in result.reading
    assert not benchmark_test(counts, {"black": 10}).available


def test_interval_helpers():
    low, high = stats.wilson(0, 10)
    assert low == pytest.approx(0) and 0.2 < high < 0.35
    low, high = stats.poisson_rate(0, 100)
    assert low == 0 and high == pytest.approx(3.6889 / 100, rel=1e-3)
    value, low, high = stats.ratio(10, 100, 10, 100)
    assert value == 1 and low < 1 < high
    assert stats.equal_proportions([0, 0], [5, 5])["p"] == 1.0
    assert math.isnan(stats.equal_proportions([1], [5])["p"])
