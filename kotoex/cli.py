"""kotoex command line: thin functions that parse options, build Settings, run, and return an exit code.

Exit codes: 0 every document succeeded (``partial`` counts as success), 1 any document failed
(each failure is still recorded in its JSON and in the summary), 2 usage error (a bad option or
side file), 3 the dataset is in use by another kotoex process (``ingest`` / ``export``), 4 the
output folder cannot be written (read-only, no permission, disk full), 5 the dataset's state
database is corrupt. Text from PDFs and file names is printed as text (no markup, no control codes).
"""
from __future__ import annotations

import errno
import logging
import re
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

from kotoex import __version__
from kotoex.program import Program, modules_loaded
from kotoex.runner_types import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, BatchResult, DocResult, Limits  # the pipeline: lazily
from kotoex.inputs import Inputs, find_inputs
from kotoex.extract.ocr import DEFAULT_LANG
from kotoex.settings import Settings, SettingsError, settings_for_run, to_toml
from kotoex.review_command import review_command

if TYPE_CHECKING:  # pragma: no cover  (rich's progress bar and tables load where they are shown)
    from rich.progress import Progress

EXIT_LOCKED = 3
EXIT_OUTPUT = 4  # the output folder cannot be written: read-only, no permission, disk full
EXIT_STATE = 5  # the dataset's state database is corrupt

app = Program(
    name="kotoex",
    help="Structured data from Finnish municipalities' integration programme PDFs "
         "(kotouttamisohjelma / integrationsprogram).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output directory (created if missing).")]
LexiconOpt = Annotated[Optional[list[Path]], typer.Option(
    "--lexicon", help="Extra body lexicon (JSONL: name, code, aliases); may be repeated.", exists=True, dir_okay=False)]
ColumnsOpt = Annotated[Optional[list[Path]], typer.Option(
    "--columns", help="Extra column-header vocabulary (JSON, like the packaged columns.json).", exists=True,
    dir_okay=False)]
MaxPagesOpt = Annotated[Optional[int], typer.Option("--max-pages", min=1, help="Read at most this many pages per PDF.")]
VerboseOpt = Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only errors; no progress bar or summary.")]
NoOcrOpt = Annotated[bool, typer.Option("--no-ocr", help="Do not OCR scanned pages (they are reported as missing).")]
OcrLangOpt = Annotated[Optional[str], typer.Option(
    "--ocr-lang", help=f"Tesseract languages for scanned pages (default {DEFAULT_LANG}; the setting ocr.lang).")]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", "-c", help="Settings file (TOML, sections [ocr] [table] [normalize] [limits]; see `kotoex config`).",
    exists=True, dir_okay=False)]
SetOpt = Annotated[Optional[list[str]], typer.Option(
    "--set", metavar="KEY=VALUE", help="Change one setting, e.g. --set ocr.dpi=250 --set ocr.psm=4 (after --config, "
                                       "before the options above); may be repeated. `kotoex config` lists them.")]
TimeoutOpt = Annotated[float, typer.Option(
    "--timeout", min=0, help="Seconds one document may take before its worker is killed (0: no limit). "
                             "On a --scheduler dask cluster it is recorded as failed but not stopped.")]
MemoryOpt = Annotated[int, typer.Option(
    "--memory-limit", min=0, help="Address-space limit per worker process in MB (0: no limit). With --executor "
                                  "dask: the local cluster's per-worker memory_limit.")]
FollowLinksOpt = Annotated[bool, typer.Option(
    "--follow-links", help="Also read symbolic links that lead out of the input folder (not followed by default).")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=0,
                                         help="Worker processes; 0 (the default) means the CPU count, at most 4.")]


class Executor(str, Enum):
    local = "local"
    dask = "dask"


ExecutorOpt = Annotated[Executor, typer.Option(
    "--executor", case_sensitive=False,
    help="Where documents run: 'local' worker processes, or 'dask' on a dask.distributed cluster "
         "(same outputs; needs pip install 'kotoex\\[distributed]').")]
SchedulerOpt = Annotated[Optional[str], typer.Option(
    "--scheduler", metavar="ADDRESS",
    help="With --executor dask: a running dask scheduler (tcp://HOST:8786). Without it a local dask cluster "
         "of --workers processes is started.")]


