"""The threshold test: planted thresholds recovered; the North Carolina case study."""

import pandas as pd
import pytest

from continuum.analytics.threshold import Sampling, simulate_counts, threshold_test

# The StanCon 2018 case study (Simoiu & Pierson, cameliasimoiu/stancon2018, threshold-test.Rmd,
# "The threshold test: Testing for racial bias in vehicle searches by police"): on the 100
# largest North Carolina departments, "the inferred thresholds for searching whites (15%) ... are
# significantly higher than the inferred thresholds for searching blacks (7%) and Hispanics
# (6%). These thresholds are estimated to about ±2%".
PUBLISHED_NC = {"White": 0.15, "Black": 0.07, "Hispanic": 0.06}
# Those figures come from the beta-signal model of the original paper (Simoiu et al. 2017). The
# discriminant model (the OPP's stan/threshold_test.stan, ported here) puts the thresholds higher
# on these counts: about White 23.0%, Black 20.7%, Hispanic 13.7% (four runs agreed to within
# 0.5 points, with the StanCon program's priors too), so the levels are not asserted; the
# published ordering and separation are (see docs/analytics.md).


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


@pytest.mark.slow
def test_north_carolina_case_study(stops_data):
    frame = pd.read_csv(stops_data / "nc_100_departments_search_counts.csv")
    counts = frame.rename(
        columns={
            "driver_race": "race",
            "police_department": "department",
            "num_stops": "stops",
            "num_searches": "searches",
            "num_hits": "hits",
        }
    )
    result = threshold_test(
        counts, reference="White", sampling=Sampling(warmup=300, samples=300, max_tree_depth=8)
    )
    table = result.table.set_index("race")
    # The published conclusion: Black and Hispanic drivers are searched on less evidence.
    assert table.loc["Black", "high"] < table.loc["White", "low"]
    assert table.loc["Hispanic", "high"] < table.loc["Black", "low"]
    for race, published in PUBLISHED_NC.items():
        assert table.loc[race, "threshold"] > published  # above the beta model's, as documented
    assert result.test["r_hat"] < 1.1 and result.test["divergences"] == 0
    assert result.test["ppc"]["search_rate_rmse"] < 0.005
    assert result.test["ppc"]["searches_in_95_interval"] > 0.9
