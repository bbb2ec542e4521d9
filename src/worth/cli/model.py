"""``worth model ...``: value model files from the command line (check, evaluate, report, diff, convert...).

Every command reads a YAML or JSON model file. Problems in the file are printed as
``FILE:LINE:COLUMN: PATH: MESSAGE``, one per line, all of them, and the command exits with status 1;
no command ever ends in a traceback for bad input. The engine is imported inside the commands, so
``worth --help`` starts at once.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from worth.cli.commands import command_group
from worth.cli.formats import OutputFormat
from worth.cli.terminal import console, styled, text_column

if TYPE_CHECKING:
    from worth.engine.model import LoadedModel
    from worth.engine.model.analysis import ModelAnalysis

app = command_group(help="Value model files: check, evaluate, report, calculator, offering, sensitivity.")

ModelFile = Annotated[Path, typer.Argument(help="The model file (.yaml, .yml or .json).", show_default=False)]


def load_or_exit(path: Path) -> LoadedModel:
    """Load and check ``path``; on problems print every one of them and exit with status 1.

    Shared with the other ``worth model`` commands (sensitivity, simulate, prospects).
    """
    from worth.engine.model import ModelError, load_model_with_map

    try:
        # A model of thousands of customers takes seconds to read (as YAML, half a minute): say so on
        # a terminal while it does (rich shows nothing when stderr is a file or a pipe).
        with console(stderr=True).status(styled(f"Reading and checking {path}")):
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
    from worth.cli.model_tables import print_warnings
    from worth.engine.model.evaluation import evaluate_model
    from worth.engine.model.warnings import direction_warnings

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
    print_warnings(console(stderr=True), direction_warnings(evaluate_model(model)))


def _analyse(file: Path, confidence: float) -> tuple[LoadedModel, ModelAnalysis]:
    from worth.engine.model.analysis import analyse_model

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
    from worth.cli.model_tables import print_tables
    from worth.engine.model.export import analysis_data, value_rows

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
        print_tables(analysis, subsegment)


@app.command()
def calculator(
    file: ModelFile,
    subsegment: Annotated[str, typer.Option(help="The subsegment whose calculator to make.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
    customer: Annotated[str, typer.Option(help="The customer's name, as the choice sentence names it.")] = (
        "The customer"
    ),
) -> None:
    """Write a subsegment's value calculator as a spreadsheet with live formulas (.xlsx), for offline use."""
    from worth.engine.model.calculator import build_calculator
    from worth.exports.calculator_xlsx import calculator_layout, calculator_workbook
    from worth.exports.report_model import ReportError
    from worth.exports.report_pdf import write_bytes

    loaded = load_or_exit(file)
    names = [s.name for s in loaded.model.subsegments]
    if subsegment not in names:
        known = " or ".join(repr(n) for n in names)
        console(stderr=True).print(f"--subsegment {subsegment!r} is not in the model: use {known}")
        raise typer.Exit(1)
    if len(customer) > 200:
        console(stderr=True).print(f"--customer is {len(customer)} characters long; at most 200")
        raise typer.Exit(1)
    calc = build_calculator(loaded.model, subsegment)
    try:
        write_bytes(calculator_workbook(calc, who=customer), output)
    except ReportError as error:
        console(stderr=True).print(str(error))
        raise typer.Exit(1) from None
    out = console()
    defaults = sum(1 for item in calc.inputs if item.default is not None)
    out.print(
        f"Wrote {output}: {len(calc.inputs)} inputs to ask ({defaults} with a research or model default), "
        f"{len(calc.elements)} elements, {len(calc.constants)} constants"
    )
    for element, why in calculator_layout(calc).uncarried.items():
        console(stderr=True).print(f"The spreadsheet cannot carry {element}: {why}")
    out.print(calc.evaluate(calc.defaults(), who=customer).choice.sentence)


