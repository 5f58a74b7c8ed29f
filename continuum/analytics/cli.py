"""``continuum-audit``: the bias audit from the command line.

    continuum-audit validate --input stops.csv --mapping mapping.yaml
    continuum-audit run --input stops.csv --mapping mapping.yaml --out audit/ \
        [--population population.yaml] [--geography beat] [--no-threshold] [--no-pdf]
        [--threshold-model beta]
    continuum-audit synthetic --rows 100000 --out stops.parquet [--darkness -0.3]

Exit status: 0 done, 2 the input or the mapping cannot be used (the reason is printed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from .i18n import _

#: `threshold.MODELS`, kept here so that reading the arguments imports no numerical library
#: (a test checks the two agree).
THRESHOLD_MODELS = ("discriminant", "beta")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="continuum-audit", description=_("Bias audit of police stop records.")
    )
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help=_("check a file and print the validation report"))
    run = sub.add_parser("run", help=_("run the whole audit and write its report"))
    for command in (validate, run):
        command.add_argument(
            "--input", required=True, type=Path, help=_("CSV, zipped CSV or Parquet")
        )
        command.add_argument(
            "--mapping",
            type=Path,
            help=_("YAML column mapping (default: the file is already in the standard schema)"),
        )
    run.add_argument("--out", required=True, type=Path, help=_("folder for the results"))
    run.add_argument(
        "--population", type=Path, help=_("YAML of residents by race, for the benchmark test")
    )
    run.add_argument(
        "--geography", help=_("sub-geography column (default: the first the file has)")
    )
    run.add_argument("--reference", default="white", help=_("reference group (default: white)"))
    run.add_argument("--no-threshold", action="store_true", help=_("skip the threshold test"))
    run.add_argument(
        "--threshold-model",
        choices=THRESHOLD_MODELS,
        default=THRESHOLD_MODELS[0],
        help=_("the threshold test's signal: discriminant (default, fast) or beta (2017 paper)"),
    )
    run.add_argument("--no-pdf", action="store_true", help=_("write HTML only"))
    run.add_argument("--backend", choices=("duckdb", "pyspark"), default="duckdb")
    run.add_argument("--seed", type=int, default=0)
    synthetic = sub.add_parser("synthetic", help=_("write synthetic stops with planted effects"))
    synthetic.add_argument("--rows", type=int, required=True)
    synthetic.add_argument("--out", type=Path, required=True)
    synthetic.add_argument("--seed", type=int, default=0)
    synthetic.add_argument("--darkness", type=float, default=0.0)
    return parser


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _load_mapping(path: Path | None):
    from .mapping import mapping_load

    return mapping_load(path) if path else None


def _load_population(path: Path | None) -> dict | None:
    if path is None:
        return None
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(_("The population file cannot be read: %s") % exc) from exc
    if not isinstance(data, dict) or not all(
        isinstance(v, int | float) and v >= 0 for v in data.values()
    ):
        raise ValueError(
            _(
                "The population file must map each race to a number of residents, "
                "e.g. 'white: 52000'."
            )
        )
    return {str(k).lower(): float(v) for k, v in data.items()}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .mapping import MappingError

    if args.command == "synthetic":
        from .synthetic import Plan, generate

        generate(args.out, args.rows, seed=args.seed, plan=Plan(darkness=args.darkness))
        print(
            _("%(rows)d synthetic stops written to %(out)s") % {"rows": args.rows, "out": args.out}
        )
        return 0
    try:
        mapping = _load_mapping(args.mapping)
        population = _load_population(getattr(args, "population", None))
    except MappingError as exc:
        return _fail(_("The mapping cannot be used:") + "\n- " + "\n- ".join(exc.problems))
    except ValueError as exc:
        return _fail(str(exc))
    if args.command == "validate":
        from .ingest import ingest

        with tempfile.TemporaryDirectory() as scratch:
            report = ingest(args.input, scratch, mapping).report
        print(report.as_text())
        return 0 if report.ok else 2
    from .audit import Options, audit_run

    options = Options(
        geography=args.geography,
        reference=args.reference,
        population=population,
        threshold=not args.no_threshold,
        threshold_model=args.threshold_model,
        backend=args.backend,
        seed=args.seed,
        pdf=not args.no_pdf,
    )

    def progress(message: str, share: float) -> None:
        print(f"[{100 * share:3.0f}%] {message}", file=sys.stderr)

    result = audit_run(args.input, args.out, mapping, options, progress)
    if not result.ok:
        return _fail(_("The file could not be read: %s") % result.validation.fatal)
    for name, path in result.files.items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
