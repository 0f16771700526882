"""The table chain, one row strategy at a time, on small pages generated with reportlab.

Each test draws a table the way an office suite exports one (ruled grid, borderless with row gaps,
zebra fills, a row broken by a page break, a header whose words wrap), reads the PDF back with the
extract layer and asserts what each step of the chain finds: header roles, row separators, bands,
cell texts, and (for continuation) the measures the interpreter makes of them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kotoex.extract import iter_pages, open_document
from kotoex.extract.columns import default_vocab
from kotoex.extract.layout import group_lines
from kotoex.extract.table import (
    Header, build_header, cut_bands, find_header, gap_separators, merge_wrapped_header, row_separators,
)
from kotoex.extract.table_settings import TableSettings
from kotoex.interpret.measures import read_measures

canvas_mod = pytest.importorskip("reportlab.pdfgen.canvas")

from _tables_synth import LEADING, PAD, Table, draw_pdf  # noqa: E402

def _pdf(path: Path, pages: list[Table]):
    return list(iter_pages(open_document(draw_pdf(path, pages))))


def _header(page) -> Header:
    lines = group_lines(page.words)
    for i, ln in enumerate(lines):
        cells = find_header(ln, default_vocab())
        if cells:
            return build_header(ln, cells, page, lines[i + 1:i + 4])
    raise AssertionError("no header found")


def _bands(page, header: Header):
    body = [w for w in page.words if w.mid_y > header.bottom + 0.5]
    return cut_bands(page, header, body, header.bottom + 0.5, page.height + 1)


def _cell(band, col: int) -> str:
    return " ".join(ln.text for ln in band.cells[col])


ROWS = [
    ("1.1", "Kielikoulutusta lisätään\nkaikille ikäryhmille", "Sivistystoimi", "2022"),
    ("1.2", "Työllisyyspalvelut kootaan\nyhteen paikkaan", "Työllisyyspalvelut", "2023"),
    ("1.3", "Neuvonta tarjotaan omalla kielellä", "Kotoutumispalvelut", "2024"),
]


def test_ruled_cells_cut_at_drawn_rules(tmp_path):
    (page,) = _pdf(tmp_path / "ruled.pdf", [Table(ROWS)])
    header = _header(page)
    assert header.roles == ["id", "text", "responsible", "schedule"]
    seps = row_separators(page, header, header.bottom + 0.5, page.height + 1)
    # the rules under the header row and under each of the three rows (two, two and one lines high)
    one, two = LEADING + 2 * PAD, 2 * LEADING + 2 * PAD
    assert seps == pytest.approx([80 + one, 80 + one + two, 80 + one + 2 * two, 80 + 2 * one + 2 * two], abs=0.5)
    bands = _bands(page, header)
    assert len(bands) == 3 and all(b.ruled and not b.spanning for b in bands)
    assert [_cell(b, 0) for b in bands] == ["1.1", "1.2", "1.3"]
    assert _cell(bands[1], 1) == "Työllisyyspalvelut kootaan yhteen paikkaan"
    assert [_cell(b, 2) for b in bands] == ["Sivistystoimi", "Työllisyyspalvelut", "Kotoutumispalvelut"]


def test_borderless_rows_cut_at_gaps(tmp_path):
    (page,) = _pdf(tmp_path / "gaps.pdf", [Table(ROWS, style="gaps")])
    header = _header(page)
    assert row_separators(page, header, header.bottom + 0.5, page.height + 1) is None  # nothing drawn
    body = [w for w in page.words if w.mid_y > header.bottom + 0.5]
    assert len(gap_separators(body, header.size)) == 2  # two gaps between three rows, none inside a cell
    bands = _bands(page, header)
    assert len(bands) == 3 and not any(b.ruled for b in bands)
    assert _cell(bands[0], 1) == "Kielikoulutusta lisätään kaikille ikäryhmille"
    assert [_cell(b, 3) for b in bands] == ["2022", "2023", "2024"]
    # a narrower row gap setting than the paragraph gaps inside the cells would cut inside them
    tight = TableSettings(row_gap_em=0.01)
    assert len(gap_separators(body, header.size, settings=tight)) > 2


def test_row_numbers_cut_borderless_rows_without_gaps(tmp_path):
    rows = [("1.1", "Ensimmäinen toimenpide", "Kunta", "2022"), ("1.2", "Toinen toimenpide", "Kela", "2023")]
    (page,) = _pdf(tmp_path / "ids.pdf", [Table(rows, style="gaps")])
    header = _header(page)
    body = [w for w in page.words if w.mid_y > header.bottom + 0.5]
    wide = TableSettings(row_gap_em=5.0)  # gaps alone would not cut: the id column does
    assert len(gap_separators(body, header.size, header, settings=wide)) == 1
    assert len(gap_separators(body, header.size, None, settings=wide)) == 0


def test_shaded_rows_cut_at_fill_edges(tmp_path):
    rows = ROWS + [("1.4", "Harrastuksia tuetaan", "Vapaa-aikapalvelut", "2025")]
    (page,) = _pdf(tmp_path / "shaded.pdf", [Table(rows, style="shaded")])
    assert len(page.fills) == 2 and not page.rules  # zebra rows 1 and 3, nothing stroked
    header = _header(page)
    seps = row_separators(page, header, header.bottom + 0.5, page.height + 1)
    assert seps is not None and len(seps) == 4  # top and bottom edge of each of the two fills
    bands = _bands(page, header)
    assert len(bands) == 4 and all(b.ruled for b in bands)
    assert [_cell(b, 0) for b in bands] == ["1.1", "1.2", "1.3", "1.4"]
    assert _cell(bands[3], 2) == "Vapaa-aikapalvelut"


def _broken_row(tmp_path, name: str, rest: tuple[str, ...]):
    first = Table([ROWS[0], ("1.2", "Työllisyyspalvelut kootaan", "Työllisyyspalvelut", "")], top=640)
    second = Table([rest, ROWS[2]], header=None, top=60, top_rule=False)
    return _pdf(tmp_path / name, [first, second])


def test_a_row_broken_by_a_page_break_merges(tmp_path):
    pages = _broken_row(tmp_path, "broken.pdf", ("", "yhteen paikkaan ja verkkoon", "", "2023"))
    measures, _, facts = read_measures(pages)
    assert facts["headers"] == 1
    assert [m.id for m in measures] == ["1.1", "1.2", "1.3"]
    m = measures[1]
    assert m.text == "Työllisyyspalvelut kootaan yhteen paikkaan ja verkkoon"
    assert m.pages == [1, 2] and m.merged_across_pages
    assert m.cells["schedule"] == "2023"
    assert measures[2].pages == [2] and not measures[2].merged_across_pages


def test_a_row_with_its_own_number_on_the_next_page_is_a_new_measure(tmp_path):
    pages = _broken_row(tmp_path, "new_id.pdf", ("1.4", "uusi toimenpide seuraavalla sivulla", "Kela", "2024"))
    measures, _, _ = read_measures(pages)
    assert [m.id for m in measures] == ["1.1", "1.2", "1.4", "1.3"]
    assert measures[1].text == "Työllisyyspalvelut kootaan" and measures[1].pages == [1]
    assert not measures[1].merged_across_pages
    assert measures[2].text == "uusi toimenpide seuraavalla sivulla" and measures[2].pages == [2]


def test_a_header_with_wrapped_words_is_found(tmp_path):
    header = ("Nro", "Kehittämis-\ntoimenpide", "Vastuu-\ntaho", "Aika-\ntaulu")
    (page,) = _pdf(tmp_path / "wrapped.pdf", [Table(ROWS, header=header)])
    lines = group_lines(page.words)
    first = next(i for i, ln in enumerate(lines) if ln.text.startswith("Nro"))
    # the first line alone names no action column ("Kehittämis-" is half a word): no header
    assert find_header(lines[first], default_vocab()) is None
    merged = merge_wrapped_header(lines[first], lines[first + 1:first + 3])
    assert merged is not None
    cells = find_header(merged, default_vocab())
    assert cells is not None
    assert [r for r, *_ in cells] == ["id", "text", "responsible", "schedule"]
    # each cell holds both halves of its word (the line-end hyphen is the text layer's business)
    assert [label.replace("-", "").replace(" ", "") for _, label, *_ in cells] == \
        ["Nro", "Kehittämistoimenpide", "Vastuutaho", "Aikataulu"]
    measures, _, facts = read_measures([page])
    assert facts["headers"] == 1 and [m.id for m in measures] == ["1.1", "1.2", "1.3"]
    assert measures[2].cells == {"responsible": "Kotoutumispalvelut", "schedule": "2024"}


def test_a_header_read_with_its_wrapped_line_where_that_names_more_columns(tmp_path):
    """The first header line alone is a header (it names the id, action and schedule columns), but the
    section column is named only by its two lines together ("Kehittämisen" / "näkökulmat"): the header
    is read with its wrapped line, and the sections are not lost."""
    header = ("Nro", "Toimenpide", "Kehittämisen\nnäkökulmat", "Aikataulu")
    (page,) = _pdf(tmp_path / "half_wrapped.pdf", [Table(ROWS, header=header)])
    lines = group_lines(page.words)
    first = next(i for i, ln in enumerate(lines) if ln.text.startswith("Nro"))
    alone = find_header(lines[first], default_vocab())
    assert alone is not None and "section" not in [r for r, *_ in alone]
    measures, _, facts = read_measures([page])
    assert facts["headers"] == 1 and "section" in facts["roles"]
    assert [m.section for m in measures] == ["Sivistystoimi", "Työllisyyspalvelut", "Kotoutumispalvelut"]


def test_table_settings_are_validated():
    assert TableSettings().row_gap_em == 0.7
    with pytest.raises(ValueError):
        TableSettings(row_gap_em=-1)
    with pytest.raises(ValueError):
        TableSettings(rule_min_overlap=1.5)
    with pytest.raises(TypeError):
        TableSettings(header_max_words=2.5)
    with pytest.raises(ValueError):
        TableSettings(header_min_words=20)


NO_ID = ("", "Toimenpide", "Vastuutaho", "Aikataulu")  # no id column: continuation by the rules and the text


@pytest.mark.parametrize("top_rule,rest,merged", [
    (False, "ja verkkoon", True),  # no rule above the first row of the page: the row goes on
    (True, "Verkkopalvelu avataan", False),  # a rule above and a capital: a row of its own
])
def test_continuation_without_row_numbers(tmp_path, top_rule, rest, merged):
    first = Table([("", "Kielikoulutusta lisätään", "Sivistystoimi", "2022"),
                   ("", "Työllisyyspalvelut kootaan", "Työllisyyspalvelut", "2023")], header=NO_ID, top=640)
    second = Table([("", rest, "", ""), ("", "Neuvonta tarjotaan", "Kotoutumispalvelut", "2024")],
                   header=None, top=60, top_rule=top_rule)
    measures, _, _ = read_measures(_pdf(tmp_path / "noid.pdf", [first, second]))
    texts = [m.text for m in measures]
    if merged:
        assert texts == ["Kielikoulutusta lisätään", "Työllisyyspalvelut kootaan ja verkkoon", "Neuvonta tarjotaan"]
        assert measures[1].pages == [1, 2] and measures[1].merged_across_pages
    else:
        assert texts == ["Kielikoulutusta lisätään", "Työllisyyspalvelut kootaan", "Verkkopalvelu avataan",
                         "Neuvonta tarjotaan"]
        assert not any(m.merged_across_pages for m in measures)


# five columns, no numbers: a zebra table as office suites shade one (the goal first, then the action)
WIDE = ("Tavoite", "Toimenpide", "Vastuutaho", "Mittari", "Aikataulu")
WIDE_WIDTHS = (110.0, 150.0, 110.0, 90.0, 60.0)
WIDE_ROWS = [("Kielitaito paranee", "Kielikoulutusta lisätään", "Sivistystoimi", "Kurssien määrä", "2022"),
             ("Työllisyys kasvaa", "Työllisyyspalvelut kootaan", "Työllisyyspalvelut", "Asiakkaiden määrä", "2023")]
NEXT_ROWS = [("Neuvonta paranee", "Neuvonta tarjotaan omalla kielellä", "Kotoutumispalvelut", "Kävijät", "2024"),
             ("Osallisuus vahvistuu", "Harrastuksia tuetaan", "Vapaa-aikapalvelut", "Osallistujat", "2025")]


def test_an_unshaded_first_row_of_a_zebra_page_is_a_row_of_its_own(tmp_path):
    """The rows go on from the page before, without a header; the page's first row is left unshaded, so the
    shading starts below it and the band looks open at the top, as the rest of a cut row does. Every column
    opens on its first line with a capital: a row of its own. A cut row's rest (lower case) still merges."""
    first = Table(WIDE_ROWS, header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=600)
    second = Table(NEXT_ROWS, header=None, style="shaded", widths=WIDE_WIDTHS, top=60, shade_first=False)
    measures, _, _ = read_measures(_pdf(tmp_path / "zebra.pdf", [first, second]))
    assert [m.text for m in measures] == [r[1] for r in WIDE_ROWS + NEXT_ROWS]
    assert [m.goal for m in measures] == [r[0] for r in WIDE_ROWS + NEXT_ROWS]
    assert not any(m.merged_across_pages for m in measures)
    cut = Table([("", "ja verkossa", "", "", ""), NEXT_ROWS[1]], header=None, style="shaded",
                widths=WIDE_WIDTHS, top=60, shade_first=False)
    measures, _, _ = read_measures(_pdf(tmp_path / "zebra_cut.pdf", [first, cut]))
    assert [m.text for m in measures] == ["Kielikoulutusta lisätään", "Työllisyyspalvelut kootaan ja verkossa",
                                          "Harrastuksia tuetaan"]


