import hashlib
import json
import re

import pytest

from continuum.analytics.audit import Options, audit_run
from continuum.analytics.cli import main
from continuum.analytics.synthetic import generate


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit")
    source = generate(folder / "input.parquet", 6_000, seed=5)
    options = Options(population={"white": 60_000, "black": 20_000}, threshold=False)
    seen = []
    result = audit_run(
        source, folder / "out", options=options, progress=lambda m, s: seen.append(s)
    )
    return source, result, seen


def test_audit_writes_every_output_and_reports_progress(audited):
    source, result, seen = audited
    assert result.ok
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    for name in ("results", "html", "css", "pdf"):
        assert result.files[name].stat().st_size > 0, name
    assert result.files["pdf"].read_bytes().startswith(b"%PDF")
    payload = json.loads(result.files["results"].read_text())
    names = [a["name"] for a in payload["analyses"]]
    assert {"benchmark", "post_stop", "outcome_test", "veil_of_darkness"} <= set(names)
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert payload["reproducibility"]["input_sha256"] == digest


def test_report_html_charts_beside_tables_and_no_inline_style_or_script(audited):
    _source, result, _seen = audited
    html = result.files["html"].read_text()
    for section in (
        "Data quality",
        "Methods",
        "Limitations",
        "Reproducibility",
        "infra-marginality",
        "Benchmark problem",
        "Data-quality log",
    ):
        assert section.lower() in html.lower(), section
    figures = html.count('<div class="charts">')
    assert figures >= 5
    assert html.count('<div class="data">') >= figures  # a data table beside every chart
    assert html.count("<svg") == html.count("<title id=")  # every chart titled for readers
    assert "<script" not in html
    assert not re.search(r"\sstyle=", html)
    assert "veil_race" in html  # the analyses' filters are in the log


def test_cli_validate_and_run(tmp_path, capsys):
    source = generate(tmp_path / "in.parquet", 3_000, seed=2)
    assert main(["validate", "--input", str(source)]) == 0
    assert "3000 rows read" in capsys.readouterr().out
    code = main(
        ["run", "--input", str(source), "--out", str(tmp_path / "o"), "--no-threshold", "--no-pdf"]
    )
    assert code == 0
    assert (tmp_path / "o" / "report.html").exists()


def test_cli_bad_inputs_exit_2_with_a_reason(tmp_path, capsys):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert main(["validate", "--input", str(empty)]) == 2
    assert "empty" in capsys.readouterr().out
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  colour: c\n")
    assert main(["validate", "--input", str(empty), "--mapping", str(mapping)]) == 2
    assert "not a column of the standard schema" in capsys.readouterr().err
    population = tmp_path / "p.yaml"
    population.write_text("white: lots\n")
    args = [
        "run",
        "--input",
        str(empty),
        "--out",
        str(tmp_path / "o"),
        "--population",
        str(population),
    ]
    assert main(args) == 2
    assert "number of residents" in capsys.readouterr().err
    assert main(["run", "--input", str(empty), "--out", str(tmp_path / "o2")]) == 2
    assert (tmp_path / "o2" / "report.html").exists()  # the failure report is still written


def test_cli_run_with_a_csv_and_a_yaml_mapping(tmp_path, capsys):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "columns:\n"
        "  date: {column: STOP_DATE, formats: ['%m/%d/%Y']}\n"
        "  time: STOP_TIME\n"
        "  subject_race:\n"
        "    column: RACE\n"
        "    values: {W: white, B: black, U: unknown}\n"
        "  search_conducted: {column: SEARCHED, values: {Y: true, N: false}}\n"
        "  contraband_found: {column: FOUND, values: {Y: true, N: false}}\n"
        "  beat: BEAT\n"
    )
    lines = ["STOP_DATE,STOP_TIME,RACE,SEARCHED,FOUND,BEAT"]
    for i in range(300):
        race = "WBQ"[i % 3]  # Q: a code the mapping does not list
        lines.append(
            f"0{1 + i % 9}/1{i % 10}/2019,1{i % 10}:0{i % 6},{race},"
            f"{'Y' if i % 4 == 0 else 'N'},{'Y' if i % 8 == 0 else 'N'},A{i % 3}"
        )
    source = tmp_path / "stops.csv"
    source.write_text("\n".join(lines) + "\n")
    code = main(
        [
            "run",
            "--input",
            str(source),
            "--mapping",
            str(mapping),
            "--out",
            str(tmp_path / "out"),
            "--no-threshold",
            "--no-pdf",
        ]
    )
    assert code == 0, capsys.readouterr().err
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    unknown = [p for p in results["validation"]["problems"] if p["kind"] == "unknown_code"]
    assert unknown[0]["count"] == 100 and unknown[0]["top_values"] == [["Q", 100]]
    assert results["reproducibility"]["mapping"]["columns"]["beat"] == "BEAT"
    outcome = next(a for a in results["analyses"] if a["name"] == "outcome_test")
    assert outcome["available"]
