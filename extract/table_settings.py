"""Table geometry: every distance, share and count the table reader decides by, in one typed object.

Like pdfplumber's ``TableSettings``: a frozen dataclass whose defaults are the values measured on
word-processor exports, validated when it is made. Distances are in **em** (multiples of the text
size, so they hold at any font size) where the name ends in ``_em``, otherwise in PDF points;
shares are fractions in [0, 1]. Functions of :mod:`kotoex.extract.table` and of the measure reader
take one as ``settings`` and fall back on :data:`DEFAULT_TABLE_SETTINGS`.

Measured gaps, as multiples of the text size: word spaces ~0.28 em, column gutters >= 0.65 em,
paragraph gaps inside a cell ~0.45 em, row gaps >= 0.9 em.
"""
from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class TableSettings:
    # ---- text flow and header cells
    flow_gap_em: float = 0.45
    """Two neighbouring words closer than this belong to one text flow (a row running across columns)."""
    cell_gap_em: float = 0.6
    """Words of a header line further apart than this are in different header cells."""
    cells_apart_em: float = 1.5
    """On a scan, a later line of a row whose first line sets cells side by side, with two neighbouring words in
    different columns further apart than this, is cells side by side too: no flow across the columns elsewhere
    on it makes the row a full-width one (a speck glued before a word stretches it over a column boundary)."""
    straddle_em: float = 1.5
    """An OCR'd word over a column boundary, its middle beyond it and starting at most this many ems before the
    next column's text, is in the next column (a box stretched over the gutter)."""
    mark_max_chars: int = 2
    """A word of at most this many characters and no letter or digit is a mark (dash, colon), no text."""
    inner_cell_min_chars: int = 2
    """An OCR'd header cell after the first that names no column needs this many characters to be a column (a
    lone "3" between two labels is a speck)."""
    lead_cell_max_chars: int = 2
    """A header's first cell this short that names no column ("#" misread) is the id column if row numbers
    stand under it."""
    lead_word_max_chars_ocr: int = 6
    """An OCR'd first word of a header cell this short that names no column, before words naming one ("IRON
    TAvoiTE", "INROIN TAVvoiTE": "NRO" of a dark band misread, its cell's edges read as "I"), is the id column if
    row numbers stand under it (lone tokens this short among them counting as misread numbers)."""

    # ---- header rows
    header_min_words: int = 2
    """A header row has at least this many words."""
    header_max_words: int = 16
    """A line of more words than this is body text, not a header row."""
    header_role_share: float = 0.6
    """At least this share of a header's cells must name a known column role."""
    header_wrap_gap_em: float = 0.6
    """A header cell continues on the next line when that line is at most this far below (same weight)."""
    header_wrap_flow_em: float = 0.5
    """A line below a header whose words run from one column into the next with a gap under this many ems
    (a word space) is running text, a group heading such as "1. Alkuvaiheen ohjaus ja palvelut", not
    wrapped labels (labels of two columns are apart by both cells' padding)."""
    header_wrap_lines: int = 2
    """How many lines below a header line may complete a wrapped header (when finding headers)."""
    content_lines: int = 15
    """How many lines below a header row are read to give its unnamed cells a role by their content."""
    content_role_share: float = 0.6
    """An unnamed column is the schedule (or id) column where this share of its lines are years (row numbers)."""
    header_label_lines: int = 3
    """How many lines below a found header may add words to its column labels."""
    column_start_slack: float = 2.0
    """A word belongs to a header cell that starts up to this many points right of the word."""
    column_rule_slack: float = 1.0
    """A vertical rule between two header cells may lie this many points outside the gap between them."""
    header_rule_reach_em: float = 3.0
    """A vertical rule starting at most this far under a header's middle bounds its columns like one that
    crosses it (a scan's shaded header row hides the rules through it)."""
    column_pad: float = 3.0
    """Without a rule, a column starts this many points left of its header text."""

    # ---- carrying a header onto the next (scanned) page
    align_reach: float = 12.0
    """Largest shift, in points, of a carried header onto this page's rules or text starts."""
    align_min_rule: float = 10.0
    """Vertical rules shorter than this are no column rules."""
    align_step: float = 0.5
    """Step of the search for a scan's shift from its text starts."""
    align_hit_slack: float = 1.0
    """A word starts at a column's text start when within this many points of it."""
    align_min_hits: int = 4
    """At least this many word starts must agree on a shift."""
    align_min_shift: float = 1.0
    """Shifts smaller than this are noise: the header is kept as it is."""
    repeat_slack: float = 3.0
    """A header row repeated on a later scanned page is the earlier one where each of its columns starts within
    this many points of the earlier header's column, after the shift their named columns share."""

    # ---- rows cut by drawn rules and fills
    key_column_width: float = 50.0
    """Width assumed for the key (action) column when it is the last column (unbounded)."""
    key_column_max_width: float = 200.0
    """At most this wide a stretch of the key column decides whether a rule separates rows."""
    rule_reach: float = 2.0
    """Rules and fills up to this far outside the table body still count."""
    rule_min_overlap: float = 0.5
    """A rule or fill separates rows where it covers at least this share of the key column."""
    resume_open_em: float = 4.0
    """A drawn table that ended in free text at the foot of a page (a heading row under its last rule or
    shading) goes on where the next page, before any header, opens inside drawn rows across its key
    column, or with its first text no more than this many body sizes above the first of them (a first row
    left unshaded)."""
    rule_merge: float = 2.0
    """Separators closer than this are one."""
    broken_rule_share: float = 0.5
    """On a page read by OCR, pieces of horizontal rule on one line (within ``rule_merge``) that cover at least
    this share of the stretch from the first piece to the last are one rule over that stretch: a scanned rule
    that reads broken where it printed faint."""
    column_rule_slack_x: float = 3.0
    """A vertical rule is a column boundary when this close to one."""

    # ---- rows cut by gaps (borderless tables)
    row_gap_em: float = 0.7
    """A vertical gap between lines wider than this separates rows."""
    row_gap_aligned_em: float = 0.4
    """... and a gap wider than this where the line below opens several columns at once (the action
    column among them): wrapped lines are ~0.2 em apart, rows of tightly set tables ~0.55 em."""
    row_gap_aligned_em_ocr: float = 0.5
    """The same on pages read by OCR, whose line boxes come from tesseract: wrapped lines of a
    scanned borderless table lie up to ~0.47 em apart. Where every column the line below opens starts a new text
    (a capital, digit or bullet: no word going on in lower case), ``row_gap_aligned_em`` holds there too: a
    tightly set scanned table's rows lie ~0.45 em apart."""
    anchor_merge_em: float = 0.5
    """A cut at a row number this close to a gap cut is the same cut."""
    anchor_slack: float = 0.5
    """A line ends above a row number when its bottom is at most this far below the number's top."""
    anchor_fallback: float = 1.0
    """With no line above a row number, the cut lies this far above it."""
    id_left_slack: float = 1.0
    """A row number opens a row when it starts at most this far right of the column's leftmost word."""
    overflow_gap_em: float = 0.6
    """A cell's line above its row's first action line, at most this far under the same cell's last line
    in the row above, ran over from that row (a cell spanning rows taller than its first row)."""
    span_slack: float = 1.0
    """A single first-column word reaching this far into the second column makes a full-width row."""
    bullet_align_slack: float = 1.5
    """On a page read by OCR, a bullet look-alike ("+", "«") this close to the left edge of two of the page's
    bullets is one (:func:`~kotoex.extract.layout.aligned_bullets`)."""
    bullet_gap_em: float = 1.2
    """A bullet at most this far before the next word of its line marks that word's text: it goes to that
    word's column (on a scan lying a few points apart, a list's bullets fall just left of the boundary)."""

    # ---- the measure reader (interpret/measures.py)
    body_slack: float = 0.5
    """Text up to this far below a header's bottom (or above the first header) belongs to the region above."""
    header_rule_em: float = 0.5
    """A vertical rule on a column boundary ending no more than this many ems (of the header's size) below the
    header's text is a header cell's edge, no rule between the body's columns (no grid, no full-width rows)."""
    heading_size_ratio: float = 1.15
    """A line this much larger than the body text (or bold) is heading-like."""
    heading_size_ratio_numbered_ocr: float = 1.1
    """An OCR'd line opening with a heading number ("2. Kielitaito, ...") this much larger than the body text is
    heading-like (OCR reads sizes coarsely and may lose the bold)."""
    heading_max_words: int = 16
    """A heading-like line has at most this many words (bullets not counted)."""
    span_heading_max_words: int = 32
    """A full-width row inside a table is a heading by its place: it may be a sentence this long."""
    heading_wrap_size_diff: float = 0.5
    """Two heading lines whose sizes differ by less than this (points) may be one wrapped heading."""
    heading_wrap_size_share_ocr: float = 0.125
    """Two OCR'd heading lines whose sizes differ by less than this share may be one wrapped heading (a line of
    small letters only measures up to a tenth smaller)."""
    section_word_min_chars: int = 7
    """A single bold upper-case word this long (naming no column) labels a section."""
    list_indent_slack: float = 2.0
    """Bullets within this many points of the list's first bullet are items of the same list."""
    misread_bullet_max_chars: int = 3
    """An OCR'd line's first word of at most this many characters, ending where a neighbouring list line's bullet
    ends and followed by text where that line's text starts, is the item's bullet misread ("kos", "e")."""
    list_wrap_gap_em: float = 0.5
    """A list line without a bullet or a hanging indent continues the item above it when it follows that
    item's last line this closely (the line pitch of a paragraph; a paragraph after a list has a wider gap)."""
    heading_row_max_lines: int = 2
    """A row with text only in its first (action) column, of at most this many lines ..."""
    heading_row_max_words: int = 14
    """... and this many words, all heading-like, is a heading row, not a measure."""
    line_pitch_max_em: float = 2.0
    """Line steps wider than this are no line pitch (paragraph or row gaps)."""
    default_pitch_em: float = 1.15
    """Line pitch assumed for a band of one line."""
    default_size: float = 10.0
    """Text size assumed where a page has no text."""
    list_column_share: float = 0.5
    """An action column is a list column when at least this share of its cells open with a bullet."""
    min_schedule_lines: int = 2
    """A schedule cell of at least this many lines gives one entry per action."""

    # ---- column roles by content
    status_column_min_cells: int = 3
    """A follow-up column is judged by its cells only when it has at least this many filled cells."""
    status_column_share: float = 0.6
    """A follow-up column whose cells hold status phrases in at least this share is the status column."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"TableSettings.{f.name} must be a number, not {value!r}")
            if f.type == "int" and not isinstance(value, int):
                raise TypeError(f"TableSettings.{f.name} must be a whole number, not {value!r}")
            if value < 0:
                raise ValueError(f"TableSettings.{f.name} must not be negative (got {value})")
            if (f.name.endswith("_share") or f.name == "rule_min_overlap") and value > 1:
                raise ValueError(f"TableSettings.{f.name} is a share in [0, 1] (got {value})")
        if self.header_min_words > self.header_max_words:
            raise ValueError("TableSettings.header_min_words exceeds header_max_words")
        if self.key_column_max_width <= 0 or self.default_size <= 0 or self.align_step <= 0:
            raise ValueError("TableSettings.key_column_max_width, default_size and align_step must be positive")


DEFAULT_TABLE_SETTINGS = TableSettings()
