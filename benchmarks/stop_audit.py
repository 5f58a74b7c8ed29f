#!/usr/bin/env python
"""Times the bias audit (ingest excluded) on synthetic stops, against a raw DuckDB scan of the
same columns and a plain pandas + statsmodels version of the same analyses.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/stop_audit.py                      # 10 million stops
    .venv/bin/python benchmarks/stop_audit.py --rows 100000        # a quick check

It writes the synthetic file once (``continuum.analytics.synthetic``, not timed), then runs each
variant in its own process so that each one's peak memory (max RSS) is its own:

- ``scan``: the audit's seven group-bys (race, sex, age band, month, beat, race again for the
  post-stop outcomes, race × beat) as hand-written DuckDB SQL over the same columns;
- ``ours``: the audit's analyses through Ibis on DuckDB (descriptive counts, post-stop outcomes,
  outcome test, veil of darkness; the threshold test is left out, its cost does not grow with
  the stops), with the time spent in the group-by queries reported apart;
- ``pandas``: the same analyses on a pandas frame of the same columns, the veil-of-darkness model
  fitted stop by stop with statsmodels, as a plain implementation would.

The figures go in docs/analytics.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = (
    "date",
    "time",
    "lat",
    "lng",
    "beat",
    "subject_age",
    "subject_race",
    "subject_sex",
    "type",
    "search_conducted",
    "contraband_found",
    "frisk_performed",
    "arrest_made",
    "citation_issued",
    "warning_issued",
)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def variant_scan(path: str) -> dict:
    """The audit's group-bys as hand-written DuckDB SQL: the floor for ours."""
    import duckdb

    con = duckdb.connect()
    flags = ", ".join(f"sum({c}::int), count({c})" for c in COLUMNS[9:])
    age = "case when subject_age between 10 and 17 then 1 when subject_age < 25 then 2 end"
    start = time.perf_counter()
    for keys in (
        "subject_race",
        "subject_sex",
        age,
        "year(date) * 100 + month(date)",
        "beat",
        "subject_race",  # post-stop outcomes
        "subject_race, beat",  # outcome test
    ):
        con.execute(
            f"select {keys}, count(*), {flags} from read_parquet(?) group by all",  # noqa: S608
            [path],
        ).fetchall()
    return {"seconds": time.perf_counter() - start}


