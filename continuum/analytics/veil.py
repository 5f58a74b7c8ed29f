"""The veil-of-darkness test (Grogger & Ridgeway 2006, as the Open Policing Project runs it).

If officers can see a driver's race less well after dark, a race-based stop decision shows as a
smaller share of Black drivers among stops made after dark than among stops at the same clock
time in daylight (the clock time changing its light through the year). Following the Open
Policing Project: sunset and dusk for each date at the agency's median coordinates (suncalc,
dates at 12:00 UTC, local time from the coordinates' time zone, truncated to the second);
stops in the inter-twilight window (between the earliest and the latest dusk) of Black and white
drivers; the ambiguous time between sunset and dusk left out; a logistic model of
``is_black ~ is_dark + ns(minute, df = 6)`` (plus sub-geography effects when asked). The model
is fitted on counts by (minute, darkness, sub-geography), which gives the same estimates as the
stop-level fit and scales to any number of stops.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from .analyses.base import Analysis
from .i18n import _
from .median import medians
from .report_model import QualityLog
from .splines import NaturalSpline
from .stats import p_text

TITLE = _("Veil of darkness: the share of Black drivers after dark")
GEO_TOLERANCE = 0.5  # degrees around the median coordinates, as the OPP's cleaning


def time_zone(lat: float, lng: float) -> str:
    from timezonefinder import TimezoneFinder

    name = TimezoneFinder().timezone_at(lng=float(lng), lat=float(lat))
    if not name:
        raise ValueError(_("No time zone is known at %(lat)s, %(lng)s.") % {"lat": lat, "lng": lng})
    return name


def sun_times(dates, lat: float, lng: float, tz: str | None = None) -> pd.DataFrame:
    """Sunset and dusk, local ``HH:MM:SS`` and minute of day, for each date (R suncalc's way)."""
    import suncalc

    tz = tz or time_zone(lat, lng)
    days = pd.to_datetime(pd.Series(list(dates))).dt.normalize()
    noon = (days + pd.Timedelta(hours=12)).to_numpy(dtype="datetime64[ns]")
    n = len(noon)
    times = suncalc.get_times(
        noon,
        np.full(n, float(lng)),
        np.full(n, float(lat)),
        times=[(-0.833, "sunrise", "sunset"), (-6, "dawn", "dusk")],
    )
    out = pd.DataFrame({"date": days.dt.date})
    for name in ("sunset", "dusk"):
        local = pd.Series(times[name]).dt.tz_convert(tz).dt.floor("s")
        out[name] = local.dt.strftime("%H:%M:%S").to_numpy()
        out[f"{name}_minute"] = (local.dt.hour * 60 + local.dt.minute).to_numpy()
    out.attrs["tz"] = tz
    return out


def _complete(table):
    """The condition for a stop the test can use: vehicular, with date, time, place and race."""
    import ibis

    needed = [table[c].notnull() for c in ("date", "time", "lat", "lng", "subject_race")]
    if "type" in table.columns:
        needed.append(table.type == "vehicular")
    return ibis.and_(*needed)


def _center(table):
    """Row count and median coordinates (exact, see :mod:`.median`)."""
    total, center = medians(table, ["lat", "lng"])
    lat, lng = center["lat"], center["lng"]
    if lat is None or lat != lat or lng is None:
        return None
    return total, lat, lng


def _clock_minute(clock: pd.Series) -> pd.Series:
    return clock.str[:2].astype(int) * 60 + clock.str[3:5].astype(int)


def dark_counts(
    table,
    *,
    geography: str | None = None,
    minority="black",
    majority="white",
    log: QualityLog | None = None,
):
    """Counts of minority and majority stops by (minute, is_dark[, geography]) in the window.

    Three scans whatever the number of stops, each grouping into few groups (a group-by into
    many groups costs far more per stop than a scan): the count and median coordinates; the
    complete stops by date and nearness (which gives the date span, the dates present near the
    center and so the window); then only the stops in the window, joined with the sun times of
    their date, by clock minute, light/twilight/dark, race and sub-geography. Clock times are
    compared as ``HH:MM`` strings (the stored ``HH:MM:SS`` format): the same order as minutes
    of the day, without turning every stop's time into a number.
    """
    import ibis

    log = log if log is not None else QualityLog()
    center = _center(table)
    if center is None:
        return None, None, log
    total, lat, lng = center
    # Only the stored columns the test uses (none of the table's derived ones).
    used = ["date", "time", "lat", "lng", "subject_race"]
    used += [c for c in ("type", geography) if c and c in table.columns and c not in used]
    table = table.select(used)
    complete = table.filter(_complete(table))
    near = ((complete.lat - lat).abs() < GEO_TOLERANCE) & (
        (complete.lng - lng).abs() < GEO_TOLERANCE
    )
    by_date = complete.group_by(date=complete.date, near=near).aggregate(n=complete.count())
    by_date = by_date.to_pandas()
    n_complete = int(by_date["n"].sum())
    if n_complete == 0:
        return None, None, log
    log.record(
        "veil_complete",
        _("Vehicle stops with date, time, coordinates and race kept"),
        _("the test needs each of them; pedestrian stops are left out"),
        before=total,
        after=n_complete,
    )
    # Sun times for every date of the span (cheap); the window uses the dates present.
    sun = sun_times(pd.date_range(by_date["date"].min(), by_date["date"].max()), lat, lng)
    near_dates = by_date[by_date["near"].astype(bool)]
    n_near = int(near_dates["n"].sum())
    log.record(
        "veil_geocoding",
        _("Stops far from the agency's median coordinates left out"),
        _("more than half a degree away: likely geocoding errors"),
        before=n_complete,
        after=n_near,
    )
    if n_near == 0:
        return None, None, log
    dusk = pd.Series(sun["dusk_minute"].to_numpy(), index=pd.to_datetime(sun["date"]))
    present = dusk.reindex(pd.to_datetime(near_dates["date"]))
    low, high = int(present.min()), int(present.max())
    sun_table = ibis.memtable(
        pd.DataFrame(
            {
                "date": sun["date"],
                "sunset_clock": sun["sunset"].str[:5],
                "dusk_clock": sun["dusk"].str[:5],
            }
        )
    )
    # Clock minute in the window: the time from its HH:MM on, up to the next minute's HH:MM
    # (comparing the stored strings: the clock minute is only cut out of the stops kept).
    in_window = complete.filter(
        near, complete.time >= _clock(low), complete.time < _clock(high + 1)
    )
    joined = in_window.mutate(clock=in_window.time.substr(0, 5)).join(sun_table, "date")
    clock = joined.clock
    keys = {
        "clock": clock,
        "light": ibis.cases(
            (clock > joined.dusk_clock, 2),
            ((clock > joined.sunset_clock) & (clock < joined.dusk_clock), 1),
            else_=0,
        ),
        "subject_race": joined.subject_race,
    }
    if geography:
        keys[geography] = joined[geography]
    window = joined.group_by(**keys).aggregate(n=joined.count()).to_pandas()
    log.record(
        "veil_window",
        _("Only stops in the inter-twilight window kept"),
        _(
            "between the earliest dusk (%(low)s) and the latest (%(high)s), clock times that are "
            "light on some dates and dark on others"
        )
        % {"low": _clock(low), "high": _clock(high)},
        before=n_near,
        after=int(window["n"].sum()),
    )
    clear = window[window["light"] != 1]
    log.record(
        "veil_twilight",
        _("Stops between sunset and dusk left out"),
        _("neither light nor dark"),
        before=int(window["n"].sum()),
        after=int(clear["n"].sum()),
    )
    pair = clear[clear["subject_race"].isin([minority, majority])].copy()
    log.record(
        "veil_race",
        _("Only stops of Black and white drivers kept"),
        _("the test compares these two groups"),
        before=int(clear["n"].sum()),
        after=int(pair["n"].sum()),
    )
    pair["minute"] = _clock_minute(pair["clock"]) if len(pair) else pd.Series(dtype="int64")
    pair["is_dark"] = (pair["light"] == 2).astype(int)
    pair["is_minority"] = pair["subject_race"] == minority
    cells = ["minute", "is_dark"] + ([geography] if geography else [])
    counts = (
        pair.assign(minority=pair["n"] * pair["is_minority"])
        .groupby(cells, as_index=False, dropna=False)[["minority", "n"]]
        .sum()
    )
    return counts, sun, log


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@contextlib.contextmanager
def one_blas_thread():
    """Run numpy's linear algebra on one thread for the block (restored after).

    The count-based fits solve least squares on a few thousand rows and a score of columns.
    OpenBLAS splits even those over every core, and on a busy machine its threads then wait
    on each other at every call: such a fit took 0.4 s instead of 8 ms with another process
    on each of the two cores. The thread count is set through the OpenBLAS that numpy ships
    (the ``threadpoolctl`` package does the same for any BLAS; without either, nothing changes).
    """
    setter = getter = None
    folder = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    for library in sorted(folder.glob("lib*openblas*.so*")):
        with contextlib.suppress(OSError, AttributeError):
            handle = ctypes.CDLL(str(library))
            getter = handle.scipy_openblas_get_num_threads64_
            setter = handle.scipy_openblas_set_num_threads64_
            break
    if setter is None:
        yield
        return
    before = getter()
    setter(1)
    try:
        yield
    finally:
        setter(before)


def fit(counts: pd.DataFrame, geography: str | None = None, df: int = 6) -> dict:
    """Binomial GLM of the minority share on darkness, ns(minute, df) and geography effects."""
    import statsmodels.api as sm

    spline = NaturalSpline(counts["minute"], df=df, weights=counts["n"])
    parts = [
        np.ones((len(counts), 1)),
        counts[["is_dark"]].to_numpy(float),
        spline(counts["minute"]),
    ]
    if geography:
        dummies = pd.get_dummies(counts[geography].astype(str), drop_first=True, dtype=float)
        parts.append(dummies.to_numpy())
    exog = np.hstack(parts)
    endog = np.column_stack([counts["minority"], counts["n"] - counts["minority"]])
    with one_blas_thread():
        result = sm.GLM(endog, exog, family=sm.families.Binomial()).fit()
    coef, se = float(result.params[1]), float(result.bse[1])
    return {
        "coefficient": coef,
        "std_error": se,
        "low": coef - 1.959963984540054 * se,
        "high": coef + 1.959963984540054 * se,
        "p": float(result.pvalues[1]),
        "knots": spline.knots.tolist(),
        "boundary_knots": list(spline.boundary),
        "stops": int(counts["n"].sum()),
    }


def veil_of_darkness(table, geography: str | None = None) -> Analysis:
    """The test on an Ibis stop table; with ``geography``, adjusted for sub-geography effects."""
    from .aggregate import StopCounts

    if isinstance(table, StopCounts):
        table = table.table
    missing = [c for c in ("date", "time", "lat", "lng", "subject_race") if c not in table.columns]
    if missing:
        return Analysis.unavailable(
            "veil_of_darkness", TITLE, _("The file has no %s column.") % ", ".join(missing)
        )
    geography = geography if geography and geography in table.columns else None
    by_geo, sun, log = dark_counts(table, geography=geography)
    counts = by_geo
    if by_geo is not None and geography:
        counts = by_geo.groupby(["minute", "is_dark"], as_index=False)[["minority", "n"]].sum()
    if counts is None or counts["n"].sum() < 50 or counts["is_dark"].nunique() < 2:
        result = Analysis.unavailable(
            "veil_of_darkness", TITLE, _("Too few stops in the inter-twilight window.")
        )
        result.log = log
        return result
    models = {"time_adjusted": fit(counts)}
    if geography:
        located = by_geo.dropna(subset=[geography])
        log.record(
            "veil_geography",
            _("Stops without a %s left out of the adjusted model") % geography.replace("_", " "),
            _("the sub-geography effect needs it"),
            before=int(by_geo["n"].sum()),
            after=int(located["n"].sum()),
        )
        models["time_and_geography_adjusted"] = fit(located, geography=geography)
    summary = counts.groupby("is_dark")[["minority", "n"]].sum()
    summary["share"] = summary["minority"] / summary["n"]
    rows = []
    for name, model in models.items():
        rows.append(
            {
                "model": name,
                "stops": model["stops"],
                "coefficient": model["coefficient"],
                "low": model["low"],
                "high": model["high"],
                "odds_ratio": float(np.exp(model["coefficient"])),
                "odds_ratio_low": float(np.exp(model["low"])),
                "odds_ratio_high": float(np.exp(model["high"])),
                "p": model["p"],
            }
        )
    frame = pd.DataFrame(rows)
    main = models["time_adjusted"]
    reading = _(
        "In the inter-twilight window, %(dark)s of stopped drivers were Black after dark against "
        "%(light)s in daylight. At the same clock time, darkness multiplies the odds that a "
        "stopped driver is Black by %(ratio).2f (95%% interval %(low).2f to %(high).2f; %(p)s). "
    ) % {
        "dark": f"{100 * summary.loc[1, 'share']:.1f}%",
        "light": f"{100 * summary.loc[0, 'share']:.1f}%",
        "ratio": np.exp(main["coefficient"]),
        "low": np.exp(main["low"]),
        "high": np.exp(main["high"]),
        "p": p_text(main["p"]),
    }
    if main["high"] < 0:
        reading += _(
            "Fewer Black drivers are stopped when their race is harder to see: this is "
            "consistent with race influencing stop decisions in daylight."
        )
    elif main["low"] > 0:
        reading += _(
            "More Black drivers are stopped after dark: this does not point to race-based stops "
            "in daylight; who drives at night, and where officers patrol then, may explain it."
        )
    else:
        reading += _(
            "No clear difference: the test finds no sign of race-based stop decisions, though it "
            "cannot rule them out."
        )
    return Analysis(
        name="veil_of_darkness",
        title=TITLE,
        table=frame,
        reading=reading,
        test={
            "models": models,
            "time_zone": sun.attrs["tz"],
            "first_date": str(min(sun["date"])),
            "last_date": str(max(sun["date"])),
        },
        log=log,
        chart={
            "label": "model",
            "value": "odds_ratio",
            "low": "odds_ratio_low",
            "high": "odds_ratio_high",
        },
    )


def sun_for(date: dt.date, lat: float, lng: float) -> dict:
    """Sunset and dusk of one date (for reports and checks)."""
    return sun_times([date], lat, lng).iloc[0].to_dict()
