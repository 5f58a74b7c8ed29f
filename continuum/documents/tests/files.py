"""Real, small files of every kind the tests upload (built in memory, byte by byte)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = _png()
JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\x00" * 64
    + b"\xff\xd9"
)


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": "<Relationships/>",
        "word/document.xml": "<w:document/>",
    }
)
XLSX = _zip(
    {
        "[Content_Types].xml": "<Types/>",
        "_rels/.rels": "<Relationships/>",
        "xl/workbook.xml": "<workbook/>",
    }
)
PLAIN_ZIP = _zip({"notes.txt": "hello"})
CSV = "month,stops\n2026-01,120\n2026-02,98\nJosé,1\n".encode()
TEXT = b"Our policy was last revised in March.\n"

#: An ELF executable's header (Linux programs).
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 100
#: A Windows program's header: "MZ", the DOS stub, and the "PE" signature it points to.
PE = (
    b"MZ\x90\x00"
    + b"\x00" * 56
    + struct.pack("<I", 64)
    + b"PE\x00\x00"
    + b"\x4c\x01"
    + b"\x00" * 64
)
BINARY = bytes(range(256)) * 4


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """What Django hands a view for one uploaded file (the browser's content type is ignored)."""
    return SimpleUploadedFile(name, content, content_type=content_type)
