"""Descriptive counts and rates, the population benchmark test and post-stop outcomes."""

from __future__ import annotations

import pandas as pd

from .. import stats
from ..aggregate import stop_counts
from ..i18n import _
from .base import Analysis, percent, race_label

DIMENSIONS = {
    "subject_race": _("Stops by race"),
    "subject_sex": _("Stops by sex"),
    "age_band": _("Stops by age band"),
    "month": _("Stops by month"),
}
OUTCOME_FLAGS = {
    "search_conducted": _("search"),
    "frisk_performed": _("frisk"),
    "arrest_made": _("arrest"),
    "citation_issued": _("citation"),
    "warning_issued": _("warning"),
}


def _shares(counts: pd.DataFrame, column: str) -> pd.DataFrame:
    total = counts["stops"].sum()
    low, high = stats.wilson(counts["stops"], total)
    out = counts[[column, "stops"]].copy()
    out["share"] = counts["stops"] / total
    out["share_low"], out["share_high"] = low, high
    return out


def descriptive(table, geographies: tuple[str, ...] = ()) -> list[Analysis]:
    """Counts and shares of stops by race, sex, age band, month and each sub-geography.

    ``table`` is an Ibis stop table or a :class:`~..aggregate.StopCounts` (as for every analysis
    here and in :mod:`.outcome`)."""
    results = []
    dims = dict(DIMENSIONS) | {g: _("Stops by %s") % g.replace("_", " ") for g in geographies}
    for column, title in dims.items():
        if column not in table.columns:
            continue
        counts = stop_counts(table, [column], flags=False)
        frame = _shares(counts, column)
        if column == "month":
            frame["month"] = frame["month"].map(
                lambda m: f"{int(m) // 100}-{int(m) % 100:02d}" if m == m else None
            )
        top = frame.sort_values("stops", ascending=False).iloc[0]
        label = race_label(top[column]) if column == "subject_race" else str(top[column])
        reading = _(
            "%(total)s stops. The largest group, %(label)s, has %(n)s stops (%(share)s, 95%% "
            "interval %(low)s to %(high)s)."
        ) % {
            "total": f"{int(frame['stops'].sum()):,}",
            "label": label,
            "n": f"{int(top['stops']):,}",
            "share": percent(top["share"]),
            "low": percent(top["share_low"]),
            "high": percent(top["share_high"]),
        }
        results.append(
            Analysis(
                name=f"descriptive_{column}",
                title=title,
                table=frame,
                reading=reading,
                chart={"label": column, "value": "share", "low": "share_low", "high": "share_high"},
            )
        )
    return results


def benchmark_test(
    counts: pd.DataFrame, population: dict[str, float], reference: str = "white"
) -> Analysis:
    """Stops per 1,000 residents by race against a population benchmark; disparity ratios.

    ``counts`` has ``subject_race`` and ``stops`` (as :func:`stop_counts` returns).
    """
    title = _("Benchmark test: stops per resident")
    by_race = counts.groupby("subject_race", dropna=True)["stops"].sum()
    rows = [(race, int(by_race.get(race, 0)), float(pop)) for race, pop in population.items()]
    frame = pd.DataFrame(rows, columns=["subject_race", "stops", "population"])
    frame = frame[frame["population"] > 0].reset_index(drop=True)
    if reference not in set(frame["subject_race"]) or frame.empty:
        return Analysis.unavailable(
            "benchmark",
            title,
            _("The benchmark has no population for the reference group (%s).") % reference,
        )
    low, high = stats.poisson_rate(frame["stops"], frame["population"])
    frame["per_1000"] = 1000 * frame["stops"] / frame["population"]
    frame["per_1000_low"], frame["per_1000_high"] = 1000 * low, 1000 * high
    ref = frame[frame["subject_race"] == reference].iloc[0]
    value, r_low, r_high = stats.ratio(
        frame["stops"], frame["population"], ref["stops"], ref["population"], poisson=True
    )
    frame["ratio"], frame["ratio_low"], frame["ratio_high"] = value, r_low, r_high
    parts = []
    for _i, row in frame[frame["subject_race"] != reference].iterrows():
        parts.append(
            _(
                "%(group)s residents were stopped %(ratio).2f times as often per person as %(ref)s "
                "residents (95%% interval %(low).2f to %(high).2f)"
            )
            % {
                "group": race_label(row["subject_race"]),
                "ratio": row["ratio"],
                "ref": race_label(reference),
                "low": row["ratio_low"],
                "high": row["ratio_high"],
            }
        )
    reading = (
        "; ".join(parts)
        + ". "
        + _(
            "Residents are not the same people as those driving or walking where officers patrol, "
            "so a ratio above 1 is a prompt for questions, not proof of bias."
        )
    )
    return Analysis(
        name="benchmark",
        title=title,
        table=frame,
        reading=reading,
        chart={"label": "subject_race", "value": "ratio", "low": "ratio_low", "high": "ratio_high"},
    )


def post_stop_outcomes(table, reference: str = "white") -> Analysis:
    """Search, frisk, arrest, citation and warning rates by race, with ratios to ``reference``."""
    title = _("Post-stop outcomes by race")
    flags = [f for f in OUTCOME_FLAGS if f in table.columns]
    if not flags or "subject_race" not in table.columns:
        return Analysis.unavailable(
            "post_stop", title, _("The file has no race or no outcome column.")
        )
    all_counts = stop_counts(table, ["subject_race"])
    counts = all_counts.dropna(subset=["subject_race"])
    rows = []
    for flag in flags:
        ref = counts[counts["subject_race"] == reference]
        for _i, row in counts.iterrows():
            k, n = row[flag], row[f"{flag}_known"]
            low, high = stats.wilson(k, n)
            if ref.empty:
                value = r_low = r_high = float("nan")
            else:
                value, r_low, r_high = stats.ratio(
                    k, n, ref.iloc[0][flag], ref.iloc[0][f"{flag}_known"]
                )
            rows.append(
                {
                    "outcome": flag,
                    "subject_race": row["subject_race"],
                    "stops": int(n),
                    "count": int(k),
                    "rate": k / n if n else float("nan"),
                    "rate_low": float(low),
                    "rate_high": float(high),
                    "ratio": float(value),
                    "ratio_low": float(r_low),
                    "ratio_high": float(r_high),
                }
            )
    frame = pd.DataFrame(rows)
    sentences = []
    for flag in flags:
        part = frame[frame["outcome"] == flag]
        test = stats.equal_proportions(part["count"], part["stops"])
        worst = part.sort_values("rate", ascending=False).iloc[0]
        sentences.append(
            _(
                "The %(what)s rate is highest for %(group)s people (%(rate)s). Test that the rate "
                "is the same for every group: %(p)s (a small p means the differences are larger "
                "than chance alone explains)."
            )
            % {
                "what": OUTCOME_FLAGS[flag],
                "group": race_label(worst["subject_race"]),
                "rate": percent(worst["rate"]),
                "p": stats.p_text(test["p"]),
            }
        )
    result = Analysis(
        name="post_stop",
        title=title,
        table=frame,
        reading=" ".join(sentences),
        chart={
            "label": "subject_race",
            "value": "rate",
            "low": "rate_low",
            "high": "rate_high",
            "facet": "outcome",
        },
    )
    result.log.record(
        "post_stop",
        _("Stops without a recorded race left out of the comparison by race"),
        _("they belong to no group"),
        before=int(all_counts["stops"].sum()),
        after=int(counts["stops"].sum()),
    )
    return result
