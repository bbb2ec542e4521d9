"""What the ``worth pricing`` commands share: reading lines, printing tables and charts, and errors.

Imported by each command when it runs (it brings in Ibis and the engine), so ``worth --help`` and
``worth pricing --help`` start at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from worth.analytics import (
    DEFAULT_CONTRACT,
    AnalyticsError,
    InvoiceContract,
    InvoiceImportError,
    connect,
    invoice_table,
    load_contract,
    store_table,
)
from worth.analytics.export import to_json
from worth.cli.terminal import console, text_column
from worth.engine.pricing import PricingError
from worth.engine.pricing.money import to_decimal
from worth.engine.pricing.text import TextTable
from worth.engine.pricing.value import ElementValue
from worth.exports.charts import ChartFormatError, ChartSpec, write_chart

__all__ = [
    "chart",
    "chart_names",
    "day",
    "emit",
    "fail",
    "filters",
    "items",
    "lines",
    "print_problems",
    "progress",
    "read_contract",
    "reported",
    "rich_table",
]


def fail(message: str) -> typer.Exit:
    """Print ``message`` on stderr and return the exit to raise (status 1)."""
    console(stderr=True).print(message)
    return typer.Exit(1)


@contextmanager
def reported() -> Iterator[None]:
    """Turn the domain errors of the pricing layers into a message and exit status 1."""
    try:
        yield
    except (AnalyticsError, PricingError, ChartFormatError) as error:
        raise fail(str(error)) from None


def read_contract(path: Path | None) -> InvoiceContract:
    return DEFAULT_CONTRACT if path is None else load_contract(path)


def lines(
    store: Path | None, database: str | None, table: str, schema: str | None, contract: Path | None
) -> Any:
    """(ibis table, contract): the store (read by --database's engine if given, else DuckDB) or a table."""
    if store is None and database is None:
        raise fail("give --store DIR, or --database URL with --table")
    if store is not None:
        lines, stored = store_table(connect(database), store)
        return lines, stored if contract is None else load_contract(contract)
    chosen = read_contract(contract)
    return invoice_table(connect(database), table, contract=chosen, database=schema), chosen


def filters(where: list[str] | None) -> dict[str, list[str]]:
    """``--where COLUMN=VALUE`` options as the filters of the analytics (several values per column)."""
    found: dict[str, list[str]] = {}
    for item in where or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise fail(f"--where {item!r}: write COLUMN=VALUE, e.g. --where 'segment=large mills'")
        found.setdefault(key.strip(), []).append(value.strip())
    return found


def day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


def emit(rows: list[dict[str, Any]], output: str, table: Table, data: Any) -> None:
    if output == "json":
        typer.echo(to_json(data))
    elif output == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
    else:
        console().print(table)


def rich_table(text: TextTable) -> Table:
    """A rich table of a text table: numbers right-aligned (the console reads no markup in cells)."""
    table = Table(title=text.title)
    for name, numeric in zip(text.columns, text.numeric, strict=True):
        table.add_column(name, justify="right" if numeric else "left")
    for row, strong in zip(text.rows, text.strong, strict=True):
        table.add_row(*row, style="bold" if strong else None)
    return table


def chart_names(*paths: Path | None) -> None:
    """Refuse a chart file name Worth cannot write before any work is done."""
    for path in paths:
        if path is not None and path.suffix.lower() not in (".svg", ".png"):
            raise fail(f"chart file {str(path)!r}: use a .svg or .png name")


def chart(spec: ChartSpec, path: Path | None) -> None:
    if path is not None:
        write_chart(spec, path)
        console(stderr=True).print(f"chart written to {path}")


def progress(label: str, *, bytes_: bool) -> Progress:
    counter = DownloadColumn() if bytes_ else TextColumn("{task.completed:,.0f} rows")
    return Progress(
        text_column(label.replace("{", "{{").replace("}", "}}")),
        BarColumn(),
        TaskProgressColumn(),
        counter,
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=False,
    )


def print_problems(error: InvoiceImportError, file: Path, show: int) -> None:
    out = console(stderr=True)
    if not error.problems:
        out.print(str(error))
        return
    table = Table("row", "column", "value as written", "problem", title=f"Bad rows in {file}")
    for problem in error.problems[:show]:
        table.add_row(str(problem.row), problem.column, problem.shown_value, problem.problem)
    out.print(table)
    hidden = len(error.problems) - show + error.more
    if hidden > 0:
        out.print(f"... and {hidden:,} more problem(s)")
    out.print(f"{error.bad_rows:,} bad row(s) in {file}: nothing was loaded.")


def items(given: list[str], *, sign: int, word: str) -> list[ElementValue]:
    """``--positive "Longer life=120"`` (or a bare amount) as named element values."""
    items = []
    for index, text in enumerate(given, start=1):
        name, sep, amount = text.rpartition("=")
        if not sep:
            name, amount = (f"{word} differentiation" if len(given) == 1 else f"item {index}"), text
        if not name.strip():
            raise fail(f"--{word} {text!r}: write NAME=AMOUNT, e.g. --{word} 'Less downtime=120'")
        value = to_decimal(amount, field=f"--{word} {name.strip()}")
        if value < 0:
            raise fail(f"--{word} {text!r}: give the amount as a magnitude (>= 0); --negative subtracts it")
        items.append(ElementValue(name.strip(), sign * value))
    return items
