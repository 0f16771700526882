"""Hostile and unlucky inputs (issue 18), made on the fly: no crash, an error record per bad file, every good
file processed, no output name collision, no CSV cell a spreadsheet evaluates, no script from an input in HTML."""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _make import plain_pdf, text_pdf_with_cmap, write
from conftest import SAMPLES
from kotoex.cli import app

runner = CliRunner()
FORMULA = ("=", "+", "-", "@", "\t", "\r")
LONG = "p" * 246 + ".pdf"  # 250 characters: a temporary name beside it used to pass 255 bytes
NON_UTF8 = os.fsdecode(b"caf\xe9 raportti.pdf")  # a name that is not UTF-8 (surrogate-escaped in Python)


def _good(text: str) -> bytes:
    return plain_pdf([f"Kotouttamisohjelman toimenpiteet: {text}", "Toimenpide ja vastuutaho seuraavat."])


def make_inbox(root: Path) -> tuple[Path, dict[str, str]]:
    """An inbox of good files under awkward names and bad files; returns it and {relative path: 'good'|reason word}."""
    inbox = root / "inbox"
    outside = root / "outside"
    outside.mkdir(parents=True)
    secret = outside / "secret.txt"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", encoding="utf-8")
    expect: dict[str, str] = {}

    def good(rel: str, data: bytes | None = None) -> None:
        write(inbox / rel, data or _good(rel))
        expect[rel] = "good"

    good("report.pdf")
    good("report__2.pdf")
    good("sub2/report.pdf")
    good("dup.pdf")
    good("dup.PDF")
    good("datapackage.pdf")
    good(".hidden.pdf")
    good("..pdf")
    good(LONG)
    good(NON_UTF8)
    good("=HYPERLINK(\"http---x\",\"click\").pdf")
    good("@SUM(A1).pdf")
    good("-2+3.pdf")
    good("javascript:alert(document.domain).pdf")
    good("<img src=x onerror=alert(1)>.pdf")
    good("[blink]loud[-blink].pdf")
    good("emoji.pdf", text_pdf_with_cmap(
        [(b"Kotouttamisohjelma A ja B 2020", 20), b"Toimenpiteet ja vastuutahot seuraavat kaupungin ohjelmaa.",
         b"Toinen kappale tekstia jossa on sanoja."],
        {0x41: "D83DDE00", 0x42: "D800"}))  # A: an emoji as a surrogate pair, B: a lone surrogate (in the title)
    shutil.copy(SAMPLES / "turku_decision_2023.pdf", inbox / "turku_decision_2023.pdf")
    expect["turku_decision_2023.pdf"] = "good"
    os.symlink(inbox / "report.pdf", inbox / "link_inside.pdf")
    expect["link_inside.pdf"] = "good"

    os.mkfifo(inbox / "fifo.pdf")
    expect["fifo.pdf"] = "FIFO"
    (inbox / "folder.pdf").mkdir()
    expect["folder.pdf"] = "folder"
    os.symlink(secret, inbox / "shadow.pdf")
    expect["shadow.pdf"] = "symbolic link out"
    os.symlink(inbox / "gone" / "nowhere.pdf", inbox / "broken.pdf")
    expect["broken.pdf"] = "not found"
    write(inbox / "notes.pdf", b"these are notes, not a PDF\n")
    expect["notes.pdf"] = "not a PDF"
    (inbox / ".git").mkdir()
    write(inbox / ".git" / "old.pdf", _good("in a hidden folder"))  # hidden folders are not searched
    return inbox, expect


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    return make_inbox(tmp_path_factory.mktemp("hostile"))


def _csv_cells(folder: Path):
    for p in folder.rglob("*.csv"):
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    yield p, cell


def _assert_no_formula(folder: Path) -> int:
    n = 0
    for p, cell in _csv_cells(folder):
        assert not cell.startswith(FORMULA), (p.name, cell)
        n += 1
    return n


