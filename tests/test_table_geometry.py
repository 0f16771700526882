"""Table geometry that does not depend on one producer's spacing, header words in other forms, and
the table reader's problems, each on a small page drawn with reportlab.

* a goal cell merged over three rows with its text centred (LibreOffice): each row has the goal;
* a tightly set borderless table under a larger header: rows cut where two columns open at once;
* a shaded table whose goal cell is taller than its first row: the rest goes back to that row;
* a heading under a table's undrawn last row: a section for the next table, not text of the row;
* header words with years, parts and two goals columns; the one-call fuzzy match;
* an unrecognised header row and implausible measures reported as problems.
* a scanned rule read in pieces (a shaded section band's faint border): one rule, cutting rows.
* a scanned header repeated with labels OCR lost: the earlier header's columns.
* specks of a scan: beside a heading under a boxed table (no grid), in the margin of a header (no column).
* a scanned id column's label misread into the goal label's cell ("W TAVOITTEET", "IRON TAvoiTE"): the id column.
* the edge of a shaded header cell read as a vertical rule: no grid making every row full-width.
* an inline goal line set closely above or below a borderless table's rows: a goal row of its own.
* a bold section row alone in the first column: no wrapped header label, a band of its own between rows.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kotoex.extract import iter_pages, open_document
from kotoex.extract.columns import ColumnVocab, default_vocab
from kotoex.interpret.measures import read_measures
from kotoex.interpret.rows import RawMeasure
from kotoex.interpret.table_problems import implausible

pytest.importorskip("reportlab.pdfgen.canvas")

PAGE_W, PAGE_H = 842.0, 595.0
X0, PAD = 40.0, 4.0


def _pdf(path: Path, draw) -> list:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    draw(c)
    c.showPage()
    c.save()
    return list(iter_pages(open_document(path)))


def _text(c, x: float, y: float, text: str, size: float = 9.0, bold: bool = False) -> None:
    """``text`` with its top at ``y`` (page coordinates from the top)."""
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    c.drawString(x, PAGE_H - (y + size), text)


def _hline(c, x0: float, x1: float, y: float) -> None:
    c.line(x0, PAGE_H - y, x1, PAGE_H - y)


def _vline(c, x: float, y0: float, y1: float) -> None:
    c.line(x, PAGE_H - y0, x, PAGE_H - y1)


COLS = (X0, 200.0, 420.0, 560.0, 700.0)  # goal | action | responsible | schedule, right edge
GOAL = ["Kotoutujat saavat tiedon", "omalla kielellään heti", "alkuvaiheessa."]
ACTIONS = [("Neuvontapisteen palvelut vakiinnutetaan.", "Maahanmuuttajapalvelut", "2022"),
           ("Alkukartoitus tarjotaan kaikille.", "Sosiaalipalvelut", "2023"),
           ("Verkkosivuille selkokielinen osio.", "Viestintä", "2024")]


def _header_row(c, y: float, labels: tuple[str, ...], size: float = 9.0) -> None:
    for x, label in zip(COLS, labels):
        _text(c, x + PAD, y + PAD, label, size, bold=True)


def test_a_merged_goal_cell_centred_over_three_rows_is_every_rows_goal(tmp_path):
    """LibreOffice centres a merged cell's text: it lies in the middle row, its rules skip the goal column."""
    row_h = 30.0

    def draw(c):
        top = 60.0
        _header_row(c, top, ("Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu"))
        body = top + 20
        _hline(c, COLS[0], COLS[-1], top)
        _hline(c, COLS[0], COLS[-1], body)
        for k, (action, body_name, year) in enumerate(ACTIONS):
            y = body + k * row_h
            _text(c, COLS[1] + PAD, y + PAD, action)
            _text(c, COLS[2] + PAD, y + PAD, body_name)
            _text(c, COLS[3] + PAD, y + PAD, year)
            if k:
                _hline(c, COLS[1], COLS[-1], y)  # the rule between rows stops at the merged goal cell
        bottom = body + 3 * row_h
        _hline(c, COLS[0], COLS[-1], bottom)
        mid = body + 1.5 * row_h - 1.5 * 11
        for k, line in enumerate(GOAL):
            _text(c, COLS[0] + PAD, mid + k * 11, line)
        for x in COLS:
            _vline(c, x, top, bottom)

    measures, problems, _ = read_measures(_pdf(tmp_path / "merged.pdf", draw))
    assert [m.text for m in measures] == [a for a, _, _ in ACTIONS]
    assert {m.goal for m in measures} == {" ".join(GOAL)}
    assert [m.cells["schedule"] for m in measures] == ["2022", "2023", "2024"]
    assert problems == []


def test_a_tightly_set_borderless_table_is_cut_where_columns_open_together(tmp_path):
    """Rows 0.55 em apart (less than row_gap_em) under a header set larger than the body."""
    size, pitch = 9.0, 10.8

    def draw(c):
        _header_row(c, 60, ("TAVOITE", "TOIMENPIDE", "VASTUUTAHO", "AIKATAULU"), size=11)
        y = 90.0
        for k, (action, body_name, year) in enumerate(ACTIONS):
            _text(c, COLS[0] + PAD, y, f"Tavoite {k + 1}")
            _text(c, COLS[1] + PAD, y, action)
            _text(c, COLS[2] + PAD, y, body_name)
            _text(c, COLS[2] + PAD, y + pitch, "ja kumppanit")  # a second line in one column only
            _text(c, COLS[3] + PAD, y, year)
            y += 2 * pitch + 0.55 * size

    measures, _, _ = read_measures(_pdf(tmp_path / "tight.pdf", draw))
    assert [m.text for m in measures] == [a for a, _, _ in ACTIONS]
    assert [m.goal for m in measures] == ["Tavoite 1", "Tavoite 2", "Tavoite 3"]
    assert [m.cells["responsible"] for m in measures] == [f"{b} ja kumppanit" for _, b, _ in ACTIONS]


