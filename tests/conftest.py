"""Shared test fixtures.

The shared development material (corpus, real minutes, scorers) is found at ``$KOTOEX_SHARED``,
by default ``../shared`` beside the repository; this is the only place that path is set. Tests
that need it carry ``@pytest.mark.shared`` and are skipped, with the reason, where it is absent
(a user's clone). Tests on ``samples/`` and generated fixtures always run.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("KOTOEX_SHARED") or ROOT.parent / "shared").resolve()
CORPUS = SHARED / "corpus"
REAL = SHARED / "real"
SCORER = SHARED / "tools" / "score.py"


def pytest_collection_modifyitems(config, items):
    if CORPUS.is_dir():
        return
    skip = pytest.mark.skip(reason=f"shared development material not available at {SHARED} (set KOTOEX_SHARED)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


def corpus_pdf(name: str) -> Path:
    path = CORPUS / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"shared corpus not available ({path})")
    return path


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not available")
    return CORPUS


def corpus_pages(name: str):
    """The pages of a corpus PDF (``name`` with its .pdf), skipping where the corpus is absent."""
    from kotoex.extract import iter_pages, open_document

    return list(iter_pages(open_document(corpus_pdf(name.removesuffix(".pdf")))))