def _logging(verbose: int, quiet: bool) -> None:
    from rich.logging import RichHandler

    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=console, show_path=False)],
                        force=True)


def _settings(lexicon: list[Path] | None, columns: list[Path] | None, max_pages: int | None,
              no_ocr: bool = False, ocr_lang: str | None = None, config: Path | None = None,
              sets: list[str] | None = None) -> Settings:
    """Defaults < --config < --set < the command's options; a bad or unknown setting exits 2 naming it."""
    try:
        return settings_for_run(config, sets or (), lexicon=lexicon or (), columns=columns or (),
                                max_pages=max_pages, no_ocr=no_ocr, ocr_lang=ocr_lang)
    except SettingsError as e:
        console.print(f"[red]error:[/] setting {escape(str(e))}")
        raise typer.Exit(2)


def _check_side_files(settings: Settings) -> None:
    """A malformed --lexicon / --columns file is a usage error before any work: exit 2 with file, line, reason."""
    from kotoex.sidefiles import SideFileError, check_settings_files

    try:
        check_settings_files(settings)
    except SideFileError as e:
        console.print(f"[red]error:[/] {text(str(e))}")
        raise typer.Exit(2)


def text(s: object) -> str:
    """Text from a PDF or a file name for rich output: markup escaped, control characters (terminal escape
    sequences) removed."""
    return escape(_CONTROL.sub("", str(s)))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _fatal(e: BaseException) -> int | None:
    """The exit code and one message for errors of the output location or the state database, else None."""
    from kotoex.state import DatasetLocked, StateError
    from kotoex.writers import OutputUnwritable

    if isinstance(e, DatasetLocked):
        console.print(f"[red]error:[/] {text(e)}")
        return EXIT_LOCKED
    if isinstance(e, StateError):
        console.print(f"[red]error:[/] {text(e)}")
        return EXIT_STATE
    if isinstance(e, (OutputUnwritable, PermissionError)) or (
            isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)):
        console.print(f"[red]error:[/] {text(e.strerror if isinstance(e, OutputUnwritable) else e)} "
                      "(what was finished before is kept)")
        return EXIT_OUTPUT
    if isinstance(e, FileExistsError):
        console.print(f"[red]error:[/] {text(e)}")
        return 2
    return None


def _progress(quiet: bool) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=console,
                    disable=quiet, transient=False)


def _limits(timeout: float, memory_limit: int) -> Limits:
    return Limits(timeout=timeout or None, memory_mb=memory_limit or None)


def _check_executor(executor: Executor, scheduler: str | None) -> None:
    """Usage errors (exit 2) of --executor / --scheduler, before any work."""
    if executor is Executor.local:
        if scheduler:
            console.print("[red]error:[/] --scheduler needs --executor dask")
            raise typer.Exit(2)
        return
    from kotoex.distributed import DaskUnavailable, require_dask

    try:
        require_dask()
    except DaskUnavailable as e:
        console.print(f"[red]error:[/] {escape(str(e))}")
        raise typer.Exit(2)


def _run(pdfs: list[Path] | Inputs, out: Path, settings: Settings, workers: int, quiet: bool,
         limits: Limits | None = None, executor: Executor = Executor.local, scheduler: str | None = None) -> int:
    inputs = pdfs if isinstance(pdfs, Inputs) else find_inputs(pdfs)
    if not inputs.paths:
        console.print("[red]error:[/] no PDF files found")
        return 2
    _check_side_files(settings)
    from kotoex.batch import run_batch
    from kotoex.runner_types import DaskSetupError
    modules_loaded()  # the pipeline is loaded (kotoex.program)
    with _progress(quiet) as progress:
        task = progress.add_task("extracting", total=len(inputs.paths))

        def done(r: DocResult) -> None:
            progress.update(task, advance=1, description=f"{text(r.path.name)[:40]:40s}")

        try:
            result = run_batch(inputs, out, settings, workers=workers, on_done=done, limits=limits or Limits(),
                               executor=executor.value, scheduler=scheduler, fork=True)  # workers start in ms
        except KeyboardInterrupt:
            progress.stop()
            console.print("[yellow]interrupted[/]")
            return 130
        except DaskSetupError as e:
            progress.stop()
            console.print(f"[red]error:[/] {escape(str(e))}")
            return 2
        except OSError as e:
            progress.stop()
            code = _fatal(e)
            if code is None:
                raise
            return code
    if not quiet:
        _summary(result, out)
    for r in result.failed:
        console.print(f"[red]failed:[/] {text(r.path)}: {text(r.reason)}")
    return 1 if result.failed else 0


