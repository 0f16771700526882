"""Running tesseract: a small engine interface with two implementations.

:class:`TesserocrEngine` runs tesseract in process through tesserocr (its wheel carries tesseract
5.5; the model is loaded once per language, not per call); :class:`CliEngine` runs the
``tesseract`` binary (``OMP_THREAD_LIMIT=1``: on small machines its threads fight and a page takes
several times longer). Either way the language data comes from the system:
``scripts/install-system-deps.sh`` installs tesseract with fin and swe. :func:`get_engine` picks one.
"""
from __future__ import annotations

import glob
import os
import re
import resource
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np

from .settings import ENGINES


class OcrTimeout(RuntimeError):
    """Tesseract did not finish a page within its time budget."""


@runtime_checkable
class OcrEngine(Protocol):
    """One way of running tesseract on an 8-bit grayscale image."""
    name: str  # "tesserocr" | "cli"
    version: str
    tessdata: str | None  # folder of the *.traineddata files
    langs: tuple[str, ...]  # installed languages

    @property
    def label(self) -> str: ...

    def recognize(self, image: np.ndarray, *, lang: str, psm: int, dpi: int, timeout: float) -> tuple[str, float]:
        """(hOCR text, CPU seconds tesseract used); raises OcrTimeout, or RuntimeError if tesseract fails."""
        ...

    def orientation(self, image: np.ndarray, *, dpi: int, timeout: float) -> tuple[int, float] | None:
        """Tesseract's orientation detection (OSD): (clockwise turn in degrees that makes the page upright,
        confidence), or None when it cannot tell or ``osd.traineddata`` is not installed."""
        ...


_TESS_VARS = {"tessedit_do_invert": "0"}  # no second reading of each line as white-on-black (slow; not in reports)
_TIMEOUT_MSG = "tesseract did not finish within {:g} s"


@dataclass(frozen=True)
class _EngineInfo:
    name: ClassVar[str] = ""
    version: str
    tessdata: str | None
    langs: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.version} ({self.name})"


_idle: dict[tuple[str, str], list] = {}  # (tessdata, lang) → initialised tesserocr APIs not in use
_idle_lock = threading.Lock()


def _new_api(tessdata: str, lang: str):
    import tesserocr

    if lang == "osd":
        return tesserocr.PyTessBaseAPI(path=tessdata, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
    api = tesserocr.PyTessBaseAPI(path=tessdata, lang=lang, oem=tesserocr.OEM.LSTM_ONLY)
    for k, v in _TESS_VARS.items():
        api.SetVariable(k, v)
    return api


@contextmanager
def _api(tessdata: str, lang: str):
    """An initialised tesserocr API for ``lang`` ("osd": orientation detection), for one call at a time.
    APIs are kept for the process (init costs ~0.1 s per language) and shared out: pages read in several
    threads (:attr:`OcrSettings.threads`) each take one of their own, as an API is not reentrant."""
    key = (tessdata, lang)
    with _idle_lock:
        idle = _idle.setdefault(key, [])
        api = idle.pop() if idle else None
    if api is None:
        api = _new_api(tessdata, lang)
    try:
        yield api
    finally:
        with _idle_lock:
            idle.append(api)


@dataclass(frozen=True)
class TesserocrEngine(_EngineInfo):
    """Tesseract in process (tesserocr): no start-up per call; as many calls at once as threads call it."""
    name: ClassVar[str] = "tesserocr"

    def recognize(self, image: np.ndarray, *, lang: str, psm: int, dpi: int, timeout: float) -> tuple[str, float]:
        image = np.ascontiguousarray(image, dtype=np.uint8)
        with _api(self.tessdata, lang) as api:
            t0 = time.thread_time()
            api.SetPageSegMode(psm)
            api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
            api.SetSourceResolution(dpi)
            ok = api.Recognize(timeout=int(timeout * 1000))
            if not ok:
                api.Clear()
                raise OcrTimeout(_TIMEOUT_MSG.format(timeout))
            text = api.GetHOCRText(0)
            api.Clear()
            return text, time.thread_time() - t0

    def orientation(self, image: np.ndarray, *, dpi: int, timeout: float) -> tuple[int, float] | None:
        if "osd" not in self.langs:
            return None
        image = np.ascontiguousarray(image, dtype=np.uint8)
        with _api(self.tessdata, "osd") as api:
            api.SetImageBytes(image.tobytes(), image.shape[1], image.shape[0], 1, image.shape[1])
            api.SetSourceResolution(dpi)
            got = api.DetectOrientationScript()
            api.Clear()
        if not got:
            return None
        return (360 - int(got["orient_deg"])) % 360, float(got["orient_conf"])


@dataclass(frozen=True)
class CliEngine(_EngineInfo):
    """The ``tesseract`` binary, one process per call, the image on stdin as PGM."""
    name: ClassVar[str] = "cli"

    def recognize(self, image: np.ndarray, *, lang: str, psm: int, dpi: int, timeout: float) -> tuple[str, float]:
        import cv2

        image = np.ascontiguousarray(image, dtype=np.uint8)
        ok, pgm = cv2.imencode(".pgm", image)  # uncompressed: nothing to spend on encoding and decoding
        if not ok:
            raise RuntimeError("could not encode the page image")
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # on small machines tesseract's threads fight
        cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
        for k, v in _TESS_VARS.items():
            cmd += ["-c", f"{k}={v}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        try:
            res = subprocess.run(cmd + ["hocr"], input=pgm.tobytes(), capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as e:
            raise OcrTimeout(_TIMEOUT_MSG.format(timeout)) from e
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if res.returncode != 0:
            raise RuntimeError(f"tesseract failed ({res.returncode}): {res.stderr.decode('utf-8', 'replace')[-300:]}")
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        return res.stdout.decode("utf-8", "replace"), cpu

    def orientation(self, image: np.ndarray, *, dpi: int, timeout: float) -> tuple[int, float] | None:
        import cv2

        if "osd" not in self.langs:
            return None
        ok, pgm = cv2.imencode(".pgm", np.ascontiguousarray(image, dtype=np.uint8))
        env = dict(os.environ, OMP_THREAD_LIMIT="1")
        try:
            res = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "-l", "osd", "--dpi", str(dpi)],
                                 input=pgm.tobytes(), capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired as e:
            raise OcrTimeout(_TIMEOUT_MSG.format(timeout)) from e
        out = res.stdout.decode("utf-8", "replace")
        turn = re.search(r"Rotate:\s*(\d+)", out)
        conf = re.search(r"Orientation confidence:\s*([\d.]+)", out)
        if res.returncode != 0 or not turn:
            return None
        return int(turn.group(1)) % 360, float(conf.group(1)) if conf else 0.0


# ------------------------------------------------------------------------------------ discovery

_TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                   "/opt/homebrew/share/tessdata", "/usr/local/share/tesseract-ocr/*/tessdata")
_VERSION = re.compile(r"tesseract\s+v?(\d+[\w.\-]*)")


@lru_cache(maxsize=1)
def _cli_info() -> tuple[str | None, str | None, tuple[str, ...]]:
    """(version, tessdata folder, languages) of the ``tesseract`` binary, or Nones."""
    exe = shutil.which("tesseract")
    if not exe:
        return None, None, ()
    try:
        v = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=20)
        m = _VERSION.search(v.stdout + v.stderr)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None, None, ()
    out = langs.stdout.splitlines()
    where = re.search(r'"([^"]+)"', out[0]) if out else None
    names = tuple(ln.strip() for ln in out[1:] if ln.strip())
    return (m.group(1) if m else "unknown"), (where.group(1).rstrip("/") if where else None), names


