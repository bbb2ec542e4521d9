"""The project report: the issue, the research, the value proposition, the business case and the
customer value model of the version they rest on, as one HTML document (and PDF, and a slide deck).

Built from the same content the slide deck takes (:class:`worth.exports.deck.ProjectDeck`), so the
page, the PDF and the slides of a project say the same things with the same figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from worth.exports.charts import render_svg
from worth.exports.charts.case import profitability_chart
from worth.exports.deck import ProjectDeck
from worth.exports.report_model import Renderer, report_context
from worth.exports.templating import render_template, safe_svg

__all__ = ["project_report_html"]


def project_report_html(
    content: ProjectDeck,
    *,
    case_rows: Sequence[Mapping[str, Any]] = (),
    target: tuple[float, int] | None = None,
    render: Renderer = render_svg,
) -> str:
    """The project report of ``content``; ``case_rows`` (the case's period rows) draw its chart.

    Every text a person wrote is escaped by the template engine; the charts are SVG that passed
    :func:`~worth.exports.templating.safe_svg`.
    """
    context = report_context(content.analysis, source=content.version, render=render)
    chart = None
    if content.case is not None and case_rows:
        spec = profitability_chart(
            case_rows,
            currency=content.case.currency,
            period=content.case.period,
            target=target[0] if target else None,
            within=target[1] if target else None,
        )
        chart = safe_svg(render(spec))
    return render_template(
        "project_report.html",
        **context,
        content=content,
        proposition=content.proposition,
        case=content.case,
        case_chart=chart,
    )
