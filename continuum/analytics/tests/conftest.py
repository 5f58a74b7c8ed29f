"""Shared fixtures: where the reference stop files are, and small file builders."""

from pathlib import Path

import pytest

# The project's one reader of the environment (CONTINUUM_REFERENCE_DATA_DIR, by default
# ../shared/data beside the repository); it imports no Django.
from config.env import DATABASE_URL, REFERENCE_DATA_DIR

#: The library's model fits and Spark runs never touch the database, so CI's PostgreSQL phase
#: (the same suite again on another database) skips them: its SQLite phase has run them.
ON_POSTGRESQL = DATABASE_URL.startswith(("postgres://", "postgresql://"))


def stops_dir() -> Path:
    return Path(REFERENCE_DATA_DIR) / "stops"


@pytest.fixture(scope="session")
def stops_data() -> Path:
    folder = stops_dir()
    if not folder.is_dir():
        pytest.skip(
            f"The shared stop data folder {folder} is absent (set CONTINUUM_REFERENCE_DATA_DIR "
            "or lay ../shared/data/stops beside the repository; CI has it)."
        )
    return folder


@pytest.fixture
def write_csv(tmp_path):
    def write(text: str, name: str = "stops.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


def pytest_collection_modifyitems(items):
    """Quiet the third-party deprecation noise of Ibis under pandas 3 and DuckDB 2; on
    PostgreSQL, skip the database-independent slow fits and Spark runs (see ON_POSTGRESQL)."""
    here = str(Path(__file__).parent)
    for item in items:
        if not str(item.fspath).startswith(here):
            continue
        if ON_POSTGRESQL and ("slow" in item.keywords or "spark" in item.keywords):
            item.add_marker(
                pytest.mark.skip(
                    reason="database-independent (no Django, no database): runs in the SQLite "
                    "phase; the PostgreSQL phase would only run the same computation again"
                )
            )
        item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning:ibis.*"))
        item.add_marker(pytest.mark.filterwarnings("ignore:The 'future.infer_string'"))
        item.add_marker(pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"))
        item.add_marker(pytest.mark.filterwarnings("ignore::DeprecationWarning:pyspark.*"))


@pytest.fixture(scope="session")
def spark_session():
    """One small local Spark for the whole test session (one core, two shuffle partitions)."""
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("continuum-analytics-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "768m")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