@pytest.mark.parametrize("style,resumed", [("shaded", True), ("gaps", False)])
def test_a_heading_under_a_shaded_table_at_the_page_foot_does_not_end_it(tmp_path, style, resumed):
    """A group heading under the last shaded row, the last text of its page, looks like free text under a drawn
    table. Where the next page opens with the table's shaded rows (no header repeated), they are its rows,
    under that heading; where nothing on the next page is drawn, the table ended there (those lines are not
    read as its rows)."""
    first = Table(WIDE_ROWS + [NEXT_ROWS[0]], header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=600,
                  tail="Osallisuus ja vapaa-aika")
    second = Table([NEXT_ROWS[1]], header=None, style=style, widths=WIDE_WIDTHS, top=60)
    measures, problems, _ = read_measures(_pdf(tmp_path / "tail.pdf", [first, second]))
    texts = [m.text for m in measures]
    assert texts[:3] == [r[1] for r in WIDE_ROWS + NEXT_ROWS[:1]]
    if resumed:
        assert texts[3:] == ["Harrastuksia tuetaan"] and measures[3].pages == [2]
        assert measures[3].section == "Osallisuus ja vapaa-aika"
        assert not problems
    else:
        assert texts[3:] == []


def test_rows_stating_values_or_a_vision_are_no_measures(tmp_path):
    """A row whose first cell is a statement label ("Kaupungin arvot", "Visio 2030": the vocabulary's
    statement_labels as a label's last word) states the organisation's values or vision: no measure, and the
    rows after it are read as before."""
    header = ("Kehittämisen\nnäkökulmat", "Toimenpide")
    rows = [("Kielitaito", "Kielikoulutusta lisätään"), ("Kaupungin arvot", "Asukaslähtöisyys, rohkeus ja\nvastuullisuus"),
            ("Visio 2030", "Hyvä kaupunki kaikille"), ("Työllisyys", "Työllisyyspalvelut kootaan")]
    (page,) = _pdf(tmp_path / "values.pdf", [Table(rows, header=header, widths=(150.0, 300.0))])
    measures, _, facts = read_measures([page])
    assert facts["headers"] == 1 and "section" in facts["roles"]
    assert [(m.section, m.text) for m in measures] == [("Kielitaito", "Kielikoulutusta lisätään"),
                                                      ("Työllisyys", "Työllisyyspalvelut kootaan")]
    vocab = default_vocab()
    assert vocab.is_statement("Kaupungin toiminta-ajatus") and vocab.is_statement("Värderingar")
    assert not vocab.is_statement("Tavoitearvot") and not vocab.is_statement("Arvot ja periaatteet")


