"""The fast paths of page reading give what the slow, per-character ones give.

``extract/pdf.py`` reads a page's text in bulk and a word's font once per text object;
``extract/layout.group_lines`` keeps recent groupings. Each is checked here against the plain
per-character / uncached way on the sample PDFs.
"""
from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from conftest import SAMPLES
from kotoex.extract import pdf as P
from kotoex.extract.layout import _group_lines, group_lines

PDFS = sorted(SAMPLES.glob("*.pdf"))


def _pages():
    for path in PDFS:
        doc = pdfium.PdfDocument(str(path))
        for i in range(len(doc)):
            page = doc[i]
            tp = page.get_textpage()
            yield path.name, i + 1, page, tp
            tp.close()
            page.close()
        doc.close()


def test_bulk_text_is_the_per_character_text():
    hyphen_pages = 0
    for _name, _n, _page, tp in _pages():
        n = tp.count_chars()
        codes: list[int] = []
        P._codes(tp.raw, 0, n, codes)
        assert codes == [pdfium_c.FPDFText_GetUnicode(tp.raw, i) for i in range(n)]
        hyphen_pages += 2 in codes  # a line-end hyphen: pdfium's bulk text has U+FFFE there
    assert hyphen_pages >= 1


def test_line_end_hyphen_is_kept_in_the_word():
    doc = pdfium.PdfDocument(str(SAMPLES / "turku_report_2013.pdf"))
    words = [w.text for w in P.read_page(doc[1], 2).words]
    assert "ohjaus-" in words and "ohjaus" not in words


def test_word_bold_by_text_object_is_the_per_character_majority():
    buf, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    bold_words = checked = 0
    for _name, _n, page, tp in _pages():
        per_word = P._Bold(tp.raw)
        # the words' character indices, as _words finds them: non-space runs of the text
        n = tp.count_chars()
        runs, cur = [], []
        for i in range(n):
            if chr(pdfium_c.FPDFText_GetUnicode(tp.raw, i)).isspace():
                runs, cur = runs + ([cur] if cur else []), []
            else:
                cur.append(i)
        for idx in runs + ([cur] if cur else []):
            slow = []
            for i in idx:
                if pdfium_c.FPDFText_GetFontInfo(tp.raw, i, buf, 256, ctypes.byref(flags)):
                    name = buf.value.lower()
                    slow.append(any(k in name for k in (b"bold", b"black", b"heavy")))
            if len(slow) != len(idx):
                continue  # a character without a font: the slow way has no answer either
            expect = sum(slow) * 2 > len(slow)
            assert per_word.word(idx[0], idx[-1], idx) == expect
            bold_words += expect
            checked += 1
    assert checked > 500 and bold_words > 10


def test_group_lines_gives_fresh_lines_and_sees_moved_words():
    doc = pdfium.PdfDocument(str(SAMPLES / "turku_decision_2023.pdf"))
    words = P.read_page(doc[0], 1).words
    first = group_lines(words)
    assert [[id(w) for w in ln.words] for ln in first] == [[id(w) for w in ln.words] for ln in _group_lines(words, None, 0.5)]
    first[0].words.append(first[1].words[0])  # a caller changing its lines changes no one else's
    second = group_lines(words)
    assert second[0] is not first[0] and len(second[0].words) == len(first[0].words) - 1
    w = second[-1].words[0]
    w.top, w.bottom = -20.0, -10.0  # moved above everything else on the page: grouped again
    third = group_lines(words)
    assert third[0].words[0] is w
    assert [[id(x) for x in ln.words] for ln in third] == [[id(x) for x in ln.words] for ln in _group_lines(words, None, 0.5)]


@pytest.mark.parametrize("split_gap", [None, 12.0])
def test_group_lines_cached_equals_uncached(split_gap):
    doc = pdfium.PdfDocument(str(SAMPLES / "jarvenpaa_targets_2020.pdf"))
    for i in range(len(doc)):
        words = P.read_page(doc[i], i + 1).words
        for _ in range(2):  # computed, then from the kept groupings
            got = group_lines(words, split_gap=split_gap)
            want = _group_lines(words, split_gap, 0.5)
            assert [[id(w) for w in ln.words] for ln in got] == [[id(w) for w in ln.words] for ln in want]
