"""Measure numbers whose dots OCR dropped or misread, repaired by the shape of the document's other ids."""
from __future__ import annotations

from kotoex.interpret.ids import decode_ids, repair_id_sequence, repair_ids
from kotoex.interpret.rows import RawMeasure


def _m(mid: str | None) -> RawMeasure:
    return RawMeasure(id=mid, text="Toimenpide", section=None, goal=None, cells={}, pages=[1], boxes={})


def test_ids_with_lost_or_misread_dots_take_the_shape_of_the_other_ids():
    ms = [_m(i) for i in ("1.1.1", "111", "1:21", "1;2,3", "1.3.1", "2.1.1", "VS i", "13172", "1.10", None)]
    repair_ids(ms)
    assert [m.id for m in ms] == ["1.1.1", "1.1.1", "1.2.1", "1.2.3", "1.3.1", "2.1.1", "VS i", "13172", "1.10",
                                  None]


def test_plain_numbers_beside_two_part_ids_and_ids_of_mixed_shapes_are_left_alone():
    ms = [_m(i) for i in ("1.1", "1.2", "1.3", "12", "1:4")]
    repair_ids(ms)
    assert [m.id for m in ms] == ["1.1", "1.2", "1.3", "12", "1.4"]
    mixed = [_m(i) for i in ("1.1", "1.2", "2.1.1", "2.1.2", "111")]
    repair_ids(mixed)
    assert mixed[-1].id == "111"  # no shape most well-read ids share


def _seq(ids, page: int = 1) -> list[RawMeasure]:
    ms = [_m(i) for i in ids]
    for m in ms:
        m.pages = [page]
    return ms


