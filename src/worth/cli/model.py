"""``worth model ...``: value model files from the command line (check, evaluate, report, schema).

Every command reads a YAML or JSON model file. Problems in the file are printed as
``FILE:LINE:COLUMN: PATH: MESSAGE``, one per line, all of them, and the command exits with status 1;
no command ever ends in a traceback for bad input.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from worth.cli.commands import command_group
from worth.cli.terminal import console, styled, text_column
from worth.engine.model import LoadedModel, ModelError, json_schema, load_model_with_map
from worth.engine.model.analysis import ModelAnalysis, analyse_model
from worth.engine.model.display import format_money, format_percent, format_plain
from worth.engine.model.evaluation import evaluate_model
from worth.engine.model.export import analysis_data, value_rows
from worth.engine.model.schema import PERIOD_WORDS, SOURCE_KINDS
from worth.engine.model.warnings import ModelWarning, direction_warnings

app = command_group(help="Value model files: check, evaluate, report, sensitivity.")

ModelFile = Annotated[Path, typer.Argument(help="The model file (.yaml, .yml or .json).", show_default=False)]


class OutputFormat(StrEnum):
    """How ``evaluate`` writes its results."""

    table = "table"
    json = "json"
    csv = "csv"


def load_or_exit(path: Path) -> LoadedModel:
    """Load and check ``path``; on problems print every one of them and exit with status 1.

    Shared with the other ``worth model`` commands (sensitivity, simulate, prospects).
    """
    try:
        return load_model_with_map(path)
    except ModelError as error:
        out = console(stderr=True)
        for issue in error.issues:
            out.print(styled((f"{error.source or path}:{issue}", "red")))
        count = len(error.issues)
        out.print(f"{count} problem{'s' if count != 1 else ''} in {path}")
        raise typer.Exit(1) from None


@app.command()
def check(file: ModelFile) -> None:
    """Check a model file and list every problem with its line, column and path, then any warnings."""
    loaded = load_or_exit(file)
    model = loaded.model
    sample = sum(1 for c in model.customers if c.observations)
    quantified = sum(1 for e in model.elements if e.equation)
    customers = len(model.customers)
    out = console()
    out.print(
        f"{file}: OK - {len(model.elements)} elements ({quantified} with equations), "
        f"{len(model.placeholders)} placeholders, {len(model.drivers)} drivers, {customers} customers "
        f"({sample} with data, {customers - sample} prospects)"
    )
    _print_warnings(console(stderr=True), direction_warnings(evaluate_model(model)))


def _print_warnings(out: Console, warnings: Sequence[ModelWarning]) -> None:
    for warning in warnings:
        out.print(styled(("warning: ", "yellow"), str(warning)))


def _analyse(file: Path, confidence: float) -> tuple[LoadedModel, ModelAnalysis]:
    loaded = load_or_exit(file)
    if not 0 < confidence < 1:
        console(stderr=True).print(f"--confidence must be between 0 and 1, not {confidence}")
        raise typer.Exit(1)
    return loaded, analyse_model(loaded.model, confidence=confidence)


def _check_subsegment(loaded: LoadedModel, subsegment: str | None) -> None:
    names = [s.name for s in loaded.model.subsegments]
    if subsegment is not None and subsegment not in names:
        known = " or ".join(repr(n) for n in names)
        console(stderr=True).print(f"--subsegment {subsegment!r} is not in the model: use {known}")
        raise typer.Exit(1)


@app.command()
def evaluate(
    file: ModelFile,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (terminal), json or csv (one row per value)."),
    ] = OutputFormat.table,
    subsegment: Annotated[str | None, typer.Option(help="Show only this subsegment.")] = None,
    confidence: Annotated[float, typer.Option(help="Coverage of the intervals.")] = 0.95,
) -> None:
    """Value every element for every customer and show the statistics per subsegment."""
    loaded, analysis = _analyse(file, confidence)
    _check_subsegment(loaded, subsegment)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(analysis_data(analysis, subsegment=subsegment), indent=2, ensure_ascii=False))
    elif output_format is OutputFormat.csv:
        buffer = io.StringIO()
        rows = value_rows(analysis, subsegment=subsegment)
        writer = csv.DictWriter(
            buffer, fieldnames=list(rows[0]) if rows else ["customer_id"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        _print_tables(analysis, subsegment)


def _money(analysis: ModelAnalysis, value: float, *, sign: bool = False) -> str:
    return format_money(value, analysis.model.currency, sign=sign)


def _print_tables(analysis: ModelAnalysis, subsegment: str | None) -> None:
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
    _print_heaviness(out, analysis)
    _print_gaps(out, analysis, keep)
    _print_warnings(out, analysis.warnings)


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


@app.command()
def report(
    file: ModelFile,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    confidence: Annotated[float, typer.Option(help="Coverage of the intervals.")] = 0.95,
) -> None:
    """Write the value summary (the customer value model) as a self-contained HTML page with charts."""
    from worth.exports.report_model import ReportError, write_model_report

    loaded = load_or_exit(file)
    if not 0 < confidence < 1:
        console(stderr=True).print(f"--confidence must be between 0 and 1, not {confidence}")
        raise typer.Exit(1)
    columns = (text_column("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Analysing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        analysis = analyse_model(loaded.model, confidence=confidence, progress=advance)
        progress.update(task, description="Drawing charts and writing the page")
        try:
            write_model_report(analysis, output, source=str(file))
        except ReportError as error:
            progress.stop()
            console(stderr=True).print(str(error))
            raise typer.Exit(1) from None
    console().print(f"Wrote {output}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of model files (editors use it to check and complete files)."""
    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
