"""The dataset export: CSV, Parquet, DuckDB and a Frictionless data package that validates."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _badinputs import empty_file, encrypted_pdf, text_file
from conftest import CORPUS, SAMPLES
from kotoex.cli import app
from kotoex.dataset import TABLES, load_documents
from kotoex.export import datapackage, duckdb_ddl, export_dataset
from kotoex.ingest import ingest
from kotoex.models import Document, DocumentInfo, Measure, Municipality, Responsible, ResponsibleBody, Source

runner = CliRunner()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dataset")
    inbox = root / "inbox"
    inbox.mkdir()
    for p in SAMPLES.glob("*.pdf"):
        shutil.copy(p, inbox / p.name)
    if CORPUS.is_dir():  # Espoo's code 049 checks leading zeros; Kuntaliitto's collection gives practices
        for name in ("dev_espoo_programme_2022__wp-grid-land.pdf", "kuntaliitto_collection_2017__wp-grid-land.pdf",
                     "dev_pietarsaari_uppfoljning_2021__wp-open-port.pdf"):
            if (CORPUS / name).exists():
                shutil.copy(CORPUS / name, inbox / name)
    empty_file(inbox / "empty.pdf")
    text_file(inbox / "notes.pdf")
    encrypted_pdf(inbox / "locked.pdf")
    ds = root / "ds"
    res = ingest(inbox, ds, workers=2)
    assert res.exported and res.export_error is None
    return ds


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_files_are_there(dataset):
    for name in TABLES:
        assert (dataset / "export" / "data" / f"{name}.csv").exists()
        assert (dataset / "export" / "parquet" / f"{name}.parquet").exists()
    assert (dataset / "export" / "kotoex.duckdb").exists() and (dataset / "export" / "datapackage.json").exists()


def test_csv_is_rfc4180_utf8_one_header(dataset):
    raw = (dataset / "export" / "data" / "measures.csv").read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff")
    header = text.split("\r\n", 1)[0]
    assert header.split(",") == TABLES["measures"].names
    assert "\n" not in header and text.endswith("\r\n")
    rows = read_csv(dataset / "export" / "data" / "measures.csv")
    assert rows and all(r["doc_id"] and r["sha256"] and r["file"] and r["pipeline_version"] for r in rows)
    assert any("ä" in (r["text"] + r["section"]) for r in rows)
    docs = read_csv(dataset / "export" / "data" / "documents.csv")
    assert {d["status"] for d in docs} >= {"ok", "failed"}
    failed = [d for d in docs if d["status"] == "failed"]
    assert all(d["errors"] for d in failed)


def test_datapackage_validates_with_frictionless(dataset):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(dataset / "export" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])[:20]
    pkg = json.loads((dataset / "export" / "datapackage.json").read_text(encoding="utf-8"))
    schemas = {r["name"]: r["schema"] for r in pkg["resources"]}
    assert schemas["measures"]["primaryKey"] == ["doc_id", "measure_no"]
    assert schemas["measures"]["foreignKeys"][0]["reference"] == {"resource": "documents", "fields": ["doc_id"]}
    fields = {f["name"]: f for f in schemas["measures"]["fields"]}
    assert "implemented" in fields["status_code"]["constraints"]["enum"]
    assert fields["municipality_code"]["type"] == "string"
    body = {f["name"]: f for f in schemas["bodies"]["fields"]}["code"]
    assert "mun.education" in body["constraints"]["enum"]


def test_frictionless_catches_a_bad_code(dataset, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    copy = tmp_path / "copy"
    shutil.copytree(dataset / "export", copy / "export")
    rows = read_csv(copy / "export" / "data" / "bodies.csv")
    if not rows:
        pytest.skip("no bodies")
    rows[0]["code"] = "mun.nonsense"
    with open(copy / "export" / "data" / "bodies.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\r\n")
        w.writeheader()
        w.writerows(rows)
    assert not frictionless.validate(str(copy / "export" / "datapackage.json")).valid


def test_duckdb_joins_measures_to_documents(dataset):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect(str(dataset / "export" / "kotoex.duckdb"), read_only=True)
    try:
        rows = con.execute("""
            SELECT d.municipality, d.municipality_code, count(*) AS n
            FROM measures m JOIN documents d USING (doc_id)
            GROUP BY ALL ORDER BY n DESC""").fetchall()
        n_measures = con.execute("SELECT count(*) FROM measures").fetchone()[0]
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'measures'").fetchall())
        failed = con.execute("SELECT count(*) FROM documents WHERE status = 'failed'").fetchone()[0]
    finally:
        con.close()
    assert sum(n for *_, n in rows) == n_measures > 0
    assert ("Turku", "853") in {(a, b) for a, b, _ in rows}
    assert types["municipality_code"] == "VARCHAR" and types["measure_no"] == "BIGINT"
    assert failed >= 3


def test_parquet_keeps_codes_as_text(dataset):
    import pyarrow.parquet as pq

    t = pq.read_table(dataset / "export" / "parquet" / "documents.parquet")
    assert str(t.schema.field("municipality_code").type) == "string"
    codes = set(t.column("municipality_code").to_pylist())
    assert "853" in codes
    if CORPUS.is_dir():
        assert "049" in codes  # Espoo, leading zero kept
    m = pq.read_table(dataset / "export" / "parquet" / "measures.parquet")
    assert m.num_rows == len(read_csv(dataset / "export" / "data" / "measures.csv"))


def test_every_table_row_carries_provenance(dataset):
    for name in TABLES:
        for r in read_csv(dataset / "export" / "data" / f"{name}.csv"):
            assert r["doc_id"] and r["file"] and r["pipeline_version"], name


def test_export_on_a_batch_folder(tmp_path):
    out = tmp_path / "batch"
    r = runner.invoke(app, ["batch", str(SAMPLES), "--out", str(out), "-w", "2"])
    assert r.exit_code == 0, r.output
    (out / "not_a_document.json").write_text('{"hello": 1}', encoding="utf-8")
    r = runner.invoke(app, ["export", str(out), "--no-duckdb"])
    assert r.exit_code == 0, r.output
    assert "not_a_document.json" in r.output
    docs = read_csv(out / "export" / "data" / "documents.csv")
    assert sorted(d["doc_id"] for d in docs) == sorted(p.stem for p in SAMPLES.glob("*.pdf"))
    assert not (out / "export" / "kotoex.duckdb").exists()
    # the batch's own measures.csv is left alone
    assert (out / "measures.csv").read_text(encoding="utf-8").startswith("file,")


def test_ddl_and_package_agree():
    pkg = datapackage("x")
    assert [r["name"] for r in pkg["resources"]] == list(TABLES)
    for t in TABLES.values():
        ddl = duckdb_ddl(t)
        assert "PRIMARY KEY" in ddl and all(f'"{c}"' in ddl for c in t.names)


def _doc_with_bodies(name: str, bodies: list[tuple[str, str, str]]) -> Document:
    return Document(
        source=Source(file=f"{name}.pdf", sha256="0" * 64, pages=1),
        document=DocumentInfo(doc_type="action_programme", municipalities=[Municipality(name="Espoo", code="049")]),
        measures=[Measure(text="Toimenpide", responsible=Responsible(raw="x", bodies=[
            ResponsibleBody(name=n, code=c, match=m) for n, c, m in bodies]))],
        pipeline_version="0.1.0")


def test_vocab_lists_unmapped_bodies(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for i, bodies in enumerate([
        [("Kummitoimisto", "other", "none"), ("Sivistystoimi", "mun.education", "exact")],
        [("Kummitoimisto", "other", "none"), ("Lähiötoimikunta X", "other", "none")],
        [("Kela", "state.other", "exact")],
    ]):
        (out / f"d{i}.json").write_text(_doc_with_bodies(f"d{i}", bodies).model_dump_json(), encoding="utf-8")
    r = runner.invoke(app, ["vocab", str(out), "--csv", str(tmp_path / "v.csv"), "--jsonl", str(tmp_path / "v.jsonl")])
    assert r.exit_code == 0, r.output
    assert "Kummitoimisto" in r.output and "Lähiötoimikunta X" in r.output
    assert "Sivistystoimi" not in r.output and "Kela" not in r.output
    rows = read_csv(tmp_path / "v.csv")
    assert rows[0]["name"] == "Kummitoimisto" and rows[0]["count"] == "2" and rows[0]["documents"] == "2"
    text_lines = (tmp_path / "v.jsonl").read_text(encoding="utf-8").splitlines()
    lines = [json.loads(x.removeprefix("# ")) for x in text_lines[1:]]
    # no suggestion: a comment line to fill in; a suggestion: a lexicon line with its basis
    assert text_lines[1].startswith("# ") and lines[0]["name"] == "Kummitoimisto" and lines[0]["code"] == ""
    assert lines[1]["code"] == "mun.council_board" and lines[1]["basis"]
    assert {r["name"]: r["suggested_code"] for r in rows}["Lähiötoimikunta X"] == "mun.council_board"
    from kotoex.normalize.bodies import Lexicon

    assert Lexicon.load([tmp_path / "v.jsonl"]).classify("Lähiötoimikunta X")[0] == "mun.council_board"


def test_vocab_on_a_dataset(dataset):
    r = runner.invoke(app, ["vocab", str(dataset)])
    assert r.exit_code == 0, r.output
    assert "responsible-body names without a code" in " ".join(r.output.split())


def test_load_documents_uses_the_state(dataset):
    loaded = load_documents(dataset)
    assert not loaded.problems
    assert {e.source_path for e in loaded.entries} >= {"empty.pdf", "notes.pdf", "locked.pdf"}


def test_export_again_is_stable(dataset):
    before = (dataset / "export" / "data" / "measures.csv").read_bytes()
    res = export_dataset(dataset)
    assert (dataset / "export" / "data" / "measures.csv").read_bytes() == before
    assert res.counts["documents"] == len(read_csv(dataset / "export" / "data" / "documents.csv"))


def test_low_confidence_rows_are_flagged_not_dropped(tmp_path):
    from kotoex import extract_pdf
    from kotoex.export import export_dataset
    from kotoex.writers import write_json
    from conftest import SAMPLES
    import csv

    doc = extract_pdf(SAMPLES / "turku_report_2013.pdf")
    write_json(doc, tmp_path / "turku_report_2013.json")
    export_dataset(tmp_path, parquet=False, duckdb=False, min_confidence=0.95)
    rows = list(csv.DictReader((tmp_path / "export" / "data" / "measures.csv").open(encoding="utf-8")))
    assert len(rows) == len(doc.measures)  # nothing dropped
    flagged = {r["measure_no"] for r in rows if r["low_confidence"] == "true"}
    expected = {str(i) for i, m in enumerate(doc.measures, 1) if m.confidence < 0.95}
    assert flagged == expected and flagged  # some rows are below 0.95 in this sample
