"""Export of the dataset's tables: data/*.csv, parquet/*.parquet, kotoex.duckdb and datapackage.json.

The tables and their rows are defined in :mod:`kotoex.dataset`; this module writes them, all inside
the folder's ``export/``, which is built beside it (``.kotoex-export-*``) and switched in with one
rename, so a reader (or a ``kill -9``) never sees tables from two different exports, and nothing
but kotoex's own files is ever replaced or removed.
"""
from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from kotoex import __version__
from kotoex.confidence import DEFAULT_THRESHOLD
from kotoex.dataset import DATA_DIR, DATAPACKAGE_FILE, DUCKDB_FILE, EXPORT_DIR, PARQUET_DIR, TABLES, TableDef, \
    load_documents, table_rows
from kotoex.state import EXPORT_TEMP_PREFIX
from kotoex.writers import atomic_write_text, csv_cell, output_error, publish, temp_file

def _csv_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v) if v == v else ""
    return str(v)


EXCEL_DIR = "excel"  # export --excel: copies of the CSVs for spreadsheet programs (BOM, ';')


def write_table_csv(path: Path, table: TableDef, rows: list[dict[str, Any]], *, excel: bool = False) -> None:
    """RFC 4180 CSV (``excel``: with a UTF-8 BOM and ``;`` between cells, as spreadsheet programs in Finnish and
    Swedish locales open by double-click, decimal points as they are)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", delimiter=";" if excel else ",")
    w.writerow(table.names)
    for r in rows:
        w.writerow([csv_cell(_csv_value(r[c])) for c in table.names])
    atomic_write_text(path, buf.getvalue(), bom=excel)


def _arrow_schema(table: TableDef):
    import pyarrow as pa

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.date32(), "datetime": pa.timestamp("s", tz="UTC")}
    return pa.schema([pa.field(c.name, types[c.type], nullable=not c.required) for c in table.columns])


def arrow_table(table: TableDef, rows: list[dict[str, Any]]):
    import pyarrow as pa

    data: dict[str, list] = {}
    for c in table.columns:
        vals = [r[c.name] for r in rows]
        if c.type == "date":
            vals = [date.fromisoformat(v) if v else None for v in vals]
        elif c.type == "integer":
            vals = [None if v is None or v == "" else int(v) for v in vals]
        elif c.type == "number":
            vals = [None if v is None or v == "" else float(v) for v in vals]
        elif c.type == "string":
            vals = [None if v is None else str(v) for v in vals]
        data[c.name] = vals
    return pa.Table.from_pydict(data, schema=_arrow_schema(table))


def _tmp_path(path: Path) -> Path:
    fd, tmp = temp_file(path.parent)
    os.close(fd)
    return Path(tmp)


def write_parquet(path: Path, arrow) -> None:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    try:
        pq.write_table(arrow, tmp)
        publish(tmp, path)  # readable like the CSVs (mkstemp made it 0600)
    finally:
        tmp.unlink(missing_ok=True)


_DUCK_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE",
               "datetime": "TIMESTAMPTZ"}


def duckdb_ddl(table: TableDef) -> str:
    cols = [f'"{c.name}" {_DUCK_TYPES[c.type]}{" NOT NULL" if c.required else ""}' for c in table.columns]
    cols.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in table.primary_key) + ")")
    for fields, ref, ref_fields in table.foreign_keys:
        cols.append(f"FOREIGN KEY ({', '.join(fields)}) REFERENCES {ref} ({', '.join(ref_fields)})")
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(cols) + "\n)"


def write_duckdb(path: Path, arrows: dict[str, Any]) -> None:
    import duckdb

    tmp = _tmp_path(path)
    tmp.unlink()  # duckdb wants to create the file itself
    try:
        con = duckdb.connect(str(tmp))
        try:
            for name, t in TABLES.items():  # TABLES is in foreign-key order
                con.execute(duckdb_ddl(t))
                con.register("_src", arrows[name])
                con.execute(f'INSERT INTO "{name}" SELECT * FROM _src')
                con.unregister("_src")
                con.execute(f"COMMENT ON TABLE \"{name}\" IS '{t.title}'")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        publish(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)


def datapackage(name: str) -> dict[str, Any]:
    resources = []
    for t in TABLES.values():
        schema: dict[str, Any] = {"fields": [c.table_schema() for c in t.columns],
                                  "primaryKey": list(t.primary_key), "missingValues": [""]}
        if t.foreign_keys:
            schema["foreignKeys"] = [{"fields": list(f), "reference": {"resource": ref, "fields": list(rf)}}
                                     for f, ref, rf in t.foreign_keys]
        resources.append({
            "name": t.name, "title": t.title, "path": f"{DATA_DIR}/{t.name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": True,
                        "header": True},
            "schema": schema,
        })
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": "kotoex: measures of Finnish municipalities' integration programmes",
        "description": "Tables extracted by kotoex from integration programme PDFs (kotouttamisohjelma / "
                       "integrationsprogram). Codes follow kotoex's output contract, schema version 1.",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "keywords": ["kotouttamisohjelma", "integration", "municipalities", "Finland"],
        "kotoex": {"pipeline_version": __version__},
        "resources": resources,
    }


@dataclass
class ExportResult:
    counts: dict[str, int]
    problems: list[str]
    files: list[Path]


def _package_name(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", folder.resolve().name.lower()).strip("-._")
    return f"kotoex-{slug}" if slug else "kotoex-dataset"


def export_dataset(folder: Path, *, parquet: bool = True, duckdb: bool = True,
                   min_confidence: float | None = DEFAULT_THRESHOLD, excel: bool = False) -> ExportResult:
    """(Re)build ``folder/export/``: data/*.csv, parquet/*.parquet, kotoex.duckdb and datapackage.json.

    The new export is written to a folder of its own beside it and switched in with one rename, so
    ``export/`` always holds one complete export (the previous one until the switch). Measures whose
    confidence is below ``min_confidence`` get ``low_confidence = true``; none is dropped.
    """
    folder = Path(folder)
    loaded = load_documents(folder)
    rows = table_rows(loaded.entries, min_confidence)
    target = folder / EXPORT_DIR
    _check_own(target)
    try:
        build = Path(tempfile.mkdtemp(prefix=EXPORT_TEMP_PREFIX, dir=folder))
        os.chmod(build, 0o777 & ~_umask())
    except OSError as e:
        raise output_error(e, target) from e
    try:
        files = _write_export(build, folder, rows, parquet=parquet, duckdb=duckdb, excel=excel)
        _switch(build, target)
    except BaseException as e:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(e, OSError):
            raise output_error(e, target) from e
        raise
    files = [target / f.relative_to(build) for f in files]
    return ExportResult({name: len(rows[name]) for name in TABLES}, loaded.problems, files)


def _write_export(build: Path, folder: Path, rows: dict[str, list[dict[str, Any]]], *, parquet: bool,
                  duckdb: bool, excel: bool = False) -> list[Path]:
    files: list[Path] = []
    for name, t in TABLES.items():
        p = build / DATA_DIR / f"{name}.csv"
        write_table_csv(p, t, rows[name])
        files.append(p)
        if excel:
            p = build / EXCEL_DIR / f"{name}.csv"
            write_table_csv(p, t, rows[name], excel=True)
            files.append(p)
    arrows = {name: arrow_table(t, rows[name]) for name, t in TABLES.items()} if (parquet or duckdb) else {}
    if parquet:
        for name in TABLES:
            p = build / PARQUET_DIR / f"{name}.parquet"
            write_parquet(p, arrows[name])
            files.append(p)
    if duckdb:
        write_duckdb(build / DUCKDB_FILE, arrows)
        files.append(build / DUCKDB_FILE)
    pkg = build / DATAPACKAGE_FILE
    atomic_write_text(pkg, json.dumps(datapackage(_package_name(folder)), ensure_ascii=False, indent=2) + "\n")
    files.append(pkg)
    return files


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_own(target: Path) -> None:
    """``export/`` may be replaced only if it is kotoex's (a datapackage.json of kotoex's, or empty)."""
    if not target.exists() and not target.is_symlink():
        return
    if target.is_dir() and not target.is_symlink():
        try:
            pkg = json.loads((target / DATAPACKAGE_FILE).read_text(encoding="utf-8"))
            if isinstance(pkg, dict) and "kotoex" in pkg:
                return
        except (OSError, ValueError):
            if not any(target.iterdir()):
                return
    raise FileExistsError(f"{target} exists and is not a kotoex export: move it away (kotoex replaces only "
                          "its own export folder)")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _switch(build: Path, target: Path) -> None:
    """Put the finished ``build`` folder in ``target``'s place with one rename, then remove the old export."""
    if not target.exists():
        os.rename(build, target)
        return
    if _exchange(build, target):  # build now holds the previous export
        shutil.rmtree(build, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(prefix=EXPORT_TEMP_PREFIX + "old-", dir=target.parent))
    os.rename(target, old / EXPORT_DIR)  # elsewhere (no renameat2): the old export stays complete until here
    os.rename(build, target)
    shutil.rmtree(old, ignore_errors=True)
