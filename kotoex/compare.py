"""Cross-municipality comparison report: CSV tables and one self-contained HTML page with charts.

The charts are drawn with matplotlib and embedded as inline SVG, so the page needs no network,
no JavaScript and no files beside it. Tables (also written as CSV):

* ``themes_by_municipality.csv`` measures per municipality and primary theme (the 12 comparable codes of
                                 OUTPUT_SCHEMA.md § themes; drawn as a heatmap)
* ``status_by_theme.csv``        status codes per primary theme (was the measure implemented?)
* ``measures_by_section.csv``    measures per municipality and section (each document's own headings; no chart)
* ``status_by_municipality.csv`` status codes per municipality
* ``bodies_by_municipality.csv`` responsible-body codes per municipality (lead and partner)
* ``schedules_by_year.csv``      measures scheduled in each year (a 2019-2021 schedule counts in each year)
* ``municipalities.csv``        documents, measures and statuses per municipality
* ``integration_items.csv``     items (§) of minutes and agendas about integration, with file and page
"""
from __future__ import annotations

import html
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kotoex import __version__
from kotoex.models import BodyCode, StatusCode, ThemeCode
from kotoex.writers import atomic_write_text, csv_frame

log = logging.getLogger(__name__)

UNKNOWN = "(no municipality)"
STATUS_ORDER = [s.value for s in StatusCode]
STATUS_COLORS = {"implemented": "#2e7d32", "partially_implemented": "#9ccc65", "ongoing": "#42a5f5",
                 "planned": "#ffca28", "not_implemented": "#e53935", "unknown": "#9e9e9e", "(none)": "#e0e0e0"}
BODY_ORDER = [b.value for b in BodyCode]
THEME_ORDER = [t.value for t in ThemeCode]
NO_THEME = "(no theme)"
BAR_BLUE = "#3f6fb5"
MAX_SPAN = 30  # a schedule longer than this many years is not spread over years


@dataclass
class Report:
    html_path: Path
    csv_paths: list[Path] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    documents: int = 0
    measures: int = 0
    left_out: int = 0  # measures below --min-confidence, not counted


def _label(code: Any, name: Any) -> str:
    if code is None or code != code or code == "":
        return UNKNOWN
    return f"{name} ({code})" if name and name == name else str(code)


def keep_confident(tables: dict[str, Any], min_confidence: float | None) -> tuple[dict[str, Any], int]:
    """The tables without measures below ``min_confidence`` (and their bodies and themes); None keeps all.

    A measure without a confidence is left out too, as nothing vouches for it (as the export flags it).
    """
    if min_confidence is None:
        return tables, 0
    import pandas as pd

    measures = tables["measures"]
    conf = pd.to_numeric(measures["confidence"], errors="coerce")
    keep = measures[conf >= min_confidence]
    keys = set(zip(keep["doc_id"], keep["measure_no"]))
    out = dict(tables)
    out["measures"] = keep
    for name in ("bodies", "measure_themes"):
        if name in tables:
            t = tables[name]
            out[name] = t[[k in keys for k in zip(t["doc_id"], t["measure_no"])]]
    return out, len(measures) - len(keep)


