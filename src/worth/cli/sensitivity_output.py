"""Output for the sensitivity commands: tables in the terminal, JSON and CSV, charts, and errors.

Kept apart from the commands so each file stays readable; nothing here computes an analysis.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import typer
from rich.table import Table

from worth.cli.formats import OutputFormat
from worth.cli.terminal import console, styled
from worth.engine.model import ModelError, ValueModel, load_model
from worth.engine.sensitivity import DELTA_VALUE, SensitivityError
from worth.engine.sensitivity.distributions import FitKind
from worth.engine.sensitivity.model_adapter import SubsegmentProblem, subsegment_problems
from worth.engine.sensitivity.montecarlo import SimulationResult
from worth.engine.sensitivity.tables import Row
from worth.exports.charts import ChartFormatError, ChartSpec, write_chart

PERCENT = ".1%"
MONEY = ",.0f"
SETTING = ",.4g"


def fail(message: str) -> typer.Exit:
    """Print ``message`` on standard error and return the exit (code 2) for the caller to raise."""
    console(stderr=True).print(styled(("worth: ", "red"), message))
    return typer.Exit(2)


def load(path: Path) -> ValueModel:
    """The checked model in ``path``; every problem in the file is printed and the command ends."""
    try:
        return load_model(path)
    except ModelError as error:
        console(stderr=True).print(error.report())
        raise typer.Exit(2) from None


def setting(value: float) -> str:
    """A driver setting: whole numbers from a thousand up, four significant digits below."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.4g}"


def check_chart(path: Path | None) -> None:
    """Refuse a chart name Worth cannot write before any work is done."""
    if path is not None and path.suffix.lower() not in (".svg", ".png"):
        raise fail(f"chart file {str(path)!r}: use a .svg or .png name")


def write_chart_or_fail(spec: ChartSpec, path: Path | None) -> None:
    if path is None:
        return
    try:
        write_chart(spec, path)
    except (ChartFormatError, OSError) as error:
        raise fail(f"cannot write the chart: {error}") from None
    console(stderr=True).print(f"chart written to {path}")


def _cell(value: Any, fmt: str) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        number = float(value)
        if math.isnan(number):
            return "-"
        return setting(number) if fmt == SETTING else format(number, fmt)
    return str(value)


def print_table(
    title: str, rows: Sequence[Row], formats: dict[str, str] | None = None, *, wide: str | None = None
) -> None:
    """Rows as a terminal table; ``formats`` per column (money by default); ``wide`` gets room first."""
    out = console()
    if not rows:
        out.print(f"{title}: nothing to show")
        return
    table = Table(title=title, title_justify="left", title_style="bold")
    keys = list(rows[0])
    for key in keys:
        numeric = any(isinstance(r.get(key), int | float) and not isinstance(r.get(key), bool) for r in rows)
        table.add_column(key, justify="right" if numeric else "left", min_width=18 if key == wide else None)
    for row in rows:
        table.add_row(*(_cell(row.get(k), (formats or {}).get(k, MONEY)) for k in keys))
    out.print(table)


def print_notes(notes: Sequence[str]) -> None:
    """Each note on its own line, indented under the table it belongs to."""
    for note in notes:
        console().print(f"  note: {note}")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def emit(fmt: OutputFormat, data: dict[str, Any], rows: Sequence[Row]) -> None:
    """JSON of ``data`` or CSV of ``rows`` on standard output."""
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(_jsonable(data), indent=2))
        return
    buffer = io.StringIO()
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    writer = csv.DictWriter(buffer, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in keys})
    typer.echo(buffer.getvalue(), nl=False)


