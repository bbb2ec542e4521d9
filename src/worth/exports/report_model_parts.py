"""The appendix sections of the value summary page: data sources, placeholders, assumptions, customers.

Shared helpers (tables, money, charts) live here too; :mod:`worth.exports.report_model` adds the value
model sections and assembles the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from html import escape

from worth.engine.equations import format_number
from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.display import format_money, format_percent
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS
from worth.engine.model.summary import ValueSummary
from worth.exports.charts import ChartSpec
from worth.exports.charts.model import SOURCE_LABELS, heaviness_chart

__all__ = ["PageParts", "Renderer", "table"]

Renderer = Callable[[ChartSpec], str]


def table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int], css: str = "") -> str:
    cells = "".join(
        f'<th class="num">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head)
    )
    body = []
    for row in rows:
        cls = ' class="total"' if css and row and row[0].startswith("<strong>") else ""
        tds = "".join(
            f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row)
        )
        body.append(f"<tr{cls}>{tds}</tr>")
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _characteristic(value: float | str | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else format_number(value)


class PageParts:
    """Writes the appendix sections; holds the currency so every amount is formatted the same way."""

    def __init__(self, analysis: ModelAnalysis, summary: ValueSummary, render: Renderer) -> None:
        self.analysis = analysis
        self.summary = summary
        self.render = render
        self.model = analysis.model
        self.currency = analysis.model.currency
        self.period = PERIOD_WORDS[analysis.model.period]

    def money(self, value: float, *, sign: bool = False) -> str:
        text = escape(format_money(value, self.currency, sign=sign))
        return f'<span class="neg">{text}</span>' if not math.isnan(value) and value < 0 else text

    def chart(self, spec: ChartSpec, alt: str) -> str:
        svg = self.render(spec)
        svg = svg[svg.find("<svg") :] if "<svg" in svg else svg
        return f'<figure class="chart" role="img" aria-label="{escape(alt)}">{svg}</figure>'

    # ---------------------------------------------------------------- sections
    def data(self) -> str:
        heaviness = self.analysis.heaviness
        groups = [*heaviness.by_element.items(), ("<strong>All elements</strong>", heaviness.overall)]
        rows = [
            [escape(n) if not n.startswith("<") else n]
            + [format_percent(shares.shares[kind]) for kind in SOURCE_KINDS]
            + [str(shares.total), str(shares.fallbacks)]
            for n, shares in groups
        ]
        head = ["Element", *(SOURCE_LABELS[k] for k in SOURCE_KINDS), "Inputs", "Fallbacks"]
        out = [
            '<h2 id="data">How data-heavy the model is</h2>',
            "<p>Each input behind each computed value counts once under its source.</p>",
            self.chart(heaviness_chart(self.analysis), "Share of inputs by source"),
            table(head, rows, set(range(1, 7)), css="total"),
        ]
        missing = self.analysis.evaluation.not_computable()
        if missing:
            items = "".join(
                f"<li><strong>{escape(c.name)}</strong>, {escape(e)}: missing "
                f"{escape(', '.join(m)) if m else 'a finite result (division by zero?)'}</li>"
                for c, e, m in missing
            )
            out.append(
                '<div class="note"><strong>Not computable</strong> (left out of means and totals, never '
                f"filled in):<ul>{items}</ul></div>"
            )
        if self.summary.fallbacks:
            items = "".join(
                f"<li><strong>{escape(d.name)}</strong> = "
                f"{escape(str(d.default.value if d.default else ''))} "
                f"{escape(d.unit)} for {used} customer{'s' if used != 1 else ''}: "
                f"{escape(d.default.assumption if d.default else '')}</li>"
                for d, used in self.summary.fallbacks
            )
            out.append(f'<div class="note"><strong>Fallback defaults used</strong><ul>{items}</ul></div>')
        return "".join(out)

    def placeholders(self) -> str:
        out = [
            '<h2 id="placeholders">Value placeholders</h2>',
            "<p>Worth something to customers but not quantified; listed beside the model and never added "
            "to the totals.</p>",
        ]
        if not self.summary.placeholders:
            out.append('<p class="muted">None.</p>')
        for item in self.summary.placeholders:
            proxy = ""
            if item.proxy is not None:
                estimate = item.proxy.estimate
                amount = (
                    f" Proxy estimate: {self.money(estimate)} per {self.period}."
                    if estimate is not None
                    else ""
                )
                proxy = (
                    f"<p><strong>Proxy:</strong> {escape(item.proxy.description)}.{amount} "
                    f"{escape(item.proxy.basis)}</p>"
                )
            out.append(
                f'<div class="element"><h3>{escape(item.name)}</h3>'
                f'<span class="tag">{escape(item.category)}</span><p>{escape(item.description)}</p>'
                f"<p><strong>Qualitative worth:</strong> {escape(item.worth)}</p>"
                f"{proxy}</div>"
            )
        return "".join(out)

    def assumptions(self) -> str:
        rows = [
            [
                escape(c.name),
                escape(f"{c.value:g} {c.unit}"),
                escape(c.source),
                escape(c.assumption),
                escape(c.reference),
            ]
            for c in self.summary.constants
        ]
        rows += [
            [
                escape(d.name),
                escape(f"{d.default.value:g} {d.unit}"),
                escape(d.default.source),
                escape(d.default.assumption) + (" (fallback)" if d.default.fallback else ""),
                escape(d.default.reference),
            ]
            for d in self.model.drivers
            if d.default is not None
        ]
        head = ["Name", "Value", "Source", "Assumption", "Reference"]
        return '<h2 id="assumptions">Named assumptions</h2>' + table(head, rows, set())

    def customers(self) -> str:
        evaluation = self.analysis.evaluation
        names = list(evaluation.elements)
        rows = []
        for row, customer in enumerate(evaluation.customers):
            values = [self.money(float(evaluation.elements[n].values[row])) for n in names]
            rows.append(
                [
                    escape(customer.id),
                    escape(customer.name),
                    escape(evaluation.subsegments[row] or ""),
                    *values,
                    self.money(float(evaluation.totals[row])),
                ]
            )
        head = ["Id", "Customer", "Subsegment", *(escape(n) for n in names), "Total"]
        out = ['<h2 id="customers">Value per customer</h2>', table(head, rows, set(range(3, len(head))))]
        if evaluation.prospects:
            keys = [c.name for c in self.model.characteristics]
            prospects = [
                [escape(p.id), escape(p.name)]
                + [escape(_characteristic(p.characteristics.get(k))) for k in keys]
                for p in evaluation.prospects
            ]
            out.append("<h3>Prospects (characteristics only, not valued)</h3>")
            out.append(table(["Id", "Customer", *(escape(k) for k in keys)], prospects, set()))
        return "".join(out)
