"""An engagement with the bias-audit service, its people (delivery_world), and stop files."""

from __future__ import annotations

import io
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from continuum.catalog.models import Program, Service
from continuum.engagements.tests.delivery_world import delivery_world

RACE_CODES = {"white": "W", "black": "B", "hispanic": "H", "asian/pacific islander": "A"}
CODES = "subject_race: W=white, B=black, H=hispanic, A=asian/pacific islander, U=unknown"


def audit_world():
    return delivery_world(
        program=Program.objects.get(slug="critical-response"),
        services=[Service.objects.get(slug="bias-audit")],
    )


@cache
def synthetic_frame(rows: int = 1200):
    """Synthetic stops (the library's generator), as a pandas frame in the standard schema."""
    import tempfile
    from pathlib import Path

    import pyarrow.parquet as pq

    from continuum.analytics.synthetic import generate

    with tempfile.TemporaryDirectory() as folder:
        path = generate(Path(folder) / "stops.parquet", rows, seed=11)
        return pq.read_table(path).to_pandas().drop(columns=["source_line"])


def agency_csv(rows: int = 1200, sep: str = ",") -> bytes:
    """The stops as an agency would send them: its own race column and codes."""
    frame = synthetic_frame(rows).copy()
    frame["RACE"] = frame.pop("subject_race").map(RACE_CODES)
    return frame.to_csv(index=False, sep=sep).encode()


def parquet_bytes(rows: int = 600) -> bytes:
    frame = synthetic_frame(rows)
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def mapping_post(header: list[str], **extra) -> dict:
    """The preview form's POST: each standard column as is, RACE mapped with its codes."""
    from continuum.analytics.schema import COLUMN_KINDS

    data = {f"map_{t}": t for t in header if t in COLUMN_KINDS}
    if "RACE" in header:
        data["map_subject_race"] = "RACE"
        data["codes"] = CODES
    data.update(extra)
    return data