def test_a_goal_cell_taller_than_its_shaded_row_stays_with_it(tmp_path):
    """Zebra rows: the goal (spanning two rows) runs past the first fill into the second row's band."""
    def draw(c):
        _header_row(c, 60, ("Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu"))
        top = 80.0
        c.setFillGray(0.85)
        c.rect(COLS[0], PAGE_H - (top + 22), COLS[-1] - COLS[0], 22, stroke=0, fill=1)
        c.setFillGray(0)
        for k, line in enumerate(["Kotoutujat saavat tiedon", "omalla kielellään heti", "alkuvaiheessa."]):
            _text(c, COLS[0] + PAD, top + PAD + k * 10.8, line)  # the third line lies in the second row
        for k, (action, body_name, year) in enumerate(ACTIONS[:2]):
            y = top + k * 22 + PAD + (6 if k else 0)
            _text(c, COLS[1] + PAD, y, action)
            _text(c, COLS[2] + PAD, y, body_name)
            _text(c, COLS[3] + PAD, y, year)
        c.setFillGray(0.85)
        c.rect(COLS[0], PAGE_H - (top + 66), COLS[-1] - COLS[0], 22, stroke=0, fill=1)
        c.setFillGray(0)
        _text(c, COLS[0] + PAD, top + 44 + PAD, "Toinen tavoite")
        _text(c, COLS[1] + PAD, top + 44 + PAD, ACTIONS[2][0])

    measures, _, _ = read_measures(_pdf(tmp_path / "overflow.pdf", draw))
    assert [m.text for m in measures] == [a for a, _, _ in ACTIONS]
    assert [m.goal for m in measures] == [" ".join(GOAL), " ".join(GOAL), "Toinen tavoite"]


def test_a_heading_under_an_undrawn_last_row_is_the_next_tables_section(tmp_path):
    def table(c, top: float, heading: str, rows) -> float:
        _text(c, X0, top, heading, 12, bold=True)
        top += 24
        _header_row(c, top, ("Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu"))
        y = top + 20
        _hline(c, COLS[0], COLS[-1], top)
        for k, (action, body_name, year) in enumerate(rows):
            _hline(c, COLS[0], COLS[-1], y)
            _text(c, COLS[0] + PAD, y + PAD, "Tavoite")
            _text(c, COLS[1] + PAD, y + PAD, action)
            _text(c, COLS[2] + PAD, y + PAD, body_name)
            _text(c, COLS[3] + PAD, y + PAD, year)
            y += 24  # no rule under the last row: the table is drawn open at the bottom
        return y + 24

    def draw(c):
        y = table(c, 40, "Ensimmäinen teema", ACTIONS[:2])
        table(c, y, "Toinen teema", ACTIONS[2:])

    measures, _, _ = read_measures(_pdf(tmp_path / "tail.pdf", draw))
    assert [m.text for m in measures] == [a for a, _, _ in ACTIONS]
    assert [m.section for m in measures] == ["Ensimmäinen teema", "Ensimmäinen teema", "Toinen teema"]
    assert measures[1].cells["responsible"] == "Sosiaalipalvelut"


@pytest.mark.parametrize("label, role", [
    ("Tilanne 2023", "status"),
    ("Toteutuminen 31.12.2022", "status"),
    ("Tilanne vuonna 2023", "status"),
    ("Läge år 2021", "status"),
    ("Vastuutaho ja kumppanit", "responsible"),
    ("Toimiala ja yhteistyökumppanit", "responsible"),
    ("Palvelualue ja kumppanit", "responsible"),  # an unknown unit word named with its partners
    ("Ansvar och samarbetspartner", "responsible"),
    ("Mittari ja tulos", "indicator"),
    ("Kumppanit", "partners"),
    ("Ohjelmakauden tavoitteet", "goal"),
    ("Tavoitteet ja toimenpiteet", "goal"),
    ("vastuutah0", "responsible"),  # OCR damage, fuzzy
    ("Osallisuus, hyvinvointi ja yhteistyö", None),  # a theme, no column
    ("1.4 Kehittämis ehdotus", None),  # a measure label, not a header cell
])
def test_header_words_in_other_forms(label, role):
    assert default_vocab().role_of(label) == role


def test_fuzzy_roles_take_the_first_best_phrase_in_the_vocabulary_order():
    v = ColumnVocab(roles={"a": ("tilanne",), "b": ("tilanme",), "c": ("xtilanne",)}, section_labels=(),
                    goal_labels=(), measure_labels=(), fuzzy_cutoff=80)
    assert v.role_of("tilannf") == "a"  # equal ratios to 'tilanne' and 'tilanme': the first one
    assert v.role_of("tilanme") == "b"  # an exact phrase wins over a fuzzy one listed earlier
    assert v.role_of("tila") is None  # short text is never matched fuzzily


def test_two_goals_columns_are_a_goal_and_a_measure_column(tmp_path):
    def draw(c):
        _text(c, COLS[0] + PAD, 60, "PÄÄTAVOITTEET", bold=True)
        _text(c, COLS[1] + PAD, 60, "TAVOITTEET", bold=True)
        for k, (action, _, _) in enumerate(ACTIONS):
            _text(c, COLS[0] + PAD, 90 + 30 * k, f"Päätavoite {k + 1}")
            _text(c, COLS[1] + PAD, 90 + 30 * k, action)

    measures, _, facts = read_measures(_pdf(tmp_path / "goals.pdf", draw))
    assert facts["headers"] == 1 and facts["roles"] == ["goal", "text"]
    assert [(m.goal, m.text) for m in measures] == [(f"Päätavoite {k + 1}", a) for k, (a, _, _) in enumerate(ACTIONS)]


def test_an_unrecognised_header_row_is_a_problem(tmp_path):
    def draw(c):
        _header_row(c, 60, ("Päämäärä", "Keino", "Taho", "Vuosi"))
        for k, (action, body_name, year) in enumerate(ACTIONS):
            y = 90 + 30 * k
            _text(c, COLS[0] + PAD, y, "Kotoutuminen")
            _text(c, COLS[1] + PAD, y, action)
            _text(c, COLS[2] + PAD, y, body_name)
            _text(c, COLS[3] + PAD, y, year)

    measures, problems, facts = read_measures(_pdf(tmp_path / "unknown.pdf", draw))
    assert facts["headers"] == 0 and measures == []
    assert [p.kind for p in problems] == ["table_header_unrecognised"]
    assert problems[0].pages == [1] and problems[0].severity == "warning"
    assert "Päämäärä | Keino | Taho | Vuosi" in problems[0].message


def test_measures_without_action_text_are_implausible():
    def m(text: str) -> RawMeasure:
        return RawMeasure(id=None, text=text, section=None, goal=None, cells={"responsible": "Kela"}, pages=[2],
                          boxes={}, path="grid")

    assert implausible([m("Neuvonta"), m("Kurssit"), m("Kerhot"), m("Ohjaus")]) == []
    (p,) = implausible([m(""), m(""), m("Kurssit"), m("Kerhot")])
    assert p.kind == "implausible_measures" and p.pages == [2] and p.message.startswith("2 of 4")
    (p,) = implausible([m("Sama"), m("Sama"), m("Kurssit"), m("Kerhot")])
    assert "repeat" in p.message