def test_batch_records_every_file_once_under_its_own_name(inbox, tmp_path):
    src, expect = inbox
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "-w", "2", "--timeout", "60", "-q"])
    assert r.exit_code == 1, r.output  # some files are bad
    assert r.exception is None or isinstance(r.exception, SystemExit)
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}
    assert len(docs) == len(expect)  # one JSON per input: no name collision, none lost
    assert all(not n.startswith(".") and len(os.fsencode(n)) <= 255 for n in os.listdir(out))
    by_file: dict[str, list[dict]] = {}
    for d in docs.values():
        by_file.setdefault(d["source"]["file"], []).append(d)
    for rel, what in expect.items():
        name = rel.rsplit("/", 1)[-1].encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        found = by_file.get(name)
        assert found, rel
        if what == "good":
            assert any(d["status"] != "failed" for d in found), (rel, [d["errors"] for d in found])
        else:
            assert len(found) == 1 and found[0]["status"] == "failed", rel
            assert what.lower() in found[0]["errors"][0].lower(), (rel, found[0]["errors"])
    assert by_file["shadow.pdf"][0]["source"]["sha256"] == ""  # the linked file was never opened
    assert by_file["emoji.pdf"][0]["document"]["title"] == "Kotouttamisohjelma 😀 ja \ufffd 2020"
    assert _assert_no_formula(out) > 0

    # export of the batch folder: every document once, ids distinct, nothing of the batch overwritten
    before = {p.name: p.read_bytes() for p in out.glob("*.json")}
    r = runner.invoke(app, ["export", str(out), "-q"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader((out / "export" / "data" / "documents.csv").open(encoding="utf-8")))
    assert len(rows) == len(expect)
    assert len({x["doc_id"] for x in rows}) == len(rows)
    assert {p.name: p.read_bytes() for p in out.glob("*.json")} == before
    assert (out / "export" / "kotoex.duckdb").exists()
    _assert_no_formula(out / "export")
    csv_files = [x["file"] for x in rows]
    assert any(f.startswith("'=HYPERLINK") for f in csv_files)  # neutralised in the CSV…
    import pyarrow.parquet as pq

    files = pq.read_table(out / "export" / "parquet" / "documents.parquet").column("file").to_pylist()
    assert any(f.startswith("=HYPERLINK") for f in files)  # …while Parquet keeps the true value
    assert oct((out / "export" / "parquet" / "documents.parquet").stat().st_mode & 0o777) == \
        oct((out / "export" / "data" / "documents.csv").stat().st_mode & 0o777)


def test_ingest_records_bad_files_and_reruns_cleanly(inbox, tmp_path):
    src, expect = inbox
    ds = tmp_path / "ds"
    r = runner.invoke(app, ["ingest", str(src), "--out", str(ds), "-w", "2", "--timeout", "60", "-q"])
    assert r.exit_code == 1, r.output
    from kotoex.state import state_rows

    rows = {x["path"]: x for x in state_rows(ds)}
    assert len(rows) == len(expect)
    for rel, what in expect.items():
        key = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        assert (rows[key]["status"] == "failed") == (what != "good"), (rel, rows[key]["error"])
    outputs = [x["output"] for x in rows.values()]
    assert len({o.casefold() for o in outputs}) == len(outputs)
    docs = list(csv.DictReader((ds / "export" / "data" / "documents.csv").open(encoding="utf-8")))
    assert len(docs) == len(expect) and len({d["doc_id"] for d in docs}) == len(docs)
    _assert_no_formula(ds / "export")
    # a rerun: nothing new, no crash, the same files stay failed (not retried silently)
    r = runner.invoke(app, ["ingest", str(src), "--out", str(ds), "-w", "2", "-q"])
    assert r.exit_code == 0, r.output
    assert {x["path"]: x["runs"] for x in state_rows(ds)} == {k: 1 for k in rows}


def test_follow_links_reads_a_link_out_of_the_folder(tmp_path):
    inbox, outside = tmp_path / "in", tmp_path / "elsewhere"
    write(outside / "real.pdf", _good("linked from elsewhere"))
    write(outside / "secret.txt", b"not for kotoex")
    inbox.mkdir()
    os.symlink(outside / "real.pdf", inbox / "linked.pdf")  # a link farm of PDFs keeps working
    os.symlink(outside / "secret.txt", inbox / "secret.pdf")
    os.symlink(outside, inbox / "folder_link")
    from kotoex.inputs import find_inputs

    found = find_inputs([inbox])
    assert [p.name for p in found.paths] == ["linked.pdf", "secret.pdf"]  # the linked folder is not searched
    assert list(found.problems) == [inbox / "secret.pdf"]
    found = find_inputs([inbox], follow_links=True)
    assert sorted(p.name for p in found.paths) == ["linked.pdf", "real.pdf", "secret.pdf"] and not found.problems


def test_extract_and_review_of_a_fifo_end_at_once(tmp_path):
    fifo = tmp_path / "x.pdf"
    os.mkfifo(fifo)
    r = runner.invoke(app, ["extract", str(fifo), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 1
    doc = json.loads((tmp_path / "o" / "x.json").read_text(encoding="utf-8"))
    assert "FIFO" in doc["errors"][0]
    r = runner.invoke(app, ["review", str(fifo), "--out", str(tmp_path / "r")])
    assert r.exit_code == 1
    assert "FIFO" in (tmp_path / "r" / "x.review.html").read_text(encoding="utf-8")


def test_review_links_are_relative_and_pages_unique(inbox, tmp_path):
    src, _expect = inbox
    pick = tmp_path / "pick"
    for rel in ("report.pdf", "sub2/report.pdf", "javascript:alert(document.domain).pdf",
                "<img src=x onerror=alert(1)>.pdf", "fifo.pdf"):
        target = pick / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel == "fifo.pdf":
            os.mkfifo(target)
        else:
            shutil.copy(src / rel, target)
    out = tmp_path / "review"
    r = runner.invoke(app, ["review", str(pick), "--out", str(out), "--dpi", "20", "--timeout", "60"])
    assert r.exit_code == 1, r.output  # the FIFO
    pages = sorted(out.glob("*.review.html"))
    assert len(pages) == 5
    index = (out / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r"href='([^']*)'", index)
    assert len(hrefs) == 5 and len(set(hrefs)) == 5
    assert all(h.startswith("./") and ":" not in h for h in hrefs), hrefs
    for p in [*pages, out / "index.html"]:
        html = p.read_text(encoding="utf-8")
        assert "<img src=x" not in html and "javascript:" not in re.sub(r">[^<]*<", "><", html)
        assert html.count("<script") == (0 if p.name == "index.html" else 1)  # only the page's own script


def test_malformed_side_files_stop_before_any_work(tmp_path):
    lex = tmp_path / "lex.jsonl"
    lex.write_text('{"name": "Welcome Office", "code": "mun.integration_services"}\n{"name": "X", "code": "nope"}\n',
                   encoding="utf-8")
    cols = tmp_path / "cols.json"
    cols.write_text('{"roles": {"status": ["tila"]},\n "section_labels": [', encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"name": "A", "code": "ngo"}\n\n{"name": "B", "code": \n', encoding="utf-8")
    for opt, f, line, why in (("--lexicon", lex, 2, "unknown body code"), ("--columns", cols, 2, "not valid JSON"),
                              ("--lexicon", broken, 3, "not valid JSON")):
        out = tmp_path / f"out_{f.stem}"
        r = runner.invoke(app, ["batch", str(SAMPLES), "--out", str(out), opt, str(f), "-q"])
        assert r.exit_code == 2, r.output
        msg = " ".join(r.output.split())
        assert f.name in msg and f"line {line}" in msg and why in msg, msg
        assert not out.exists()  # nothing was done


def test_corrupt_state_and_unwritable_output_give_one_message(tmp_path, monkeypatch):
    ds = tmp_path / "ds"
    ds.mkdir()
    (ds / "state.sqlite").write_bytes(b"this is not a database" * 100)
    inbox = tmp_path / "in"
    write(inbox / "a.pdf", _good("a"))
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "-q"])
    assert r.exit_code == 5, r.output
    assert "not a usable kotoex state database" in " ".join(r.output.split()) and "Traceback" not in r.output
    assert not (ds / "documents").exists()

    import errno

    import kotoex.writers as writers

    def full(folder):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writers, "temp_file", full)
    r = runner.invoke(app, ["batch", str(inbox), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 4, r.output
    assert "disk is full" in " ".join(r.output.split()) and "Traceback" not in r.output
    r = runner.invoke(app, ["ingest", str(inbox), "--out", str(tmp_path / "ds2"), "-q"])
    assert r.exit_code == 4, r.output


def test_locked_state_database_is_reported_as_in_use(tmp_path, monkeypatch):
    import sqlite3

    import kotoex.state as state

    inbox = tmp_path / "in"
    write(inbox / "a.pdf", _good("a"))
    ds = tmp_path / "ds"
    ds.mkdir()
    state.open_state(ds).close()
    monkeypatch.setattr(state, "STATE_TIMEOUT", 0.2)
    other = sqlite3.connect(ds / "state.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program writing to it
    try:
        r = runner.invoke(app, ["ingest", str(inbox), "--out", str(ds), "-q"])
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert r.exit_code == 3, r.output
    assert "locked by another program" in " ".join(r.output.split()) and "Traceback" not in r.output


def test_invisible_characters_do_not_split_words(tmp_path):
    from kotoex.pipeline import process_file

    # C: zero-width space, D: BOM, E: right-to-left mark, inside the words of the title
    pdf = write(tmp_path / "zw.pdf", text_pdf_with_cmap(
        [(b"KotoCuttaDmisEohjelma 2020", 20), b"Toimenpiteet ja vastuutahot seuraavat kaupungin ohjelmaa.",
         b"Toinen kappale tekstia jossa on sanoja."], {0x43: "200B", 0x44: "FEFF", 0x45: "200F"},
        zero_width=(0x43, 0x44, 0x45)))
    doc = process_file(pdf)
    assert doc.document.title == "Kotouttamisohjelma 2020"


def test_a_document_whose_output_cannot_be_written_is_recorded_failed(tmp_path, monkeypatch):
    import kotoex.batch as batch

    real = batch.write_document_outputs
    calls = []

    def refuse_first(doc, out, stem):
        calls.append(stem)
        if len(calls) == 1:
            raise ValueError("a name the file system refuses")
        return real(doc, out, stem)

    monkeypatch.setattr(batch, "write_document_outputs", refuse_first)
    pdfs = [SAMPLES / "turku_decision_2023.pdf", SAMPLES / "jarvenpaa_targets_2020.pdf"]
    res = batch.run_batch(pdfs, tmp_path / "out", isolate=False)
    first, second = res.results
    assert first.status == "failed" and "cannot write its outputs" in first.reason
    assert json.loads((tmp_path / "out" / "turku_decision_2023.json").read_text(encoding="utf-8"))["status"] == "failed"
    assert second.status in ("ok", "partial") and (tmp_path / "out" / "measures.csv").exists()
