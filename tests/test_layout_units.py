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


@pytest.mark.parametrize("named,roles", [
    (["goal", "goal", "responsible"], ["goal", "text", "responsible"]),  # targets table: the last goals column lists measures
    ([None, "goal", "schedule"], ["goal", "text", "schedule"]),  # ... and an unnamed column before it holds the goal
    (["text", "responsible", "text"], ["text", "responsible", None]),  # a second column of a taken role gets none
    (["id", "text", None], ["id", "text", None]),
])
def test_column_roles_by_position(named, roles):
    from kotoex.extract.columns import column_roles

    assert column_roles(named) == roles


def test_follow_up_column_read_as_status_by_its_cells():
    from dataclasses import dataclass, field

    from kotoex.extract.columns import follow_up_as_status

    @dataclass
    class R:
        cells: dict
        header_roles: tuple = ("text", "indicator")

    statuses = {"Toteutunut", "Osittain", "Ei toteutunut"}
    rows = [R({"text": "a", "indicator": s}) for s in ("Toteutunut", "Osittain", "Ei toteutunut", "Kävijämäärä")]
    roles = {"text", "indicator"}
    note = follow_up_as_status(rows, roles, lambda c: c in statuses)
    assert note and "3 of 4" in note
    assert roles == {"text", "status"} and rows[0].cells == {"text": "a", "status": "Toteutunut"}
    assert rows[3].header_roles == ("text", "status")
    # indicators that are mostly no status phrases stay indicators
    rows = [R({"indicator": s}) for s in ("Toteutunut", "Kävijämäärä", "Osallistujat", "Palaute")]
    roles = {"text", "indicator"}
    assert follow_up_as_status(rows, roles, lambda c: c in statuses) is None
    assert roles == {"text", "indicator"} and rows[0].cells == {"indicator": "Toteutunut"}


def test_heading_stream_blocks_and_context():
    from _synth import make_pages

    from kotoex.extract.columns import default_vocab
    from kotoex.extract.layout import group_lines
    from kotoex.interpret.headings import heading_blocks, read_headings
    from kotoex.interpret.rows import Context

    (page,) = make_pages([[
        ("ASIAKASKOHDERYHMÄ", 10, True), ("Työikäiset maahanmuuttajat", 10, False),
        ("TAVOITTEET", 10, True), ("1. Työllisyys paranee", 10, False), ("2. Kielitaito vahvistuu", 10, False),
        ("3.1 Harrastukset", 12, True), ("• Kerhotoimintaa lisätään", 10, False), ("• Ks. 2 luku", 10, False),
    ]])
    lines = group_lines(page.words)
    vocab = default_vocab()
    # a label opens a block that every line joins until the next label: the heading joins the goals
    assert [b.kind for b in heading_blocks(lines, vocab, 10.0)] == ["section", "goals"]
    ctx, narrative = read_headings(lines[:5], Context(), vocab, 10.0)
    assert ctx.section == "Työikäiset maahanmuuttajat"
    assert ctx.goals == {"1": "Työllisyys paranee", "2": "Kielitaito vahvistuu"} and ctx.goal is None
    assert set(ctx.goals_boxes) == {"1", "2"} and narrative == []
    # a heading then a bullet list: a new section and one narrative measure per item
    blocks = heading_blocks(lines[5:], vocab, 10.0)
    assert [b.kind for b in blocks] == ["heading", "list"] and [len(it) for it in blocks[1].items] == [1, 1]
    ctx, narrative = read_headings(lines[5:], ctx, vocab, 10.0)
    assert ctx.section == "Harrastukset" and ctx.goals == {}  # the heading's number is dropped, the goals reset
    assert [m.text for m in narrative] == ["Kerhotoimintaa lisätään"]  # a cross reference is no measure
    assert narrative[0].section == "Harrastukset" and narrative[0].path == "narrative"