_COLORS = {"ok": "green", "partial": "yellow", "failed": "red"}


def _summary(result: BatchResult, out: Path, max_rows: int = 60) -> None:
    from rich.table import Table

    table = Table(title=f"kotoex {__version__}: {len(result.results)} documents in {result.seconds:.1f} s → {out}")
    for col in ("file", "status", "pages", "measures", "practices", "items", "ms/page", "reason"):
        table.add_column(col, justify="left" if col in ("file", "status", "reason") else "right")
    rows = result.results
    if len(rows) > max_rows:  # a long batch: show the documents that need a look
        rows = [r for r in rows if r.status != "ok"][:max_rows]
    for r in rows:
        ms = f"{1000 * r.seconds / r.pages:.0f}" if r.pages else "-"
        table.add_row(text(r.path.name), f"[{_COLORS.get(r.status, 'white')}]{r.status}[/]", str(r.pages),
                      str(r.measures), str(r.practices), f"{r.items} ({r.integration_items})" if r.items else "-", ms,
                      text((r.reason or "")[:80]))
    table.caption = (f"ok {result.count('ok')} · partial {result.count('partial')} · failed {result.count('failed')} · "
                     f"measures {sum(r.measures for r in result.results)} · "
                     f"practices {sum(r.practices for r in result.results)} · "
                     f"items {sum(r.items for r in result.results)} "
                     f"({sum(r.integration_items for r in result.results)} integration) · {result.seconds:.1f} s")
    console.print(table)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF files to read.", exists=True, dir_okay=False)],
    out: OutOpt = Path("output"),
    lexicon: LexiconOpt = None,
    columns: ColumnsOpt = None,
    max_pages: MaxPagesOpt = None,
    no_ocr: NoOcrOpt = False,
    ocr_lang: OcrLangOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    memory_limit: MemoryOpt = DEFAULT_MEMORY_MB,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract PDF files: writes OUT/<stem>.json per file plus OUT/measures.csv and OUT/practices.csv."""
    _logging(verbose, quiet)
    settings = _settings(lexicon, columns, max_pages, no_ocr, ocr_lang, config, set_)
    raise typer.Exit(_run(list(files), out, settings, workers=1, quiet=quiet,
                          limits=_limits(timeout, memory_limit)))


@app.command()
def batch(
    directory: Annotated[Path, typer.Argument(help="Folder searched recursively for *.pdf.", exists=True,
                                              file_okay=False)],
    out: OutOpt = Path("output"),
    workers: WorkersOpt = 0,
    lexicon: LexiconOpt = None,
    columns: ColumnsOpt = None,
    max_pages: MaxPagesOpt = None,
    no_ocr: NoOcrOpt = False,
    ocr_lang: OcrLangOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    memory_limit: MemoryOpt = DEFAULT_MEMORY_MB,
    executor: ExecutorOpt = Executor.local,
    scheduler: SchedulerOpt = None,
    follow_links: FollowLinksOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract every PDF under DIRECTORY into OUT in parallel worker processes, with a progress bar and a summary.

    Each document has a time limit (--timeout) and each worker a memory limit (--memory-limit).

    A document that exceeds one is recorded as failed with the reason, and the batch goes on.

    --executor dask runs the documents on a dask.distributed cluster (--scheduler ADDRESS, or a local one of
    --workers processes) and writes the same outputs.
    """
    _logging(verbose, quiet)
    _check_executor(executor, scheduler)
    from kotoex.batch import cpu_workers

    n = workers or cpu_workers()
    settings = _settings(lexicon, columns, max_pages, no_ocr, ocr_lang, config, set_)
    raise typer.Exit(_run(find_inputs([directory], follow_links), out, settings, workers=n, quiet=quiet,
                          limits=_limits(timeout, memory_limit), executor=executor, scheduler=scheduler))


