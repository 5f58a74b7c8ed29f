"""The outcome test: search hit rates by race, per sub-geography and pooled.

Pooling follows the Open Policing Project's code: within a geography (an agency) hits and
searches are summed over its sub-geographies; across several geographies (agencies or states)
the pooled hit rate is the unweighted mean of their hit rates. Equality of hit rates is tested
with a chi-squared test on the pooled counts and, for each group against the reference, a
Cochran–Mantel–Haenszel test stratified by sub-geography (so differences in where people are
searched do not masquerade as differences between groups).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import stats
from ..aggregate import stop_counts
from ..i18n import _
from .base import Analysis, percent, race_label

TITLE = _("Outcome test: how often searches find contraband")


def outcome_test(
    table, subgeography: str | None = None, reference: str = "white", log=None
) -> Analysis:
    """Hit rates from a stop table (rows searched, with a known contraband result)."""
    needed = {"subject_race", "search_conducted", "contraband_found"}
    missing = sorted(needed - set(table.columns))
    if missing:
        return Analysis.unavailable(
            "outcome_test", TITLE, _("The file has no %s column.") % ", ".join(missing)
        )
    by = ["subject_race"] + ([subgeography] if subgeography else [])
    counts = stop_counts(table, by)
    searched = int(counts["search_conducted"].sum())
    known = int(counts["contraband_found_known"].sum())
    result = hit_rates(
        counts.rename(columns={"contraband_found_known": "searches", "contraband_found": "hits"}),
        subgeography=subgeography,
        reference=reference,
    )
    result.log.record(
        "outcome_test",
        _("Searches without a recorded contraband result left out"),
        _("a hit rate needs the search's result"),
        before=searched,
        after=known,
    )
    with_race = int(counts.dropna(subset=["subject_race"])["contraband_found_known"].sum())
    result.log.record(
        "outcome_test_race",
        _("Searches of people without a recorded race left out"),
        _("they belong to no group"),
        before=known,
        after=with_race,
    )
    return result


def hit_rates(
    counts: pd.DataFrame,
    *,
    subgeography: str | None = None,
    geography: str | None = None,
    reference: str = "white",
) -> Analysis:
    """The outcome test on counts: ``subject_race``, ``searches``, ``hits`` (+ geo columns)."""
    frame = counts.dropna(subset=["subject_race"])
    frame = frame[frame["searches"] > 0]
    if frame.empty:
        return Analysis.unavailable("outcome_test", TITLE, _("No search has a known result."))
    keys = [c for c in (geography, subgeography) if c]
    detail = frame.groupby(["subject_race", *keys], as_index=False)[["searches", "hits"]].sum()
    detail["hit_rate"] = detail["hits"] / detail["searches"]
    detail["low"], detail["high"] = stats.wilson(detail["hits"], detail["searches"])
    per_geo = frame.groupby(["subject_race", *([geography] if geography else [])], as_index=False)[
        ["searches", "hits"]
    ].sum()
    per_geo["hit_rate"] = per_geo["hits"] / per_geo["searches"]
    pooled = per_geo.groupby("subject_race", as_index=False).agg(
        searches=("searches", "sum"), hits=("hits", "sum"), hit_rate=("hit_rate", "mean")
    )
    pooled["hits_over_searches"] = pooled["hits"] / pooled["searches"]
    pooled["low"], pooled["high"] = stats.wilson(pooled["hits"], pooled["searches"])
    if geography:  # the mean of agencies' rates: interval from its spread over agencies
        spread = per_geo.groupby("subject_race")["hit_rate"].agg(["std", "count"])
        se = (spread["std"] / np.sqrt(spread["count"])).reindex(pooled["subject_race"]).to_numpy()
        pooled["low"] = pooled["hit_rate"] - stats.Z95 * se
        pooled["high"] = pooled["hit_rate"] + stats.Z95 * se
    test = stats.equal_proportions(pooled["hits"], pooled["searches"])
    strata = keys or None
    comparisons = {}
    if strata and reference in set(frame["subject_race"]):
        for race in sorted(set(frame["subject_race"]) - {reference}):
            tables = []
            for _key, part in frame.groupby(strata):
                a = part[part["subject_race"] == race][["hits", "searches"]].sum()
                b = part[part["subject_race"] == reference][["hits", "searches"]].sum()
                tables.append(
                    np.array(
                        [[a.hits, a.searches - a.hits], [b.hits, b.searches - b.hits]], dtype=float
                    )
                )
            comparisons[race] = stats.stratified_odds(tables)
    test["stratified"] = comparisons
    return Analysis(
        name="outcome_test",
        title=TITLE,
        table=pooled,
        reading=_reading(pooled, test, reference),
        test=test | {"detail": detail.to_dict(orient="records")},
        chart={"label": "subject_race", "value": "hit_rate", "low": "low", "high": "high"},
    )


def _reading(pooled: pd.DataFrame, test: dict, reference: str) -> str:
    ref = pooled[pooled["subject_race"] == reference]
    parts = []
    for _i, row in pooled.iterrows():
        parts.append(
            _(
                "searches of %(group)s people found contraband %(rate)s of the time "
                "(95%% interval %(low)s to %(high)s)"
            )
            % {
                "group": race_label(row["subject_race"]),
                "rate": percent(row["hit_rate"]),
                "low": percent(row["low"]),
                "high": percent(row["high"]),
            }
        )
    text = _("Pooled over places: ") + "; ".join(parts) + ". "
    text += _("Test that hit rates are equal: %s. ") % stats.p_text(test["p"])
    if not ref.empty:
        lower = pooled[pooled["hit_rate"] < ref.iloc[0]["hit_rate"]]["subject_race"].tolist()
        if lower:
            text += _(
                "Lower hit rates for %(groups)s than for %(ref)s people suggest they are searched "
                "on less evidence; hit rates can also differ without bias (infra-marginality), "
                "which the threshold test addresses."
            ) % {"groups": ", ".join(race_label(r) for r in lower), "ref": race_label(reference)}
    return text
