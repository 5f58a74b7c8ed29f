"""Uploads are checked by content: every accepted kind, and every refusal with its message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from continuum.documents import validation
from continuum.documents.validation import inspect_upload, safe_display_name

from . import files
from .files import upload


def _limit(size: int):
    from django.conf import settings

    return override_settings(
        CONTINUUM={**settings.CONTINUUM, "DOCUMENTS": {"MAX_UPLOAD_BYTES": size}}
    )


@pytest.mark.parametrize(
    ("name", "content", "mime", "extension"),
    [
        ("policy.pdf", files.PDF, validation.PDF, "pdf"),
        ("photo.png", files.PNG, validation.PNG, "png"),
        ("photo.jpeg", files.JPEG, validation.JPEG, "jpg"),
        ("letter.docx", files.DOCX, validation.DOCX, "docx"),
        ("stops.xlsx", files.XLSX, validation.XLSX, "xlsx"),
        ("stops.csv", files.CSV, validation.CSV, "csv"),
        ("notes.txt", files.TEXT, validation.TEXT, "txt"),
        # the name does not decide: a PDF named .docx is a PDF, and stored as one
        ("letter.docx", files.PDF, validation.PDF, "pdf"),
        ("scan", files.PNG, validation.PNG, "png"),
    ],
)
def test_accepted_kinds_are_recognised_by_their_content(name, content, mime, extension):
    inspected = inspect_upload(upload(name, content))
    assert (inspected.content_type, inspected.extension) == (mime, extension)
    assert inspected.size == len(content)
    assert len(inspected.sha256) == 64


@pytest.mark.parametrize("program", [files.ELF, files.PE], ids=["elf", "pe"])
def test_a_program_renamed_pdf_is_refused_as_a_program(program):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload("use-of-force-policy.pdf", program, "application/pdf"))
    assert caught.value.code == "executable"
    message = caught.value.messages[0]
    assert "“use-of-force-policy.pdf” is a program" in message
    assert "can't be uploaded" in message


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload("policy.pdf", b""))
    assert caught.value.code == "empty"
    assert "“policy.pdf” is empty (0 bytes)" in caught.value.messages[0]


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    with _limit(100), pytest.raises(ValidationError) as caught:
        inspect_upload(upload("big.pdf", files.PDF + b"%" * 200))
    assert caught.value.code == "too_large"
    assert "“big.pdf” is 3" in caught.value.messages[0]  # "333 bytes"
    assert "up to 100" in caught.value.messages[0]


def test_a_file_at_the_limit_is_accepted():
    with _limit(len(files.PDF)):
        assert inspect_upload(upload("policy.pdf", files.PDF)).size == len(files.PDF)


@pytest.mark.parametrize(
    "content", [files.PLAIN_ZIP, files.BINARY, b"GIF89a" + b"\x00" * 40], ids=["zip", "bin", "gif"]
)
def test_other_kinds_are_refused_with_the_list_of_accepted_kinds(content):
    with pytest.raises(ValidationError) as caught:
        inspect_upload(upload("data.pdf", content))
    assert caught.value.code == "kind"
    assert "is not a kind of file we accept" in caught.value.messages[0]
    assert "PNG or JPEG image" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("C:\\Users\\pat\\Policy 2026.docx", "Policy 2026.docx"),
        ("/var/www/.htaccess", "htaccess"),
        ("report\x00.exe.pdf", "report.exe.pdf"),
        ('bad"name<script>.pdf', "badnamescript.pdf"),
        ("   ..   ", "document"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_display_names_lose_folders_and_unsafe_characters(raw, shown):
    assert safe_display_name(raw) == shown


def test_a_traversal_name_is_inspected_under_its_plain_name():
    assert inspect_upload(
        files.upload("x", files.PDF), name="../../etc/passwd.pdf"
    ).original_name == ("passwd.pdf")


def test_parquet_stop_data_is_recognised_by_its_magic_bytes_at_both_ends():
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.table({"subject_race": ["white", "black"]}), buffer)
    inspected = inspect_upload(upload("stops.data", buffer.getvalue()))
    assert (inspected.content_type, inspected.extension) == (validation.PARQUET, "parquet")
    with pytest.raises(ValidationError):  # the header alone does not make a Parquet file
        inspect_upload(upload("stops.parquet", b"PAR1\x00\x01 truncated"))