@pytest.mark.parametrize("first,second", [
    # its sentence going on in lower case under it, past the first column
    ("Tavoite: Kokonaisvaltaisen rahoitusmallin kehittäminen, jolla turvataan hallintokuntien",
     "panos kotoutumisen toteutukseen."),
    # a second phrase opening with a capital, right under a first line that ends no sentence
    ("Tavoite: Maahanmuuttajataustaisten kuntalaisten hyvinvoinnin kehittäminen", "Hyvien väestösuhteiden edistäminen"),
])
def test_a_goal_line_going_on_across_the_columns_is_the_goal(tmp_path, first, second):
    """An inline goal ("Tavoite: ...") in the first column of a borderless table (the responsible column, row
    numbers in the action text) whose next line, one run of words aligned with it, reaches past that column:
    one goal for the rows below, no row made of its second line."""
    header = ("Vastuutaho", "Toimenpide", "Mittari", "Aikataulu")
    rows = [("Sivistystoimi", "1.1 Kielikoulutusta lisätään", "Kurssit", "2022"), (f"{first}\n{second}", "", "", ""),
            ("Työllisyyspalvelut", "2.1 Työllisyyspalvelut kootaan", "Asiakkaat", "2023")]
    (page,) = _pdf(tmp_path / "goal.pdf", [Table(rows, header=header, style="gaps", widths=(110.0, 200.0, 140.0, 80.0))])
    measures, _, _ = read_measures([page])
    assert [m.id for m in measures] == ["1.1", "2.1"]
    assert measures[1].goal == f"{first.removeprefix('Tavoite: ')} {second}"