def test_a_year_range_wrapped_in_a_narrow_column_is_one_value():
    from kotoex.extract.layout import clean_join

    assert clean_join(["2023–", "2024"]) == "2023–2024"
    assert clean_join(["vuosina 2023 –", "2024"]) == "vuosina 2023 – 2024"  # spaced dash: words, not a range
    assert clean_join(["Kela", "2024"]) == "Kela 2024"


def test_wrapped_schedule_ranges_stay_with_their_list_items(tmp_path):
    """A list cell of three actions beside a narrow schedule column: '2023–' / '2024' is the first
    action's, '2025' the second's (the entries after a wrap move up a line), the third shares it."""
    pitch = 11.0

    def draw(c):
        c.setFont("Helvetica-Bold", 9)
        for x, label in ((COLS[0], "Toimenpide"), (COLS[1] + 100, "Vastuutaho"), (COLS[2] + 60, "Aikataulu")):
            c.drawString(x + PAD, PAGE_H - 69, label)
        y = 90.0
        for k, (action, _, _) in enumerate(ACTIONS):
            _text(c, COLS[0] + PAD, y + k * pitch, f"• {action}")
        _text(c, COLS[1] + 100 + PAD, y, "Sivistystoimi")
        for k, entry in enumerate(["2023–", "2024", "2025"]):
            _text(c, COLS[2] + 60 + PAD, y + k * pitch, entry)

    measures, _, _ = read_measures(_pdf(tmp_path / "wrapped.pdf", draw))
    assert [m.text for m in measures] == [a for a, _, _ in ACTIONS]
    assert [m.cells["schedule"] for m in measures] == ["2023–2024", "2025", "2025"]


def test_partners_named_after_a_label_inside_the_responsible_cell(tmp_path):
    cells = [["Sivistystoimi", "Kumppanit: Kela, TE-toimisto"], ["Vastuu: Sosiaalitoimi", "Yhteistyö: Kela"],
             ["Bildningsväsendet. Samarbete: FPA"], ["Liikunta yhteistyössä Kelan kanssa"]]

    def draw(c):
        _header_row(c, 60, ("Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu"))
        for k, lines in enumerate(cells):
            y = 90 + 40 * k
            _text(c, COLS[1] + PAD, y, f"Toimenpide {k + 1}")
            for j, line in enumerate(lines):
                _text(c, COLS[2] + PAD, y + 11 * j, line)

    measures, _, _ = read_measures(_pdf(tmp_path / "partners.pdf", draw))
    got = [(m.cells.get("responsible"), m.cells.get("partners")) for m in measures]
    assert got == [("Sivistystoimi", "Kela, TE-toimisto"), ("Sosiaalitoimi", "Kela"), ("Bildningsväsendet", "FPA"),
                   ("Liikunta yhteistyössä Kelan kanssa", None)]  # no label: the body parser's phrase


def test_unnamed_columns_read_by_what_stands_under_them(tmp_path):
    """'Tunniste' and 'Ajoitus' and 'Mitä tehdään?' name no known column: the letters-and-numbers
    ids, the years and the longest text below them do; 'Vastuutaho' and 'Tilanne 2023' are known."""
    rows = [("A1", "Neuvontapisteen palvelut vakiinnutetaan kaikille", "Sosiaalitoimi", "2023–2024", "Toteutunut"),
            ("A2", "Alkukartoitus tarjotaan kaikille tulijoille", "TE-toimisto", "2024", "Käynnissä"),
            ("T2.3", "Verkkosivuille tehdään selkokielinen osio", "Viestintä", "Vuosittain", "Ei aloitettu")]
    xs = (X0, 90.0, 330.0, 450.0, 560.0)

    def draw(c):
        for x, label in zip(xs, ("Tunniste", "Mitä tehdään?", "Vastuutaho", "Ajoitus", "Tilanne 2023")):
            _text(c, x + PAD, 60, label, bold=True)
        for k, row in enumerate(rows):
            for x, cell in zip(xs, row):
                _text(c, x + PAD, 90 + 30 * k, cell)

    measures, problems, facts = read_measures(_pdf(tmp_path / "content.pdf", draw))
    assert facts["headers"] == 1 and facts["roles"] == ["id", "responsible", "schedule", "status", "text"]
    assert [(m.id, m.text, m.cells["schedule"]) for m in measures] == [(r[0], r[1], r[3]) for r in rows]
    assert problems == []


def test_a_row_starts_where_two_columns_open_beside_a_taller_cell(tmp_path):
    """Borderless, the goal cell (spanning both rows) runs on past the first row: no gap crosses the
    table, but the action and responsible columns open together after a wider step."""
    pitch = 10.8

    def draw(c):
        _header_row(c, 60, ("Tavoite", "Toimenpide", "Vastuutaho", "Aikataulu"))
        y = 90.0
        for k, line in enumerate(["Kotoutujat saavat tiedon", "omalla kielellään heti", "alkuvaiheessa ja",
                                  "selkokielellä."]):
            _text(c, COLS[0] + PAD, y + k * pitch, line)
        for k, (action, body_name, year) in enumerate(ACTIONS[:2]):
            top = y + k * (2 * pitch + 5.4)
            _text(c, COLS[1] + PAD, top, action)
            _text(c, COLS[1] + PAD, top + pitch, "kaikissa toimipisteissä")
            _text(c, COLS[2] + PAD, top, body_name)
            _text(c, COLS[3] + PAD, top, year)

    measures, _, _ = read_measures(_pdf(tmp_path / "beside.pdf", draw))
    assert [m.text for m in measures] == [f"{a} kaikissa toimipisteissä" for a, _, _ in ACTIONS[:2]]
    assert [m.cells["schedule"] for m in measures] == ["2022", "2023"]
    assert measures[0].goal == measures[1].goal == "Kotoutujat saavat tiedon omalla kielellään heti alkuvaiheessa ja " \
                                                   "selkokielellä."


