"""The value summary as one self-contained HTML page: the customer value model, ready to share.

The page follows the method's report: per subsegment, each point of difference and contention with its
value, its word equation in words and with a typical customer's values, its status and assumptions;
points of parity as such; the difference between the subsegments; delta value against delta price per
customer; how data-heavy the model is; what could not be computed and which fallbacks were used; the
value placeholders beside the money; the named assumptions. Charts are inline SVG and styles inline,
so the file opens anywhere, offline, and prints cleanly.

The page is rendered by the escaping templates of :mod:`worth.exports.templating`
(``templates/model_report.html``); this module only gathers what the template shows. The page carries
its own Content-Security-Policy that allows no script at all, so even a copy opened from disk is inert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from worth.engine.equations import format_number
from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS, Customer
from worth.engine.model.summary import value_summary
from worth.exports.charts import ChartSpec, render_svg
from worth.exports.charts.model import SOURCE_LABELS, element_values_chart, heaviness_chart, price_chart
from worth.exports.files import write_whole
from worth.exports.templating import render_template, safe_svg

__all__ = ["Renderer", "ReportError", "model_report_html", "write_model_report"]

Renderer = Callable[[ChartSpec], str]

WORDS = {
    "point-of-difference": "point of difference",
    "point-of-contention": "point of contention",
    "point-of-parity": "point of parity",
    "hypothesized": "hypothesized",
    "agreed-by-customer": "agreed by customer",
    "contested": "contested",
}


class ReportError(ValueError):
    """The report cannot be written where asked (the message names the path and the reason)."""


@dataclass(frozen=True)
class _CustomerRow:
    customer: Customer
    subsegment: str | None
    values: list[float]
    total: float


@dataclass(frozen=True)
class _ProspectRow:
    customer: Customer
    values: list[str]


@dataclass(frozen=True)
class _CustomerTable:
    names: list[str]
    rows: list[_CustomerRow]
    characteristics: list[str]
    prospects: list[_ProspectRow]


def _characteristic(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else format_number(value)


def _customer_table(analysis: ModelAnalysis) -> _CustomerTable:
    evaluation = analysis.evaluation
    names = list(evaluation.elements)
    rows = [
        _CustomerRow(
            customer,
            evaluation.subsegments[row],
            [float(evaluation.elements[n].values[row]) for n in names],
            float(evaluation.totals[row]),
        )
        for row, customer in enumerate(evaluation.customers)
    ]
    keys = [c.name for c in analysis.model.characteristics]
    prospects = [
        _ProspectRow(p, [_characteristic(p.characteristics.get(k)) for k in keys])
        for p in evaluation.prospects
    ]
    return _CustomerTable(names, rows, keys, prospects)


def _links(analysis: ModelAnalysis) -> list[tuple[str, str]]:
    links = [(f"sub-{i}", s.name) for i, s in enumerate(analysis.model.subsegments)]
    if len(analysis.model.subsegments) > 1:
        links.append(("comparison", "Subsegments compared"))
    return [
        *links,
        ("prices", "Delta value and price"),
        ("data", "Data sources"),
        ("placeholders", "Placeholders"),
        ("assumptions", "Assumptions"),
        ("customers", "Customers"),
    ]


def model_report_html(
    analysis: ModelAnalysis, *, source: str | None = None, render: Renderer = render_svg
) -> str:
    """The value summary of ``analysis`` as one self-contained HTML document.

    Parameters
    ----------
    analysis
        As from :func:`worth.engine.model.analysis.analyse_model`.
    source
        The model file's name, shown in the footer.
    render
        Turns a chart spec into SVG text (``vl-convert`` by default, offline).

    Returns
    -------
    str
        The page; every piece of model text is HTML-escaped by the template engine.
    """
    return render_template("model_report.html", **report_context(analysis, source=source, render=render))


def model_summary_fragment(
    analysis: ModelAnalysis, *, source: str | None = None, render: Renderer = render_svg
) -> str:
    """The same value summary as a fragment of a page (no document around it, no title): what the
    web app's summary page shows in its own layout, escaped as the report is."""
    return render_template("_report_body.html", **report_context(analysis, source=source, render=render))


def summary_stylesheet(scope: str) -> str:
    """The report's styles for its fragment inside another page: every rule nested under ``scope``
    (CSS nesting), so the summary looks as the report does without touching the page around it."""
    css = (Path(__file__).with_name("templates") / "_report.css").read_text(encoding="utf-8")
    css = css.replace(":root {", "& {").replace("\n  body {", "\n  & {")
    return f"{scope} {{\n{css}}}\n"


def report_context(analysis: ModelAnalysis, *, source: str | None, render: Renderer) -> dict[str, Any]:
    """What the value summary's templates need: the summary, its charts as SVG, the words, the tables."""
    model = analysis.model
    one_subsegment = len(model.subsegments) == 1
    charts = {
        "prices": safe_svg(render(price_chart(analysis))),
        "heaviness": safe_svg(render(heaviness_chart(analysis))),
        "comparison": None if one_subsegment else safe_svg(render(element_values_chart(analysis))),
    }
    return {
        "analysis": analysis,
        "model": model,
        "summary": value_summary(analysis),
        "currency": model.currency,
        "period": PERIOD_WORDS[model.period],
        "one_subsegment": one_subsegment,
        "links": _links(analysis),
        "words": WORDS,
        "charts": charts,
        "missing": analysis.evaluation.not_computable(),
        "source_kinds": SOURCE_KINDS,
        "source_labels": SOURCE_LABELS,
        "customer_table": _customer_table(analysis),
        "source": source,
    }


def write_model_report(
    analysis: ModelAnalysis, path: Path, *, source: str | None = None, render: Renderer = render_svg
) -> Path:
    """Write the report to ``path`` in one go (a failure leaves no half-written file).

    Raises
    ------
    ReportError
        When the folder does not exist or cannot be written.
    """
    text = model_report_html(analysis, source=source, render=render)
    if not path.parent.is_dir():
        raise ReportError(f"cannot write {str(path)!r}: the folder {str(path.parent)!r} does not exist")
    try:
        write_whole(path, text.encode("utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot write {str(path)!r}: {exc.strerror}") from None
    return path
