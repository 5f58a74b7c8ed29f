import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from continuum.analytics.ingest import ingest
from continuum.analytics.mapping import MappingError, mapping_from_dict, mapping_load

PACKAGE = Path(__file__).resolve().parents[1]

MAPPING = {
    "columns": {
        "date": {"column": "stop_date", "formats": ["%m/%d/%Y"]},
        "time": "stop_time",
        "subject_race": {
            "column": "race",
            "values": {"W": "white", "B": "black", "H": "hispanic", "U": "unknown"},
        },
        "subject_age": "age",
        "search_conducted": {"column": "searched", "values": {"Y": True, "N": False}},
        "contraband_found": {"column": "found", "values": {"Y": True, "N": False}},
        "beat": "beat",
    }
}
HEADER = "stop_date,stop_time,race,age,searched,found,beat\n"


def query(sql, path):
    return duckdb.execute(sql.replace("STOPS", "read_parquet(?)"), [str(path)]).fetchall()


def rows(path):
    return query("select * from STOPS order by source_line", path)


def test_owensboro_facts_reproduced_exactly(stops_data, tmp_path):
    result = ingest(stops_data / "ky_owensboro_2020_04_01.csv.zip", tmp_path)
    assert result.report.ok, result.report.fatal
    assert result.report.rows_read == result.report.rows_stored == 6921
    stored = result.parquet
    race = dict(query("select subject_race, count(*) from STOPS group by 1", stored))
    assert race == {
        "white": 6017,
        "black": 830,
        "asian/pacific islander": 53,
        "other": 3,
        None: 18,
    }
    kind = dict(query("select type, count(*) from STOPS group by 1", stored))
    assert kind == {"vehicular": 6606, "pedestrian": 273, None: 42}
    assert query("select count(*) from STOPS where arrest_made", stored)[0][0] == 814
    months = {row["month"] for row in result.report.coverage}
    assert "2015-09" in months and "2017-08" in months


def test_mapping_codes_and_consistency_rules(write_csv, tmp_path):
    path = write_csv(
        HEADER
        + "01/02/2020,13:05,W,34,Y,Y,A1\n"
        + "01/03/2020,13:06,B,7,N,Y,A1\n"  # impossible age; contraband without a search
        + "01/04/2020,25:99,X,40,N,N,B2\n"  # bad time; unknown race code
    )
    result = ingest(path, tmp_path / "out", mapping_from_dict(MAPPING))
    report = result.report
    assert report.ok
    got = rows(result.parquet)
    assert [r[3] for r in got] == ["white", "black", None]
    assert got[1][4] is None  # age 7 set to missing
    assert got[1][6] is None  # contraband without search set to missing
    assert report.count("impossible_age") == 1
    assert report.problem("impossible_age", "subject_age").lines == [3]
    assert report.count("contraband_without_search") == 1
    assert report.problem("unknown_code", "subject_race").values == {"X": 1}
    assert report.problem("unknown_code", "subject_race").lines == [4]
    assert report.count("time_unparseable") == 1


def test_mixed_date_formats_are_reported_with_lines(write_csv, tmp_path):
    path = write_csv(
        HEADER
        + "01/02/2020,13:05,W,34,N,N,A\n"
        + "2020-01-03,13:05,W,34,N,N,A\n"
        + "01/04/2020,13:05,W,34,N,N,A\n"
        + "someday,13:05,W,34,N,N,A\n"
    )
    report = ingest(path, tmp_path / "out", mapping_from_dict(MAPPING)).report
    assert report.ok
    other = report.problem("date_other_format", "date")
    assert (other.count, other.lines) == (1, [3])
    assert report.problem("date_unparseable", "date").lines == [5]
    assert "Dates in another format" in report.as_text()


def test_wrong_delimiter_gives_a_clear_message(write_csv, tmp_path):
    path = write_csv(HEADER.replace(",", ";") + "01/02/2020;13:05;W;34;N;N;A\n")
    mapping = mapping_from_dict({**MAPPING, "delimiter": ","})
    report = ingest(path, tmp_path / "out", mapping).report
    assert not report.ok
    assert "separated by semicolons" in report.fatal
    # Without a delimiter in the mapping, it is detected.
    assert ingest(path, tmp_path / "out2", mapping_from_dict(MAPPING)).report.ok


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        (HEADER, "no data rows"),
        ("a,b\n1,2\n", "no column named stop_date"),
        ("\x00\x01binary", "not a text"),
    ],
)
def test_unreadable_files_report_why(write_csv, tmp_path, content, message):
    report = ingest(write_csv(content), tmp_path / "out", mapping_from_dict(MAPPING)).report
    assert not report.ok
    assert message in report.fatal


def test_missing_file_and_bad_zip_and_bad_parquet(tmp_path):
    mapping = mapping_from_dict(MAPPING)
    assert "no file" in ingest(tmp_path / "nope.csv", tmp_path, mapping).report.fatal
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", HEADER)
        archive.writestr("b.csv", HEADER)
    assert "exactly one CSV" in ingest(two, tmp_path / "o", mapping).report.fatal
    bad = tmp_path / "bad.parquet"
    bad.write_text("not parquet")
    assert "Parquet" in ingest(bad, tmp_path / "o", mapping).report.fatal