def variant_ours(path: str) -> dict:
    from continuum.analytics import aggregate
    from continuum.analytics.aggregate import connect, stops_read
    from continuum.analytics.analyses import descriptive, outcome_test, post_stop_outcomes
    from continuum.analytics.veil import veil_of_darkness

    spent = {"aggregations": 0.0}
    original = aggregate.stop_counts

    def timed(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent["aggregations"] += time.perf_counter() - begin

    for module in ("continuum.analytics.analyses.rates", "continuum.analytics.analyses.outcome"):
        sys.modules[module].stop_counts = timed
    start = time.perf_counter()
    table = stops_read(connect(), path)
    descriptive(table, ("beat",))
    post_stop_outcomes(table)
    outcome_test(table, "beat")
    begin = time.perf_counter()
    veil = veil_of_darkness(table, "beat")
    spent["veil"] = time.perf_counter() - begin
    return {
        "seconds": time.perf_counter() - start,
        "aggregation_seconds": spent["aggregations"],
        "veil_seconds": spent["veil"],
        "darkness": veil.test["models"]["time_adjusted"]["coefficient"],
    }


def variant_pandas(path: str) -> dict:
    import numpy as np
    import pandas as pd
    import statsmodels.api as sm
    from scipy.stats import chi2_contingency

    from continuum.analytics.splines import NaturalSpline
    from continuum.analytics.veil import sun_times

    start = time.perf_counter()
    frame = pd.read_parquet(path, columns=list(COLUMNS))
    frame["month"] = pd.to_datetime(frame["date"]).dt.to_period("M")
    frame["age_band"] = pd.cut(frame["subject_age"], [9, 17, 24, 34, 44, 54, 64, 200])
    for column in ("subject_race", "subject_sex", "age_band", "month", "beat"):
        frame.groupby(column, observed=True).size()
    flags = list(COLUMNS[9:])
    frame[flags] = frame[flags].astype("float64")  # missing flags as NaN: sum and count skip them
    by_race = frame.groupby("subject_race")[flags].agg(["sum", "count"])
    for flag in flags:
        chi2_contingency(
            np.column_stack(
                [by_race[(flag, "sum")], by_race[(flag, "count")] - by_race[(flag, "sum")]]
            )
        )
    searched = frame[frame["search_conducted"] == 1]
    searched.groupby(["subject_race", "beat"])["contraband_found"].agg(["sum", "count"])
    # veil of darkness, stop by stop
    lat, lng = frame["lat"].median(), frame["lng"].median()
    sun = sun_times(frame["date"].unique(), lat, lng)
    sun["date"] = pd.to_datetime(sun["date"])
    stops = frame[frame["type"] == "vehicular"].copy()
    stops["date"] = pd.to_datetime(stops["date"])
    stops = stops.merge(sun[["date", "sunset_minute", "dusk_minute"]], on="date")
    stops["minute"] = stops["time"].str[:2].astype(int) * 60 + stops["time"].str[3:5].astype(int)
    low, high = sun["dusk_minute"].min(), sun["dusk_minute"].max()
    stops = stops[(stops["minute"] >= low) & (stops["minute"] <= high)]
    stops = stops[
        ~((stops["minute"] > stops["sunset_minute"]) & (stops["minute"] < stops["dusk_minute"]))
    ]
    stops = stops[stops["subject_race"].isin(["black", "white"])]
    dark = (stops["minute"] > stops["dusk_minute"]).astype(float).to_numpy()
    spline = NaturalSpline(stops["minute"], df=6)
    exog = np.column_stack([np.ones(len(stops)), dark, spline(stops["minute"])])
    fit = sm.Logit((stops["subject_race"] == "black").astype(float).to_numpy(), exog).fit(disp=0)
    return {"seconds": time.perf_counter() - start, "darkness": float(fit.params[1])}


VARIANTS = {"scan": variant_scan, "ours": variant_ours, "pandas": variant_pandas}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--input", help="an existing synthetic Parquet file (skips generating)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", default=[], choices=sorted(VARIANTS))
    args = parser.parse_args()
    if args.variant:  # child process: one variant, JSON on stdout
        result = VARIANTS[args.variant](args.input)
        result["peak_mb"] = peak_mb()
        print(json.dumps(result))
        return
    from continuum.analytics.synthetic import Plan, generate

    with tempfile.TemporaryDirectory() as scratch:
        path = args.input or str(Path(scratch) / "stops.parquet")
        if not args.input:
            begin = time.perf_counter()
            generate(path, args.rows, seed=1, plan=Plan(darkness=-0.2))
            print(
                f"generated {args.rows:,} stops in {time.perf_counter() - begin:.1f} s "
                f"({Path(path).stat().st_size / 1e6:.0f} MB Parquet)"
            )
        results = {}
        for name in VARIANTS:
            if name in args.skip:
                continue
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--variant", name, "--input", path],
                capture_output=True,
                text=True,
                check=True,
            )
            results[name] = json.loads(out.stdout.strip().splitlines()[-1])
            print(name, json.dumps(results[name]))
        if "scan" in results and "ours" in results:
            print(
                f"aggregations / raw scan: "
                f"{results['ours']['aggregation_seconds'] / results['scan']['seconds']:.2f}x"
            )
        if "pandas" in results and "ours" in results:
            print(
                f"pandas / ours: {results['pandas']['seconds'] / results['ours']['seconds']:.1f}x"
            )


if __name__ == "__main__":
    main()