def test_schedule_entries_of_a_row_cut_by_a_page_break_go_to_their_actions(tmp_path):
    """A row of bulleted actions with one schedule entry a line, cut by a page break after its second action:
    the entries count lines from the action cell's top on the page where it starts (the third action, on the
    next page, takes the last entry), not from the highest line of either page."""
    first = Table([("1.1", "• Kielikoulutusta lisätään\n• Kursseja järjestetään", "Sivistystoimi", "2020\nJatkuva")],
                  top=700)
    second = Table([("", "• Neuvontaa tarjotaan", "", "")], header=None, top=60, top_rule=False)
    measures, _, _ = read_measures(_pdf(tmp_path / "slots.pdf", [first, second]))
    assert [(m.text, m.cells.get("schedule")) for m in measures] == [
        ("Kielikoulutusta lisätään", "2020"), ("Kursseja järjestetään", "Jatkuva"), ("Neuvontaa tarjotaan", "Jatkuva")]


def test_a_long_group_heading_under_a_shaded_table_at_the_page_foot_names_the_rows_after_it(tmp_path):
    """A full-width group row of a long sentence in bold, pushed under the table's last shading at the foot of
    the page: the rows after it, under the header repeated on the next page, are in its section (as a long
    heading may be where it stood in the table)."""
    group = "Alle 3 v maassa olleet ja sitä pidempään maassa olleet, jotka eivät ole vielä kotoutuneet (esim. itse muuttaneet)"
    assert len(group.split()) > TableSettings().heading_max_words  # a heading only as a full-width row
    first = Table(WIDE_ROWS, header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=640, tail=group)
    second = Table(NEXT_ROWS, header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=60)
    measures, _, _ = read_measures(_pdf(tmp_path / "group.pdf", [first, second]))
    assert [m.text for m in measures] == [r[1] for r in WIDE_ROWS + NEXT_ROWS]
    assert [m.section for m in measures[2:]] == [group, group]