def compare_tables(tables: dict[str, Any]) -> dict[str, Any]:
    """Aggregate the dataset's frames into the report's tables (pandas DataFrames)."""
    import pandas as pd

    docs, measures, bodies = tables["documents"], tables["measures"].copy(), tables["bodies"].copy()
    names = {}
    for frame in (docs, measures):
        for code, name in zip(frame["municipality_code"], frame["municipality"]):
            if isinstance(code, str) and code and isinstance(name, str) and name:
                names.setdefault(code, name)
    measures["municipality_label"] = [_label(c, names.get(c)) for c in measures["municipality_code"]]
    bodies["municipality_label"] = [_label(c, names.get(c)) for c in bodies["municipality_code"]]
    measures["section"] = measures["section"].fillna("(no section)")
    measures["status"] = measures["status_code"].fillna("(none)")

    by_section = (measures.groupby(["municipality_label", "section"], sort=False).size()
                  .rename("measures").reset_index().sort_values(["municipality_label", "measures"],
                                                                ascending=[True, False]))
    status = measures.pivot_table(index="municipality_label", columns="status", values="measure_no",
                                  aggfunc="count", fill_value=0)
    status = status.reindex(columns=[s for s in STATUS_ORDER + ["(none)"] if s in status.columns])
    body = bodies.pivot_table(index="municipality_label", columns="code", values="body_no", aggfunc="count",
                              fill_value=0)
    body = body.reindex(columns=[c for c in BODY_ORDER if c in body.columns])
    themes, status_theme = _theme_tables(measures)

    years = []
    for label, start, end, cont in zip(measures["municipality_label"], measures["schedule_start"],
                                       measures["schedule_end"], measures["schedule_continuous"]):
        s = _int(start)
        e = _int(end)
        if s is None and e is None:
            continue
        s = s if s is not None else e
        e = e if e is not None else s
        if e < s or e - s > MAX_SPAN:
            e = s
        for y in range(s, e + 1):
            years.append((label, y))
    sched = pd.DataFrame(years, columns=["municipality_label", "year"])
    sched = (sched.groupby(["year", "municipality_label"]).size().rename("measures").reset_index()
             if len(sched) else pd.DataFrame(columns=["year", "municipality_label", "measures"]))

    docs = docs.copy()
    docs["municipality_label"] = [_label(c, names.get(c)) for c in docs["municipality_code"]]
    munis = docs.groupby("municipality_label").agg(documents=("doc_id", "count"),
                                                   failed=("status", lambda s: int((s == "failed").sum())))
    munis["measures"] = measures.groupby("municipality_label").size()
    integration = _integration_items(tables.get("items"), names)
    munis["integration_items"] = integration.groupby("municipality_label").size() if len(integration) else 0
    munis = munis.fillna(0).astype(int).reset_index()
    return {"themes_by_municipality": themes, "status_by_theme": status_theme,
            "measures_by_section": by_section, "status_by_municipality": status.reset_index(),
            "bodies_by_municipality": body.reset_index(), "schedules_by_year": sched, "municipalities": munis,
            "integration_items": integration}


_ITEM_COLUMNS = ["municipality_label", "date", "body", "section", "title", "diary_number", "file", "page", "doc_id"]


def _integration_items(items, names: dict[str, str]):
    """Items (§) of minutes and agendas whose subject is integration, per municipality, with file and page."""
    import pandas as pd

    if items is None or not len(items):
        return pd.DataFrame(columns=_ITEM_COLUMNS)
    it = items[items["integration_related"].fillna(False).astype(bool)].copy()
    it["municipality_label"] = [_label(c, n if isinstance(n, str) and n else names.get(c))
                                for c, n in zip(it["municipality_code"], it["municipality"])]
    it["page"] = [_int(str(p).split(";")[0]) if isinstance(p, str) and p else None for p in it["pages"]]
    return it[_ITEM_COLUMNS].sort_values(["municipality_label", "date", "section"]).reset_index(drop=True)


def _theme_tables(measures) -> tuple[Any, Any]:
    """Measures per municipality × primary theme (every code a column, a total), and statuses per theme."""
    import pandas as pd

    m = measures.copy()
    m["theme"] = m["theme_primary"].where(m["theme_primary"].notna() & (m["theme_primary"] != ""), NO_THEME)
    order = THEME_ORDER + ([NO_THEME] if (m["theme"] == NO_THEME).any() else [])
    if m.empty:
        return (pd.DataFrame(columns=["municipality_label"] + THEME_ORDER + ["total"]),
                pd.DataFrame(columns=["theme"] + STATUS_ORDER + ["(none)"]))
    wide = m.pivot_table(index="municipality_label", columns="theme", values="measure_no", aggfunc="count",
                         fill_value=0).reindex(columns=order, fill_value=0)
    wide["total"] = wide.sum(axis=1)
    st = m.pivot_table(index="theme", columns="status", values="measure_no", aggfunc="count", fill_value=0)
    st = st.reindex(index=[t for t in order if t in st.index],
                    columns=[s for s in STATUS_ORDER + ["(none)"] if s in st.columns])
    return wide.astype(int).reset_index(), st.astype(int).reset_index()


def _int(v: Any) -> int | None:
    try:
        if v is None or v != v or v == "":
            return None
        return int(v)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------ charts

def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans", "font.size": 9,
                         "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "kotoex",
                         "text.parse_math": False})  # text from PDFs is never markup ('$…$' is no formula)
    return plt


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    _plt().close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE: inline SVG in HTML
    return svg.replace("<svg ", '<svg class="chart" role="img" ', 1)  # natural size, shrunk to fit by CSS


def _short(s: str, n: int = 48) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _label_theme(code: str) -> str:
    return code.replace("_", " ")


