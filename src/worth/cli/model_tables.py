"""The terminal tables of ``worth model evaluate`` and the warnings of ``check``.

Kept apart from the command declarations (``worth.cli.model``) so that ``worth --help`` need not import
the engine: this module is imported when a command prints.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from worth.cli.terminal import console, styled
from worth.engine.model.analysis import ModelAnalysis
from worth.engine.model.compare import ModelComparison, describe_value
from worth.engine.model.display import format_money, format_percent, format_plain
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS
from worth.engine.model.summary import subsegment_choice
from worth.engine.model.warnings import ModelWarning

__all__ = ["print_comparison", "print_tables", "print_warnings"]


def print_warnings(out: Console, warnings: Sequence[ModelWarning]) -> None:
    for warning in warnings:
        out.print(styled(("warning: ", "yellow"), str(warning)))


def _money(analysis: ModelAnalysis, value: float, *, sign: bool = False) -> str:
    return format_money(value, analysis.model.currency, sign=sign)


def print_tables(analysis: ModelAnalysis, subsegment: str | None) -> None:
    out = console()
    model = analysis.model
    keep = [s.name for s in model.subsegments if subsegment in (None, s.name)]
    level = format_percent(analysis.confidence)
    out.print(styled((model.name, "bold"), f" ({model.currency} per {PERIOD_WORDS[model.period]})"))
    stats = Table(title="Value per element and subsegment", title_justify="left")
    for column in ("Element", "Subsegment"):
        stats.add_column(column)
    for column in ("n", "Mean", "Std. dev.", f"{level} interval", "Min", "Max"):
        stats.add_column(column, justify="right")
    rows = [(name, s, e.by_subsegment[s]) for name, e in analysis.elements.items() for s in keep]
    rows += [("Total value", s, analysis.totals[s]) for s in keep]
    for name, sub, summary in rows:
        stats.add_row(
            name,
            sub,
            str(summary.n),
            _money(analysis, summary.mean),
            _money(analysis, summary.std),
            f"{_money(analysis, summary.ci_low)} to {_money(analysis, summary.ci_high)}",
            _money(analysis, summary.minimum),
            _money(analysis, summary.maximum),
        )
    out.print(stats)
    if subsegment is None and analysis.compares_subsegments:
        _print_comparison(out, analysis)
    elif subsegment is None:
        out.print("One subsegment: there is no second subsegment to compare it with (no Welch's t-test).")
    _print_customers(out, analysis, keep)
    _print_choices(out, analysis, keep)
    _print_heaviness(out, analysis)
    _print_gaps(out, analysis, keep)
    print_warnings(out, analysis.warnings)


def _print_comparison(out: Console, analysis: ModelAnalysis) -> None:
    first, second = analysis.subsegments
    table = Table(title=f"{first} minus {second} (Welch's t-test)", title_justify="left")
    table.add_column("Element")
    for column in ("Difference", f"{format_percent(analysis.confidence)} interval", "t", "df", "p"):
        table.add_column(column, justify="right")
    tests = [(n, e.comparison) for n, e in analysis.elements.items()]
    tests.append(("Total value", analysis.totals_comparison))
    for name, test in tests:
        if test is None:
            continue
        table.add_row(
            name,
            _money(analysis, test.difference, sign=True),
            f"{_money(analysis, test.ci_low)} to {_money(analysis, test.ci_high)}",
            format_plain(test.t, decimals=2),
            format_plain(test.df, decimals=1),
            format_plain(test.p_value, decimals=4),
        )
    out.print(table)


def _print_customers(out: Console, analysis: ModelAnalysis, keep: list[str]) -> None:
    evaluation = analysis.evaluation
    table = Table(title="Value per customer, against the price premium", title_justify="left")
    table.add_column("Customer", no_wrap=True)
    names = list(evaluation.elements)
    for name in [*names, "Total", "Delta price", "Margin"]:
        table.add_column(name, justify="right")
    table.add_column("Value > premium")
    for row, customer in enumerate(evaluation.customers):
        if evaluation.subsegments[row] not in keep:
            continue
        price = analysis.prices[row]
        verdict = {True: Text("yes"), False: Text("no", style="red"), None: Text("n/a")}[price.exceeds]
        values = [_money(analysis, float(evaluation.elements[n].values[row])) for n in names]
        table.add_row(
            customer.name,
            *values,
            _money(analysis, float(evaluation.totals[row])),
            _money(analysis, price.delta_price),
            _money(analysis, price.margin, sign=True),
            verdict,
        )
    out.print(table)


def _print_choices(out: Console, analysis: ModelAnalysis, keep: list[str]) -> None:
    """The customer's choice per subsegment, in words (user text goes in as plain Text, never markup)."""
    out.print(Text("The customer's choice", style="bold"))
    for name in keep:
        choice = subsegment_choice(analysis, name)
        out.print(Text(f"- {choice.sentence}"))


