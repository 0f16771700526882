"""Pure functions of the layout and interpretation layers."""
import pytest

from kotoex.extract.layout import clean_join, join_hyphenated
from kotoex.extract.table import ROW_ID
from kotoex.interpret.subjects import subject_body


@pytest.mark.parametrize("left,right,joined", [
    ("ohjaus-", "ja koulutusjärjestelmän", "ohjaus- ja koulutusjärjestelmän"),
    ("jatko-", "opintoihin", "jatko-opintoihin"),
    ("Vapaa-", "aikatoimiala", "Vapaa-aikatoimiala"),
    ("TE-", "toimisto", "TE-toimisto"),
    ("Etelä-", "Pohjanmaa", "Etelä-Pohjanmaa"),
    ("maahanmuut-", "tajat", "maahanmuuttajat"),
    ("kotoutu-", "misen", "kotoutumisen"),
    ("2020-", "luvulla", "2020-luvulla"),
    ("sosiaali-", "och hälsovården", "sosiaali- och hälsovården"),
    ("sanat", "jatkuvat", "sanat jatkuvat"),
])
def test_join_hyphenated(left, right, joined):
    assert join_hyphenated(left, right) == joined


def test_clean_join_drops_bullets():
    assert clean_join(["• Ensimmäinen kohta", "jatkuu", "• Toinen"]) == "Ensimmäinen kohta jatkuu Toinen"


@pytest.mark.parametrize("text,mid", [
    ("1.2 Kehittämisehdotus", "1.2"), ("1.2.kehittämis ehdotus", "1.2"), ("2.3 Kehittämistoimenpide", "2.3"),
    ("1.1.1 Monikielisen", "1.1.1"), ("12. Stöd till", "12"), ("A1 Toimenpide", "A1"),
])
def test_measure_ids(text, mid):
    m = ROW_ID.match(text)
    assert m and m["id"].replace(" ", "").rstrip(".") == mid


@pytest.mark.parametrize("text", ["2020 aikana toteutetaan", "3D-tulostus", "Kaupunki"])
def test_not_measure_ids(text):
    m = ROW_ID.match(text)
    assert not m or len(m["id"]) <= 2 and text[len(m["id"]):][:1] in " ."


KNOWN = {"Järvenpää", "Maahanmuuttajatoimisto Verso", "maahanmuuttajatoimisto Verso", "Kotoutumispalvelut"}


@pytest.mark.parametrize("text,subject", [
    ("Maahanmuuttajatoimisto Verso antaa palveluohjausta, neuvoo ja tiedottaa.", "Maahanmuuttajatoimisto Verso"),
    ("Poikkihallinnollinen, moniammatillinen maahanmuuttajatoimisto Verso vastaa palveluista",
     "maahanmuuttajatoimisto Verso"),
    ("Järvenpää vastaanottaa vuosittain kuntapaikoille henkilöitä", "Järvenpää"),
    ("Maahanmuuttajatoimisto Verson tilantarve huomioidaan suunnittelussa.", None),  # genitive, passive
    ("Kotoutumispalvelut koordinoi ja seuraa ohjelmaa.", "Kotoutumispalvelut"),
    ("Järvenpää on kaikille viihtyisä", None),
])
def test_subject_body(text, subject):
    assert subject_body(text, lambda s: s in KNOWN) == subject


def _words(spec: list[tuple[str, float]], size: float = 9.0, top: float = 100.0):
    from kotoex.extract.pdf import Word

    out = []
    for text, x0 in spec:
        out.append(Word(text, x0, x0 + 0.5 * size * len(text), top, top + size, size, False, 1))
    return out


def test_a_lone_mark_between_header_labels_is_no_column():
    from kotoex.extract.layout import Line
    from kotoex.extract.columns import default_vocab
    from kotoex.extract.table import find_header

    # "Seuranta : Aikataulu" as OCR reads a header with a speck between two labels
    line = Line(_words([("Tavoitteet", 40), ("Kehittämistoimenpide", 180), ("Vastuutaho", 390),
                        ("Seuranta", 500), (":", 560), ("Aikataulu", 600)]))
    cells = find_header(line, default_vocab())
    assert cells is not None
    assert [label for _, label, *_ in cells] == ["Tavoitteet", "Kehittämistoimenpide", "Vastuutaho", "Seuranta",
                                                 "Aikataulu"]
    # a "#" id column is a label, not a mark, and stays
    line = Line(_words([("#", 40), ("Toimenpide", 70), ("Vastuutaho", 300)]))
    cells = find_header(line, default_vocab())
    assert cells is not None and cells[0][1] == "#"


def test_a_dash_at_a_column_boundary_is_not_text_flowing_across_it():
    from kotoex.extract.layout import Line
    from kotoex.extract.table import Column, Header, _flows

    header = Header(page=1, top=80, bottom=90, size=9.0,
                    columns=[Column("goal", "Tavoite", float("-inf"), 180, 40), Column("text", "Toimenpide", 180, 400, 181)])
    assert not _flows(Line(_words([("Tavoite", 40), ("—", 174), ("1.1", 181)])), header)
    assert _flows(Line(_words([("pitkä", 140), ("otsikko", 172), ("jatkuu", 206)])), header)


def test_a_carried_header_is_shifted_onto_the_next_scanned_page():
    from kotoex.extract.pdf import Page, Rule
    from kotoex.extract.table import Column, Header, align_header

    header = Header(page=1, top=80, bottom=90, size=9.0, columns=[
        Column("goal", "Tavoite", float("-inf"), 180, 60), Column("text", "Toimenpide", 180, 400, 184),
        Column("responsible", "Vastuutaho", 400, float("inf"), 404)])
    # the next page lies 4 pt to the right: its column rules are at 184 and 404
    ruled = Page(2, 842, 595, rules=[Rule(184, 50, 184, 500), Rule(404, 50, 404, 500), Rule(60, 50, 800, 50)])
    moved = align_header(header, ruled)
    assert [round(c.x0, 1) for c in moved.columns[1:]] == [184.0, 404.0] and moved.roles == header.roles
    # a scan without rules: the columns' text starts tell the shift
    words = [w for y in range(100, 400, 20) for w in _words([("alku", 64), ("teksti", 188), ("taho", 408)], top=y)]
    scan = Page(2, 842, 595, words=words, ocr=True)
    assert [round(c.text_x0, 1) for c in align_header(header, scan).columns] == [64.0, 188.0, 408.0]
    # a born-digital page does not move between pages: only its rules would shift the header
    assert align_header(header, Page(2, 842, 595, words=words)) is header