def test_lines_with_wrong_field_count_are_logged_not_dropped_silently(write_csv, tmp_path):
    path = write_csv(
        HEADER
        + "01/02/2020,13:05,W,34,N,N,A\n"
        + "01/02/2020,13:05,W\n"
        + "01/05/2020,13:05,B,34,N,N,A\n"
        + "01/06/2020,13:05,H,34,N,N,A\n"
    )
    result = ingest(path, tmp_path / "out", mapping_from_dict(MAPPING))
    report = result.report
    assert report.problem("wrong_field_count", "*").lines == [3]
    assert [r[0] for r in rows(result.parquet)] == [2, 4, 5]  # source lines kept right
    step = report.log.steps[0]
    assert (step.rows_before, step.rows_removed) == (4, 1)


def test_zipped_and_parquet_inputs(write_csv, tmp_path):
    body = HEADER + "01/02/2020,13:05,W,34,N,N,A\n"
    archive = tmp_path / "stops.csv.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("stops.csv", body)
    first = ingest(archive, tmp_path / "z", mapping_from_dict(MAPPING))
    assert first.report.rows_stored == 1
    again = ingest(first.parquet, tmp_path / "p")  # the standard Parquet reads as is
    assert again.report.ok and rows(again.parquet)[0][2:4] == ("13:05:00", "white")


def test_large_file_is_streamed_in_chunks(write_csv, tmp_path):
    line = "01/02/2020,13:05,W,34,N,N,A1\n"
    n = 60_000
    path = write_csv(HEADER + line * n)
    size = path.stat().st_size
    result = ingest(path, tmp_path / "out", mapping_from_dict(MAPPING), block_size=64 << 10)
    report = result.report
    assert report.rows_stored == n
    assert report.chunks_read >= size // (64 << 10)  # read block by block...
    assert report.peak_arrow_bytes < size  # ...never the whole file at once


def test_mapping_errors_are_listed(tmp_path):
    with pytest.raises(MappingError) as caught:
        mapping_from_dict(
            {
                "columns": {
                    "colour": "c",
                    "subject_race": {"column": "r", "values": {"W": "caucasian"}},
                    "date": {"column": "d", "formats": ["YYYY"]},
                }
            }
        )
    assert len(caught.value.problems) == 3
    bad = tmp_path / "m.yaml"
    bad.write_text("columns: [unclosed")
    with pytest.raises(MappingError, match="not valid YAML"):
        mapping_load(bad)


def test_library_never_imports_django_and_imports_light():
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "django" for n in names), path
    code = "import sys, continuum.analytics; print('duckdb' in sys.modules or 'jax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_line_numbers_stay_right_across_chunks_with_skipped_lines(write_csv, tmp_path):
    good = "01/02/2020,13:05,W,34,N,N,A1\n"
    lines, expected = [], []
    for i in range(400):
        line_number = i + 2
        if i % 37 == 5:
            lines.append("01/02/2020,13:05\n")  # too few fields
        else:
            lines.append(good)
            expected.append(line_number)
    path = write_csv(HEADER + "".join(lines))
    result = ingest(path, tmp_path / "out", mapping_from_dict(MAPPING), block_size=1 << 10)
    assert result.report.chunks_read > 5
    assert [r[0] for r in rows(result.parquet)] == expected
    assert result.report.count("wrong_field_count") == 400 - len(expected)


def test_byte_order_mark_and_windows_encoding(write_csv, tmp_path):
    body = HEADER + "01/02/2020,13:05,W,34,N,N,Café\n"
    with_bom = write_csv("\ufeff" + body, name="bom.csv")
    assert ingest(with_bom, tmp_path / "a", mapping_from_dict(MAPPING)).report.ok
    latin = write_csv(body, name="latin.csv", encoding="cp1252")
    result = ingest(latin, tmp_path / "b", mapping_from_dict(MAPPING))
    assert "not UTF-8" in result.report.notes[0]
    assert rows(result.parquet)[0][-1] == "Café"
    # invalid UTF-8 far past the sniffed start: a clear message naming the fix
    late = write_csv(HEADER + "01/02/2020,13:05,W,34,N,N,A\n" * 5000, name="late.csv")
    late.write_bytes(late.read_bytes() + "01/02/2020,13:05,W,34,N,N,Café\n".encode("cp1252"))
    report = ingest(late, tmp_path / "c", mapping_from_dict(MAPPING)).report
    assert not report.ok and "encoding: cp1252" in report.fatal


def test_parquet_with_missing_values_in_every_column_reads(tmp_path):
    """A Parquet file's nulls (not empty strings, as in a CSV) in the date, time and race
    columns: read, kept as missing, nothing crashes and no row is lost without a log step."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "stops.parquet"
    pq.write_table(
        pa.table(
            {
                "date": ["2020-01-01", "2020-01-02", None],
                "time": ["13:05", None, "700"],
                "subject_race": ["white", None, "black"],
            }
        ),
        source,
    )
    result = ingest(source, tmp_path / "out")
    assert result.report.ok
    removed = sum(step.rows_removed for step in result.report.log.steps)
    assert result.report.rows_stored + removed == 3
    stored = query("SELECT time, subject_race FROM STOPS ORDER BY time NULLS LAST", result.parquet)
    assert ("13:05:00", "white") in stored