def test_bullets_without_hanging_indent_keep_their_wrapped_lines():
    """A word processor that sets bullets flush with their wrapped lines (LibreOffice's default list
    style): a wrapped line at the line pitch continues its item, the next bullet starts the next one,
    and a paragraph after a gap ends the list."""
    from _synth import make_pages

    from kotoex.extract.columns import default_vocab
    from kotoex.extract.layout import group_lines
    from kotoex.interpret.headings import heading_blocks, read_headings
    from kotoex.interpret.rows import Context

    (page,) = make_pages([[
        ("4.1 Alkuvaiheen palvelut", 12, True),
        ("• Neuvonta antaa palveluohjausta ja on mukana", 10, False), ("tiedottamisessa kaikille.", 10, False),
        ("• Henkilöstön riittävyyttä tarkastellaan.", 10, False),
        ("• Tilantarve huomioidaan suunnittelussa.", 10, False),
    ]])
    lines = group_lines(page.words)
    vocab = default_vocab()
    blocks = heading_blocks(lines, vocab, 10.0)
    assert [b.kind for b in blocks] == ["heading", "list"] and [len(it) for it in blocks[1].items] == [2, 1, 1]
    _, narrative = read_headings(lines, Context(), vocab, 10.0)
    assert [m.text for m in narrative] == [
        "Neuvonta antaa palveluohjausta ja on mukana tiedottamisessa kaikille.",
        "Henkilöstön riittävyyttä tarkastellaan.", "Tilantarve huomioidaan suunnittelussa."]
    # a sentence that ends its item, then a capitalised line: a paragraph, not part of the item
    (page,) = make_pages([[
        ("4.1 Alkuvaiheen palvelut", 12, True), ("• Neuvontaa lisätään.", 10, False),
        ("Kaupunki seuraa toteutumista vuosittain.", 10, False),
    ]])
    _, narrative = read_headings(group_lines(page.words), Context(), vocab, 10.0)
    assert [m.text for m in narrative] == ["Neuvontaa lisätään."]
    # items set apart by gaps wider than the line pitch: a line at the pitch is the item's next sentence
    (page,) = make_pages([[
        ("4.1 Alkuvaiheen palvelut", 12, True), ("• Neuvontaa lisätään.", 10, False),
        ("• Korvauksia haetaan keskitetysti.", 10, False, 8.0), ("Vuonna 2020 korvaukset pienenevät.", 10, False),
        ("Kaupunki seuraa toteutumista vuosittain.", 10, False, 8.0),
    ]])
    _, narrative = read_headings(group_lines(page.words), Context(), vocab, 10.0)
    assert [m.text for m in narrative] == ["Neuvontaa lisätään.",
                                           "Korvauksia haetaan keskitetysti. Vuonna 2020 korvaukset pienenevät."]


def test_a_long_line_in_bold_and_larger_is_a_heading():
    """Target-group headings are often sentences of twenty words; bold *and* a larger size mark them,
    while a long bold line in the body size stays text."""
    from _synth import make_pages

    from kotoex.extract.layout import group_lines
    from kotoex.interpret.headings import heading_like

    sentence = ("Pitempään maassa (noin 3 vuotta) olleet maahanmuuttajanuoret, joilla on riittämättömät "
                "kielelliset ja muut valmiudet sekä heidän perheensä.")
    (page,) = make_pages([[(sentence, 12, True), (sentence, 10, True), ("Lyhyt otsikko", 10, True)]], width=1400)
    big, body_bold, short = group_lines(page.words)
    assert len(big.words) == 17
    assert heading_like(big, 10.0) and not heading_like(body_bold, 10.0) and heading_like(short, 10.0)