def _count_cells(ax, data, dark_share: float) -> None:
    """Municipality rows of a heatmap, with the count written in every non-empty cell (white on
    cells darker than ``dark_share`` of the largest count)."""
    ax.set_yticks(range(len(data)), list(data.index))
    vmax = data.values.max() if data.size else 0
    for i in range(len(data)):
        for j in range(len(data.columns)):
            v = int(data.values[i, j])
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                        color="white" if v > vmax * dark_share else "black")


def chart_themes(themes) -> str | None:
    """Heatmap: municipalities × primary themes, the count in every non-empty cell."""
    if themes.empty:
        return None
    plt = _plt()
    from matplotlib.colors import LinearSegmentedColormap

    data = themes.set_index("municipality_label").drop(columns=["total"])
    fig, ax = plt.subplots(figsize=(max(7, 0.6 * len(data.columns) + 3.5), 0.42 * len(data) + 2.4))
    cmap = LinearSegmentedColormap.from_list("kotoex", ["#ffffff", BAR_BLUE])
    im = ax.imshow(data.values, aspect="auto", cmap=cmap, vmin=0)
    ax.set_xticks(range(len(data.columns)), [_label_theme(c) for c in data.columns], rotation=40, ha="right")
    _count_cells(ax, data, 0.55)
    ax.set_title("Measures per municipality and theme (primary theme)", loc="left", fontsize=11)
    fig.colorbar(im, ax=ax, shrink=0.6, label="measures")
    fig.tight_layout()
    return _svg(fig)


def _status_bars(data, labels: list[str], title: str) -> str:
    """Stacked horizontal bars: one bar per row of ``data`` (its index labelled ``labels``), one colour per
    status column."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(9, 0.35 * len(data) + 1.2))
    left = [0] * len(data)
    y = list(range(len(data)))[::-1]
    for col in data.columns:
        vals = list(data[col])
        ax.barh(y, vals, left=left, color=STATUS_COLORS.get(col, "#777"),
                label="no status column" if col == "(none)" else col.replace("_", " "))
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(y, labels)
    ax.set_xlabel("measures")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    fig.tight_layout()
    return _svg(fig)


def chart_status_by_theme(status_theme) -> str | None:
    """Stacked bars: the statuses of each theme's measures (how many were implemented)."""
    if status_theme.empty:
        return None
    data = status_theme.set_index("theme")
    return _status_bars(data, [_label_theme(t) for t in data.index], "Status of measures per theme (primary theme)")


def chart_status(status) -> str | None:
    if status.empty:
        return None
    data = status.set_index("municipality_label")
    return _status_bars(data, list(data.index), "Status of measures per municipality")


def chart_bodies(body) -> str | None:
    if body.empty or len(body.columns) <= 1:
        return None
    plt = _plt()
    data = body.set_index("municipality_label")
    fig, ax = plt.subplots(figsize=(max(6, 0.55 * len(data.columns) + 3), 0.45 * len(data) + 2.2))
    im = ax.imshow(data.values, aspect="auto", cmap="Blues")
    ax.set_xticks(range(len(data.columns)), list(data.columns), rotation=45, ha="right")
    _count_cells(ax, data, 0.6)
    ax.set_title("Responsible-body codes per municipality (lead and partner)", loc="left", fontsize=11)
    fig.colorbar(im, ax=ax, shrink=0.6, label="bodies")
    fig.tight_layout()
    return _svg(fig)


