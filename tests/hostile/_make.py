"""Hostile inputs made on the fly: raw PDF bytes and reportlab pages (no binary fixtures)."""
from __future__ import annotations

import zlib
from pathlib import Path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its objects (object 1 must be the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    z = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(z), extra) + z + b"\nendstream"


def text_pdf_with_cmap(lines: list[bytes | tuple[bytes, float]], cmap: dict[int, str], size: float = 11,
                       zero_width: tuple[int, ...] = ()) -> bytes:
    """One A4 page of Helvetica text whose ToUnicode map sends byte codes to ``cmap``'s UTF-16BE hex values
    (e.g. ``{0x41: "D83DDE00"}`` for an emoji as a surrogate pair, ``{0x42: "D800"}`` for a lone half).
    A line may carry its own font size: ``(text, size)``; codes in ``zero_width`` are drawn with no width
    (as a zero-width space is)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    widths = " ".join("0" if c in zero_width else f"{stringWidth(chr(c), 'Helvetica', 1000):g}" for c in range(32, 127))
    parts = []
    for ln in lines:
        text, sz = ln if isinstance(ln, tuple) else (ln, size)
        parts.append(b"/F1 %g Tf 0 -%g Td (" % (sz, sz * 1.6) + text + b") Tj")
    content = b"BT 60 800 Td " + b" ".join(parts) + b" ET"
    entries = "\n".join(f"<{c:02X}> <{u}>" for c, u in sorted(cmap.items()))
    # every other byte maps to itself, so the rest of the text reads as written
    ranges = "\n".join(f"<{c:02X}> <{c:02X}> <{c:04X}>" for c in range(0x20, 0x7F) if c not in cmap)
    tounicode = (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
                 f"1 begincodespacerange <00> <FF> endcodespacerange\n"
                 f"{len(cmap)} beginbfchar\n{entries}\nendbfchar\n"
                 f"{sum(1 for c in range(0x20, 0x7F) if c not in cmap)} beginbfrange\n{ranges}\nendbfrange\n"
                 f"endcmap CMapName currentdict /CMap defineresource pop end end").encode()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R /FirstChar 32 /LastChar 126 "
        b"/Widths [" + widths.encode() + b"] >>",
        _stream(content),
        _stream(tounicode),
    ])


def plain_pdf(lines: list[str]) -> bytes:
    """A small text PDF (reportlab) with the given lines."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    y = 780
    for ln in lines:
        c.drawString(60, y, ln)
        y -= 16
    c.save()
    return buf.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def huge_image_pdf(side_pt: float = 14400) -> bytes:
    """One image-only page of ``side_pt`` × ``side_pt`` points (a 1 KB file): at 300 dpi that would be 3.6
    gigapixels to render."""
    img = bytes([255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0])  # 2x2 RGB
    content = f"q {side_pt:g} 0 0 {side_pt:g} 0 0 cm /Im1 Do Q".encode()
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {side_pt:g} {side_pt:g}] ".encode()
        + b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        b"/Length 12 >>\nstream\n" + img + b"\nendstream",
        _stream(content),
    ])


def xobject_bomb(depth: int = 9, fan: int = 10) -> bytes:
    """A few KB whose one page draws form XObject 1 ``fan`` times, each of which draws XObject 2 ``fan``
    times, and so on ``depth`` levels down: ``fan ** depth`` drawings of a filled square to render."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    first = 5  # object number of the first form
    objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X {first} 0 R >> >> "
                f"/Contents 4 0 R >>".encode())
    objs.append(_stream(b" ".join(b"q 1 0 0 1 %d 0 cm /X Do Q" % i for i in range(fan))))
    for level in range(depth):
        n = first + level
        if level + 1 < depth:
            body = b" ".join(b"q 0.9 0 0 0.9 %d %d cm /X Do Q" % (i, i) for i in range(fan))
            res = f"/Resources << /XObject << /X {n + 1} 0 R >> >>".encode()
        else:
            body, res = b"0 0 0 rg 0 0 50 50 re f", b""
        objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res + b" "))
    return raw_pdf(objs)
