#!/usr/bin/env python3
"""Store a PDF's pages turned a quarter (or half) and shown upright by ``/Rotate``.

Office suites save landscape sections this way: a portrait page whose content is drawn rotated,
with ``/Rotate 90`` so that viewers show it upright. A reader that ignores ``/Rotate`` sees every
line as a column of single letters. This makes such copies of any PDF, to test that kotoex reads
them like the original (``tests/test_rotation.py``, ``scripts/make_variants.py --rotate``)::

    python scripts/pdf_rotate.py IN.pdf OUT.pdf [--angle 90|180|270]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2 as pdfium

# (u, v) of the upright page -> the stored (x, y) that /Rotate shows at (u, v), for a page w x h
_MATRICES = {
    90: lambda w, h: (0, 1, -1, 0, h, 0),
    180: lambda w, h: (-1, 0, 0, -1, w, h),
    270: lambda w, h: (0, -1, 1, 0, 0, w),
}


def rotated_copy(src: Path, dest: Path, rotation: int) -> None:
    """Write ``dest``: every page of ``src`` drawn turned by ``-rotation``, shown with ``/Rotate rotation``."""
    if rotation not in _MATRICES:
        raise ValueError(f"rotation must be one of {sorted(_MATRICES)}, not {rotation}")
    pdf = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(pdf)):
            w, h = pdf[i].get_size()
            stored = (h, w) if rotation in (90, 270) else (w, h)
            page = out.new_page(*stored)
            obj = pdf.page_as_xobject(i, out).as_pageobject()
            obj.transform(pdfium.PdfMatrix(*_MATRICES[rotation](w, h)))
            page.insert_obj(obj)
            page.gen_content()
            page.set_rotation(rotation)
        out.save(str(dest))
    finally:
        out.close()
        pdf.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--angle", type=int, default=90, choices=sorted(_MATRICES))
    a = ap.parse_args(argv)
    rotated_copy(a.src, a.dest, a.angle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
