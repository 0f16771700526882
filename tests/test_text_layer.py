"""Broken font maps: a text layer that does not read as the language's letters goes to OCR; a page with
plenty of readable text (even a program listing without sentences) never does. Pages written with
reportlab; the broken map is a letter substitution applied to the text layer."""
from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from kotoex.extract import iter_pages, open_document
from kotoex.extract.ocr.selection import BROKEN_BELOW, language_likeness, needs_ocr

SV = ("Välfärdsnämnden föreslår för stadsstyrelsen att integrationsprogrammet godkänns. Programmet har "
      "beretts tillsammans med arbets- och näringsbyrån, föreningar och invandrare. Det omfattar vägledning, "
      "språkundervisning och sysselsättning samt stöd till barn och familjer i kommunen. ")
PROGRAM = ["18.00 Avajaiset, Kaupungintalon juhlasali", "18.30 Kuoro Laulupuut, Pekka Mäkinen",
           "19.15 Tanssiesitys, Lapuan Tanssikoulu", "20.00 Kahvitarjoilu, Marttayhdistys",
           "20.30 Elokuva: Tuntematon sotilas", "21.45 Päätössanat, kaupunginjohtaja Anna Virtanen"]


def _pdf(path, lines):
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 10)
    y = 800
    for ln in lines:
        c.drawString(50, y, ln)
        y -= 14
    c.save()
    return list(iter_pages(open_document(path), None))[0]


def _wrap(text, n=90):
    words, out, cur = text.split(), [], ""
    for w in words:
        if len(cur) + len(w) > n:
            out.append(cur)
            cur = ""
        cur += w + " "
    return out + [cur]


def _scramble(text, seed=3):
    alpha = "abcdefghijklmnopqrstuvwxyzäöå"
    perm = list(alpha)
    random.Random(seed).shuffle(perm)
    table = {**dict(zip(alpha, perm)), **dict(zip(alpha.upper(), "".join(perm).upper()))}
    return "".join(table.get(ch, ch) for ch in text)


def test_broken_character_map_is_read_by_ocr(tmp_path):
    page = _pdf(tmp_path / "broken.pdf", _wrap(_scramble(SV * 4)))
    letters, likeness = language_likeness(page)
    assert letters > 300 and likeness < BROKEN_BELOW
    assert needs_ocr(page)


def test_readable_pages_are_never_ocred(tmp_path):
    normal = _pdf(tmp_path / "normal.pdf", _wrap(SV * 4))
    listing = _pdf(tmp_path / "listing.pdf", PROGRAM * 4)
    assert language_likeness(normal)[1] > 0.9
    assert not needs_ocr(normal)
    assert not needs_ocr(listing)
