"""The whole audit in one call: ingest, validate, every analysis, the report.

This is what the command line runs and what a background task in the platform will run:
``audit_run`` reports progress through a callback and never raises on bad input (the result's
``report.fatal`` says why nothing could be analysed).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .i18n import _
from .mapping import Mapping
from .report_model import QualityLog, ValidationReport


@dataclass(frozen=True)
class Options:
    geography: str | None = None  # sub-geography column for the outcome and veil tests
    reference: str = "white"
    population: dict | None = None  # residents by race, for the benchmark test
    threshold: bool = True
    threshold_model: str = "discriminant"  # or "beta", the 2017 paper's signal (threshold.MODELS)
    threshold_warmup: int = 400
    threshold_samples: int = 400
    threshold_chains: int = 2
    seed: int = 0
    backend: str = "duckdb"
    pdf: bool = True

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class AuditResult:
    validation: ValidationReport
    analyses: list = field(default_factory=list)
    reproducibility: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def log(self) -> QualityLog:
        """Every filter of the run: the ingest's, then each analysis's."""
        merged = QualityLog(list(self.validation.log.steps))
        for analysis in self.analyses:
            merged.steps.extend(analysis.log.steps)
        return merged


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version() -> str:
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=here,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"continuum-analytics {__version__}" + (f" (commit {commit})" if commit else "")


def _geographies(columns) -> tuple[str, ...]:
    from .schema import GEOGRAPHY_COLUMNS

    return tuple(c for c in GEOGRAPHY_COLUMNS if c in columns)


def audit_run(
    source: str | Path,
    out_dir: str | Path,
    mapping: Mapping | None = None,
    options: Options = Options(),
    progress: Callable[[str, float], None] | None = None,
    *,
    session=None,
) -> AuditResult:
    """Run the audit of ``source`` into ``out_dir`` (Parquet, JSON results, HTML and PDF)."""
    from .aggregate import connect, stops_read
    from .ingest import ingest

    def step(message: str, share: float) -> None:
        if progress:
            progress(message, share)

    out = Path(out_dir)
    source = Path(source)
    step(_("Reading and checking the file"), 0.0)
    ingested = ingest(source, out, mapping)
    result = AuditResult(validation=ingested.report)
    result.reproducibility = {
        "input": source.name,
        "input_sha256": file_sha256(source) if source.is_file() else None,
        "mapping": ingested.mapping.as_dict() if ingested.mapping else None,
        "parameters": options.as_dict(),
        "code_version": code_version(),
    }
    if not ingested.report.ok:
        _write(result, out, options)
        return result
    table = stops_read(connect(options.backend, session=session), ingested.parquet)
    result.analyses.extend(analyses_run(table, options, step))
    step(_("Writing the report"), 0.9)
    _write(result, out, options)
    step(_("Done"), 1.0)
    return result


def analyses_run(table, options: Options = Options(), step=None) -> list:
    """Every analysis of the audit on an Ibis stop table, in the report's order.

    The counts are taken once (:class:`~.aggregate.StopCounts`): first the finest grouping the
    analyses share (race by sub-geography, with every flag), from which the counts by race, by
    sub-geography and the outcome and threshold tests' tables are summed; then one count-only
    group-by for each other descriptive dimension; the veil of darkness scans twice.
    """
    from .aggregate import StopCounts, stop_counts
    from .analyses import benchmark_test, descriptive, outcome_test, post_stop_outcomes
    from .veil import veil_of_darkness

    step = step or (lambda message, share: None)
    geos = _geographies(table.columns)
    geography = options.geography if options.geography in table.columns else None
    geography = geography or (geos[0] if geos else None)
    analyses = []
    step(_("Counting stops"), 0.2)
    counts = StopCounts(table)
    if "subject_race" in table.columns:
        counts.prepare(["subject_race"] + ([geography] if geography else []))
    analyses.extend(descriptive(counts, geos))
    if options.population:
        by_race = stop_counts(counts, ["subject_race"])
        analyses.append(benchmark_test(by_race, options.population, options.reference))
    step(_("Post-stop outcomes and hit rates"), 0.35)
    analyses.append(post_stop_outcomes(counts, options.reference))
    analyses.append(outcome_test(counts, geography, options.reference))
    step(_("Veil of darkness"), 0.5)
    analyses.append(veil_of_darkness(table, geography))
    if options.threshold:
        step(_("Threshold test (this takes a few minutes)"), 0.6)
        analyses.append(_threshold(counts, geography, options))
    return analyses


def _threshold(table, geography, options: Options):
    from .aggregate import stop_counts
    from .analyses.base import Analysis
    from .threshold import TITLE, Sampling, threshold_test

    needed = {"subject_race", "search_conducted", "contraband_found"}
    if not needed <= set(table.columns):
        return Analysis.unavailable(
            "threshold_test", TITLE, _("The file has no search or contraband column.")
        )
    by = ["subject_race"] + ([geography] if geography else [])
    counts = stop_counts(table, by).dropna(subset=by)
    counts = counts.rename(
        columns={"subject_race": "race", "search_conducted": "searches", "contraband_found": "hits"}
    )
    counts["department"] = counts[geography] if geography else "all"
    counts = counts[counts["race"].isin(["white", "black", "hispanic", "asian/pacific islander"])]
    sampling = Sampling(
        warmup=options.threshold_warmup,
        samples=options.threshold_samples,
        chains=options.threshold_chains,
        seed=options.seed,
    )
    return threshold_test(
        counts[["race", "department", "stops", "searches", "hits"]],
        options.reference,
        sampling,
        model=options.threshold_model,
    )


def _write(result: AuditResult, out: Path, options: Options) -> None:
    from .report import report_write

    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "validation": result.validation.as_dict(),
        "analyses": [a.as_dict() for a in result.analyses],
        "log": result.log.as_list(),
        "reproducibility": result.reproducibility,
    }
    results = out / "results.json"
    results.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    result.files["results"] = results
    result.files.update(report_write(result, out, pdf=options.pdf))