@app.command()
def ingest(
    inbox: Annotated[Path, typer.Argument(help="Folder searched recursively for *.pdf.", exists=True, file_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset folder (created if missing).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Only list what would be processed.")] = False,
    workers: WorkersOpt = 0,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Also reprocess files that failed before.")] = False,
    no_export: Annotated[bool, typer.Option("--no-export", help="Do not rebuild the dataset's tables.")] = False,
    lexicon: LexiconOpt = None,
    columns: ColumnsOpt = None,
    max_pages: MaxPagesOpt = None,
    no_ocr: NoOcrOpt = False,
    ocr_lang: OcrLangOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    memory_limit: MemoryOpt = DEFAULT_MEMORY_MB,
    executor: ExecutorOpt = Executor.local,
    scheduler: SchedulerOpt = None,
    follow_links: FollowLinksOpt = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """The nightly job: process new and changed PDFs of INBOX into the dataset OUT, then rebuild its tables.

    Files already processed by this kotoex version are skipped (size and mtime, then sha256).

    A run may be interrupted at any time (even kill -9); the next run picks up where it stopped.

    Exit codes: 0 ok, 1 a document (or the export) failed in this run, 2 usage, 3 dataset in use, 4 the
    dataset folder cannot be written (read-only, disk full), 5 its state database is corrupt.
    """
    _logging(verbose, quiet)
    if out.exists() and not out.is_dir():
        console.print(f"[red]error:[/] {out} is not a folder")
        raise typer.Exit(2)
    _check_executor(executor, scheduler)
    settings = _settings(lexicon, columns, max_pages, no_ocr, ocr_lang, config, set_)
    _check_side_files(settings)
    if dry_run:
        raise typer.Exit(_ingest_dry_run(inbox, out, retry_failed, follow_links))
    from kotoex.batch import cpu_workers

    raise typer.Exit(_ingest_run(inbox, out, settings, workers or cpu_workers(), _limits(timeout, memory_limit),
                                 retry_failed=retry_failed, export=not no_export, executor=executor,
                                 scheduler=scheduler, follow_links=follow_links, quiet=quiet))


def _ingest_run(inbox: Path, out: Path, settings: Settings, workers: int, limits: Limits, *, retry_failed: bool,
                export: bool, executor: Executor, scheduler: str | None, follow_links: bool, quiet: bool) -> int:
    """``ingest`` with a progress bar and a summary; the exit code."""
    from kotoex.runner_types import DaskSetupError
    from kotoex.ingest import IngestItem, Plan, ingest as run_ingest
    modules_loaded()
    progress = _progress(quiet)
    task = None

    def planned(plan: Plan) -> None:
        nonlocal task
        if not quiet:
            console.print(f"{plan.scanned} PDF files in {text(inbox)}: {len(plan.todo)} to process, "
                          f"{plan.skipped} up to date" + (f", {len(plan.missing)} gone from the inbox"
                                                          if plan.missing else ""))
        if plan.todo:
            task = progress.add_task("ingesting", total=len(plan.todo))

    def done(item: IngestItem) -> None:
        if task is not None:
            progress.update(task, advance=1, description=f"{text(item.rel)[-40:]:40s}")

    try:
        with progress:
            result = run_ingest(inbox, out, settings=settings, workers=workers, limits=limits,
                                retry_failed=retry_failed, export=export, on_plan=planned, on_done=done,
                                executor=executor.value, scheduler=scheduler, follow_links=follow_links)
    except DaskSetupError as e:
        console.print(f"[red]error:[/] {escape(str(e))} (nothing was processed; run the same command again)")
        return 2
    except KeyboardInterrupt:
        console.print("[yellow]interrupted:[/] what was finished is saved; run the same command again to go on")
        return 130
    except Exception as e:
        code = _fatal(e)
        if code is None:
            raise
        return code
    if not quiet and result.items:
        _ingest_summary(result, out)
    for i in result.failed:
        console.print(f"[red]failed:[/] {text(i.rel)}: {text(i.error)}")
    if result.export_error:
        console.print(f"[red]export failed:[/] {text(result.export_error)} (run `kotoex export {text(out)}` again)")
    return 1 if result.failed or result.export_error else 0


def _ingest_dry_run(inbox: Path, out: Path, retry_failed: bool, follow_links: bool) -> int:
    """``ingest --dry-run``: what would be processed, one line each (file names as text)."""
    from kotoex.ingest import dry_run as plan_only

    try:
        plan = plan_only(inbox, out, retry_failed=retry_failed, follow_links=follow_links)
    except Exception as e:
        code = _fatal(e)
        if code is None:
            raise
        return code
    for c in plan.todo:
        typer.echo(f"{c.reason}\t{_CONTROL.sub('', c.rel)}" + (f"\t({c.problem})" if c.problem else ""))
    console.print(f"would process {len(plan.todo)} of {plan.scanned} PDF files "
                  f"({plan.scanned - len(plan.todo)} up to date)")
    return 0


def _ingest_summary(result, out: Path) -> None:
    from rich.table import Table

    items = result.items
    table = Table(title=f"kotoex {__version__} ingest: {len(items)} processed, {result.plan.skipped} up to date, "
                        f"{result.seconds:.1f} s → {text(out)}")
    for col in ("file", "why", "status", "pages", "measures", "practices"):
        table.add_column(col, justify="right" if col in ("pages", "measures", "practices") else "left",
                         overflow="fold")
    shown = items if len(items) <= 60 else [i for i in items if i.status != "ok"][:60]
    for i in shown:
        table.add_row(text(i.rel), text(i.reason), f"[{_COLORS.get(i.status, 'white')}]{i.status}[/]", str(i.pages),
                      str(i.measures), str(i.practices))
    table.caption = (f"ok {result.count('ok')} · partial {result.count('partial')} · failed "
                     f"{result.count('failed')} · measures {sum(i.measures for i in items)} · "
                     f"practices {sum(i.practices for i in items)}"
                     + (" · tables rebuilt" if result.exported else ""))
    console.print(table)


@app.command()
def export(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder (from ingest) or batch output folder.", exists=True,
                                            file_okay=False)],
    no_parquet: Annotated[bool, typer.Option("--no-parquet", help="Skip the Parquet files.")] = False,
    no_duckdb: Annotated[bool, typer.Option("--no-duckdb", help="Skip the DuckDB file.")] = False,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Flag measures below this confidence (column low_confidence); rows are never dropped.")] = 0.8,
    excel: Annotated[bool, typer.Option(
        "--excel", help="Also write export/excel/*.csv for spreadsheet programs: UTF-8 with a BOM, ';' between "
                        "cells.")] = False,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """(Re)build DATASET's tables in DATASET/export/: data/*.csv, parquet/*.parquet, kotoex.duckdb and
    datapackage.json. The new export is built beside it and switched in with one rename."""
    from kotoex.export import export_dataset
    from kotoex.state import clean_temp_files, dataset_lock

    _logging(verbose, quiet)
    try:
        with dataset_lock(dataset):
            clean_temp_files(dataset)
            res = export_dataset(dataset, parquet=not no_parquet, duckdb=not no_duckdb,
                                 min_confidence=min_confidence, excel=excel)
    except Exception as e:
        code = _fatal(e)
        if code is None:
            raise
        raise typer.Exit(code)
    for p in res.problems:
        console.print(f"[yellow]skipped:[/] {text(p)}")
    if not quiet:
        console.print("exported " + ", ".join(f"{k} {v}" for k, v in res.counts.items()) + f" → {dataset}")
    raise typer.Exit(0)


@app.command()
def compare(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder (from ingest) or batch output folder.", exists=True,
                                            file_okay=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Report folder (created if missing).")] = Path("report"),
    min_confidence: Annotated[Optional[float], typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Leave out measures below this confidence (with their bodies and themes); default: count all.")] = None,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Compare municipalities: CSV tables and one self-contained HTML page with charts (OUT/report.html).

    Measures are compared by theme (the 12 comparable codes): a theme x municipality heatmap and the
    status of each theme's measures, with CSV tables of both.
    """
    from kotoex.compare import build_report

    _logging(verbose, quiet)
    rep = build_report(dataset, out, min_confidence=min_confidence)
    if not quiet:
        console.print(f"{rep.documents} documents, {rep.measures} measures, {len(rep.charts)} charts → {rep.html_path}")
    raise typer.Exit(0)


@app.command()
def vocab(
    folder: Annotated[Path, typer.Argument(help="Batch output or dataset folder with the documents' JSON.",
                                           exists=True, file_okay=False)],
    csv_out: Annotated[Optional[Path], typer.Option("--csv", help="Also write the list as CSV to this file.")] = None,
    jsonl_out: Annotated[Optional[Path], typer.Option(
        "--jsonl", help="Also write lexicon lines (name, suggested code, aliases, basis) to this file, ready for "
                        "--lexicon; names without a suggestion are written as comment lines to fill in.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Show at most this many names (0: all).")] = 0,
) -> None:
    """List the responsible-body names that matched no code ('other' / match 'none'), most frequent first,
    each with a suggested code and the register, rule or similar known name behind it.

    A curator checks the suggestions and adds them to a lexicon (--lexicon FILE, JSONL): the next run maps them.
    """
    import json

    from rich.table import Table

    from kotoex.dataset import iter_bodies
    from kotoex.normalize.bodies import suggest_code
    from kotoex.writers import atomic_write_text, write_csv

    _logging(0, False)
    counts: dict[str, dict] = {}
    for e, _no, b in iter_bodies(folder):
        if b.match != "none" and not (b.code == "other" and b.match is None):
            continue
        c = counts.setdefault(b.name, {"name": b.name, "count": 0, "documents": set(), "municipalities": set(),
                                       "year": (e.doc.document.period.start if e.doc.document.period else None)})
        c["count"] += 1
        c["documents"].add(e.doc_id)
        c["municipalities"].update(m.code for m in e.doc.document.municipalities)
    rows = sorted(counts.values(), key=lambda c: (-c["count"], c["name"].lower()))
    flat = [{"name": r["name"], "count": r["count"], "documents": len(r["documents"]),
             "municipalities": ";".join(sorted(r["municipalities"])),
             "example_document": sorted(r["documents"])[0]} for r in rows]
    for r, row in zip(flat, rows):
        sug = suggest_code(r["name"], year=row["year"])
        r["suggested_code"], r["basis"] = (sug.code, sug.basis) if sug else ("", "")
        r["lexicon_name"] = sug.name if sug else r["name"]
    table = Table(title=f"{len(flat)} responsible-body names without a code in {text(folder)}")
    for col in ("count", "documents", "name", "suggested_code", "basis", "municipalities", "example_document"):
        table.add_column(col, justify="right" if col in ("count", "documents") else "left",
                         no_wrap=col == "name", max_width=28 if col == "basis" else None)
    for r in flat[: limit or None]:
        table.add_row(str(r["count"]), str(r["documents"]), text(r["name"]), r["suggested_code"], text(r["basis"]),
                      text(r["municipalities"]), text(r["example_document"]))
    Console().print(table)
    if csv_out:
        write_csv(csv_out, list(flat[0].keys()) if flat else ["name", "count", "documents", "municipalities",
                                                                 "example_document", "suggested_code", "basis",
                                                                 "lexicon_name"], flat)
    if jsonl_out:
        lines = ["# kotoex vocab: suggested codes; check each line (a commented line had no suggestion: fill in its code)\n"]
        for r in flat:
            row = {"name": r["lexicon_name"], "code": r["suggested_code"], "aliases": [r["name"]] if r["name"] !=
                   r["lexicon_name"] else [], "basis": r["basis"] or None, "count": r["count"]}
            lines.append(("" if r["suggested_code"] else "# ") + json.dumps(row, ensure_ascii=False) + "\n")
        atomic_write_text(jsonl_out, "".join(lines))
    raise typer.Exit(0)


app.command("review")(review_command)


@app.command("config")
def config_command(
    config: ConfigOpt = None,
    set_: SetOpt = None,
    bare: Annotated[bool, typer.Option("--bare", help="Without the comments.")] = False,
) -> None:
    """Print the effective settings as a TOML file (the defaults, changed by --config and --set).

    Save it (kotoex config > kotoex.toml), edit it, and give it to extract, batch or ingest with --config.
    """
    typer.echo(to_toml(_settings(None, None, None, config=config, sets=set_), with_docs=not bare), nl=False)
    raise typer.Exit(0)


@app.command()
def version() -> None:
    """Print kotoex's version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