@app.command()
def offering(
    file: ModelFile,
    cost: Annotated[
        list[str] | None,
        typer.Option(
            "--cost", help="ELEMENT=AMOUNT: what the element costs to serve one customer (repeatable)."
        ),
    ] = None,
    naked: Annotated[float, typer.Option(help="Share (%) above cost for the naked solution.")] = 80,
    option: Annotated[float, typer.Option(help="Share (%) above cost for an option.")] = 20,
    capture: Annotated[float, typer.Option(help="An option's price as % of its median value.")] = 50,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")
    ] = OutputFormat.table,
) -> None:
    """Per subsegment, the naked solution all customers value above its cost, and the options some do."""
    from rich.table import Table

    from worth.engine.model.offering import OfferingError, offering_analysis

    costs: dict[str, float] = {}
    for item in cost or []:
        name, sep, amount = item.rpartition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            costs[name.strip()] = float(amount.replace(",", ""))
        except ValueError:
            console(stderr=True).print(f"--cost {item!r}: write ELEMENT=AMOUNT, e.g. --cost 'Energy=19000'")
            raise typer.Exit(1) from None
    _, analysis = _analyse(file, 0.95)
    try:
        found = offering_analysis(
            analysis, costs, naked_share=naked / 100, option_share=option / 100, capture=capture / 100
        )
    except OfferingError as refused:
        console(stderr=True).print(str(refused))
        raise typer.Exit(1) from None
    rows = [
        {
            "subsegment": p.subsegment,
            "element": p.element,
            "place": p.place,
            "customers": p.customers,
            "above_cost": p.above_cost,
            "share_above_cost_pct": None
            if p.share_above_cost is None
            else round(p.share_above_cost * 100, 1),
            "median_value": p.median_value,
            "cost_to_serve": p.cost,
            "option_price": p.option_price,
            "buyers_at_price": p.buyers_at_price,
        }
        for s in found.subsegments
        for p in s.places
    ]
    if output is OutputFormat.json:
        typer.echo(
            json.dumps(
                {"currency": found.currency, "places": rows, "warnings": list(found.warnings)}, indent=2
            )
        )
        return
    if output is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(rows[0]) if rows else ["subsegment"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    out = console()
    for s in found.subsegments:
        naked_names, option_names = ", ".join(s.naked) or "-", ", ".join(s.options) or "-"
        table = Table(title=f"{s.subsegment}: naked solution {naked_names}; options {option_names}")
        for name, right in (
            ("element", False), ("place", False), ("above its cost", True), ("median value", True),
            ("cost to serve", True), ("option price", True),
        ):  # fmt: skip
            table.add_column(name, justify="right" if right else "left")
        for p in s.places:
            table.add_row(
                p.element,
                p.place,
                "-" if not p.customers else f"{p.above_cost} of {p.customers}",
                "-" if p.median_value is None else f"{p.median_value:,.0f}",
                "-" if p.cost is None else f"{p.cost:,.0f}",
                "-" if p.option_price is None else f"{p.option_price:,.0f} ({p.buyers_at_price} would buy)",
            )
        out.print(table)
    for warning in found.warnings:
        console(stderr=True).print(warning)


@app.command()
def report(
    file: ModelFile,
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    confidence: Annotated[float, typer.Option(help="Coverage of the intervals.")] = 0.95,
    pdf: Annotated[bool, typer.Option("--pdf", help="Write the report as PDF (A4) instead of HTML.")] = False,
    pptx: Annotated[bool, typer.Option("--pptx", help="Write a slide deck (.pptx, native charts).")] = False,
) -> None:
    """Write the value summary (the customer value model) as a self-contained HTML page, PDF or slides."""
    from rich.progress import BarColumn, Progress, TimeElapsedColumn

    from worth.engine.model.analysis import analyse_model
    from worth.exports.report_model import ReportError, write_model_report

    loaded = load_or_exit(file)
    if not 0 < confidence < 1:
        console(stderr=True).print(f"--confidence must be between 0 and 1, not {confidence}")
        raise typer.Exit(1)
    if pdf and pptx:
        console(stderr=True).print("--pdf and --pptx: choose one (HTML without either)")
        raise typer.Exit(1)
    kind = "PDF" if pdf else "slides" if pptx else "page"
    columns = (text_column("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Analysing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        analysis = analyse_model(loaded.model, confidence=confidence, progress=advance)
        progress.update(task, description=f"Drawing charts and writing the {kind}")
        try:
            if pdf or pptx:
                from worth.exports.report_pdf import model_report_pdf, write_bytes

                if pptx:
                    from worth.exports.deck import model_deck

                    write_bytes(model_deck(analysis, source=str(file)), output)
                else:
                    write_bytes(model_report_pdf(analysis, source=str(file)), output)
            else:
                write_model_report(analysis, output, source=str(file))
        except ReportError as error:
            progress.stop()
            console(stderr=True).print(str(error))
            raise typer.Exit(1) from None
    console().print(f"Wrote {output}")


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier model file.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later model file.", show_default=False)],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (terminal), json or csv (one row per change)."),
    ] = OutputFormat.table,
) -> None:
    """Compare two versions of a model: what changed, part by part, and the totals per subsegment."""
    from worth.cli.model_tables import print_comparison
    from worth.engine.model.compare import compare, describe_value

    found = compare(load_or_exit(old).model, load_or_exit(new).model)
    changes = [
        {
            "kind": c.kind,
            "part": c.part,
            "name": c.name,
            "field": c.field,
            "old": describe_value(c.old, limit=10_000),
            "new": describe_value(c.new, limit=10_000),
        }
        for c in found.changes
    ]
    if output_format is OutputFormat.json:
        totals = [
            {
                "subsegment": t.subsegment,
                "customers_before": t.customers_before,
                "customers_after": t.customers_after,
                "mean_before": t.mean_before if t.mean_before == t.mean_before else None,
                "mean_after": t.mean_after if t.mean_after == t.mean_after else None,
            }
            for t in found.totals
        ]
        data = {"currency": found.currency, "totals": totals, "changes": changes}
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
    elif output_format is OutputFormat.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=["kind", "part", "name", "field", "old", "new"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(changes)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        print_comparison(found, old=str(old), new=str(new))


@app.command()
def convert(
    file: ModelFile,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write; .json or .yaml (.yml) chooses the format.",
            show_default=False,
        ),
    ],
) -> None:
    """Write a model file as JSON or YAML: checked first, then the same model, which reads back equal."""
    from worth.engine.model.io import dump_model
    from worth.exports.files import write_whole

    suffix = output.suffix.lower()
    if suffix not in (".json", ".yaml", ".yml"):
        console(stderr=True).print(f"--output must end in .json, .yaml or .yml: {output}")
        raise typer.Exit(1)
    if output.resolve() == file.resolve():
        console(stderr=True).print(f"--output is the file being read; write to another file: {output}")
        raise typer.Exit(1)
    loaded = load_or_exit(file)
    data = dump_model(loaded.model, "json" if suffix == ".json" else "yaml").encode("utf-8")
    try:
        write_whole(output, data)  # whole or not at all: a full disk never leaves half a model
    except OSError as exc:
        console(stderr=True).print(f"cannot write {output}: {exc.strerror}")
        raise typer.Exit(1) from None
    customers = len(loaded.model.customers)
    console().print(f"Wrote {output}: {customers:,} customers, {len(data):,} bytes")


@app.command()
def schema() -> None:
    """Print the JSON Schema of model files (editors use it to check and complete files)."""
    from worth.engine.model import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
