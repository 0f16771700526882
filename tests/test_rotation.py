"""Pages stored turned a quarter and shown upright by ``/Rotate`` read like the upright original.

Office suites save landscape sections as portrait pages whose content is drawn rotated and
displayed upright through the page's ``/Rotate``. The test builds such copies of a sample (every
angle) with pypdfium2 and checks that the measures are the same as from the original.
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import SAMPLES
from kotoex.extract import iter_pages, open_document
from kotoex.pipeline import extract_pdf


def rotated_copy(src: Path, dest: Path, rotation: int) -> None:
    """Each page of ``src`` drawn turned by ``-rotation`` on a page shown with ``/Rotate rotation``."""
    pdf = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    for i in range(len(pdf)):
        w, h = pdf[i].get_size()
        # (u, v) of the upright page -> stored (x, y) that /Rotate shows at (u, v)
        a, b, c, d, e, f = {
            90: (0, 1, -1, 0, h, 0),
            180: (-1, 0, 0, -1, w, h),
            270: (0, -1, 1, 0, 0, w),
        }[rotation]
        sw, sh = (h, w) if rotation in (90, 270) else (w, h)
        page = out.new_page(sw, sh)
        obj = pdf.page_as_xobject(i, out).as_pageobject()
        obj.transform(pdfium.PdfMatrix(a, b, c, d, e, f))
        page.insert_obj(obj)
        page.gen_content()
        page.set_rotation(rotation)
    out.save(str(dest))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_pages_read_as_the_original(tmp_path, rotation):
    src = SAMPLES / "turku_report_2013.pdf"
    dest = tmp_path / f"rot{rotation}.pdf"
    rotated_copy(src, dest, rotation)
    first = next(iter_pages(open_document(dest)))
    upright = next(iter_pages(open_document(src)))
    assert (round(first.width), round(first.height)) == (round(upright.width), round(upright.height))
    assert [w.text for w in first.words[:12]] == [w.text for w in upright.words[:12]]
    want, got = extract_pdf(src), extract_pdf(dest)
    assert got.document.title == want.document.title
    assert got.document.language == "fi"
    assert [m.text for m in got.measures] == [m.text for m in want.measures]
    assert [m.status.code if m.status else None for m in got.measures] == \
        [m.status.code if m.status else None for m in want.measures]
