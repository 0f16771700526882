"""Pages stored turned a quarter and shown upright by ``/Rotate`` read like the upright original.

Office suites save landscape sections as portrait pages whose content is drawn rotated and
displayed upright through the page's ``/Rotate``. The test builds such copies of a sample (every
angle) with ``scripts/pdf_rotate.py`` and checks that the measures are the same as from the original.
"""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT, SAMPLES
from kotoex.extract import iter_pages, open_document
from kotoex.pipeline import extract_pdf

_spec = importlib.util.spec_from_file_location("kotoex_pdf_rotate", ROOT / "scripts" / "pdf_rotate.py")
_rot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_rot)
rotated_copy = _rot.rotated_copy


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
