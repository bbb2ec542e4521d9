"""The value summary as one self-contained HTML page: the customer value model, ready to share.

The page follows the method's report: per subsegment, each point of difference and contention with its
value, its word equation in words and with a typical customer's values, its status and assumptions;
points of parity as such; the difference between the subsegments; delta value against delta price per
customer; how data-heavy the model is; what could not be computed and which fallbacks were used; the
value placeholders beside the money; the named assumptions. Charts are inline SVG and styles inline,
so the file opens anywhere, offline, and prints cleanly.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path
from string import Template

from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.display import format_money, format_percent, format_plain
from worth.engine.model.summary import SubsegmentSummary, SummaryElement, value_summary
from worth.exports.charts import render_svg
from worth.exports.charts.model import element_values_chart, price_chart
from worth.exports.report_model_parts import PageParts, Renderer, table

__all__ = ["ReportError", "model_report_html", "write_model_report"]

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


class _Page(PageParts):
    """The value model sections on top of the shared parts."""

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
        out.append(table(head, rows, {2, 3, 4, 5}, css="total"))
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
            + table(head, rows, set(range(1, 8)), css="total")
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
            + table(head, rows, {2, 3, 4, 6})
        )


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
