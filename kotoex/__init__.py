"""kotoex: structured data from Finnish municipalities' integration programme PDFs.

Python API for notebooks::

    import kotoex
    doc = kotoex.extract_pdf("turku_report_2013.pdf")    # a kotoex.models.Document
    df = kotoex.measures_frame(doc)                       # pandas DataFrame, one row per measure
"""
from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from kotoex.models import Document


def extract_pdf(path, settings=None) -> "Document":
    """Read one PDF into the output contract (:class:`kotoex.models.Document`).

    Raises :class:`kotoex.extract.InputError` if the file is not a usable PDF.
    """
    from kotoex.pipeline import extract_pdf as _extract

    return _extract(path, settings)


def measures_frame(docs: "Document | Iterable[Document]") -> "pd.DataFrame":
    """The measures of one or more Documents as a DataFrame (the columns of measures.csv)."""
    import pandas as pd

    from kotoex.models import Document
    from kotoex.writers import MEASURE_COLUMNS, measure_rows

    if isinstance(docs, Document):
        docs = [docs]
    return pd.DataFrame([r for d in docs for r in measure_rows(d)], columns=MEASURE_COLUMNS)


def practices_frame(docs: "Document | Iterable[Document]") -> "pd.DataFrame":
    """The practices of one or more Documents as a DataFrame (the columns of practices.csv)."""
    import pandas as pd

    from kotoex.models import Document
    from kotoex.writers import PRACTICE_COLUMNS, practice_rows

    if isinstance(docs, Document):
        docs = [docs]
    return pd.DataFrame([r for d in docs for r in practice_rows(d)], columns=PRACTICE_COLUMNS)


__all__ = ["__version__", "extract_pdf", "measures_frame", "practices_frame"]
