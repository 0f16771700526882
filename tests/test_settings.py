"""One settings tree: defaults equal the old behaviour, a TOML file and --set reach every knob, bad
values are usage errors that name the key, and the OCR settings reach OCR."""
from __future__ import annotations

import io
import json
import pickle
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SAMPLES
from kotoex.cli import app
from kotoex.extract.ocr import OcrSettings
from kotoex.extract.table_settings import TableSettings
from kotoex.pipeline import Settings, extract_pdf
from kotoex.settings import (
    LimitSettings, NormalizeSettings, SettingsError, apply_overrides, load_config, parse_override, settings_for_run,
    to_toml,
)

runner = CliRunner()
DECISION = SAMPLES / "turku_decision_2023.pdf"  # two pages


def test_defaults_are_the_old_behaviour():
    s = Settings()
    assert s.use_ocr is True
    assert (s.ocr.lang, s.ocr.dpi, s.ocr.psm, s.ocr.deskew, s.ocr.remove_rules, s.ocr.use_cache, s.ocr.engine,
            s.ocr.page_timeout, s.ocr.max_pages, s.ocr.cache_dir) == ("fin+swe", 300, 6, True, True, True, "auto",
                                                                     60.0, None, None)
    assert s.normalize == NormalizeSettings((), (), (), 90.0)
    assert s.limits.max_pages is None
    assert s.table == TableSettings()
    # the CLI without options gives the same tree
    assert settings_for_run() == s


def test_settings_are_hashable_and_picklable():
    s = apply_overrides(Settings(), ["ocr.dpi=250", "limits.max_pages=3"])
    assert hash(s) == hash(apply_overrides(Settings(), ["limits.max_pages=3", "ocr.dpi=250"]))
    assert pickle.loads(pickle.dumps(s)) == s
    assert NormalizeSettings(lexicon_files=["a.jsonl"]).lexicon_files == (Path("a.jsonl"),)  # lists become tuples


def test_wrong_section_types_are_refused():
    with pytest.raises(TypeError, match="use_ocr=False"):
        Settings(ocr=False)  # the old flag: OCR is switched off with use_ocr
    with pytest.raises(ValueError):
        LimitSettings(max_pages=0)


def test_toml_round_trip(tmp_path):
    lex = tmp_path / "lex.jsonl"
    lex.write_text("", encoding="utf-8")
    s = apply_overrides(Settings(), ["use_ocr=false", "ocr.dpi=200", "ocr.psm=4", "ocr.deskew=false",
                                     "ocr.lang=fin", "table.row_gap_em=0.8", "limits.max_pages=5",
                                     f"normalize.lexicon_files=['{lex}']", "normalize.body_fuzzy_cutoff=85"])
    f = tmp_path / "kotoex.toml"
    f.write_text(to_toml(s), encoding="utf-8")
    assert load_config(f) == s
    f.write_text(to_toml(Settings(), with_docs=False), encoding="utf-8")
    assert load_config(f) == Settings()


def test_config_file_paths_are_relative_to_the_file(tmp_path):
    (tmp_path / "conf").mkdir()
    f = tmp_path / "conf" / "kotoex.toml"
    f.write_text('[normalize]\nlexicon_files = ["lex/extra.jsonl"]\n[ocr]\ncache_dir = "cache"\n', encoding="utf-8")
    s = load_config(f)
    assert s.normalize.lexicon_files == (tmp_path / "conf" / "lex" / "extra.jsonl",)
    assert s.ocr.cache_dir == tmp_path / "conf" / "cache"


@pytest.mark.parametrize("text, key, reason", [
    ("[ocr]\ndpix = 300\n", "ocr.dpix", "unknown setting"),
    ("[ocrr]\ndpi = 300\n", "ocrr", "unknown setting"),
    ("[ocr]\ndpi = 20\n", "ocr.dpi", "between 50 and 1200"),
    ("[ocr]\ndpi = \"high\"\n", "ocr.dpi", "valid integer"),
    ("[ocr]\nengine = \"gpu\"\n", "ocr.engine", "unknown OCR engine"),
    ("[limits]\nmax_pages = 0\n", "limits.max_pages", "at least 1"),
    ("[table]\nheader_min_words = 40\n", "table.header_min_words", "exceeds header_max_words"),
    ("[normalize]\nbody_fuzzy_cutoff = 101\n", "normalize.body_fuzzy_cutoff", "0..100"),
    ("ocr = 3\n", "ocr", "is a section"),
    ("use_ocr = \"maybe\"\n", "use_ocr", "boolean"),
])
def test_bad_config_names_the_key_and_the_reason(tmp_path, text, key, reason):
    f = tmp_path / "k.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as e:
        load_config(f)
    assert e.value.key == key and reason in e.value.reason


