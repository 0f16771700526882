"""The heading stream: text outside table rows → the context (section, goals, goal) of the rows below.

Lines between table rows (headings, label rows such as ASIAKASKOHDERYHMÄ / TAVOITTEET, "Tavoite:"
rows, full-width rows inside a table) are read in two named steps over plain data:

1. :func:`heading_blocks` cuts the lines into blocks: a section label and its lines, a goals label
   and its (numbered) goals, an inline "Tavoite: ..." goal, a heading, or a bullet list under a
   heading (narrative measures);
2. :func:`read_headings` applies the blocks in order to the current :class:`Context` (a new one
   per change) and turns list blocks into narrative measures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kotoex.extract.columns import ColumnVocab
from kotoex.extract.layout import BULLET_CHARS, Line, clean_join, speck_line
from kotoex.extract.pdf import BULLET, Word
from kotoex.extract.table_settings import DEFAULT_TABLE_SETTINGS, TableSettings

from .rows import CellText, Context, RawMeasure

NUMBERED_ITEM = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<rest>.*)$")
GOAL_INLINE = re.compile(r"^[\"'“”„‘’«»]?(tavoite|tavoitteet|tavoitteena|mål|målsättning)\s*:\s*(?P<rest>.*)$", re.I)
CROSS_REF = re.compile(r"^(kohda?t?|ks\.?|katso|vrt\.?|se|se även|jfr)\s+\d", re.I)
HEADING_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=\S)")

_LABELLED = ("section", "goals", "goal_inline")  # blocks opened by a label line; every line after it joins


def heading_like(ln: Line, body_size: float, settings: TableSettings = DEFAULT_TABLE_SETTINGS,
                 max_words: int | None = None) -> bool:
    """A short line in bold or in a larger size than the body text; a line in bold *and* larger may be
    as long as a heading sentence (``span_heading_max_words``): both cues mark a heading. An OCR'd line opening
    with a heading number ("2. Kielitaito, ...") is larger already at ``heading_size_ratio_numbered_ocr`` (OCR
    reads sizes coarsely, and may lose the bold)."""
    max_words = settings.heading_max_words if max_words is None else max_words
    words = [w for w in ln.words if w.text not in BULLET_CHARS]
    larger = ln.size > settings.heading_size_ratio * body_size or (
        ln.words[0].conf is not None and ln.size > settings.heading_size_ratio_numbered_ocr * body_size
        and bool(HEADING_NUMBER.match(ln.text)))
    if ln.bold and larger:
        max_words = max(max_words, settings.span_heading_max_words)
    return bool(words) and len(words) <= max_words and (ln.bold or larger)


@dataclass
class Block:
    """Consecutive heading-stream lines read together."""
    kind: str  # "section" | "goals" | "goal_inline" | "heading" | "list"
    lines: list[Line] = field(default_factory=list)
    items: list[list[Line]] = field(default_factory=list)  # "list": the bullet items
    x0: float = 0.0  # "list": where its bullets stand


# ----------------------------------------------------------------------------------- step 1: blocks

def label_kind(ln: Line, vocab: ColumnVocab, settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> str | None:
    """The block a label line opens: "section" (ASIAKASKOHDERYHMÄ, or one long bold upper-case word
    that names no column), "goals" (TAVOITTEET), "goal_inline" ("Tavoite: ..."), or None."""
    t = ln.text.strip()
    if vocab.is_label(t, vocab.section_labels) or (
            t.isupper() and len(ln.words) == 1 and ln.bold and not vocab.is_label(t, vocab.goal_labels)
            and vocab.role_of(t) is None and len(t) >= settings.section_word_min_chars):
        return "section"
    if vocab.is_label(t, vocab.goal_labels):
        return "goals"
    if GOAL_INLINE.match(t):
        return "goal_inline"
    return None


def _inline_goal(ln: Line) -> list[Line]:
    """The goal text after "Tavoite:" on its label line, as a line (none if the label stands alone)."""
    rest = GOAL_INLINE.match(ln.text.strip())["rest"]
    return [Line(_strip_prefix(ln.words, rest))] if rest else []


def _strip_prefix(words: list[Word], rest: str) -> list[Word]:
    n = len(rest.split())
    return words[len(words) - n:] if n else []


def _list_line(block: Block | None, ln: Line, settings: TableSettings) -> bool:
    """A bullet under a heading starts a list; in a list, bullets and indented lines continue it."""
    if block is None or block.kind not in ("heading", "list"):
        return False
    if ln.words[0].text in BULLET_CHARS:
        return True
    if block.kind != "list":
        return False
    return ln.x0 > block.x0 + settings.list_indent_slack or (bool(block.items) and
                                                            _flush_wrap(block.items, ln, settings))


def _flush_wrap(items: list[list[Line]], ln: Line, settings: TableSettings) -> bool:
    """``ln`` wraps the last list item though it is not indented (word processors that set bullets without a
    hanging indent): directly below its last line at the line pitch, the same size and weight, and either
    the item's line runs on (no sentence end), ``ln`` starts in lower case, or the list sets its items apart
    with wider gaps than that (a new paragraph would be set apart too: the item's next sentence)."""
    last = items[-1][-1]
    gap = ln.top - last.bottom
    if not -0.2 * ln.size <= gap <= settings.list_wrap_gap_em * ln.size:
        return False
    if abs(ln.size - last.size) >= settings.heading_wrap_size_diff or ln.bold != last.bold:
        return False
    if len(items) >= 2 and items[-2][-1].page == items[-1][0].page == ln.page \
            and items[-1][0].top - items[-2][-1].bottom > settings.list_wrap_gap_em * ln.size:
        return True
    return ln.text[:1].islower() or not ends_sentence(last)


def ends_sentence(ln: Line) -> bool:
    """The line ends a sentence (or a clause before a list: ":", ";")."""
    return ln.text.rstrip().endswith((".", "!", "?", ":", ";"))


def _add_to_list(block: Block, ln: Line, settings: TableSettings) -> None:
    if ln.words[0].text in BULLET_CHARS and abs(ln.x0 - block.x0) <= settings.list_indent_slack:
        block.items.append([ln])
    elif block.items:
        block.items[-1].append(ln)  # a wrapped line or a sub-item


def _goal_wraps(block: Block, ln: Line, body_size: float, settings: TableSettings) -> bool:
    """``ln`` continues the text of an inline goal ("Tavoite: ..."): no bullet, directly below its last
    line, and a heading only where that line is one too. A heading or a list after it is no part of it."""
    if not block.lines:  # the label stood alone: its text starts on the next line
        return True
    last = block.lines[-1]
    return ln.words[0].text not in BULLET_CHARS and ln.top - last.bottom < ln.size \
        and heading_like(ln, body_size, settings) == heading_like(last, body_size, settings)


def _wraps(last: Line, ln: Line, settings: TableSettings) -> bool:
    """``ln`` continues the heading line ``last`` (same size, directly below).

    OCR'd sizes come from word boxes and vary with the letters ("muuttavat)" with no capital measures
    a point less than the line above it): between two OCR'd lines the sizes may differ by a share."""
    diff = settings.heading_wrap_size_diff
    if all(w.conf is not None for w in (*last.words, *ln.words)):
        diff = max(diff, settings.heading_wrap_size_share_ocr * max(last.size, ln.size))
    return abs(last.size - ln.size) < diff and ln.top - last.bottom < ln.size


def restore_bullets(lines: list[Line], settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> list[Line]:
    """Lines whose bullet OCR read as a letter or two ("kos", "e"): a short first word of an OCR'd line ending
    where the bullet of a neighbouring list line ends, its text starting where that line's text starts."""
    slack = settings.list_indent_slack
    out = list(lines)
    for i, ln in enumerate(lines):
        first = ln.words[0]
        if first.conf is None or first.text in BULLET_CHARS or len(ln.words) < 2 \
                or len(first.text) > settings.misread_bullet_max_chars:
            continue
        for nb in (lines[i - 1] if i else None, lines[i + 1] if i + 1 < len(lines) else None):
            if nb is not None and nb.words[0].text in BULLET_CHARS and len(nb.words) > 1 \
                    and abs(nb.words[0].x1 - first.x1) <= slack and abs(nb.words[1].x0 - ln.words[1].x0) <= slack:
                out[i] = Line([replace(first, text=nb.words[0].text, x0=nb.words[0].x0), *ln.words[1:]])
                break
    return out


def heading_blocks(lines: list[Line], vocab: ColumnVocab, body_size: float, span_lines: set[int] = frozenset(),
                   settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> list[Block]:
    """Cut heading-stream lines into blocks; plain paragraphs end a block and belong to none.

    ``span_lines`` holds the id() of lines from full-width table rows: those may be longer headings.
    """
    blocks: list[Block] = []
    cur: Block | None = None
    page, repeated = None, False
    for ln in restore_bullets(lines, settings):
        if speck_line(ln) and BULLET not in ln.text:
            continue  # a speck of the scan (":" in the margin beside a list) ends no list
        first_on_page, page = ln.page != page, ln.page
        if first_on_page and cur is not None and cur.kind == "list" and vocab.role_of(ln.text) is not None:
            repeated = True  # a one-column table's header repeated over the page: the list of the page before
            continue  # goes on, its bullets where this page has them (a scan's pages lie apart on the glass)
        if repeated and cur is not None and cur.kind == "list" and ln.words[0].text in BULLET_CHARS:
            cur.x0 = ln.x0
        repeated = False
        if _list_line(cur, ln, settings):
            if cur.kind == "heading":  # a heading followed by a bullet list: one measure per item
                blocks.append(cur)
                cur = Block("list", x0=ln.x0)
            _add_to_list(cur, ln, settings)
            continue
        if cur is not None and cur.kind == "list":
            blocks.append(cur)
            cur = None
        kind = label_kind(ln, vocab, settings)
        if kind:
            blocks.extend([cur] if cur else [])
            cur = Block(kind, _inline_goal(ln) if kind == "goal_inline" else [])
            continue
        if cur is not None and cur.kind == "goals" and not cur.lines and ln.words[0].text in BULLET_CHARS:
            # bullets right under a goals label (a one-column table's header, repeated on a later page):
            # the label holds no goal text and the list goes on under the current section
            blocks.append(cur)
            cur = Block("list", x0=ln.x0)
            _add_to_list(cur, ln, settings)
            continue
        if cur is not None and cur.kind in _LABELLED and (
                cur.kind != "goal_inline" or _goal_wraps(cur, ln, body_size, settings)):
            cur.lines.append(ln)
            continue
        if cur is not None and cur.kind == "goal_inline":  # "Tavoite: ..." ends where its text does
            blocks.append(cur)
            cur = None
            if ln.words[0].text in BULLET_CHARS:  # bullets right under the goal: a list
                cur = Block("list", x0=ln.x0)
                _add_to_list(cur, ln, settings)
                continue
        max_words = settings.span_heading_max_words if id(ln) in span_lines else settings.heading_max_words
        if heading_like(ln, body_size, settings, max_words):
            if cur is not None and cur.kind == "heading" and _wraps(cur.lines[-1], ln, settings):
                cur.lines.append(ln)  # a heading wrapped onto two lines
            else:
                blocks.extend([cur] if cur else [])
                cur = Block("heading", [ln])
            continue
        blocks.extend([cur] if cur else [])  # a plain paragraph: ends any block, keeps the context
        cur = None
    blocks.extend([cur] if cur else [])
    return blocks


# ------------------------------------------------------------------------------ step 2: the context

def _new_section(text: str, lines: list[Line], ctx: Context | None = None) -> Context:
    """A new section: its goals and goal are those read after it, but an inline goal read before any measure
    since (its text over the sections: "Tavoite: ..." above them) or already standing over sections goes on."""
    new = Context(section=text, section_boxes=CellText(list(lines)).boxes())
    if ctx is not None and ctx.goal and (ctx.goal_over or not ctx.goal_used):
        return replace(new, goal=ctx.goal, goal_boxes=ctx.goal_boxes, goal_over=True)
    return new


def _numbered_goals(ctx: Context, lines: list[Line]) -> Context:
    """The goals under a goals label: numbered items ("1. ...", "2) ...") or one unnumbered goal."""
    texts: list[list[str]] = []
    item_lines: list[list[Line]] = []
    nums: list[str | None] = []
    for ln in lines:
        m = NUMBERED_ITEM.match(ln.text)
        if m:
            texts.append([m["rest"]])
            item_lines.append([ln])
            nums.append(m["n"])
        elif texts:
            texts[-1].append(ln.text)
            item_lines[-1].append(ln)
        else:
            texts.append([ln.text])
            item_lines.append([ln])
            nums.append(None)
    one = len(texts) == 1
    return replace(ctx, goals={n: clean_join(parts) for n, parts in zip(nums, texts) if n},
                   goal=clean_join(texts[0]) if one else None,
                   goals_boxes={n: CellText(lns).boxes() for n, lns in zip(nums, item_lines) if n},
                   goal_boxes=CellText(item_lines[0]).boxes() if one else [])


def apply_block(ctx: Context, block: Block) -> Context:
    """The context after a section, goals, inline goal or heading block (a list block changes nothing)."""
    lines = block.lines
    if not lines or block.kind == "list":
        return ctx
    text = clean_join([ln.text for ln in lines])
    if block.kind == "section":
        return _new_section(text, lines, ctx)
    if block.kind == "goals":
        return _numbered_goals(ctx, lines)
    if block.kind == "goal_inline":
        return replace(ctx, goal=text, goal_boxes=CellText(list(lines)).boxes(), goal_used=False, goal_over=False)
    bare = HEADING_NUMBER.sub("", text).strip()  # a heading: "3.2 Työllisyys" names a section
    # a numbered heading opens a part of the document: a goal standing over the sections before it ends there
    return _new_section(bare, lines, ctx if bare == text else None) if bare else ctx


def narrative_measures(items: list[list[Line]], ctx: Context) -> list[RawMeasure]:
    """One measure per bullet item of a list under a heading (cross references excepted)."""
    out = []
    for it in items:
        text = clean_join([ln.text for ln in it])
        if not text or CROSS_REF.match(text):
            continue
        boxes = {"text": CellText(it).boxes()}
        if ctx.section and ctx.section_boxes:
            boxes["section"] = list(ctx.section_boxes)
        if ctx.goal and ctx.goal_over and ctx.goal_boxes:
            boxes["goal"] = list(ctx.goal_boxes)
        out.append(RawMeasure(id=None, text=text, section=ctx.section, goal=ctx.goal if ctx.goal_over else None, cells={},
                              pages=sorted({ln.page for ln in it}), boxes=boxes, path="narrative"))
    return out


def read_headings(lines: list[Line], ctx: Context, vocab: ColumnVocab, body_size: float,
                  span_lines: set[int] = frozenset(),
                  settings: TableSettings = DEFAULT_TABLE_SETTINGS) -> tuple[Context, list[RawMeasure]]:
    """The context after ``lines``, and the narrative measures read from their bullet lists, in order."""
    narrative: list[RawMeasure] = []
    for block in heading_blocks(lines, vocab, body_size, span_lines, settings):
        if block.kind == "list":
            found = narrative_measures(block.items, ctx)
            narrative.extend(found)
            if found and ctx.goal:
                ctx = replace(ctx, goal_used=True)
        else:
            ctx = apply_block(ctx, block)
    return ctx, narrative