def test_an_ocr_read_numbered_heading_without_bold_is_a_heading():
    """OCR lost the bold of a numbered section heading between two tables ("2. Kielitaito, ..."), and read its
    size 12.98 over a body of 11.3 (under the 1.15 of a plain larger line): a line opening with a heading
    number this much larger is heading-like on a scan; the same line unnumbered, or with no OCR, is not
    (words of a tuning scan)."""
    from kotoex.extract.layout import Line
    from kotoex.extract.pdf import Word
    from kotoex.interpret.headings import heading_like

    def line(items, conf=95.0):
        return Line([Word(t, x0, x1, 491.5, 504.5, 12.98, False, 2, conf) for t, x0, x1 in items])

    items = [("2.", 66.0, 76.0), ("Kielitaito,", 81.0, 142.0), ("koulutus", 147.0, 201.0), ("ja", 204.0, 216.0),
             ("työllistyminen", 220.0, 308.0)]
    assert heading_like(line(items), 11.3)
    assert not heading_like(line(items[1:]), 11.3) and not heading_like(line(items, conf=None), 11.3)


def test_an_inline_goal_ends_where_its_text_does():
    """ "Tavoite: ..." and its wrapped line are the goal; a heading and a bullet list after it are read as
    usual (they used to join the goal block, and the list's measures were lost)."""
    from _synth import make_pages

    from kotoex.extract.columns import default_vocab
    from kotoex.extract.layout import group_lines
    from kotoex.interpret.headings import heading_blocks, read_headings
    from kotoex.interpret.rows import Context

    (page,) = make_pages([[
        ("Tavoite: Kuntalaisten hyvinvointi ja osallisuus", 10, False), ("vahvistuvat koko ohjelmakaudella", 10, False),
        ("Kotoutumisen alkuvaiheen palvelut", 12, True),
        ("• Neuvontaa tarjotaan omalla kielellä", 10, False), ("• Ohjaus toimii kotoutumisen edistäjänä", 10, False),
    ]])
    lines = group_lines(page.words)
    vocab = default_vocab()
    assert [b.kind for b in heading_blocks(lines, vocab, 10.0)] == ["goal_inline", "heading", "list"]
    ctx, narrative = read_headings(lines[:2], Context(), vocab, 10.0)
    assert ctx.goal == "Kuntalaisten hyvinvointi ja osallisuus vahvistuvat koko ohjelmakaudella"
    _, narrative = read_headings(lines, Context(), vocab, 10.0)
    assert [(m.text, m.section) for m in narrative] == [
        ("Neuvontaa tarjotaan omalla kielellä", "Kotoutumisen alkuvaiheen palvelut"),
        ("Ohjaus toimii kotoutumisen edistäjänä", "Kotoutumisen alkuvaiheen palvelut")]


def test_a_one_column_tables_header_repeated_over_a_page_does_not_end_its_list():
    """A one-column table set as a heading and bullets, its header ("Ohjelmakauden tavoitteet", a column
    name, plain) repeated at the top of the next page: the list of the page before goes on under it, its
    bullets where that page has them."""
    from _synth import make_pages

    from kotoex.extract.columns import default_vocab
    from kotoex.extract.layout import group_lines
    from kotoex.interpret.headings import read_headings
    from kotoex.interpret.rows import Context

    pages = make_pages([
        [("Ohjelmakauden tavoitteet", 10, False), ("Peruspalvelut kotoutujan tukena", 10, True),
         ("• Työllisyysaste nousee", 10, False), ("• Osallistuminen lisääntyy", 10, False)],
        [("Ohjelmakauden tavoitteet", 10, False), ("• Terveyserot kaventuvat", 10, False),
         ("Pakolaisten vastaanotto", 10, True), ("• Kuntapaikat täytetään", 10, False)],
    ])
    for w in pages[1].words:  # the second page lies 6 points apart (a scan)
        w.x0, w.x1 = w.x0 - 6.0, w.x1 - 6.0
    lines = [ln for p in pages for ln in group_lines(p.words)]
    _, narrative = read_headings(lines, Context(), default_vocab(), 10.0)
    assert [(m.section, m.text) for m in narrative] == [
        ("Peruspalvelut kotoutujan tukena", "Työllisyysaste nousee"),
        ("Peruspalvelut kotoutujan tukena", "Osallistuminen lisääntyy"),
        ("Peruspalvelut kotoutujan tukena", "Terveyserot kaventuvat"),
        ("Pakolaisten vastaanotto", "Kuntapaikat täytetään")]
