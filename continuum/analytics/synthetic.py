"""Realistic synthetic stop data of any size, with planted effects to recover.

Stops are drawn in chunks (constant memory) and written as standard-schema Parquet. The
planted effects are known: race shares, search rates and hit rates by race, and a darkness
effect on the odds that a stopped driver is Black (for the veil-of-darkness test).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

RACE_SHARES = {"white": 0.6, "black": 0.25, "hispanic": 0.1, "asian/pacific islander": 0.05}
SEARCH_RATES = {"white": 0.03, "black": 0.06, "hispanic": 0.05, "asian/pacific islander": 0.02}
HIT_RATES = {"white": 0.30, "black": 0.22, "hispanic": 0.20, "asian/pacific islander": 0.28}
BEATS = tuple(f"B{i:02d}" for i in range(1, 13))
CLOCK = np.array([f"{m // 60:02d}:{m % 60:02d}:00" for m in range(24 * 60)])


@dataclass
class Plan:
    """What the generator plants. ``darkness`` is the log-odds effect of darkness on being
    Black among Black and white drivers (negative: fewer Black drivers stopped after dark)."""

    race_shares: dict = field(default_factory=lambda: dict(RACE_SHARES))
    search_rates: dict = field(default_factory=lambda: dict(SEARCH_RATES))
    hit_rates: dict = field(default_factory=lambda: dict(HIT_RATES))
    darkness: float = 0.0
    lat: float = 37.77
    lng: float = -87.11
    start: dt.date = dt.date(2018, 1, 1)
    days: int = 730


def chunk_generate(rng: np.random.Generator, n: int, plan: Plan, first_line: int = 2):
    """A pyarrow table of ``n`` synthetic stops."""
    import pyarrow as pa

    races = np.array(list(plan.race_shares))
    shares = np.array(list(plan.race_shares.values()), dtype=float)
    day = rng.integers(0, plan.days, n)
    minute = rng.integers(0, 24 * 60, n)
    race = races[rng.choice(len(races), n, p=shares / shares.sum())]
    if plan.darkness:
        race = _plant_darkness(rng, race, day, minute, plan)
    search_p = _lookup(race, races, plan.search_rates)
    hit_p = _lookup(race, races, plan.hit_rates)
    searched = rng.random(n) < search_p
    hit = np.where(searched, rng.random(n) < hit_p, False)
    age = np.clip(rng.gamma(6.0, 6.0, n) + 12, 14, 99).round()
    dates = np.datetime64(plan.start) + day.astype("timedelta64[D]")
    times = CLOCK[minute]
    return pa.table(
        {
            "source_line": np.arange(first_line, first_line + n, dtype=np.int64),
            "date": pa.array(dates, type=pa.date32()),
            "time": pa.array(times, type=pa.string()),
            "lat": plan.lat + rng.normal(0, 0.02, n),
            "lng": plan.lng + rng.normal(0, 0.02, n),
            "beat": pa.array(np.array(BEATS)[rng.integers(0, len(BEATS), n)]),
            "subject_age": age,
            "subject_race": pa.array(race),
            "subject_sex": pa.array(np.where(rng.random(n) < 0.64, "male", "female")),
            "type": pa.array(np.where(rng.random(n) < 0.95, "vehicular", "pedestrian")),
            "search_conducted": searched,
            "contraband_found": pa.array(np.where(searched, hit, None), type=pa.bool_()),
            "frisk_performed": rng.random(n) < search_p * 0.5,
            "arrest_made": rng.random(n) < 0.04 + searched * 0.2,
            "citation_issued": rng.random(n) < 0.55,
            "warning_issued": rng.random(n) < 0.35,
        }
    )


def _lookup(values, names, table: dict) -> np.ndarray:
    out = np.zeros(len(values))
    for name in names:
        out[values == name] = table[name]
    return out


def _plant_darkness(rng, race, day, minute, plan):
    """Redraw Black/white labels so that darkness shifts the log-odds of Black by ``darkness``."""
    from .veil import sun_times

    dates = [plan.start + dt.timedelta(days=int(d)) for d in range(plan.days)]
    sun = sun_times(dates, plan.lat, plan.lng)
    dusk = sun["dusk_minute"].to_numpy()[day]
    sunset = sun["sunset_minute"].to_numpy()[day]
    dark = minute > dusk
    pair = (race == "black") | (race == "white")
    base = plan.race_shares["black"] / (plan.race_shares["black"] + plan.race_shares["white"])
    clock = 0.3 * np.sin(2 * np.pi * minute / 1440)  # a smooth clock-time effect to adjust for
    logit = np.log(base / (1 - base)) + clock + plan.darkness * dark
    is_black = rng.random(len(race)) < 1 / (1 + np.exp(-logit))
    ambiguous = (minute >= sunset) & ~dark
    race = race.copy()
    race[pair & ~ambiguous] = np.where(is_black, "black", "white")[pair & ~ambiguous]
    return race


def generate(
    path: str | Path, n: int, *, seed: int = 0, plan: Plan | None = None, chunk: int = 1_000_000
) -> Path:
    """Write ``n`` synthetic stops to ``path`` (Parquet), ``chunk`` rows at a time."""
    import pyarrow.parquet as pq

    plan = plan or Plan()
    rng = np.random.default_rng(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = None
    done = 0
    try:
        while done < n:
            size = min(chunk, n - done)
            table = chunk_generate(rng, size, plan, first_line=done + 2)
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="zstd")
            writer.write_table(table)
            done += size
    finally:
        if writer is not None:
            writer.close()
    return path