def chart_schedules(sched) -> str | None:
    if sched.empty:
        return None
    plt = _plt()
    data = sched.pivot_table(index="year", columns="municipality_label", values="measures", aggfunc="sum",
                             fill_value=0).sort_index()
    years = list(range(int(data.index.min()), int(data.index.max()) + 1))
    data = data.reindex(years, fill_value=0)
    fig, ax = plt.subplots(figsize=(10, 4))
    bottom = [0] * len(data)
    cmap = plt.get_cmap("tab20")
    for i, col in enumerate(data.columns):
        vals = list(data[col])
        ax.bar([str(y) for y in years], vals, bottom=bottom, label=col, color=cmap(i % 20))
        bottom = [a + b for a, b in zip(bottom, vals)]
    ax.set_ylabel("measures scheduled")
    ax.set_title("Schedules per year (a measure counts in every year of its schedule)", loc="left", fontsize=11)
    ax.legend(fontsize=8, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    if len(years) > 16:
        for k, lab in enumerate(ax.get_xticklabels()):
            lab.set_visible(k % 2 == 0)
    fig.tight_layout()
    return _svg(fig)


# ------------------------------------------------------------------------------------ page

_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin-top:32px;border-bottom:1px solid #ccc}
.meta{color:#666;font-size:13px} figure{margin:12px 0} svg.chart{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12px;margin:8px 0} th,td{border:1px solid #ddd;padding:3px 6px}
th{background:#f3f3f3;text-align:left} td.n{text-align:right} details{margin:6px 0 18px}
.empty{color:#888;font-style:italic}
"""


def _html_table(df, max_rows: int = 400) -> str:
    cols = list(df.columns)
    out = ["<table><thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in cols) + "</tr></thead><tbody>"]
    for row in df.head(max_rows).itertuples(index=False):
        cells = []
        for v in row:
            num = isinstance(v, (int, float)) and not isinstance(v, bool)
            cells.append(f'<td class="n">{v}</td>' if num else f"<td>{html.escape(str(v))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if len(df) > max_rows:
        out.append(f'<p class="empty">… {len(df) - max_rows} more rows in the CSV</p>')
    return "".join(out)


def build_report(folder: Path, out_dir: Path, min_confidence: float | None = None) -> Report:
    """Write the CSV tables and ``report.html`` for the dataset (or batch output) ``folder`` into ``out_dir``.

    ``min_confidence``: leave out measures below it (with their bodies and themes); None counts all.
    """
    from kotoex.dataset import frames

    tables, left_out = keep_confident(frames(folder), min_confidence)
    agg = compare_tables(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = Report(out_dir / "report.html", documents=len(tables["documents"]), measures=len(tables["measures"]),
                    left_out=left_out)
    for name, df in agg.items():
        p = out_dir / f"{name}.csv"
        atomic_write_text(p, csv_frame(df).to_csv(index=False, lineterminator="\r\n"))  # no formulas (OWASP)
        report.csv_paths.append(p)

    sections = [
        ("themes_by_municipality", "Measures per municipality and theme", chart_themes(agg["themes_by_municipality"])),
        ("status_by_theme", "Status by theme", chart_status_by_theme(agg["status_by_theme"])),
        ("status_by_municipality", "Status distribution per municipality", chart_status(agg["status_by_municipality"])),
        ("bodies_by_municipality", "Responsible bodies per municipality", chart_bodies(agg["bodies_by_municipality"])),
        ("schedules_by_year", "Schedules per year", chart_schedules(agg["schedules_by_year"])),
    ]
    docs = tables["documents"]
    status_counts = docs["status"].value_counts().to_dict() if len(docs) else {}
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>kotoex: integration programmes compared</title>", f"<style>{_CSS}</style></head><body>",
        "<h1>Integration programmes compared across municipalities</h1>",
        f'<p class="meta">{html.escape(str(folder))} · {report.documents} documents '
        f'({", ".join(f"{k} {v}" for k, v in sorted(status_counts.items())) or "none"}) · '
        f"{report.measures} measures"
        f"{f' ({left_out} below confidence {min_confidence:g} left out)' if min_confidence is not None else ''}"
        f" · kotoex {__version__} · "
        f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}</p>",
        "<h2>Municipalities</h2>", _html_table(agg["municipalities"]),
        '<p class="meta">Themes: the 12 comparable codes of the output contract, judged from each measure\'s '
        "text, goal and section (a measure counts under its primary theme). Sections are each document's own "
        "headings: their table is at the end, without a chart.</p>",
    ]
    for name, title, svg in sections:
        parts.append(f'<h2 id="{name}">{html.escape(title)}</h2>')
        if svg:
            parts.append(f'<figure data-chart="{name}">{svg}</figure>')
            report.charts.append(name)
        else:
            parts.append('<p class="empty">No data for this chart.</p>')
        parts.append(f"<details><summary>Table ({name}.csv)</summary>{_html_table(agg[name])}</details>")
    parts.append('<h2 id="integration_items">Integration items in minutes and agendas</h2>')
    parts.append('<p class="meta">Items (§) whose subject is integration or immigration, with the file and the '
                 "page they start on (integration_items.csv).</p>" + _html_table(agg["integration_items"]))
    parts.append('<h2 id="measures_by_section">Measures per municipality and section</h2>')
    parts.append(f"<details><summary>Table (measures_by_section.csv)</summary>"
                 f"{_html_table(agg['measures_by_section'])}</details>")
    parts.append("</body></html>\n")
    atomic_write_text(report.html_path, "\n".join(parts))
    return report
