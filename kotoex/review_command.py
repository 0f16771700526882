"""``kotoex review``: the command's options and run; the review pages themselves are :mod:`kotoex.review`,
imported when the command runs (not by ``kotoex --help`` or the other commands)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from kotoex.confidence import DEFAULT_THRESHOLD
from kotoex.runner_types import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

if TYPE_CHECKING:  # pragma: no cover
    from kotoex.models import Document


def review_command(
    files_or_dir: Annotated[list[Path], typer.Argument(
        help="PDF files and/or folders (searched recursively for *.pdf).", exists=True, metavar="FILES_OR_DIR")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory for the HTML pages (created if missing).")],
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0, help="Values below this confidence are highlighted and listed first.")]
    = DEFAULT_THRESHOLD,
    dpi: Annotated[float, typer.Option("--dpi", min=20, max=300, help="Resolution of the embedded page images.")] = 80,
    lexicon: Annotated[Optional[list[Path]], typer.Option(
        "--lexicon", help="Extra body lexicon (JSONL), as for extract.", exists=True, dir_okay=False)] = None,
    columns: Annotated[Optional[list[Path]], typer.Option(
        "--columns", help="Extra column-header vocabulary (JSON), as for extract.", exists=True, dir_okay=False)] = None,
    max_pages: Annotated[Optional[int], typer.Option("--max-pages", min=1, help="Read at most this many pages per PDF.")]
    = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = 1,
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, help="Seconds one PDF may take (reading and rendering) before its worker is killed "
                                 "(0: no limit).")] = DEFAULT_TIMEOUT,
    memory_limit: Annotated[int, typer.Option(
        "--memory-limit", min=0, help="Address-space limit per worker process in MB (0: no limit).")] = DEFAULT_MEMORY_MB,
    follow_links: Annotated[bool, typer.Option(
        "--follow-links", help="Also read symbolic links that lead out of a given folder.")] = False,
) -> None:
    """Write one self-contained HTML review page per PDF: page images with the boxes every value was
    read from, beside the extracted records, least confident first. Each PDF is read and rendered in a
    worker process with a time and memory limit, as in batch."""
    from kotoex.inputs import find_inputs
    from kotoex.review import _conf, review_paths
    from kotoex.runner_types import Limits
    from kotoex.sidefiles import SideFileError, check_side_files
    from kotoex.settings import settings_for_run

    if not find_inputs(files_or_dir, follow_links).paths:
        typer.echo("error: no PDF files found", err=True)
        raise typer.Exit(2)
    try:
        check_side_files(lexicon or (), columns or ())
    except SideFileError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)
    settings = settings_for_run(lexicon=lexicon or (), columns=columns or (), max_pages=max_pages)

    def done(pdf: Path, target: Path, doc: Document) -> None:
        low = sum(1 for m in doc.measures if m.confidence is not None and m.confidence < min_confidence)
        typer.echo(f"{target}  {doc.status}  confidence {_conf(doc.confidence)}  "
                   f"{len(doc.measures)} measures, {low} low", err=True)

    results = review_paths(files_or_dir, out, settings=settings, threshold=min_confidence, dpi=dpi, on_done=done,
                           workers=workers, limits=Limits(timeout or None, memory_limit or None),
                           follow_links=follow_links)
    typer.echo(f"{len(results)} review pages in {out} (index: {out / 'index.html'})", err=True)
    if any(d.status == "failed" for _, d in results):
        raise typer.Exit(1)
