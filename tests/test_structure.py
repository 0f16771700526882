"""The shape of the code base: layers import only downwards, and no module or function grows past
what a reader takes in at once (issue 12's rules). Pure static checks over the source tree."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

# Data flows extract -> interpret -> normalize -> models -> kotoex (pipeline, runners, writers). What
# each layer may import (ARCHITECTURE.md): extract and models stand alone; normalize works on values
# and may build the contract's models; interpret reads extract's pages and may call normalize and
# build models; kotoex (the pipeline, runners and writers) sits on top. No layer reaches back into
# one that feeds it: extract never sees an interpretation, normalize never sees a PDF.
LAYERS = ["extract", "interpret", "normalize", "models", "kotoex"]
ALLOWED = {
    "extract": {"extract"},
    "models": {"models"},
    "normalize": {"normalize", "models"},
    "interpret": {"interpret", "extract", "normalize", "models"},
    "kotoex": set(LAYERS),
}
# plain-string functions with no PDF in them (NFC, invisible characters, hyphenated line joins):
# the one module of extract that every layer may use, so that text is cleaned one way everywhere
SHARED_MODULES = {"kotoex.extract.text"}
PACKAGE_OF = {"extract": "kotoex.extract", "interpret": "kotoex.interpret", "normalize": "kotoex.normalize",
              "models": "kotoex.models", "kotoex": "kotoex"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def _modules(layer: str) -> list[Path]:
    return sorted(p for p in (ROOT / layer).rglob("*.py") if "__pycache__" not in p.parts)


def _layer_of_import(name: str) -> str | None:
    if not name.startswith("kotoex"):
        return None
    parts = name.split(".")
    if len(parts) > 1 and parts[1] in ("extract", "interpret", "normalize", "models"):
        return parts[1]
    return "kotoex"


def _imports(tree: ast.AST, module_pkg: str) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = module_pkg.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((node.lineno, name))
    return out


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_import_only_downwards(layer):
    allowed = ALLOWED[layer]
    bad = []
    for path in _modules(layer):
        rel = path.relative_to(ROOT / layer).with_suffix("")
        pkg = ".".join([PACKAGE_OF[layer], *rel.parts[:-1]])
        for line, name in _imports(ast.parse(path.read_text("utf-8")), pkg):
            target = _layer_of_import(name)
            if name in SHARED_MODULES:
                continue
            if target and target not in allowed and not (layer != "kotoex" and name == "kotoex"):
                bad.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not bad, "imports against the data flow:\n" + "\n".join(bad)


@pytest.mark.parametrize("layer", LAYERS)
def test_no_long_modules_or_functions(layer):
    long = []
    for path in _modules(layer):
        text = path.read_text("utf-8")
        n = text.count("\n")
        if n > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {n} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                size = node.end_lineno - node.lineno + 1
                if size > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}(): {size} lines")
    assert not long, "over the size limits:\n" + "\n".join(long)