def test_an_action_alone_under_the_last_shaded_row_is_a_row_not_text_under_the_table(tmp_path):
    """Under the last shaded row, a band with text in the action column only (the goal cell above spans it) is
    the table's last row, not free text under the table; text from the table's left edge stays free text."""
    rows = [WIDE_ROWS[0], ("", "Kursseja järjestetään iltaisin", "", "", "")]
    first = Table(rows, header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=80, tail="Lisätietoja antaa kaupunki.")
    measures, _, _ = read_measures(_pdf(tmp_path / "alone.pdf", [first]))
    assert [(m.goal, m.text) for m in measures] == [("Kielitaito paranee", "Kielikoulutusta lisätään"),
                                                   ("Kielitaito paranee", "Kursseja järjestetään iltaisin")]


def test_a_wrapped_heading_under_an_unshaded_last_row_is_cut_off_it(tmp_path):
    """A zebra table's last row, unshaded, with a heading under it that wraps its last word onto a line of its
    own in the first column: the heading is cut off the row (it is the next table's), the row stays a row."""
    rows = [WIDE_ROWS[0], NEXT_ROWS[0]]
    heading = "Keskitymissä olevien ongelmien hoitaminen alueilla: Varissuo, Lauste, Halinen,\nKohmo"
    first = Table(rows, header=WIDE, style="shaded", widths=WIDE_WIDTHS, top=80, tail=heading)
    measures, _, _ = read_measures(_pdf(tmp_path / "wrapped_tail.pdf", [first]))
    assert [m.text for m in measures] == [r[1] for r in rows]
    assert measures[1].cells.get("responsible") == "Kotoutumispalvelut"


