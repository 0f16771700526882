"""Shared test fixtures. Tests that read ../shared skip cleanly where it is absent (a user's clone)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


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
