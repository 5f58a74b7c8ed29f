"""The threshold test: planted thresholds recovered; the North Carolina case study."""

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, special

from continuum.analytics.threshold import (
    Sampling,
    beta_upper_tail,
    simulate_beta_counts,
    simulate_counts,
    threshold_test,
)

# The StanCon 2018 case study (Simoiu & Pierson, cameliasimoiu/stancon2018, threshold-test.Rmd,
# "The threshold test: Testing for racial bias in vehicle searches by police"): on the 100
# largest North Carolina departments, "the inferred thresholds for searching whites (15%) ... are
# significantly higher than the inferred thresholds for searching blacks (7%) and Hispanics
# (6%). These thresholds are estimated to about ±2%".
PUBLISHED_NC = {"White": 0.15, "Black": 0.07, "Hispanic": 0.06}
# Those figures are the 2017 paper's, from its own program (5harad/threshold-test,
# src/model.stan: the beta signal, hierarchical department terms, normal(0, 2) priors), which
# `model="beta"` is. Long runs of it on these counts: White 15.4-15.5%, Black 6.4-6.8%, Hispanic
# 6.4-6.6% (see docs/analytics.md). The discriminant model (the OPP's stan/threshold_test.stan)
# puts the thresholds higher on these counts (about White 23.0%, Black 20.7%, Hispanic 13.7%),
# so for it the levels are not asserted; the published ordering and separation are.
#: How far from a published figure ours may be: the published figures are rounded to the
#: point (0.5), and both fits carry Monte Carlo error (ours about 0.3 point for Black drivers at
#: the test's budget, where the posterior is widest; on another CPU the chain's path differs).
PUBLISHED_NC_TOLERANCE = 0.015


def test_planted_thresholds_recovered_within_their_intervals():
    counts, planted = simulate_counts(
        threshold_race={"white": 1.6, "black": 1.2},
        phi_logit={"white": -1.0, "black": -1.0},
        delta_log={"white": 0.3, "black": 0.3},
        departments=6,
        seed=4,
    )
    result = threshold_test(counts, sampling=Sampling(warmup=300, samples=300, seed=1))
    table = result.table.set_index("race")
    for race, value in planted.items():
        assert table.loc[race, "low"] <= value <= table.loc[race, "high"], (race, value)
    assert table.loc["black", "threshold"] < table.loc["white", "threshold"]
    assert result.test["r_hat"] < 1.1
    assert result.test["ppc"]["searches_in_95_interval"] >= 0.8


def _nc_counts(stops_data) -> pd.DataFrame:
    """The StanCon 2018 case study's NC counts, in the threshold test's column names."""
    frame = pd.read_csv(stops_data / "nc_100_departments_search_counts.csv")
    return frame.rename(
        columns={
            "driver_race": "race",
            "police_department": "department",
            "num_stops": "stops",
            "num_searches": "searches",
            "num_hits": "hits",
        }
    )


@pytest.mark.slow
def test_north_carolina_case_study(stops_data):
    counts = _nc_counts(stops_data)
    result = threshold_test(
        counts, reference="White", sampling=Sampling(warmup=300, samples=300, max_tree_depth=8)
    )
    table = result.table.set_index("race")
    # The published conclusion: Black and Hispanic drivers are searched on less evidence.
    assert table.loc["Black", "high"] < table.loc["White", "low"]
    assert table.loc["Hispanic", "high"] < table.loc["Black", "low"]
    for race, published in PUBLISHED_NC.items():
        assert table.loc[race, "threshold"] > published  # above the beta model's (see the top)
    assert result.test["r_hat"] < 1.1 and result.test["divergences"] == 0
    assert result.test["ppc"]["search_rate_rmse"] < 0.005
    assert result.test["ppc"]["searches_in_95_interval"] > 0.9


def _upper_tail_by_integrals(a, b, x):
    """SciPy's tail and its derivatives in a, b and x, from adaptive integrals (independent of
    the tanh-sinh rule under test)."""

    def density(u):
        return np.exp((a - 1) * np.log(u) + (b - 1) * np.log1p(-u) - special.betaln(a, b))

    def integral(f):
        return integrate.quad(f, x, 1, epsabs=0, epsrel=1e-10, limit=200)[0]

    tail = special.betaincc(a, b, x)
    by_a = integral(lambda u: np.log(u) * density(u)) - tail * (
        special.digamma(a) - special.digamma(a + b)
    )
    by_b = integral(lambda u: np.log1p(-u) * density(u)) - tail * (
        special.digamma(b) - special.digamma(a + b)
    )
    return tail, (by_a, by_b, -density(x))