def print_simulation(results: Sequence[SimulationResult]) -> None:
    """Headline figures with one column per subsegment."""
    table = Table(
        title=f"Delta value per subsegment: {results[0].draws:,} draws each",
        title_justify="left",
        title_style="bold",
    )
    table.add_column("")
    for result in results:
        table.add_column(result.label, justify="right")
    lines: list[tuple[str, Callable[[SimulationResult], str]]] = [
        ("mean", lambda r: f"{r.mean:,.0f} ± {r.std_error:,.0f}"),
        ("standard deviation", lambda r: f"{r.sd:,.0f}"),
        *[(f"P{p:g}", lambda r, p=p: f"{r.percentiles[p]:,.0f}") for p in (5.0, 10.0, 50.0, 90.0, 95.0)],
        (
            "delta price" + (" (mean)" if any(r.price_varies for r in results) else ""),
            lambda r: _money(r.delta_price),
        ),
        ("P(delta value > delta price)", _chance),
    ]
    for label, cell in lines:
        table.add_row(label, *(cell(r) for r in results))
    console().print(table)


def _money(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _chance(result: SimulationResult) -> str:
    if result.probability_wins is None or result.probability_wins_se is None:
        return "-"
    return f"{result.probability_wins:.1%} ± {result.probability_wins_se:.2%}"


def problems_of(path: Path, subsegments: list[str] | None, fit: FitKind) -> list[SubsegmentProblem]:
    """The model's sensitivity problem per subsegment, or the command ends with the reason."""
    model = load(path)
    try:
        return subsegment_problems(model, fit=fit, subsegments=subsegments or None)
    except SensitivityError as error:
        raise fail(str(error)) from None


def settings_text(row: dict[str, Any]) -> str:
    return f"{setting(row['low setting'])} to {setting(row['high setting'])} {row['unit']}".rstrip()


def show_tornado(entry: dict[str, Any]) -> None:
    out = console()
    out.print()
    head = (
        f": {entry['output']} with every driver at its baseline "
        f"(the subsegment mean) {entry['baseline value']:,.0f}"
    )
    if entry["baseline margin"] is not None and entry["output"] == DELTA_VALUE:
        head += f", margin over delta price {entry['baseline margin']:,.0f}"
    out.print(styled((entry["subsegment"], "bold"), head))
    spread = "P10 / P90 of the observations" if entry["spread"] == "p10-p90" else "mean ± 1 sd"
    rows = [
        {
            "#": row["rank"],
            "driver": row["driver"],
            "low to high": settings_text(row),
            "value low": row["value at low"],
            "value high": row["value at high"],
            "swing": row["swing"],
            **(
                {
                    "margin low": row["margin at low"],
                    "margin high": row["margin at high"],
                    "wins": row["offer still wins"],
                }
                if "margin at low" in row
                else {}
            ),
        }
        for row in entry["tornado"]
    ]
    print_table(f"Tornado: each driver at its {spread}, the others at baseline", rows, wide="driver")
    losers = entry["drivers that can make the offer lose"]
    if losers:
        out.print(f"  the offer stops winning at one setting of: {', '.join(losers)}")
    if "sobol" in entry:
        formats = {k: PERCENT for k in entry["sobol"][0]} if entry["sobol"] else {}
        seed = entry["sobol seed"]
        title = (
            f"Sobol indices: share of the variance of {entry['output']} (drivers independent; seed {seed})"
        )
        print_table(title, entry["sobol"], formats)
    print_notes(entry["notes"])


def ranking_view(rows: list[Row]) -> list[Row]:
    """The ranking narrowed for a terminal: the interval in one column, short headings."""
    view = []
    for row in rows:
        values = list(row.values())
        predicted, low, high = values[4], values[5], values[6]  # see tables.prospect_rows
        view.append(
            {
                "#": row["rank"],
                "customer": row["customer"],
                "status": row["status"],
                "predicted": predicted,
                "interval": f"{low:,.0f} to {high:,.0f}",
                "observed": row["observed"],
                "delta price": row["delta price"],
                "P(> price)": row["P(value > delta price)"],
                "because of": row["attractive because of"],
            }
        )
    return view