def _tessdata_dir() -> str | None:
    """Where the language data is: $TESSDATA_PREFIX, the folder the tesseract binary reports, or a usual place."""
    env = os.environ.get("TESSDATA_PREFIX")
    if env and Path(env).is_dir():
        return env.rstrip("/")
    cli_dir = _cli_info()[1]
    if cli_dir and Path(cli_dir).is_dir():
        return cli_dir
    for pattern in _TESSDATA_GLOBS:
        for d in sorted(glob.glob(pattern), reverse=True):
            if any(Path(d).glob("*.traineddata")):
                return d
    return None


def _tesserocr_engine() -> TesserocrEngine | None:
    try:
        import tesserocr
    except ImportError:
        return None
    tessdata = _tessdata_dir()
    if not tessdata:
        return None
    m = _VERSION.search(tesserocr.tesseract_version())
    langs = tuple(sorted(p.stem for p in Path(tessdata).glob("*.traineddata")))
    return TesserocrEngine(m.group(1) if m else "unknown", tessdata, langs) if langs else None


def _cli_engine() -> CliEngine | None:
    version, tessdata, langs = _cli_info()
    if version is None:
        return None
    try:
        if int(version.split(".")[0]) < 4:
            return None
    except ValueError:
        pass
    return CliEngine(version, tessdata, langs)


@lru_cache(maxsize=4)
def get_engine(kind: str = "auto") -> OcrEngine | None:
    """The tesseract engine to use: ``auto`` prefers tesserocr (in process, no start-up per call, tesseract
    5.5 built in) and falls back to the binary; ``tesserocr`` / ``cli`` ask for one. None if unusable."""
    if kind not in ENGINES:
        raise ValueError(f"unknown OCR engine {kind!r} ({', '.join(ENGINES)})")
    if kind in ("auto", "tesserocr"):
        eng = _tesserocr_engine()
        if eng is not None or kind == "tesserocr":
            return eng
    return _cli_engine()


def tesseract_available(kind: str = "auto") -> bool:
    """True if tesseract 4 or later can be run here (through tesserocr or the binary)."""
    return get_engine(kind) is not None


def tesseract_version(kind: str = "auto") -> str | None:
    """The engine's tesseract version and how it runs, e.g. ``5.5.4 (tesserocr)``."""
    eng = get_engine(kind)
    return eng.label if eng else None


def usable_lang(lang: str, engine: OcrEngine) -> tuple[str, list[str]]:
    """The requested languages that are installed ('fin+swe'), and the missing ones."""
    have = set(engine.langs)
    want = [x for x in lang.split("+") if x]
    ok = [x for x in want if x in have]
    missing = [x for x in want if x not in have]
    if not ok:
        ok = ["eng"] if "eng" in have else sorted(have - {"osd"})[:1]
    return "+".join(ok), missing


def run_tesseract(image: np.ndarray, *, lang: str, psm: int, dpi: int, timeout: float,
                  engine: OcrEngine | None = None) -> tuple[str, float]:
    """OCR an 8-bit grayscale image with ``engine`` (default: :func:`get_engine`); returns (hOCR, CPU seconds).

    Raises :class:`OcrTimeout` after ``timeout`` seconds and RuntimeError if tesseract fails.
    """
    engine = engine or get_engine()
    if engine is None:
        raise RuntimeError("tesseract is not available")
    return engine.recognize(image, lang=lang, psm=psm, dpi=dpi, timeout=timeout)
