"""List bullets on scanned pages (word boxes as OCR gave them on tuning scans): a bullet OCR read as "+" right
after the text of the column before it (no gutter for the line-by-line bullet correction), or as "e*", "*'" or
a wide "e", stands where the page's other bullets stand, so it is a bullet (the row or list item it opens is
one of its own)."""
from __future__ import annotations

from kotoex.extract.layout import BULLET, aligned_bullets
from kotoex.extract.pdf import Word


def _line(top: float, items, size: float = 11.6) -> list[Word]:
    return [Word(t, x0, x1, top, top + size, size, False, 3, 90.0) for t, x0, x1 in items]


def _page() -> list[Word]:
    L = _line
    return (L(277.1, [("Hyvät", 276, 305), ("väestösuhteet", 308, 379), ("ja", 382, 391), ("•", 465, 468),
                      ("Syrjinnästä", 476, 530), ("vapaa", 534, 564)])
            + L(318.5, [("•", 465, 468), ("Tukea", 475, 505), ("ja", 508, 517), ("tekoja", 521, 551)])
            + L(379.0, [("Maahanmuuttajatyön", 276, 382), ("hallinnointi", 386, 440), ("ja", 444, 453),
                        ("+", 465, 468), ("Kotouttamistyön", 476, 557), ("johtoryhmä", 560, 618)])
            + L(408.5, [("©", 480, 483), ("Poikkihallinnollinen,", 490, 573)])
            + L(420.8, [("e*", 465, 471), ("Yhteistyön", 476, 520)])
            + L(433.1, [("*'", 465, 472), ("Tulkkauspalvelujen", 476, 558)])
            + L(445.4, [("e", 465, 472), ("Sitran", 476, 500)]))


def test_a_look_alike_where_the_pages_bullets_stand_is_a_bullet():
    out = {(w.text, w.x0) for w in aligned_bullets(_page())}
    assert (BULLET, 465) in out and ("+", 465) not in out
    assert ("©", 480) in out  # not where the bullets stand: left as read
    assert not {t for t, x in out if x == 465} - {BULLET}  # a pair of look-alikes, one with a speck, "e": bullets


def test_a_text_layer_or_a_page_with_one_bullet_is_left_alone():
    words = _page()
    for w in words:
        w.conf = None
    assert aligned_bullets(words) is words
    one = _page()[6:]  # one bullet left on the page
    assert aligned_bullets(one) is one
