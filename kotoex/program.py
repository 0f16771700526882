"""``kotoex`` as a program: the console script and ``python -m kotoex.cli`` come through :class:`Program`.

A run of the program is one short process, so Python's cyclic garbage collector is set for it:

* no collection while the modules load (typer, rich, the pipeline, pydantic's models: hundreds of
  thousands of objects, all alive until the process ends, scanned again and again for nothing);
* once they are loaded (:func:`modules_loaded`, called by the commands that run documents after their
  lazy imports), those objects are frozen out of every later collection, in this process and in the
  worker processes forked from it (which then also share those pages instead of copying them); the
  collector runs again for what the documents allocate;
* none at exit: the objects still alive are frozen before the interpreter tears them down.

Nothing changes for code that imports :mod:`kotoex.cli` (tests with typer's ``CliRunner``, a
notebook): only :meth:`Program.__call__` switches the collector off.
"""
from __future__ import annotations

import gc
from typing import Any

import typer

RUN_COMMANDS = frozenset({"extract", "batch", "ingest"})  # these call modules_loaded() after their imports


class Program(typer.Typer):
    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.callback()(_before_command)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        gc.disable()
        try:
            return super().__call__(*args, **kwargs)
        finally:
            gc.freeze()  # the process ends: no final collection of what is still alive


def modules_loaded() -> None:
    """The modules a run needs are loaded: keep their objects out of later collections and collect again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _before_command(ctx: typer.Context) -> None:
    """Before a command: the collector back on at once for those that do not call :func:`modules_loaded`."""
    if ctx.invoked_subcommand not in RUN_COMMANDS:
        modules_loaded()
