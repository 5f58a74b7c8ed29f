"""The load benchmark's table, for the terminal and as Markdown (for docs/performance.md)."""

from __future__ import annotations

from .loadgen import BARE_PATH


def _scale_label(scale: float) -> str:
    return f"{scale:g}×"


def _rows(run: dict) -> list[tuple[str, str, str, list[dict | None]]]:
    """(label, role, path, [result per scale]) in the order measured."""
    scales = run["scales"]
    order: list[tuple[str, str, str]] = []
    by_key: dict[tuple[str, str], dict[str, dict]] = {}
    for scale_key, stage in scales.items():
        for row in stage["rows"]:
            key = (row["label"], row["role"])
            if key not in by_key:
                order.append((row["label"], row["role"], row["path"]))
                by_key[key] = {}
            by_key[key][scale_key] = row
    return [
        (label, role, path, [by_key[(label, role)].get(scale_key) for scale_key in scales])
        for label, role, path in order
    ]


def _bare_rps(stage: dict) -> float:
    for row in stage["rows"]:
        if row["path"] == BARE_PATH:
            return row.get("rps", 0.0)
    return 0.0


def table(run: dict) -> tuple[list[str], list[list[str]]]:
    """Header and rows: per scale req/s, p50, p99, % of the bare view; then p50 growth."""
    scales = list(run["scales"])
    header = ["page", "role"]
    for scale_key in scales:
        label = _scale_label(float(scale_key))
        header += [f"{label} req/s", f"{label} p50 ms", f"{label} p99 ms", f"{label} % of bare"]
    if len(scales) > 1:
        header.append(f"p50 {_scale_label(float(scales[-1]))} / {_scale_label(float(scales[0]))}")
    bare = [_bare_rps(run["scales"][key]) for key in scales]
    lines = []
    for label, role, path, results in _rows(run):
        line = [f"{label} `{path}`", role]
        for result, reference in zip(results, bare, strict=True):
            if result is None:
                line += ["", "", "", ""]
                continue
            if "failure" in result:
                line += ["failed", "", "", ""]
                continue
            flag = " (!)" if result["errors"] else ""
            share = f"{100 * result['rps'] / reference:.1f}" if reference else ""
            line += [
                f"{result['rps']:,.1f}{flag}",
                f"{result['p50_ms']:,.1f}",
                f"{result['p99_ms']:,.1f}",
                share,
            ]
        if len(scales) > 1:
            first, last = results[0], results[-1]
            measured = first and last and "failure" not in first and "failure" not in last
            growth = (
                f"{last['p50_ms'] / first['p50_ms']:.2f}×" if measured and first["p50_ms"] else ""
            )
            line.append(growth)
        lines.append(line)
    return header, lines


def terminal(run: dict) -> str:
    header, lines = table(run)
    plain = [[cell.replace("`", "") for cell in line] for line in [header, *lines]]
    widths = [max(len(line[i]) for line in plain) for i in range(len(header))]
    out = []
    for number, line in enumerate(plain):
        cells = [
            cell.ljust(width) if i < 2 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells))
        if number == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


def markdown(run: dict) -> str:
    header, lines = table(run)
    align = ["---", "---"] + ["---:"] * (len(header) - 2)
    rows = [header, align, *lines]
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def dataset_line(stage: dict) -> str:
    data = stage["dataset"]
    return ", ".join(f"{number:,} {name}" for name, number in data["rows"].items())


def document(runs: list[dict], *, command: str, machine: dict, date: str, settings: dict) -> str:
    """The whole Markdown section: the command, the machine, the date, a table per database."""
    parts = [
        f"Command: `{command}`",
        "",
        f"Date: {date}. Machine: {machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory']}, {machine['system']}, Python {machine['python']}.",
        "",
        f"Load: wrk, {settings['connections']} connections, {settings['seconds']} s per address "
        f"after {settings['warmup']} s of warm-up; gunicorn, {settings['workers']} sync workers, "
        "DEBUG off, static files through WhiteNoise; everything on loopback.",
    ]
    for run in runs:
        parts += ["", f"#### {run['server']}", ""]
        for scale_key, stage in run["scales"].items():
            parts.append(
                f"- {_scale_label(float(scale_key))}: {dataset_line(stage)}; data written in "
                f"{stage['dataset']['seconds']:.0f} s; load average during the run "
                f"{stage['load']}."
            )
        missing = sorted({name for stage in run["scales"].values() for name in stage["missing"]})
        if missing:
            parts.append(f"- Not on this branch, so not measured: {', '.join(missing)}.")
        parts += ["", markdown(run)]
        rows = [r for stage in run["scales"].values() for r in stage["rows"]]
        if any(r.get("errors") for r in rows):
            parts += ["", "(!) wrk counted errors or non-2xx answers for this address."]
        for r in rows:
            if "failure" in r:
                parts += ["", f"Failed: {r['failure']}"]
    return "\n".join(parts) + "\n"