def test_a_goal_cell_spanning_rows_across_a_page_break_stays_one_goal(tmp_path):
    """A borderless table whose goal cell spans its rows goes on at the top of the next page in lower case
    ("ikäryhmissä.") beside a row of its own (every other cell opening with a capital): the goal's lines join
    the goal above, and the row is a measure of its own under that goal, not the rest of the row above."""
    first = Table([("Kielitaito paranee\nkaikissa", "Kielikoulutusta lisätään", "Sivistystoimi", "Kurssien määrä", "2022")],
                  header=WIDE, style="gaps", widths=WIDE_WIDTHS, top=700)
    second = Table([("ikäryhmissä.", "Kursseja järjestetään iltaisin", "Kansalaisopisto", "Kurssit", "2023")],
                   header=None, style="gaps", widths=WIDE_WIDTHS, top=60)
    measures, _, _ = read_measures(_pdf(tmp_path / "span_goal.pdf", [first, second]))
    assert [m.text for m in measures] == ["Kielikoulutusta lisätään", "Kursseja järjestetään iltaisin"]
    assert [m.goal for m in measures] == ["Kielitaito paranee kaikissa ikäryhmissä."] * 2
    assert measures[1].cells["responsible"] == "Kansalaisopisto" and not measures[1].merged_across_pages


def test_a_group_name_running_across_a_shaded_table_is_a_full_width_row(tmp_path):
    """In a table drawn without column rules (zebra shading), a group name set in bold across the columns, its
    text running on over their boundaries (here its words happen to start where the columns' text starts, as
    cells side by side would), is a full-width row naming the rows under it, not a row numbered "Naiset"."""
    parts = ("Naiset ja", "maahanmuuttajanuoret perheensä vanhemmat kaikki", "sekä muut ryhmät", "")
    rows = [ROWS[0], parts, ROWS[1]]
    (page,) = _pdf(tmp_path / "group_row.pdf", [Table(rows, style="shaded", bold_rows=(1,))])
    measures, _, _ = read_measures([page])
    assert [m.id for m in measures] == ["1.1", "1.2"]
    assert measures[1].section == " ".join(parts).strip()


def test_an_inline_goal_cut_by_a_page_break_goes_on_at_the_top_of_the_next_page(tmp_path):
    """An inline goal ("Tavoite: ...") at the foot of a page whose sentence goes on, in lower case, as the first
    text of the next page: the goal of the rows after it, no measure made of the fragment."""
    header = ("Toimenpide", "Vastuutaho", "Tilanne", "Mittarit")
    widths = (230.0, 140.0, 80.0, 80.0)
    first = Table([("1.1 Kielikoulutusta lisätään", "Sivistystoimi", "Toteutuu", "Kurssit"),
                   ("Tavoite: Tavoitteena on varmistaa, että nuoret saavat tarvittavat valmiudet", "", "", "")],
                  header=header, style="gaps", widths=widths, top=700)
    second = Table([("työelämään siirtymiseksi.", "", "", ""),
                    ("2.1 Työllisyyspalvelut kootaan", "Työllisyyspalvelut", "Toteutuu", "Asiakkaat")],
                   header=None, style="gaps", widths=widths, top=60)
    measures, _, _ = read_measures(_pdf(tmp_path / "goal_cut.pdf", [first, second]))
    assert [m.id for m in measures] == ["1.1", "2.1"]
    assert measures[1].goal == ("Tavoitteena on varmistaa, että nuoret saavat tarvittavat valmiudet "
                                "työelämään siirtymiseksi.")