def test_a_section_cell_on_its_groups_first_row_holds_for_the_rows_below(tmp_path):
    def draw(c):
        _text(c, X0, 40, "Ohjelman tavoitteet", 12, bold=True)
        _header_row(c, 60, ("Osa-alue", "Toimenpide", "Vastuutaho", "Aikataulu"))
        for k, (action, body_name, year) in enumerate(ACTIONS):
            y = 90 + 30 * k
            if k in (0, 2):
                _text(c, COLS[0] + PAD, y, "Alkuvaihe" if k == 0 else "Työllisyys")
            _text(c, COLS[1] + PAD, y, action)
            _text(c, COLS[2] + PAD, y, body_name)

    measures, _, _ = read_measures(_pdf(tmp_path / "sections.pdf", draw))
    assert [m.section for m in measures] == ["Alkuvaihe", "Alkuvaihe", "Työllisyys"]  # not the heading above


def test_a_word_filling_a_narrow_cell_up_to_its_neighbour_is_no_full_width_row(tmp_path):
    """LibreOffice pads cells less: 'Integrationskoordinatorn' ends a couple of points before the
    next column's text, as close as a word space, but the row is a row (cells with gaps between)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    word = "Integrationskoordinatorn"
    x1 = COLS[0] + PAD + stringWidth(word, "Helvetica", 9)
    xs = (COLS[0], x1 - PAD + 2.0, x1 + 180, x1 + 330)  # the next column's text 2 pt after the word

    def draw(c):
        for x, label in zip(xs, ("Ansvar", "Åtgärd", "Tidtabell", "Mål")):
            _text(c, x + PAD, 60, label, bold=True)
        for k in range(2):
            y = 90 + 40 * k
            for x, cell in zip(xs, (word, f"Åtgärd nummer {k + 1} utan", "Årligen", "Mål ett")):
                _text(c, x + PAD, y, cell)
            _text(c, xs[1] + PAD, y + 11, "ett långt namn")

    measures, _, _ = read_measures(_pdf(tmp_path / "narrow.pdf", draw))
    assert [m.text for m in measures] == [f"Åtgärd nummer {k + 1} utan ett långt namn" for k in range(2)]
    assert [m.cells["responsible"] for m in measures] == [word, word]


def test_an_unrecognised_table_makes_the_document_partial(tmp_path):
    from kotoex.pipeline import process_file

    path = tmp_path / "unknown.pdf"

    def draw(c):
        _header_row(c, 60, ("Päämäärä", "Keino", "Taho", "Vuosi"))
        for k, (action, body_name, year) in enumerate(ACTIONS):
            for x, cell in zip(COLS, ("Kotoutuminen", action, body_name, year)):
                _text(c, x + PAD, 90 + 30 * k, cell)

    _pdf(path, draw)
    doc = process_file(path)
    assert doc.status == "partial"
    assert "table_header_unrecognised" in [p.kind for p in doc.problems]


def test_a_group_heading_set_tight_under_the_header_is_neither_header_label_nor_part_of_the_first_row():
    """A scanned page (no rules found): the bold header, a bold group heading running from the first
    column into the second a word space apart, the first row right under it. The heading is not a wrapped
    header label, and it is a band of its own (geometry of a tuning scan, as tesseract boxes it)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Page, Word
    from kotoex.extract.table import gap_separators
    from kotoex.extract.table_header import build_header, find_header

    def line(top, items, bold, size):
        return [Word(t, x, x + w, top, top + size, size, bold, 1) for t, x, w in items]

    head = line(236, [("Tavoite", 40, 40), ("Vastuu", 179, 38), ("Toimenpiteet", 324, 70), ("Arvio", 515, 30),
                      ("toteutumisesta", 549, 80), ("Seuranta", 706, 50)], True, 12.1)
    heading = line(254, [("1.", 41.5, 8.6), ("Alkuvaiheen", 53.8, 69.4), ("ohjaus", 126.7, 37), ("ja", 165.8, 11.3),
                         ("palvelut", 180.7, 45.6)], True, 12.1)
    row = line(270.4, [("Kuntaan", 41, 45), ("muuttaneet", 90, 60), ("Maahanmuuttajapalvelut", 180, 130),
                       ("Monikulttuurisen", 325, 95), ("Toteutunut.", 516, 60)], False, 11.3)
    row2 = line(282, [("saavat", 41, 35), ("neuvontapisteen", 325, 90)], False, 11.3)
    page = Page(1, 842.0, 595.0, head + heading + row + row2)
    lines = group_lines(page.words)
    cells = find_header(lines[0], default_vocab())
    assert cells and [c[0] for c in cells][:3] == ["goal", "responsible", "text"]
    header = build_header(lines[0], cells, page, lines[1:4])
    assert header.bottom < 254 and "Alkuvaiheen" not in " ".join(c.label for c in header.columns)
    cuts = gap_separators(heading + row + row2, 11.3, header)
    assert any(266.1 <= y <= 270.4 for y in cuts)  # the heading's band ends where the row's first line begins