@pytest.mark.parametrize(
    "a, b, x",
    [
        (0.2, 7.0, 0.1),
        (0.05, 2.0, 0.3),
        (3.0, 40.0, 0.05),
        (0.7, 1.5, 0.6),
        (1.2, 100.0, 0.01),
        (0.03, 12.0, 0.02),
        (1.5, 6.0, 0.5),
    ],
)
def test_beta_upper_tail_and_its_derivatives_match_scipy(a, b, x):
    import jax

    tail, gradient = _upper_tail_by_integrals(a, b, x)
    with jax.enable_x64(True):
        ours = float(beta_upper_tail(a, b, x))
        ours_gradient = jax.grad(beta_upper_tail, argnums=(0, 1, 2))(a, b, x)
    assert ours == pytest.approx(tail, rel=1e-9)
    for got, expected in zip(ours_gradient, gradient, strict=True):
        assert float(got) == pytest.approx(expected, rel=1e-6, abs=1e-12)
    assert not jax.config.jax_enable_x64  # float64 stays inside the block


@pytest.mark.slow
def test_planted_thresholds_recovered_under_the_beta_model():
    """Three races in twenty departments (the 2017 paper's code refuses fewer departments than
    2r / (r - 2), six for three races; with few more the beta model is weakly identified and
    its intervals miss), one chain of 300 + 300 at tree depth 10: about 100 s."""
    counts, planted = simulate_beta_counts(
        threshold_logit={"white": -1.7, "black": -2.4, "hispanic": -2.2},
        phi_logit={"white": -3.3, "black": -3.0, "hispanic": -3.4},
        lambda_log={"white": 2.0, "black": 1.8, "hispanic": 1.9},
        departments=20,
        seed=4,
    )
    result = threshold_test(
        counts,
        sampling=Sampling(warmup=300, samples=300, chains=1, seed=1, max_tree_depth=10),
        model="beta",
    )
    table = result.table.set_index("race")
    for race, value in planted.items():
        assert table.loc[race, "low"] <= value <= table.loc[race, "high"], (race, value)
    assert table.loc["black", "high"] < table.loc["white", "low"]
    assert result.test["model"] == "beta"
    assert result.test["r_hat"] < 1.1 and result.test["divergences"] == 0
    assert result.test["ppc"]["searches_in_95_interval"] >= 0.9
    assert result.test["ppc"]["hits_in_95_interval"] >= 0.9


def test_unknown_model_is_refused():
    counts, _ = simulate_counts(
        threshold_race={"white": 1.6, "black": 1.2},
        phi_logit={"white": -1.0, "black": -1.0},
        delta_log={"white": 0.3, "black": 0.3},
        departments=2,
    )
    with pytest.raises(ValueError, match="model must be one of"):
        threshold_test(counts, model="probit")


@pytest.mark.slow
def test_north_carolina_case_study_beta_model_reproduces_the_published_thresholds(stops_data):
    """The 2017 paper's model on the NC counts gives the case study's department-weighted
    average thresholds (White 15%, Black 7%, Hispanic 6%) within Monte Carlo error, at a CI
    budget: one chain of 300 warm-up and 300 draws at tree depth 10 (about 4 minutes on an idle
    core). The case study's Asian drivers (13%) are not in the shipped counts."""
    counts = _nc_counts(stops_data)
    result = threshold_test(
        counts,
        reference="White",
        sampling=Sampling(warmup=300, samples=300, chains=1, max_tree_depth=10, seed=3),
        model="beta",
    )
    table = result.table.set_index("race")
    for race, published in PUBLISHED_NC.items():
        assert table.loc[race, "threshold"] == pytest.approx(
            published, abs=PUBLISHED_NC_TOLERANCE
        ), race
    # The published conclusion: Black and Hispanic drivers are searched on less evidence.
    assert table.loc["Black", "high"] < table.loc["White", "low"]
    assert table.loc["Hispanic", "high"] < table.loc["White", "low"]
    assert result.test["r_hat"] < 1.1 and result.test["divergences"] == 0
    assert result.test["ppc"]["search_rate_rmse"] < 0.005
    assert result.test["ppc"]["searches_in_95_interval"] > 0.9
    assert result.test["ppc"]["hits_in_95_interval"] > 0.85


def test_command_line_offers_the_threshold_models_the_library_has():
    from continuum.analytics import cli, threshold

    assert cli.THRESHOLD_MODELS == threshold.MODELS
    assert threshold.MODELS[0] == "discriminant"  # the command line's default
