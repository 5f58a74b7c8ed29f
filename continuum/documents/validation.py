"""Checking an upload before anything is stored: size, what the content really is, a safe name.

The kind of a file is decided by its content (`filetype` reads its first bytes, and Office files
are opened as the ZIP archives they are), never by its name: a program renamed `report.pdf` is
refused as a program. Each refusal is a `ValidationError` with a plain, specific message.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
TEXT = "text/plain"
PARQUET = "application/vnd.apache.parquet"

#: What may be uploaded: detected type -> (stored extension, plain name).
ALLOWED: dict[str, tuple[str, str]] = {
    PDF: ("pdf", gettext_lazy("PDF")),
    DOCX: ("docx", gettext_lazy("Word document")),
    XLSX: ("xlsx", gettext_lazy("Excel spreadsheet")),
    CSV: ("csv", gettext_lazy("CSV file")),
    TEXT: ("txt", gettext_lazy("text file")),
    PNG: ("png", gettext_lazy("PNG image")),
    JPEG: ("jpg", gettext_lazy("JPEG image")),
    PARQUET: ("parquet", gettext_lazy("Parquet data file")),  # stop data (bias audits)
}
#: Shown in the browser rather than saved (PDFs and pictures); everything else is downloaded.
INLINE = frozenset({PDF, PNG, JPEG})
#: The file picker's hint to browsers (the server decides by content whatever it says).
ACCEPT = ".pdf,.docx,.xlsx,.csv,.txt,.png,.jpg,.jpeg,.parquet"

EXECUTABLES = frozenset(
    {
        "application/x-executable",
        "application/x-msdownload",
        "application/x-mach-binary",
        "application/x-sharedlib",
        "application/x-elf",
        "application/vnd.microsoft.portable-executable",
        "application/x-dosexec",
    }
)
_EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"#!")

TEXT_SNIFF_BYTES = 1024 * 1024
NAME_MAX = 150
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"|?*]')


def allowed_kinds_text() -> str:
    return _(
        "a PDF, Word document, Excel spreadsheet, CSV, Parquet or text file, or PNG or JPEG image"
    )


def max_upload_bytes() -> int:
    return int(settings.CONTINUUM["DOCUMENTS"]["MAX_UPLOAD_BYTES"])


def safe_display_name(raw: str | None, *, fallback: str = "") -> str:
    """A file name fit to show and to offer as a download: no folders, no control characters.

    `../../etc/passwd.pdf` becomes `passwd.pdf`; `C:\\Users\\x\\plan.docx` becomes `plan.docx`.
    The name is only ever shown: files are stored under generated names.
    """
    name = unicodedata.normalize("NFKC", str(raw or ""))
    name = name.replace("\\", "/").split("/")[-1]
    name = _UNSAFE_NAME.sub("", name)
    name = " ".join(name.split()).strip(" .")
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = f"{stem[: NAME_MAX - len(ext) - 1].rstrip()}.{ext}"
        else:
            name = name[:NAME_MAX].rstrip()
    return name or fallback or _("document")


@dataclass(frozen=True)
class InspectedFile:
    """What an upload really is, once checked."""

    original_name: str
    size: int
    content_type: str
    extension: str
    sha256: str

    @property
    def inline(self) -> bool:
        return self.content_type in INLINE


def _head(file: IO[bytes], size: int) -> bytes:
    file.seek(0)
    data = file.read(size)
    file.seek(0)
    return data


def _digest(file: IO[bytes]) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _office_type(file: IO[bytes]) -> str | None:
    """A ZIP archive is a Word or Excel file only if it has their parts."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _text_type(head: bytes, name: str) -> str | None:
    """Plain text (UTF-8, or Latin-1 without control characters): CSV by its name, else text."""
    if b"\x00" in head:
        return None
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the sniff's end
            try:
                text = head.decode("cp1252")
            except UnicodeDecodeError:
                return None
        else:
            text = head[: error.start].decode("utf-8")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls:
        return None
    return CSV if name.lower().endswith(".csv") else TEXT


def _parquet_footer(file: IO[bytes]) -> bool:
    """A Parquet file starts and ends with the magic bytes `PAR1`."""
    file.seek(-4, os.SEEK_END)
    tail = file.read(4)
    file.seek(0)
    return tail == b"PAR1"


def detect_type(file: IO[bytes], name: str) -> str | None:
    """The file's type from its content (None when it is not one we can tell)."""
    head = _head(file, 8192)
    if head.startswith(_EXECUTABLE_MAGIC):
        return "application/x-executable"
    if head.startswith(b"PAR1") and _parquet_footer(file):
        return PARQUET
    guess = filetype.guess(head)
    if guess is not None:
        if guess.mime in (DOCX, XLSX, "application/zip"):
            return _office_type(file) or guess.mime
        return guess.mime
    return _text_type(_head(file, TEXT_SNIFF_BYTES), name)


def inspect_upload(file, *, name: str | None = None) -> InspectedFile:
    """Check an uploaded file; return what it is, or raise ValidationError saying what is wrong."""
    raw_name = name if name is not None else getattr(file, "name", "")
    shown = safe_display_name(raw_name)
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise ValidationError(
            _("“%(name)s” is empty (0 bytes). Check the file and choose it again.")
            % {"name": shown},
            code="empty",
        )
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s. Files can be up to %(limit)s: make it smaller or split it.")
            % {"name": shown, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    detected = detect_type(file, shown)
    if detected in EXECUTABLES:
        raise ValidationError(
            _(
                "“%(name)s” is a program (an executable file), whatever its name says. Programs "
                "can't be uploaded: upload %(kinds)s."
            )
            % {"name": shown, "kinds": allowed_kinds_text()},
            code="executable",
        )
    if detected not in ALLOWED:
        raise ValidationError(
            _("“%(name)s” is not a kind of file we accept. Upload %(kinds)s.")
            % {"name": shown, "kinds": allowed_kinds_text()},
            code="kind",
        )
    return InspectedFile(
        original_name=shown,
        size=size,
        content_type=detected,
        extension=ALLOWED[detected][0],
        sha256=_digest(file),
    )
