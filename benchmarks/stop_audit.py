#!/usr/bin/env python
"""Times the bias audit (ingest excluded) on synthetic stops, against a raw DuckDB scan of the
same columns and a plain pandas + statsmodels version of the same analyses.

Run on demand, not by the test suite:

    .venv/bin/python benchmarks/stop_audit.py                      # 10 million stops
    .venv/bin/python benchmarks/stop_audit.py --rows 100000        # a quick check
    .venv/bin/python benchmarks/stop_audit.py --input stops.parquet --repeat 5   # medians of 5

It writes the synthetic file once (``continuum.analytics.synthetic``, not timed), then runs each
variant in its own process so that each one's peak memory (max RSS) is its own:

- ``scan``: the audit's queries as hand-written DuckDB SQL over the same columns (the four
  group-bys of the counts, the veil of darkness's three), the floor for ours;
- ``ours``: the audit's analyses as ``audit_run`` runs them (``analyses_run``: descriptive
  counts, post-stop outcomes, outcome test, veil of darkness; the threshold test is left out,
  its cost does not grow with the stops), with the time spent in the count queries and in the
  veil reported apart, and the process's CPU time (a figure less disturbed by other work on the
  machine than the wall-clock one);
- ``pandas``: the same analyses on a pandas frame of the same columns, the veil-of-darkness model
  fitted stop by stop with statsmodels, as a plain implementation would.

Each variant imports its libraries before its clock starts (Ibis, statsmodels, SciPy, pyarrow):
imports are a fixed cost of the process, not of the audit. The figures go in docs/analytics.md.
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


def _sun_for_scan(con, path: str):
    """The veil's center, window and sun table for the hand-written SQL (found off the clock)."""
    import pandas as pd

    from continuum.analytics.veil import sun_times

    lat, lng, first, last = con.execute(
        f"select median(lat), median(lng), min(date), max(date) from read_parquet('{path}')"  # noqa: S608
    ).fetchall()[0]
    sun = sun_times(pd.date_range(first, last), lat, lng)
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(sun["date"]),
            "sunset_clock": sun["sunset"].str[:5],
            "dusk_clock": sun["dusk"].str[:5],
        }
    )
    con.register("sun_frame", frame)
    con.execute(
        "create temp table sun as select date::date as date, * exclude (date) from sun_frame"
    )
    low, high = int(sun["dusk_minute"].min()), int(sun["dusk_minute"].max())
    return lat, lng, f"{low // 60:02d}:{low % 60:02d}", f"{high // 60:02d}:{high % 60:02d}"


def variant_scan(path: str) -> dict:
    """The audit's queries as hand-written DuckDB SQL over the same columns: the floor for ours.

    The same group-bys as ours runs (race by beat with every flag, from which ours sums the
    counts by race and by beat; sex; age; date), then the veil of darkness's three (count and
    median coordinates; complete stops by date and nearness; the stops in the window joined
    with the sun times by clock minute, light, race and beat).
    """
    import duckdb

    con = duckdb.connect()
    con.execute("set memory_limit = '1GB'")
    flags = ", ".join(f"sum({c}::int), count({c})" for c in COLUMNS[9:] if c != "contraband_found")
    hit = "case when coalesce(search_conducted, false) then contraband_found end"
    flags += f", sum(({hit})::int), count({hit})"
    start = time.perf_counter()
    for keys, measures in (
        ("subject_race, beat", ", " + flags),
        ("subject_sex", ""),
        ("subject_age", ""),
        ("date", ""),
    ):
        con.execute(
            f"select {keys}, count(*){measures} from read_parquet(?) group by all",  # noqa: S608
            [path],
        ).fetchall()
    counts = time.perf_counter() - start
    lat, lng, low, high = _sun_for_scan(con, path)  # after the counts: they read the file cold
    complete = (
        "date is not null and time is not null and lat is not null and lng is not null "
        "and subject_race is not null and type = 'vehicular'"
    )
    near = f"abs(lat - {lat}) < 0.5 and abs(lng - {lng}) < 0.5"
    clock = "substring(time, 1, 5)"
    begin = time.perf_counter()
    for sql in (
        "select count(*), median(lat), median(lng) from read_parquet(?)",
        f"select date, {near}, count(*) from read_parquet(?) where {complete} group by all",  # noqa: S608
        f"""select {clock}, case when {clock} > dusk_clock then 2
                   when {clock} > sunset_clock and {clock} < dusk_clock then 1 else 0 end,
                   subject_race, beat, count(*)
            from read_parquet(?) join sun using (date)
            where {complete} and {near} and {clock} between '{low}' and '{high}'
            group by all""",  # noqa: S608
    ):
        con.execute(sql, [path]).fetchall()
    veil = time.perf_counter() - begin
    return {"seconds": counts + veil, "count_seconds": counts, "veil_seconds": veil}