def test_a_scanned_rule_read_in_pieces_still_cuts_rows_and_bounds_a_section_band():
    """A continuation page of a scan (rules only, no header, no vertical rules): the faint borders of a
    shaded full-width section band were found from the image in pieces, none covering the action
    column alone, and the fill under its full-width text was not found. The pieces on one line are one
    rule: the band is a spanning row of the table, not free text under it, and the row above keeps
    its own cells (geometry and words of a tuning scan, as found and boxed)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Page, Rule, Word
    from kotoex.extract.table import cut_bands, horizontal_rules
    from kotoex.extract.table_header import build_header, find_header

    def line(page, top, size, items, bold=False):
        return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]

    head = line(1, 164.15, 10.55, [("TAVOITTEET", 33.12, 88.32), ("KEHITTÄMISTOIMENPIDE", 167.52, 277.92),
                                    ("VASTUUTAHO", 368.16, 429.36), ("RAPORTOINTI", 493.44, 553.68),
                                    ("MITTARI", 694.08, 730.08)], bold=True)
    first = Page(1, 842.04, 595.44, head, ocr=True)
    hl = group_lines(head)[0]
    header = build_header(hl, find_header(hl, default_vocab()), first, [])
    above = line(2, 178.1, 9.04, [("maahanmuuttaja", 169.2, 237.12), ("yhdistysten", 240.24, 285.84),
                                  ("osaamista.", 288.72, 332.16)])  # the last line of the row above
    row = (line(2, 191.9, 9.46, [("2.2", 168.96, 180.72), ("Heikon", 184.08, 210.96), ("taidon", 213.84, 269.76),
                                 ("Hyvinvointitoimiala,", 369.12, 448.8), ("Toteutuu", 494.4, 529.92),
                                 ("Suomen", 533.04, 565.44), ("Keskittäminen", 695.52, 752.16)])
           + line(2, 201.97, 9.88, [("varhaiskasvatuksessa", 168.96, 255.84), ("sivistystoimiala", 369.84, 431.28),
                                     ("kehitetty", 495.12, 530.4)])
           + line(2, 288.17, 9.46, [("hallintokuntien", 169.2, 228.0), ("yhteistyönä.", 285.36, 334.32)]))
    band = line(2, 302.39, 10.55, [("2.", 35.28, 43.92), ("Pitempään", 47.52, 97.92), ("maassa", 101.52, 137.28),
                                   ("(noin", 140.64, 164.88), ("3", 168.24, 173.76), ("vuotta)", 176.88, 212.16),
                                   ("maahanmuuttajanuoret,", 245.52, 361.92), ("joilla", 364.32, 388.32),
                                   ("on", 391.2, 402.96), ("riittämättömät", 406.32, 477.36),
                                   ("kielelliset", 480.24, 527.04), ("muut", 541.44, 566.64),
                                   ("perheensä.", 680.88, 734.16)], bold=True)
    pieces = [(166.32, 189.12, 806.4), (541.68, 299.52, 758.88), (352.32, 299.64, 405.36), (444.72, 299.64, 524.88),
              (782.4, 299.64, 806.4), (32.4, 299.76, 91.92), (99.36, 299.76, 199.2), (205.2, 299.76, 328.32),
              (753.84, 316.2, 777.36), (344.16, 316.32, 384.0), (451.92, 316.32, 504.0), (578.64, 316.32, 621.36),
              (671.76, 316.32, 713.52), (43.44, 316.44, 111.6), (124.08, 316.44, 188.16), (200.16, 316.44, 253.44),
              (551.04, 316.44, 569.76)]
    rules = [Rule(x0, y, x1, y) for x0, y, x1 in pieces]
    words = above + row + band
    page = Page(2, 842.04, 595.44, words, rules=rules, ocr=True)
    bands = cut_bands(page, header, words, 150.0, 595.44)
    assert [b.spanning for b in bands] == [False, False, True]
    assert not bands[-1].below_table  # a row of the table: the table goes on on the next page
    responsible = header.index("responsible")
    assert [ln.text for ln in bands[1].cells[responsible]] == ["Hyvinvointitoimiala,", "sivistystoimiala"]
    joined = sorted((round(r.top), round(r.x0), round(r.x1)) for r in horizontal_rules(page))
    assert joined == [(189, 166, 806), (300, 32, 806), (316, 43, 777)]
    text_layer = Page(2, 842.04, 595.44, words, rules=rules)  # a drawn rule is never joined
    assert len(horizontal_rules(text_layer)) == len(rules)


def test_a_scanned_header_repeated_with_labels_lost_takes_the_earlier_headers_columns():
    """The header row repeated on a later scanned page, its dark band's last two labels not read by OCR:
    its columns start where the first page's do (the scan shifted 8 points), so it is that header, and the
    row under it keeps its status and indicator apart from the responsible body (words of a tuning scan)."""
    from kotoex.extract.pdf import Page, Word
    from kotoex.extract.table import complete_header

    def line(page, top, size, items, bold=False):
        return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]

    first = line(1, 194.7, 10.1, [("NRO", 41.04, 58.32), ("TOIMENPIDE", 66.72, 114.96), ("VASTUUTAHOT", 209.52, 268.32),
                                  ("RAPORTOINTI", 315.12, 368.88), ("MITTARI", 458.88, 490.32)], bold=True) \
        + line(1, 214.3, 8.76, [("1.1", 41.28, 51.36), ("Omakielisten", 67.2, 112.8), ("Sivistystoimiala", 209.76, 268.8),
                                 ("Toteutuu", 315.36, 346.0), ("Omakielisten", 459.12, 505.0)])
    later = line(5, 57.3, 8.76, [("NRO", 48.96, 65.76), ("TUIMENPIDE", 74.64, 122.4), ("VASTUUTAHOT", 217.44, 274.8)],
                 bold=True) \
        + line(5, 76.3, 8.76, [("1.5", 49.2, 59.28), ("Kunta-", 75.36, 97.2), ("ja", 99.12, 105.36),
                                ("palvelurakennemuutoksen", 107.52, 197.28), ("Ympäristötoimiala", 217.44, 278.88),
                                ("Toteutuu.", 324.0, 358.0), ("Toteutuu", 466.32, 496.8), ("/", 498.96, 501.84),
                                ("Ei", 503.76, 509.52), ("toteudu", 511.68, 538.32)]) \
        + line(5, 85.4, 8.76, [("selvityksissä", 75.12, 117.6), ("huomioidaan", 119.76, 163.44)])
    pages = [Page(1, 595.0, 842.0, first, ocr=True), Page(5, 595.0, 842.0, later, ocr=True)]
    measures, _, _ = read_measures(pages)
    assert [m.id for m in measures] == ["1.1", "1.5"]
    assert measures[1].cells.get("responsible") == "Ympäristötoimiala"
    assert measures[1].cells.get("status") == "Toteutuu."
    assert measures[1].cells.get("indicator") == "Toteutuu / Ei toteudu"
    # a header whose columns start far from the earlier one's (another table) is no repetition of it
    from kotoex.extract.layout import group_lines
    from kotoex.extract.table_header import build_header, find_header
    a, b = (group_lines([w for w in p.words if w.bold])[0] for p in pages)
    head_a = build_header(a, find_header(a, default_vocab()), pages[0], [])
    moved = [Word(w.text, w.x0 + 60, w.x1 + 60, w.top, w.bottom, w.size, True, 5, 95.0) for w in b.words]
    shifted = group_lines(moved)[0]
    assert complete_header(build_header(shifted, find_header(shifted, default_vocab()), pages[1], []), head_a) is None


def _ocr_line(page: int, top: float, size: float, items, bold: bool = False) -> list:
    from kotoex.extract.pdf import Word
    return [Word(t, x0, x1, top, top + size, size, bold, page, 95.0) for t, x0, x1 in items]


def test_a_speck_beside_the_heading_under_a_boxed_scanned_table_makes_no_grid():
    """A scanned table drawn as a box (no rules between its rows), the next table's heading under its bottom
    border with a speck of the scan beside it read as "ä" in another column: the border is no rule between
    two rows, so the rows inside are cut by gaps (words and rules of a tuning scan)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Page, Rule
    from kotoex.extract.table import cut_bands
    from kotoex.extract.table_header import build_header, find_header

    L = _ocr_line
    head = L(3, 168.9, 11.88, [("•", 62.16, 63.84), ("TOIMENPITEET", 77.76, 149.52), ("VASTUUTAHO", 278.16, 342.24),
                               ("MITTARI", 418.56, 458.4)])
    body = (L(3, 188.1, 10.0, [("Tavoite:", 77.76, 111.84), ("Järjestötarjotin", 114.48, 180.24)])
            + L(3, 207.8, 10.0, [("•", 78.96, 82.08), ("Järjestöjen", 87.12, 134.16), ("toiminnasta", 137.28, 187.68),
                                 ("Welcome", 278.16, 317.28), ("office", 320.16, 343.92), ("Käyttöönotto,", 418.56, 476.16)])
            + L(3, 217.9, 10.0, [("sähköisen", 87.6, 130.08), ("yhdistysten", 278.16, 327.6), ("ajantasainen", 418.32, 473.52)])
            + L(3, 266.4, 10.0, [("Tavoite:", 77.76, 111.84), ("Kaupungin", 115.68, 162.24), ("tilojen", 164.88, 192.24)])
            + L(3, 285.4, 10.0, [("•", 78.96, 82.08), ("Toimijoiden", 87.84, 138.96), ("kartoittaminen", 142.08, 205.68),
                                 ("Poikkihallinnollinen", 278.64, 363.6), ("Käyttöönotto", 418.56, 474.0)])
            + L(3, 306.4, 10.0, [("käyttöönotto", 86.64, 141.84), ("käytössä", 418.56, 455.76)])
            + L(3, 384.9, 10.0, [("ryhmissä", 418.56, 457.2)])
            + L(3, 400.4, 11.88, [("ä", 429.12, 430.8)])
            + L(3, 407.2, 11.88, [("Neuvonta-", 81.36, 138.0), ("ja", 141.12, 152.16), ("ohjaustoiminnan", 155.52, 250.32),
                                  ("laajentaminen", 253.92, 334.56)], bold=True))
    rules = [Rule(75, 166, 530, 166), Rule(75, 398.4, 530, 398.4), Rule(75, 422.4, 530, 422.4),
             Rule(75, 166, 75, 399), Rule(529, 166, 529, 399)]
    page = Page(3, 595.44, 842.04, head + body, rules=rules, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, [])
    bands = cut_bands(page, header, body, 181.0, 425.0)
    assert not any(b.ruled for b in bands)
    assert [b.lines[0].text for b in bands][:3] == ["Tavoite: Järjestötarjotin", "• Järjestöjen toiminnasta Welcome office Käyttöönotto,",
                                                    "Tavoite: Kaupungin tilojen"]


