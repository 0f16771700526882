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


def _words_per_character(tp, to_display, number):
    """The words as the per-character reading made them (one box call, then the word rules, per
    character): the reference for :func:`extract.pdf._words`, which reads the boxes in one pass."""
    import unicodedata

    raw, n = tp.raw, tp.count_chars()
    codes = [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(n)]
    bold_of, words, bad, paired = P._Bold(raw), [], 0, -1
    rect = pdfium_c.FS_RECTF()
    chars, idx, box, prev = [], [], None, None

    def emit():
        text = unicodedata.normalize("NFC", "".join(chars))
        x0, top, x1, bot, low = box
        em = P._em(raw, idx[0])
        words.append(P.Word(text, x0, x1, top, bot, P._size(low if low > 0 else bot - top, em),
                            bold_of.word(idx[0], idx[-1], idx), number))

    for i in range(n):
        code = codes[i]
        if code in (0, 0xFFFE, 0xFFFF) or i == paired:
            continue
        if 0xD800 <= code <= 0xDFFF:
            code, paired = P._surrogates(codes, i)
        ch = "-" if code == 2 else chr(code)
        if ch.isspace():
            if chars:
                emit()
                chars, idx = [], []
            continue
        if code == 0xFFFD or 0xE000 <= code <= 0xF8FF or (code < 32 and code not in (2, 9, 10, 13)):
            bad += 1
        if ch in P._INVISIBLE:
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
        x0, top, x1, bot = to_display(rect.left, rect.bottom, rect.right, rect.top)
        if x1 - x0 <= 0 and ch == "\u00ad":
            continue
        if chars:
            px0, ptop, px1, pbot = prev
            size = 1.0 if 1.0 > pbot - ptop else pbot - ptop
            if abs(top - ptop) > size * 0.5 or x0 - px1 > size * 0.3 or x0 < px0 - size * 0.5:
                emit()
                chars, idx = [], []
        if chars:
            chars.append(ch)
            idx.append(i)
            wx0, wtop, wx1, wbot, wlow = box
            h = bot - top
            box = (min(wx0, x0), min(wtop, top), max(wx1, x1), max(wbot, bot), h if 0 < h < wlow or wlow <= 0 else wlow)
        else:
            chars, idx, box = [ch], [i], (x0, top, x1, bot, bot - top)
        prev = (x0, top, x1, bot)
    if chars:
        emit()
    words = [w for w in words if w.text.strip()]
    return words, bad + sum(len(P._CID.findall(w.text)) for w in words)


def test_words_in_one_pass_are_the_per_character_words():
    pages = 0
    for _name, number, page, tp in _pages():
        w, h = page.get_size()
        for rotation in (0, 90):  # the upright shortcut and the general mapping
            to_display = P.display_transform(rotation, w, h)
            assert P._words(tp, to_display, number) == _words_per_character(tp, to_display, number)
        pages += 1
    assert pages >= 10