# the ids of scanned tables as OCR read them (tune_scan708: turku_report_2013 and dev_espoo_programme_2022)
_TURKU_READ = ["11", None, "13", "2id", "212", "11", "12", "1.1", "1.2", "RA. E", "2.2", "2:", "2.4", "3.1", "3.2"]
_TURKU_GOLD = ["1.1", "1.2", "1.3", "2.1", "2.2", "1.1", "1.2", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"]
_ESPOO_READ = ["1.1.1", "1.4.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3", "2.1.4", "2.1.2", "21", "2.2.4", "2.2.2"]
_ESPOO_GOLD = ["1.1.1", "1.1.2", "1.1.3", "1.2.1", "1.2.2", "1.2.3", "2.1.1", "2.1.2", "2.1.3", "2.2.1", "2.2.2"]


def test_ids_ocr_misread_take_the_numbering_the_document_expects_there():
    ms = _seq(_TURKU_READ)
    repair_id_sequence(ms, {1})
    assert [m.id for m in ms] == _TURKU_GOLD
    assert [m.id_read for m in ms][:5] == ["11", "", "13", "2id", "212"] and ms[7].id_read is None
    ms = _seq(_ESPOO_READ)
    repair_id_sequence(ms, {1})
    assert [m.id for m in ms] == _ESPOO_GOLD  # "1.4.2" between 1.1.1 and 1.1.3: a 1 read as 4
    assert ms[1].id_read == "1.4.2" and ms[0].id_read is None


def test_a_misread_pair_is_decoded_by_the_ids_around_it():
    assert decode_ids(["2.1", "2:08", "2:03", "2.4"], 2) == [(2, 1), (2, 2), (2, 3), (2, 4)]
    assert decode_ids(["11", "1.2", "E9", "2.1"], 2) == [(1, 1), (1, 2), (1, 3), (2, 1)]


def test_ids_are_left_as_read_where_the_numbering_cannot_tell_or_the_page_has_a_text_layer():
    assert decode_ids(["1.1", "1.2", "1.4", "1.1", "1.2"], 2)[2] is None  # a gap, or "1.3" misread: a tie
    gap = _seq(["1.1", "1.2", "1.4", "1.5", "1.6"])
    repair_id_sequence(gap, {1})
    assert [m.id for m in gap] == ["1.1", "1.2", "1.4", "1.5", "1.6"]  # a real gap in the numbering stays
    text = _seq(_TURKU_READ, page=2)
    repair_id_sequence(text, {1})
    assert [m.id for m in text] == _TURKU_READ  # not read by OCR: the reading is the PDF's own text
    plain = _seq(["1", "2", "3", "4", "11", "12", None])
    repair_id_sequence(plain, {1})
    assert [m.id for m in plain] == ["1", "2", "3", "4", "11", "12", None]  # not dotted: "11" may be an id
    none = _seq([None, None, None, None])
    repair_id_sequence(none, {1})
    assert [m.id for m in none] == [None] * 4  # no ids in the document: none invented


def test_decoding_survives_many_unread_ids_tied_at_the_cheapest():
    # a scanned table whose first thirteen rows have no id read: every numbering ties at the start
    # (tuning scan espoo 732 crashed the document with "min() arg is an empty sequence")
    from kotoex.interpret.ids import decode_ids

    readings = [""] * 13 + ["3.1.1", "JA", "KAI", "3.2.1", "3.3.1", "3.3.2", "5.2.1"]
    out = decode_ids(readings, 3)
    assert len(out) == len(readings)
    assert out[13] == (3, 1, 1) and out[16] == (3, 2, 1) and out[18] == (3, 3, 2)


def test_a_scanned_row_opening_with_the_next_id_read_without_its_dots_is_a_row_of_its_own():
    """A borderless scanned table numbering its actions "1.1.1", "1.1.2" (tuning scan espoo 761): the third
    row's "1.1.3" read as "113" is no number by its shape, and the unnumbered band went into the row above;
    its digits follow "1.1.2", so it starts a measure (whose id the document's numbering then gives it)."""
    from kotoex.extract.pdf import Page, Word
    from kotoex.interpret.ids import reads_as_next
    from kotoex.interpret.measures import read_measures

    def line(top, items, bold=False):
        return [Word(t, x0, x1, top, top + 11.0, 11.0, bold, 1, 90.0) for t, x0, x1 in items]

    words = (line(265.0, [("Tavoite", 72, 106), ("Kehittämistoimenpide", 220, 319), ("Vastuutaho", 441, 492),
                          ("Kumppanit", 567, 615), ("Aikataulu", 705, 747)])
             + line(290.9, [("Espooseen", 73, 120), ("muuttavat", 124, 171), ("1.1.1", 221, 242),
                            ("Monikielisen", 246, 301), ("neuvonnan", 305, 360), ("Maahanmuuttajapalvelut", 441, 553),
                            ("Jatkuva", 704, 738)])
             + line(303.1, [("oikea-aikaista", 73, 134), ("tietoa", 138, 163), ("laajentaminen", 220, 293)])
             + line(340.0, [("1.1.2", 221, 242), ("Alkukartoituksen", 245, 321), ("ja", 324, 332),
                            ("Maahanmuuttajapalvelut,", 441, 556), ("Jatkuva", 704, 738)])
             + line(352.2, [("kotoutumissuunnitelman", 220, 331), ("laatiminen", 335, 382)])
             + line(401.2, [("113", 215, 242), ("Selkokielisen", 246, 304), ("asiakasviestinnän", 307, 387),
                            ("Konsernihallinto", 441, 513), ("2023", 705, 727)])
             + line(413.2, [("ja", 219, 227), ("henkilöstön", 231, 282), ("koulutus", 286, 324)]))
    measures, _, _ = read_measures([Page(1, 842.04, 595.44, words, ocr=True)])
    assert [m.id for m in measures][:2] == ["1.1.1", "1.1.2"] and len(measures) == 3
    assert measures[2].text == "Selkokielisen asiakasviestinnän ja henkilöstön koulutus"
    assert reads_as_next("1.1.2", "113") and reads_as_next("1.2", "21") and not reads_as_next("1.1.2", "115")
    assert not reads_as_next("1.1.2", "1.1.3") and not reads_as_next("12", "13")


def test_plain_row_numbers_ocr_misread_take_the_number_the_sequence_expects():
    """A table numbering its rows 1, 2, … (tuning scans pietarsaari: "6" read as "38", "5" as "SS", a small
    "1" lost): decoded like dotted ids; an unread one only where it holds a place among read ones."""
    misread = _seq(["1", "2", "3", "4", "5", "38", "7", "8", "SS", "10"])
    repair_id_sequence(misread, {1})
    assert [m.id for m in misread] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    unread = _seq([None, "2", "3", None, "5", "6", None])
    repair_id_sequence(unread, {1})
    assert [m.id for m in unread] == ["1", "2", "3", "4", "5", "6", None]  # none for the text after the table
    text = _seq(["1", "2", "38", "4"], page=2)
    repair_id_sequence(text, {1})
    assert [m.id for m in text] == ["1", "2", "38", "4"]  # a text layer's own numbers stay