def test_a_lone_ocr_character_in_the_margin_before_a_header_is_no_column():
    """A speck in the margin read as "e" level with a scanned header row, nothing under it: no column (it
    would put a column boundary on the table's left border, which then reads as a grid's rule)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.table_header import find_header

    L = _ocr_line
    lines = group_lines(
        L(4, 151.1, 11.88, [("e", 26.88, 28.56), ("TOIMENPITEET", 74.64, 146.16), ("VASTUUTAHO", 274.8, 339.12),
                            (".", 364.8, 366.24), ("MITTARI", 415.44, 454.08)])
        + L(4, 170.6, 10.0, [("Tavoite:", 74.4, 108.72), ("Henkisen", 112.08, 152.88), ("hyvinvoinnin", 155.76, 210.48)])
        + L(4, 190.0, 10.0, [("Tasapainoinfo-", 74.64, 138.0), ("ja", 139.44, 148.56), ("Kotouttamispalvelut", 275.52, 362.16),
                             ("2", 415.44, 420.0), ("tasapainoinfoa", 423.6, 486.48)]))
    cells = find_header(lines[0], default_vocab(), below=lines[1:])
    assert [c[0] for c in cells] == ["text", "responsible", "indicator"]


def test_a_misread_id_label_read_into_the_goal_label_is_the_id_column():
    """A scanned dark header band: "#" read as "W", "NRO" as "IRON" (its cell's edge read as "I"), each in one
    cell with the goal label next to it; under it row numbers, some misread ("112": dots lost, "Ja": "1.2").
    The numbers' column is the id column, the goal column starts at its own label (words of tuning scans)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.table_header import find_header

    L = _ocr_line
    espoo = group_lines(
        L(1, 222.5, 10.5, [("W", 58.32, 91.20), ("TAVOITTEET", 95.04, 142.56), ("KEHITTÄMISTOIMENPITEET", 218.88, 320.64),
                           ("VASTUUTAHOT", 403.20, 460.80), ("AIKATAULU", 626.88, 670.08), ("MITTARI", 685.68, 715.92)])
        + L(1, 244.5, 10.0, [("1.1.1", 61.68, 80.40), ("Espooseen", 95.52, 136.32), ("muuttavat", 138.96, 179.04),
                             ("Monikielisen", 218.64, 265.44), ("Maahanmuuttajapalvelut", 403.68, 498.96),
                             ("2022-2023", 627.12, 669.84), ("Neuvontakontaktien", 685.68, 762.72)])
        + L(1, 254.5, 10.0, [("oikea-aikaista", 95.28, 147.84), ("tietoa", 150.48, 172.32), ("palvelukanavien", 218.64, 281.04),
                             ("määrä", 685.44, 709.44)])
        + L(1, 296.1, 10.0, [("112", 61.92, 80.16), ("Alkukartoituksen", 218.16, 282.72), ("Maahanmuuttajapalvelut,", 403.68, 501.12),
                             ("Jatkuva", 626.40, 654.96), ("Alkukartoitusten", 685.20, 747.84)])
        + L(1, 348.0, 10.0, [("113", 61.92, 80.16), ("Selkokielisen", 218.16, 270.0), ("Konsernihallinto", 403.68, 470.0),
                             ("2023", 626.40, 645.0), ("Koulutukseen", 685.20, 740.0)]))
    cells = find_header(espoo[0], default_vocab(), below=espoo[1:])
    assert [c[0] for c in cells][:3] == ["id", "goal", "text"] and cells[1][2] == 95.04
    turku = group_lines(
        L(1, 195.8, 15.7, [("IRON", 50.64, 88.80), ("TAvoiTE", 92.64, 136.32), ("TOIMENPITEET", 234.00, 312.72),
                           ("VASTUUTAHO", 448.08, 517.20), ("TOTEUTUMINEN", 580.32, 663.36)])
        + L(1, 215.6, 10.16, [("1.1", 54.48, 66.48), ("Tavoitteena", 92.64, 143.76), ("on", 146.16, 156.72),
                              ("Omakielisten", 235.20, 291.84), ("Sivistystoimiala", 448.56, 516.24), ("Toteutuu", 580.08, 619.44)])
        + [w for k in range(13) for w in L(1, 225.7 + 10.2 * k, 10.16, [("vanhempien", 92.64, 145.20),
                                                                        ("osallistumista", 147.60, 207.60)])]
        + L(1, 353.6, 9.82, [("Ja", 54.48, 66.96), ("Aamu-", 234.96, 262.32), ("iltapäivätoiminnan", 275.76, 356.16),
                             ("Vapaa-aikatoimiala,", 448.08, 532.80), ("Toteutuu", 580.32, 619.20)]))
    cells = find_header(turku[0], default_vocab(), below=turku[1:])
    assert [c[0] for c in cells][:3] == ["id", "goal", "text"] and cells[1][2] == 92.64
    # a row's own number before a label naming a column is no misread id label (the row is no header)
    row = group_lines(L(7, 363.0, 10.0, [("2.2", 54.0, 66.0), ("Kehittämis", 70.0, 114.0), ("ehdotus", 117.0, 150.0),
                                         ("Ympäristötoimiala,", 346.0, 420.0), ("Toteutuu", 477.0, 515.0),
                                         ("Raportointi", 734.0, 780.0)])
                      + L(7, 377.0, 10.0, [("Kerätään", 54.0, 92.0), ("uutta", 95.0, 118.0), ("konsernihallinto", 346.0, 410.0)])
                      + L(7, 430.0, 10.0, [("2.3", 54.0, 66.0), ("Kehittämis", 70.0, 114.0), ("ehdotus", 117.0, 150.0),
                                           ("Ympäristötoimiala", 346.0, 420.0), ("Toteutuu", 477.0, 515.0)]))
    assert not any(c[0] == "id" for c in find_header(row[0], default_vocab(), below=row[1:]) or [])


def test_the_edge_of_a_shaded_header_cell_is_no_grid_rule():
    """A scanned zebra table whose dark header band has a narrow "#" cell: the edge of that cell, read as a
    vertical rule within the header row only, is no rule between the body's columns, so the rows under it
    are no full-width rows (words, rule and fill of a tuning scan)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Fill, Page, Rule
    from kotoex.extract.table import cut_bands
    from kotoex.extract.table_header import build_header, find_header

    L = _ocr_line
    head = L(1, 222.5, 10.5, [("W", 58.32, 91.20), ("TAVOITTEET", 95.04, 142.56), ("KEHITTÄMISTOIMENPITEET", 218.88, 320.64),
                              ("VASTUUTAHOT", 403.20, 460.80), ("AIKATAULU", 626.88, 670.08), ("MITTARI", 685.68, 715.92)])
    body = (L(1, 244.5, 10.0, [("1.1.1", 61.68, 80.40), ("Espooseen", 95.52, 136.32), ("muuttavat", 138.96, 179.04),
                               ("Monikielisen", 218.64, 265.44), ("Maahanmuuttajapalvelut", 403.68, 498.96),
                               ("2022-2023", 627.12, 669.84), ("Neuvontakontaktien", 685.68, 762.72)])
            + L(1, 254.5, 10.0, [("oikea-aikaista", 95.28, 147.84), ("palvelukanavien", 218.64, 281.04), ("määrä", 685.44, 709.44)])
            + L(1, 296.1, 10.0, [("112", 61.92, 80.16), ("Alkukartoituksen", 218.16, 282.72),
                                 ("Maahanmuuttajapalvelut,", 403.68, 501.12), ("Jatkuva", 626.40, 654.96),
                                 ("Alkukartoitusten", 685.20, 747.84)])
            + L(1, 348.0, 10.0, [("113", 61.92, 80.16), ("Selkokielisen", 218.16, 270.0), ("Konsernihallinto", 403.68, 470.0),
                                 ("2023", 626.40, 645.0), ("Koulutukseen", 685.20, 740.0)]))
    fills = [Fill(57.6, 240.0, 785.28, 289.92, (230, 230, 230)), Fill(57.6, 341.76, 785.28, 382.08, (230, 230, 230))]
    page = Page(1, 842.04, 595.44, head + body, rules=[Rule(90.84, 217.68, 90.84, 235.68)], fills=fills, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, [])
    bands = cut_bands(page, header, body, header.bottom + 0.5, 420.0)
    assert [b.lines[0].words[0].text for b in bands] == ["1.1.1", "112", "113"]
    assert not any(b.spanning for b in bands)


def test_an_inline_goal_line_set_closely_around_borderless_rows_is_a_goal_row():
    """A borderless table set tightly: "Tavoite: ..." lines in the first column right under the header and
    as close under a row's last line as that row's own lines are. Each is the goal of the rows under it,
    never part of a responsible cell nor swallowing the row below (words of a tuning scan)."""
    L = _ocr_line
    words = (L(2, 204.0, 12.38, [("VASTUUTAHOT", 75.84, 150.48), ("TOIMENPITEET", 261.60, 337.68), ("MITTARI", 590.64, 632.16)])
             + L(2, 222.1, 10.22, [("Tavoite:", 75.84, 111.84), ("Asumisneuvonta", 115.20, 190.32)])
             + L(2, 239.8, 10.22, [("Kiinteistötoimi", 76.32, 142.56), ("/", 145.20, 148.80), ("asumispalvelut", 151.44, 220.32),
                                   ("•", 262.80, 266.16), ("Toiminnan", 272.40, 320.88), ("kehittäminen", 323.76, 384.00),
                                   ("Asumisneuvoja(t)", 590.16, 668.88), ("palkattu", 672.48, 709.92)])
             + L(2, 250.6, 10.22, [("•", 262.80, 265.92), ("Toiminnan", 272.40, 320.64), ("käynnistäminen", 324.00, 396.00),
                                   ("työskentely", 590.16, 642.48), ("aloitettu", 645.36, 683.52)])
             + L(2, 266.7, 10.22, [("Tavoite:", 75.84, 111.84), ("Kuvalliset", 115.20, 160.32), ("asumisohjeet", 163.20, 223.92)])
             + L(2, 283.6, 10.63, [("Pikipruukki", 75.36, 129.36), ("Ohjeiden", 261.84, 302.64), ("visualisointi", 305.52, 360.48),
                                   ("Kuvallisten", 590.64, 640.80), ("ohjeiden", 643.92, 682.80)])
             + L(2, 294.6, 10.63, [("osana", 590.40, 616.32), ("asumisen", 619.44, 662.40)]))
    from kotoex.extract.pdf import Page

    measures, _, _ = read_measures([Page(2, 842.04, 595.44, words, ocr=True)])
    got = [(m.text, m.goal, m.cells.get("responsible")) for m in measures]
    assert got == [("Toiminnan kehittäminen", "Asumisneuvonta", "Kiinteistötoimi / asumispalvelut"),
                   ("Toiminnan käynnistäminen", "Asumisneuvonta", "Kiinteistötoimi / asumispalvelut"),
                   ("Ohjeiden visualisointi", "Kuvalliset asumisohjeet", "Pikipruukki")]


_VAASA_HEAD = [("Tavoitteet", 55.20, 99.12), ("Vastuutahot", 211.92, 264.48), ("Toimenpide", 345.12, 394.56),
               ("Aikataulu", 580.32, 620.40), ("Seuranta", 651.12, 689.28)]


def test_a_bold_section_row_under_a_header_is_no_wrapped_label():
    """A bold section row in the first column right under a bold header row: its first word would have fit
    after the label above it, so it is no wrap of that label but a row of the body; a label wrapped for want
    of room stays part of the header (words of a tuning scan)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Page
    from kotoex.extract.table_header import build_header, find_header

    L = _ocr_line
    words = (L(1, 327.9, 9.83, _VAASA_HEAD, bold=True)
             + L(1, 342.1, 9.83, [("Työllistymisen", 55.20, 120.00), ("edistäminen", 122.88, 178.56)], bold=True)
             + L(1, 358.8, 8.77, [("Työllistämisen", 55.20, 108.96), ("edistäminen", 111.84, 157.92),
                                  ("Henkilöstöpalvelut", 212.64, 282.00), ("Kaupunkiorganisaatioiden", 345.84, 442.32),
                                  ("2021", 580.80, 599.0), ("Ulkomaalaistaustaisten", 651.36, 740.0)]))
    page = Page(1, 842.04, 595.44, words, ocr=True)
    lines = group_lines(words)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, lines[1:3])
    assert header.bottom == lines[0].bottom and header.columns[0].label == "Tavoitteet"
    wrapped = (L(1, 327.9, 9.83, [("Kehittämis-", 55.20, 196.0)] + _VAASA_HEAD[1:], bold=True)
               + L(1, 338.0, 9.83, [("toimenpide", 55.20, 110.0)], bold=True))
    lines = group_lines(wrapped)
    header = build_header(lines[0], find_header(lines[0], default_vocab()), Page(1, 842.04, 595.44, wrapped), lines[1:])
    assert header.columns[0].label == "Kehittämis- toimenpide"


