"""Forked workers (the CLI's choice, issue 19): same documents as a forkserver's, same limits."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from kotoex.batch import Limits, process_many
from kotoex.pipeline import process_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
GOOD = sorted(SAMPLES.glob("*.pdf"))

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork workers are Linux only")


def _hog(path, settings):  # a task that needs far more memory than its worker may have
    block = bytearray(512 * 1024 * 1024)
    return process_file(path, settings) if block else None


def _sleeper(path, settings):
    time.sleep(30)
    return process_file(path, settings)


def test_forked_workers_read_the_same_documents_as_the_forkserver():
    forked = {p: d for p, d, _ in process_many(GOOD, workers=2, fork=True)}
    served = {p: d for p, d, _ in process_many(GOOD, workers=2)}
    assert set(forked) == set(GOOD)
    for p in GOOD:
        assert forked[p].status in ("ok", "partial"), forked[p].errors
        a = forked[p].model_dump(mode="json")
        b = served[p].model_dump(mode="json")
        assert a == b, p


def test_forked_worker_keeps_the_memory_limit_and_the_next_document_runs():
    got = {p: d for p, d, _ in process_many(GOOD[:2], workers=1, limits=Limits(memory_mb=256), task=_hog,
                                            fork=True)}
    assert len(got) == 2
    for doc in got.values():
        assert doc.status == "failed" and "memory" in doc.errors[0], doc.errors


def test_forked_worker_keeps_the_time_limit():
    t0 = time.perf_counter()
    got = list(process_many(GOOD[:1], workers=1, limits=Limits(timeout=0.5), task=_sleeper, fork=True))
    assert got[0][1].errors == ["timed out after 0.5 s"]
    assert time.perf_counter() - t0 < 10