def variant_ours(path: str) -> dict:
    """The audit's analyses as ``audit_run`` runs them (``analyses_run``), threshold test off."""
    # The libraries are imported before the clock starts, as the pandas variant's are.
    import ibis.backends.duckdb  # noqa: F401
    import pyarrow  # noqa: F401
    import scipy.stats  # noqa: F401
    import statsmodels.api  # noqa: F401

    from continuum.analytics import aggregate, veil
    from continuum.analytics.aggregate import connect, stops_read
    from continuum.analytics.audit import Options, analyses_run

    spent = {"count": 0.0, "veil": 0.0, "veil_center": 0.0, "veil_fit": 0.0}

    def timed(module, name, key):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - begin

        setattr(module, name, wrapper)

    timed(aggregate, "_query", "count")
    timed(veil, "veil_of_darkness", "veil")
    timed(veil, "_center", "veil_center")
    timed(veil, "fit", "veil_fit")
    start, cpu = time.perf_counter(), time.process_time()
    table = stops_read(connect(), path)
    analyses = analyses_run(table, Options(geography="beat", threshold=False))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    result = next(a for a in analyses if a.name == "veil_of_darkness")
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "aggregation_seconds": spent["count"],
        "veil_seconds": spent["veil"],
        "veil_center_seconds": spent["veil_center"],
        "veil_fit_seconds": spent["veil_fit"],
        "darkness": result.test["models"]["time_adjusted"]["coefficient"],
    }


def variant_pandas(path: str) -> dict:
    import numpy as np
    import pandas as pd
    import pyarrow.parquet  # noqa: F401  (pd.read_parquet's engine: imported off the clock too)
    import statsmodels.api as sm
    from scipy.stats import chi2_contingency

    from continuum.analytics.splines import NaturalSpline
    from continuum.analytics.veil import sun_times

    start, cpu = time.perf_counter(), time.process_time()
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
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "darkness": float(fit.params[1]),
    }


VARIANTS = {"scan": variant_scan, "ours": variant_ours, "pandas": variant_pandas}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--input", help="an existing synthetic Parquet file (skips generating)")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--skip", action="append", default=[], choices=sorted(VARIANTS))
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each variant N times; report the medians"
    )
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
        runs: dict[str, list[dict]] = {name: [] for name in VARIANTS if name not in args.skip}
        for round_ in range(args.repeat):  # interleaved, so a busy moment touches every variant
            for name in runs:
                out = subprocess.run(  # noqa: S603
                    [sys.executable, __file__, "--variant", name, "--input", path],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"{name} (run {round_ + 1})", json.dumps(runs[name][-1]))
        results = {name: _medians(found) for name, found in runs.items()}
        if args.repeat > 1:
            for name, result in results.items():
                print(f"{name} (median of {args.repeat})", json.dumps(result))
        if "scan" in results and "ours" in results:
            ours, scan = results["ours"], results["scan"]
            counts = ours["aggregation_seconds"] / scan["count_seconds"]
            veil = (ours["veil_seconds"] - ours["veil_fit_seconds"]) / scan["veil_seconds"]
            print(f"aggregations / raw SQL: {counts:.2f}x; veil's queries / raw SQL: {veil:.2f}x")
        if "pandas" in results and "ours" in results:
            print(
                f"pandas / ours: {results['pandas']['seconds'] / results['ours']['seconds']:.1f}x"
            )


def _medians(runs: list[dict]) -> dict:
    """Each figure's median over the runs (the darkness coefficient is the same in every run)."""
    import statistics

    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


if __name__ == "__main__":
    main()