def test_a_bold_section_row_set_tightly_between_borderless_rows_is_a_band_of_its_own():
    """A boxed table of scanned rows cut by gaps, its bold section rows alone in the first column as close
    under the row above as that row's lines are: each is a band of its own, not the goal cell's last line;
    a label block between two tables (a bold label, its text, a bold label, goals: one column) is not cut
    (words of a tuning scan)."""
    from kotoex.extract.layout import group_lines
    from kotoex.extract.pdf import Page, Rule
    from kotoex.extract.table import cut_bands
    from kotoex.extract.table_header import build_header, find_header

    L = _ocr_line
    head = L(2, 40.0, 9.83, [(t, x0 + 5.28, x1 + 5.28) for t, x0, x1 in _VAASA_HEAD], bold=True)
    body = (L(2, 74.1, 8.77, [("koulutuksen", 60.96, 105.60), ("nivelvaiheen", 108.72, 155.76), ("gymnasium", 217.20, 260.88),
                              ("rajapintojen", 350.88, 394.80), ("muokkaaminen", 397.92, 454.80)])
            + L(2, 83.2, 8.77, [("tukeminen", 60.48, 100.32), ("perusopetuksen", 217.68, 276.96), ("kanssa", 280.32, 305.52),
                                ("rakenteiksi", 350.88, 391.20)])
            + L(2, 96.6, 9.83, [("Asumistaitojen", 60.48, 127.44), ("edistäminen", 130.56, 186.24)], bold=True)
            + L(2, 113.0, 8.77, [("Asumisneuvonta", 60.48, 122.64), ("Kiinteistötoimi", 217.68, 270.24), ("/", 274.32, 275.52),
                                 ("asumispalvelut", 278.16, 335.04), ("Toiminnan", 350.16, 389.52), ("kehittäminen", 392.64, 441.60),
                                 ("2019", 585.84, 604.32), ("Asumisneuvoja(t)", 655.92, 720.96)])
            + L(2, 122.1, 8.77, [("työskentely", 656.16, 699.12), ("aloitettu", 702.00, 733.20)]))
    rules = [Rule(57.72, 30.0, 57.72, 513.6), Rule(786.36, 30.0, 786.36, 513.84)]
    page = Page(2, 842.04, 595.44, head + body, rules=rules, ocr=True)
    lines = group_lines(head + body)
    header = build_header(lines[0], find_header(lines[0], default_vocab(), below=lines[1:]), page, [])
    bands = cut_bands(page, header, body, 60.0, 140.0)
    assert [b.lines[0].text for b in bands] == [
        "koulutuksen nivelvaiheen gymnasium rajapintojen muokkaaminen", "Asumistaitojen edistäminen",
        "Asumisneuvonta Kiinteistötoimi / asumispalvelut Toiminnan kehittäminen 2019 Asumisneuvoja(t)"]
    block = (L(2, 251.0, 9.0, [("ASIAKASKOHDERYHMÄ", 55.0, 140.0)], bold=True)
             + L(2, 264.0, 9.0, [("Työikäiset", 55.0, 93.0), ("maahanmuuttajat", 95.0, 160.0)])
             + L(2, 277.0, 9.0, [("TAVOITEET", 55.0, 100.0)], bold=True)
             + L(2, 290.0, 9.0, [("1.", 55.0, 61.0), ("Kaikilla", 64.0, 92.0), ("maahanmuuttajalla", 94.0, 166.0)]))
    assert len(cut_bands(Page(2, 842.04, 595.44, head + block, rules=rules), header, block, 245.0, 305.0)) == 1
