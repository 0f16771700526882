"""Bad inputs for batch / ingest tests, written by hand so no extra PDF library is needed.

Each function writes one file and returns its path. :func:`write_bad_inputs` writes all of them.
"""
from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path


def _pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A well-formed PDF with a correct xref table from numbered object bodies (1-based)."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def text_file(path: Path) -> Path:
    path.write_text("Tämä ei ole PDF vaan tavallinen tekstitiedosto.\nKotouttamisohjelma 2020-2023\n", encoding="utf-8")
    return path


def png_image(path: Path) -> Path:
    """A real 8x8 grey PNG, named .pdf."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes([128] * 8) for _ in range(8))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    path.write_bytes(png)
    return path


def truncated_pdf(path: Path, good: Path, keep: float = 0.35) -> Path:
    data = good.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def no_pages_pdf(path: Path) -> Path:
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


def blank_pages_pdf(path: Path, n: int = 3000) -> Path:
    """``n`` empty A4 pages (no content stream)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n)]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>"] * n
    path.write_bytes(_pdf(objs))
    return path


def encrypted_pdf(path: Path) -> Path:
    """One page behind the standard security handler with a user password (not the empty one)."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 "
        b"/O <" + b"6b" * 32 + b"> /U <" + b"3c" * 32 + b"> >>",
    ]
    path.write_bytes(_pdf(objs, trailer_extra=b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff>"
                                               b"<00112233445566778899aabbccddeeff>] "))
    return path


def broken_xref_pdf(path: Path, good: Path) -> Path:
    """A real PDF whose xref entries and startxref point to nowhere (readers have to rebuild it)."""
    data = bytearray(good.read_bytes())
    i = data.rfind(b"startxref")
    if i >= 0:
        data[i:] = b"startxref\n999999999\n%%EOF\n"
    data = bytearray(re.sub(rb"\d{10} (\d{5}) n", lambda m: b"0000000017 " + m.group(1) + b" n", bytes(data)))
    path.write_bytes(bytes(data))
    return path


BAD_NAMES = ["empty.pdf", "notes.pdf", "image.pdf", "truncated.pdf", "no_pages.pdf", "encrypted.pdf",
             "blank_pages.pdf", "broken_xref.pdf"]


def write_bad_inputs(folder: Path, good: Path, blank_pages: int = 3000) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "empty.pdf": empty_file(folder / "empty.pdf"),
        "notes.pdf": text_file(folder / "notes.pdf"),
        "image.pdf": png_image(folder / "image.pdf"),
        "truncated.pdf": truncated_pdf(folder / "truncated.pdf", good),
        "no_pages.pdf": no_pages_pdf(folder / "no_pages.pdf"),
        "encrypted.pdf": encrypted_pdf(folder / "encrypted.pdf"),
        "blank_pages.pdf": blank_pages_pdf(folder / "blank_pages.pdf", blank_pages),
        "broken_xref.pdf": broken_xref_pdf(folder / "broken_xref.pdf", good),
    }
