"""The value summary as one self-contained HTML page: the customer value model, ready to share.

The page follows the method's report: per subsegment, each point of difference and contention with its
value, its word equation in words and with a typical customer's values, its status and assumptions;
points of parity as such; the difference between the subsegments; delta value against delta price per
customer; how data-heavy the model is; what could not be computed and which fallbacks were used; the
value placeholders beside the money; the named assumptions. Charts are inline SVG and styles inline,
so the file opens anywhere, offline, and prints cleanly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from worth.engine.equations import format_number
from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.display import format_money, format_percent, format_plain
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS
from worth.engine.model.summary import SubsegmentSummary, SummaryElement, ValueSummary, value_summary
from worth.exports.charts import ChartSpec, render_svg
from worth.exports.charts.model import SOURCE_LABELS, element_values_chart, heaviness_chart, price_chart

__all__ = ["ReportError", "model_report_html", "write_model_report"]

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


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int], css: str = "") -> str:
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


class _Page:
    """Writes the sections; holds the currency so every amount is formatted the same way."""

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
    def header(self) -> str:
        model = self.model
        offering = model.offering
        links = "".join(
            f'<a href="#{anchor}">{escape(text)}</a>'
            for anchor, text in [
                *((f"sub-{i}", s.name) for i, s in enumerate(model.subsegments)),
                ("comparison", "Subsegments compared"),
                ("prices", "Delta value and price"),
                ("data", "Data sources"),
                ("placeholders", "Placeholders"),
                ("assumptions", "Assumptions"),
                ("customers", "Customers"),
            ]
        )
        return (
            f"<h1>{escape(model.name)}</h1>"
            f'<p class="lead">{escape(offering.name)} for {escape(model.segment.name.lower())}. '
            f"Values in {escape(self.currency)} per {self.period}, each against the customer's next-best "
            f"alternative.</p>"
            + (f"<p>{escape(model.description)}</p>" if model.description else "")
            + self.cards()
            + f"<nav>{links}</nav>"
        )

    def cards(self) -> str:
        cards = []
        for part in self.summary.subsegments:
            total, prices = part.total, part.prices
            interval = f"{self.money(total.ci_low)} to {self.money(total.ci_high)}"
            cards.append(
                f'<div class="card"><div class="muted">{escape(part.name)}</div>'
                f'<div class="big">{self.money(total.mean)}</div>'
                f"<div>mean value per customer and {self.period} ({format_percent(self.analysis.confidence)} "
                f"interval {interval}; n = {total.n})</div>"
                f"<div>value exceeds the price premium for <strong>{prices.exceeding} of {prices.n}</strong>"
                f" customers; mean premium {self.money(prices.mean_delta_price)}</div></div>"
            )
        return f'<div class="cards">{"".join(cards)}</div>'

    def subsegment(self, index: int, part: SubsegmentSummary) -> str:
        alternative = part.alternative
        sub = self.model.subsegments[index]
        price = sub.alternative.price
        price_text = f"{format_money(price.amount, self.currency)} {escape(price.basis)}".strip()
        out = [
            f'<h2 id="sub-{index}">{escape(part.name)}: the customer value model</h2>',
            f'<p class="muted">{escape(part.characteristics)} Research sample: {part.customers} customers. '
            f"Next-best alternative ({escape(alternative.kind.replace('-', ' '))}): "
            f"<strong>{escape(alternative.name)}</strong>, {price_text}. "
            f"Equations with values show <strong>{escape(part.example)}</strong>"
            f"{'' if part.example == 'subsegment means' else ', the customer closest to the median total'}"
            ".</p>",
        ]
        rows = [self.element_row(item) for item in part.differences if item.stats is not None]
        total = part.total
        rows.append(
            [
                "<strong>Total value</strong>",
                "",
                self.money(total.mean),
                self.money(total.std),
                f"{self.money(total.ci_low)} to {self.money(total.ci_high)}",
                str(total.n),
            ]
        )
        head = [
            "Element",
            "Classification",
            "Mean",
            "Std. dev.",
            f"{format_percent(total.confidence)} interval",
            "n",
        ]
        out.append(_table(head, rows, {2, 3, 4, 5}, css="total"))
        out += [self.element_block(item) for item in part.differences]
        quantities = self.summary.quantities.get(part.name, [])
        if quantities:
            out.append("<h3>Named intermediate quantities</h3>")
            out += [self.equation(view.words_html, view.values_html) for view in quantities]
        if part.parity:
            out.append("<h3>Points of parity</h3><ul>")
            for item in part.parity:
                money = f" ({self.money(item.stats.mean)} on average)" if item.stats is not None else ""
                out.append(
                    f"<li><strong>{escape(item.element.name)}</strong>{money}: "
                    f"{escape(item.element.description)}"
                    f" <span class='tag'>{WORDS[item.classification.status]}</span></li>"
                )
            out.append("</ul>")
        return "".join(out)

    def element_row(self, item: SummaryElement) -> list[str]:
        stats = item.stats
        assert stats is not None
        label = escape(item.element.name) + (" (unfavourable)" if item.unfavourable else "")
        classification = f"{WORDS[item.classification.as_]}, {WORDS[item.classification.status]}"
        interval = f"{self.money(stats.ci_low)} to {self.money(stats.ci_high)}"
        return [label, classification, self.money(stats.mean), self.money(stats.std), interval, str(stats.n)]

    def equation(self, words_html: str, values_html: str | None) -> str:
        values = (
            f'<div class="eq-label">with values</div><div class="eq-block">{values_html}</div>'
            if values_html
            else '<div class="eq-label">with values: not computable for the example</div>'
        )
        return f'<div class="eq-label">in words</div><div class="eq-block">{words_html}</div>{values}'

    def element_block(self, item: SummaryElement) -> str:
        element = item.element
        kind = item.classification.as_.removeprefix("point-of-")
        css = "unfavourable" if item.unfavourable else kind
        tags = [element.category, element.kind.replace("-", " "), WORDS[item.classification.as_]]
        tags.append(WORDS[item.classification.status])
        if item.unfavourable:
            tags.append("unfavourable: subtracted")
        parts = [
            f'<div class="element {css}"><h3>{escape(element.name)}</h3>',
            "".join(f'<span class="tag">{escape(t)}</span>' for t in tags),
        ]
        if element.description:
            parts.append(f"<p>{escape(element.description)}</p>")
        if item.classification.note:
            parts.append(f'<p class="muted">{escape(item.classification.note)}</p>')
        if item.equation is not None:
            parts.append(self.equation(item.equation.words_html, item.equation.values_html))
        if element.assumptions:
            listed = "".join(f"<li>{escape(a)}</li>" for a in element.assumptions)
            parts.append(f"<p><strong>Assumptions</strong></p><ul>{listed}</ul>")
        return "".join(parts) + "</div>"

    def comparison(self) -> str:
        first, second = self.analysis.subsegments
        rows = []
        results = [(name, e.comparison) for name, e in self.analysis.elements.items()]
        results.append(("<strong>Total value</strong>", self.analysis.totals_comparison))
        for name, test in results:
            rows.append(
                [
                    escape(name) if not name.startswith("<") else name,
                    self.money(test.mean_a),
                    self.money(test.mean_b),
                    self.money(test.difference, sign=True),
                    f"{self.money(test.ci_low)} to {self.money(test.ci_high)}",
                    format_plain(test.t, decimals=2),
                    format_plain(test.df, decimals=1),
                    format_plain(test.p_value, decimals=4),
                ]
            )
        head = [
            "Element",
            f"Mean, {escape(first)}",
            f"Mean, {escape(second)}",
            "Difference",
            f"{format_percent(self.analysis.confidence)} interval",
            "Welch t",
            "df",
            "p",
        ]
        return (
            '<h2 id="comparison">The two subsegments compared</h2>'
            "<p>Welch's t-test compares the mean values without assuming equal spread; a small p says the "
            "difference is unlikely to be chance in samples this size.</p>"
            + self.chart(element_values_chart(self.analysis), "Mean value by element and subsegment")
            + _table(head, rows, set(range(1, 8)), css="total")
        )

    def prices(self) -> str:
        rows = []
        for p in self.analysis.prices:
            verdict = {True: '<span class="yes">yes</span>', False: '<span class="no">no</span>', None: "n/a"}
            rows.append(
                [
                    escape(p.customer.name),
                    escape(p.subsegment or ""),
                    self.money(p.delta_value),
                    self.money(p.delta_price),
                    self.money(p.margin, sign=True),
                    verdict[p.exceeds],
                    self.money(p.price_ceiling),
                ]
            )
        head = [
            "Customer",
            "Subsegment",
            "Delta value",
            "Delta price",
            "Margin",
            "Value > premium",
            "Price ceiling",
        ]
        return (
            '<h2 id="prices">Delta value against delta price</h2>'
            "<p>A customer gains from switching when (Value<sub>f</sub> - Price<sub>f</sub>) &gt; "
            "(Value<sub>a</sub> - Price<sub>a</sub>), that is when the delta value exceeds the delta price "
            "(the premium over the alternative). The price ceiling is the alternative's price plus the "
            "delta value: the largest price the value supports.</p>"
            + self.chart(price_chart(self.analysis), "Delta value and delta price per customer")
            + _table(head, rows, {2, 3, 4, 6})
        )

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
            _table(head, rows, set(range(1, 7)), css="total"),
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
        return '<h2 id="assumptions">Named assumptions</h2>' + _table(head, rows, set())

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
        out = ['<h2 id="customers">Value per customer</h2>', _table(head, rows, set(range(3, len(head))))]
        if evaluation.prospects:
            keys = [c.name for c in self.model.characteristics]
            prospects = [
                [escape(p.id), escape(p.name)]
                + [escape(_characteristic(p.characteristics.get(k))) for k in keys]
                for p in evaluation.prospects
            ]
            out.append("<h3>Prospects (characteristics only, not valued)</h3>")
            out.append(_table(["Id", "Customer", *(escape(k) for k in keys)], prospects, set()))
        return "".join(out)


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
        The page; every piece of model text is HTML-escaped.
    """
    summary = value_summary(analysis)
    page = _Page(analysis, summary, render)
    body = [page.header()]
    body += [page.subsegment(index, part) for index, part in enumerate(summary.subsegments)]
    body += [page.comparison(), page.prices(), page.data(), page.placeholders(), page.assumptions()]
    body.append(page.customers())
    footer = "Made with Worth from " + (escape(source) if source else "a value model") + "."
    template = Template(
        resources.files("worth.exports").joinpath("templates/model_report.html").read_text("utf-8")
    )
    return template.substitute(title=escape(analysis.model.name), body="\n".join(body), footer=footer)


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
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReportError(f"cannot write {str(path)!r}: {exc.strerror}") from None
    return path
