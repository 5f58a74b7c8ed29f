import datetime as dt

import numpy as np
import pandas as pd
import pytest

from continuum.analytics.aggregate import connect, stops_read
from continuum.analytics.ingest import ingest
from continuum.analytics.splines import NaturalSpline, weighted_quantile_type7
from continuum.analytics.synthetic import Plan, generate
from continuum.analytics.veil import fit, sun_times, time_zone, veil_of_darkness

OWENSBORO = (37.7719074, -87.1111676)


def test_time_zone_from_coordinates():
    assert time_zone(*OWENSBORO) == "America/Chicago"
    assert time_zone(40.7128, -74.006) == "America/New_York"


def test_sun_times_computed_at_noon_utc_in_local_time_truncated_to_the_second():
    sun = sun_times([dt.date(2016, 6, 21), dt.date(2016, 12, 21)], *OWENSBORO)
    # suncalc's algorithm (the one R's suncalc implements) for these dates at 12:00 UTC.
    assert list(sun["sunset"]) == ["20:15:01", "16:34:25"]
    assert list(sun["sunset_minute"]) == [20 * 60 + 15, 16 * 60 + 34]
    assert (sun["dusk_minute"] > sun["sunset_minute"]).all()
    assert sun.attrs["tz"] == "America/Chicago"


def test_weighted_quantiles_equal_r_type_7_on_the_expanded_data():
    values, weights = np.array([3.0, 1.0, 7.0, 2.0]), np.array([2, 5, 1, 4])
    expanded = np.repeat(values, weights)
    probs = np.linspace(0, 1, 7)[1:-1]
    assert np.allclose(
        weighted_quantile_type7(values, weights, probs), np.quantile(expanded, probs)
    )


def _esl_natural_basis(x, knots):
    """Hastie, Tibshirani & Friedman's truncated-power natural spline basis (ESL eq. 5.4-5.5)."""
    k = len(knots)

    def d(j):
        return (np.clip(x - knots[j], 0, None) ** 3 - np.clip(x - knots[-1], 0, None) ** 3) / (
            knots[-1] - knots[j]
        )

    return np.column_stack([np.ones_like(x), x] + [d(j) - d(k - 2) for j in range(k - 2)])


def test_natural_spline_matches_r_ns_knots_and_space():
    rng = np.random.default_rng(1)
    x = np.sort(rng.integers(1000, 1250, 400).astype(float))
    spline = NaturalSpline(x, df=6)
    # R: attr(ns(x, df = 6), "knots") = quantile(x, 1:5 / 6); Boundary.knots = range(x)
    assert np.allclose(spline.knots, np.quantile(x, np.arange(1, 6) / 6))
    assert spline.boundary == (x.min(), x.max())
    basis = spline(x)
    assert basis.shape == (400, 6)
    assert np.allclose(basis[0], 0)  # ns without intercept is zero at the left boundary
    # Same column space (with an intercept) as the textbook natural cubic spline on these knots.
    all_knots = np.concatenate([[x.min()], spline.knots, [x.max()]])
    esl = _esl_natural_basis(x, all_knots)
    ours = np.column_stack([np.ones_like(x), basis])
    assert np.linalg.matrix_rank(np.hstack([ours, esl]), tol=1e-8) == 7


def test_fit_on_counts_equals_the_stop_level_fit():
    import statsmodels.api as sm

    rng = np.random.default_rng(2)
    minute = rng.integers(1000, 1200, 3000)
    dark = (minute > rng.integers(1050, 1150, 3000)).astype(int)
    black = rng.random(3000) < 1 / (1 + np.exp(-(-1 - 0.5 * dark)))
    stops = pd.DataFrame({"minute": minute, "is_dark": dark, "black": black.astype(int)})
    counts = stops.groupby(["minute", "is_dark"], as_index=False).agg(
        minority=("black", "sum"), n=("black", "size")
    )
    on_counts = fit(counts)
    spline = NaturalSpline(stops["minute"], df=6)
    exog = np.column_stack([np.ones(3000), dark, spline(stops["minute"])])
    stop_level = sm.Logit(stops["black"], exog).fit(disp=0)
    assert on_counts["knots"] == pytest.approx(list(spline.knots))
    assert on_counts["coefficient"] == pytest.approx(stop_level.params.iloc[1], abs=1e-6)
    assert on_counts["std_error"] == pytest.approx(stop_level.bse.iloc[1], rel=1e-4)


def test_planted_darkness_coefficient_recovered_within_its_interval(tmp_path):
    path = generate(tmp_path / "vod.parquet", 80_000, seed=11, plan=Plan(darkness=-0.4))
    result = veil_of_darkness(stops_read(connect(), path), geography="beat")
    for model in result.test["models"].values():
        assert model["low"] <= -0.4 <= model["high"]
    assert "consistent with race influencing" in result.reading
    assert [s.name for s in result.log.steps] == [
        "veil_complete",
        "veil_geocoding",
        "veil_window",
        "veil_twilight",
        "veil_race",
        "veil_geography",
    ]


def test_veil_of_darkness_runs_end_to_end_on_owensboro(stops_data, tmp_path):
    stored = ingest(stops_data / "ky_owensboro_2020_04_01.csv.zip", tmp_path).parquet
    result = veil_of_darkness(stops_read(connect(), stored), geography="sector")
    assert result.available, result.reason
    assert result.test["time_zone"] == "America/Chicago"
    assert len(result.test["models"]["time_adjusted"]["knots"]) == 5
    steps = result.log.steps
    assert steps[0].rows_before == 6921
    for before, after in zip(steps, steps[1:], strict=False):
        assert before.rows_before - before.rows_removed == after.rows_before
    race = next(step for step in steps if step.name == "veil_race")
    table = result.table.set_index("model")
    assert race.rows_before - race.rows_removed == table.loc["time_adjusted", "stops"]
    assert (
        steps[-1].rows_before - steps[-1].rows_removed
        == (table.loc["time_and_geography_adjusted", "stops"])
    )


def test_veil_of_darkness_says_why_it_cannot_run(tmp_path):
    path = generate(tmp_path / "s.parquet", 100, seed=1)
    table = stops_read(connect(), path).drop("lat")
    result = veil_of_darkness(table)
    assert not result.available and "lat" in result.reason
