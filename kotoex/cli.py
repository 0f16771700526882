"""kotoex command line: thin functions that parse options, build Settings, run, and return an exit code.

Exit codes: 0 every document succeeded, 1 any document failed (each failure is still recorded
in its JSON and in the summary), 2 usage error.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from kotoex import __version__
from kotoex.batch import BatchResult, DocResult, find_pdfs, run_batch
from kotoex.pipeline import Settings

app = typer.Typer(
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


def _logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=console, show_path=False)],
                        force=True)


def _settings(lexicon: list[Path] | None, columns: list[Path] | None, max_pages: int | None) -> Settings:
    return Settings(lexicon_files=tuple(lexicon or ()), column_files=tuple(columns or ()), max_pages=max_pages)


def _run(pdfs: list[Path], out: Path, settings: Settings, workers: int, quiet: bool) -> int:
    if not pdfs:
        console.print("[red]error:[/] no PDF files found")
        return 2
    with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(), console=console,
                  disable=quiet, transient=False) as progress:
        task = progress.add_task("extracting", total=len(pdfs))

        def done(r: DocResult) -> None:
            progress.update(task, advance=1, description=f"{r.path.name[:40]:40s}")

        result = run_batch(pdfs, out, settings, workers=workers, on_done=done)
    if not quiet:
        _summary(result, out)
    for r in result.failed:
        console.print(f"[red]failed:[/] {r.path}: {r.reason}")
    return 1 if result.failed else 0


def _summary(result: BatchResult, out: Path) -> None:
    table = Table(title=f"kotoex {__version__}: {len(result.results)} documents in {result.seconds:.1f} s → {out}")
    for col in ("file", "status", "pages", "measures", "practices", "ms/page"):
        table.add_column(col, justify="left" if col in ("file", "status") else "right")
    for r in result.results:
        color = {"ok": "green", "partial": "yellow", "failed": "red"}.get(r.status, "white")
        ms = f"{1000 * r.seconds / r.pages:.0f}" if r.pages else "-"
        table.add_row(r.path.name, f"[{color}]{r.status}[/]", str(r.pages), str(r.measures), str(r.practices), ms)
    counts = {s: sum(1 for r in result.results if r.status == s) for s in ("ok", "partial", "failed")}
    table.caption = (f"ok {counts['ok']} · partial {counts['partial']} · failed {counts['failed']} · "
                     f"measures {sum(r.measures for r in result.results)} · "
                     f"practices {sum(r.practices for r in result.results)}")
    console.print(table)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF files to read.", exists=True, dir_okay=False)],
    out: OutOpt = Path("output"),
    lexicon: LexiconOpt = None,
    columns: ColumnsOpt = None,
    max_pages: MaxPagesOpt = None,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract PDF files: writes OUT/<stem>.json per file plus OUT/measures.csv and OUT/practices.csv."""
    _logging(verbose, quiet)
    raise typer.Exit(_run(list(files), out, _settings(lexicon, columns, max_pages), workers=1, quiet=quiet))


@app.command()
def batch(
    directory: Annotated[Path, typer.Argument(help="Folder searched recursively for *.pdf.", exists=True,
                                              file_okay=False)],
    out: OutOpt = Path("output"),
    workers: Annotated[int, typer.Option("--workers", "-w", min=0,
                                         help="Worker processes; 0 (the default) means the CPU count, at most 4.")] = 0,
    lexicon: LexiconOpt = None,
    columns: ColumnsOpt = None,
    max_pages: MaxPagesOpt = None,
    verbose: VerboseOpt = 0,
    quiet: QuietOpt = False,
) -> None:
    """Extract every PDF under DIRECTORY into OUT, with a progress bar and a summary table."""
    _logging(verbose, quiet)
    n = workers or min(4, os.cpu_count() or 1)
    raise typer.Exit(_run(find_pdfs([directory]), out, _settings(lexicon, columns, max_pages), workers=n, quiet=quiet))


@app.command()
def version() -> None:
    """Print kotoex's version."""
    typer.echo(__version__)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
