"""One chart definition for the page, the command line and the reports.

Charts are Vega-Lite specifications (plain dicts). The web page renders them with the vendored
vega-embed bundle; the command line and reports turn the same spec into SVG or PNG with
``vl-convert``, which runs offline. Builders for each area live in sibling modules
(``charts.model``, ``charts.sensitivity``, ``charts.pricing``) and return specs; nothing here draws.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vl_convert

ChartSpec = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: Shared look: readable type, muted grid, the palette used across the app.
THEME: dict[str, Any] = {
    "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e8eb", "domainColor": "#9aa1a9"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12},
    "title": {"fontSize": 14, "anchor": "start", "color": "#1f2933"},
    "range": {"category": ["#1f6feb", "#d9822b", "#2e9e6a", "#c23b3b", "#7a52c7", "#6b7785"]},
}


def finish(spec: ChartSpec, *, title: str | None = None, width: int = 560, height: int = 300) -> ChartSpec:
    """Add schema, size and the shared theme so every builder returns a complete, renderable spec."""
    out: ChartSpec = {"$schema": SCHEMA, "width": width, "height": height, "config": THEME, **spec}
    if title:
        out["title"] = title
    return out


def render_svg(spec: ChartSpec) -> str:
    """The chart as a standalone SVG document (for reports, the CLI and PDF)."""
    return str(vl_convert.vegalite_to_svg(spec))


def render_png(spec: ChartSpec, *, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (slides and terminals that cannot show SVG)."""
    return bytes(vl_convert.vegalite_to_png(spec, scale=scale))


class ChartFormatError(ValueError):
    """The output file name asks for a chart format Worth cannot write."""


def write_chart(spec: ChartSpec, path: Path) -> Path:
    """Write ``spec`` to ``path`` as SVG or PNG, chosen by the file suffix."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(render_svg(spec), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(render_png(spec))
    else:
        raise ChartFormatError(
            f"chart file {str(path)!r}: use a .svg or .png name, not {suffix or 'no suffix'!r}"
        )
    return path