def test_not_toml_is_an_error(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text("[ocr\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_config(f)


def test_override_values_are_read_as_toml():
    assert parse_override("ocr.dpi=250") == (["ocr", "dpi"], 250)
    assert parse_override("ocr.deskew=false") == (["ocr", "deskew"], False)
    assert parse_override("ocr.lang=fin") == (["ocr", "lang"], "fin")  # a bare word is a string
    assert parse_override("ocr.max_pages=none") == (["ocr", "max_pages"], None)
    one = apply_overrides(Settings(), ["normalize.lexicon_files=extra.jsonl"])  # one file for a list of files
    assert one.normalize.lexicon_files == (Path.cwd() / "extra.jsonl",)
    with pytest.raises(SettingsError):
        parse_override("ocr.dpi")


def test_precedence_defaults_config_set_options(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text('[ocr]\nlang = "swe"\ndpi = 200\n[limits]\nmax_pages = 9\n', encoding="utf-8")
    s = settings_for_run(f, ["ocr.dpi=250"], max_pages=2)
    assert (s.ocr.lang, s.ocr.dpi, s.limits.max_pages) == ("swe", 250, 2)
    assert settings_for_run(f, [], ocr_lang="fin", no_ocr=True).ocr.lang == "fin"
    assert settings_for_run(f, [], no_ocr=True).use_ocr is False


def test_missing_vocabulary_file_is_a_setting_error(tmp_path):
    with pytest.raises(SettingsError, match="no such file") as e:
        settings_for_run(None, [f"normalize.status_files=['{tmp_path / 'nope.jsonl'}']"])
    assert e.value.key == "normalize.status_files"


# ------------------------------------------------------------------------------------ the command line

def test_cli_config_file_reaches_the_pipeline(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text("[limits]\nmax_pages = 1\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", str(DECISION), "--config", str(f), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 0, r.output
    data = json.loads((tmp_path / "o" / f"{DECISION.stem}.json").read_text(encoding="utf-8"))
    assert data["status"] == "partial"
    p = next(p for p in data["problems"] if p["kind"] == "max_pages")
    assert (p["page"], p["pages"], p["severity"]) == (2, [2], "warning")
    assert p["message"] in data["warnings"]


@pytest.mark.parametrize("args, key", [
    (["--set", "ocr.dpi=20"], "ocr.dpi"),
    (["--set", "ocr.colour=1"], "ocr.colour"),
    (["--set", "limits.max_pages=abc"], "limits.max_pages"),
])
def test_cli_bad_setting_exits_2_naming_the_key(tmp_path, args, key):
    r = runner.invoke(app, ["extract", str(DECISION), "--out", str(tmp_path), "-q", *args])
    assert r.exit_code == 2
    assert key in r.output.replace("\n", "")
    assert not list(tmp_path.glob("*.json"))  # nothing was processed


def test_cli_bad_config_file_exits_2(tmp_path):
    f = tmp_path / "k.toml"
    f.write_text("[ocr]\npsm = 99\n", encoding="utf-8")
    r = runner.invoke(app, ["batch", str(SAMPLES), "--config", str(f), "--out", str(tmp_path / "o"), "-q"])
    assert r.exit_code == 2 and "ocr.psm" in r.output


def test_cli_config_prints_effective_settings(tmp_path):
    r = runner.invoke(app, ["config", "--set", "ocr.dpi=250", "--set", "ocr.psm=4"])
    assert r.exit_code == 0, r.output
    f = tmp_path / "k.toml"
    f.write_text(r.output, encoding="utf-8")
    s = load_config(f)
    assert (s.ocr.dpi, s.ocr.psm) == (250, 4) and s.table == TableSettings()
    assert "[ocr]" in r.output and "[table]" in r.output and "[normalize]" in r.output and "[limits]" in r.output


def test_help_names_config_and_set():
    r = runner.invoke(app, ["batch", "--help"], terminal_width=200)
    assert "--config" in r.output and "--set" in r.output


# ------------------------------------------------------------------------------------ OCR settings reach OCR

def _scanned_pdf(path: Path) -> Path:
    """One page that is only an image (a scan without text layer)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    for x in range(40, 360):
        for y in range(60, 70):
            img.putpixel((x, y), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=595, height=842)
    c.showPage()
    c.save()
    return path


def test_ocr_settings_reach_ocr(tmp_path, monkeypatch):
    import kotoex.extract.ocr as ocr
    from kotoex.extract.ocr.results import OcrIssue, OcrReport, PageOcr

    seen = {}

    def fake_ocr_document(path, pages, settings, **kw):
        seen["settings"] = settings
        return OcrReport(list(pages), [OcrIssue("ocr_timeout", "page 1: OCR timed out after 5 s; its content is "
                                                               "missing", (1,))], [PageOcr(1, 5.0, error="timeout")])

    monkeypatch.setattr(ocr, "ocr_document", fake_ocr_document)
    pdf = _scanned_pdf(tmp_path / "scan.pdf")
    s = settings_for_run(None, ["ocr.dpi=200", "ocr.psm=4", "ocr.deskew=false", "ocr.page_timeout=5"])
    doc = extract_pdf(pdf, s)
    assert seen["settings"] == OcrSettings(dpi=200, psm=4, deskew=False, page_timeout=5.0)
    kinds = [(p.kind, p.pages) for p in doc.problems]
    assert kinds[0] == ("ocr_timeout", [1])
    assert ("no_text_layer", [1]) in kinds  # the page stayed without text
    assert doc.warnings == [p.message for p in doc.problems]


def test_no_ocr_reports_scanned_pages(tmp_path):
    doc = extract_pdf(_scanned_pdf(tmp_path / "scan.pdf"), Settings(use_ocr=False))
    p = next(p for p in doc.problems if p.kind == "no_text_layer")
    assert (p.page, p.pages, p.severity) == (1, [1], "warning")
    assert doc.warnings == [p.message for p in doc.problems]