def _print_heaviness(out: Console, analysis: ModelAnalysis) -> None:
    table = Table(title="What the values rest on (share of inputs, all customers)", title_justify="left")
    table.add_column("Element")
    for kind in SOURCE_KINDS:
        table.add_column(kind, justify="right")
    table.add_column("Fallbacks", justify="right")
    groups = [*analysis.heaviness.by_element.items(), ("All elements", analysis.heaviness.overall)]
    for name, shares in groups:
        table.add_row(name, *(format_percent(shares.shares[k]) for k in SOURCE_KINDS), str(shares.fallbacks))
    out.print(table)


def _print_gaps(out: Console, analysis: ModelAnalysis, keep: list[str]) -> None:
    evaluation = analysis.evaluation
    for customer, name, missing in evaluation.not_computable():
        row = evaluation.customers.index(customer)
        if evaluation.subsegments[row] in keep:
            why = ", ".join(missing) if missing else "no finite result"
            out.print(f"Not computable: {customer.name}, {name} (missing {why})")
    for name, values in evaluation.elements.items():
        for row, drivers in values.fallbacks.items():
            if evaluation.subsegments[row] in keep:
                used = ", ".join(drivers)
                who = evaluation.customers[row].name
                out.print(f"Fallback used: {who}, {name} ({used})")
    if evaluation.prospects:
        out.print(f"Prospects without data (not valued): {', '.join(c.name for c in evaluation.prospects)}")


def print_comparison(found: ModelComparison, *, old: str, new: str) -> None:
    """``worth model diff``: the totals per subsegment before and after, then every change."""
    out = console()
    currency = found.currency
    totals = Table(title=f"Total value per customer: {old} -> {new}", title_justify="left")
    totals.add_column("Subsegment")
    for column in ("Customers", "Before", "After", "Change", "Change (%)"):
        totals.add_column(column, justify="right")
    for t in found.totals:
        customers = str(t.customers_after)
        if t.customers_before != t.customers_after:
            customers = f"{t.customers_before} -> {t.customers_after}"
        totals.add_row(
            t.subsegment,
            customers,
            format_money(t.mean_before, currency),
            format_money(t.mean_after, currency),
            format_money(t.difference, currency, sign=True),
            format_percent(t.share, decimals=1, sign=True),
        )
    out.print(totals)
    if not found.same_currency:
        out.print(
            styled(
                ("The two versions count money in different currencies: ", "yellow"), "totals not comparable."
            )
        )
    if not found.changes:
        out.print("The two files hold the same model.")
        return
    table = Table(title=f"{len(found.changes)} changes", title_justify="left")
    for column in ("Part", "Name", "Field", "Before", "After"):
        table.add_column(column, overflow="fold")
    for c in found.changes:
        table.add_row(
            c.part, c.name, c.field or c.kind, describe_value(c.old) or "-", describe_value(c.new) or "-"
        )
    out.print(table)
