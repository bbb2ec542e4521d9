"""``worth model sensitivity|simulate|prospects``: how sure the value is, why it varies, whom to visit.

- ``sensitivity FILE``: the tornado per subsegment (and Sobol indices with ``--sobol N``);
- ``simulate FILE --draws N --seed S``: Monte Carlo of delta value against delta price, with a
  progress bar;
- ``prospects FILE``: which characteristics drive value, a suggested segmentation, and the customers
  ranked by predicted value.

Every command prints tables by default, or ``--format json|csv`` for other programs, and writes a chart
with ``--chart out.svg|png``. Bad input ends the command with a clear message and exit code 2, before
any file is written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from worth.cli.formats import OutputFormat

#: Draws evaluated at once by default; the engine's DEFAULT_CHUNK (a test keeps the two equal).
DEFAULT_CHUNK = 262_144


class SpreadChoice(StrEnum):
    """Where a driver's low and high settings come from."""

    p10_p90 = "p10-p90"
    sd = "sd"


class FitChoice(StrEnum):
    """The shape fitted to each driver's observations."""

    normal = "normal"
    lognormal = "lognormal"
    empirical = "empirical"


FileArg = Annotated[Path, typer.Argument(help="Value model file (.yaml or .json).", show_default=False)]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json or csv.")]
ChartOpt = Annotated[Path | None, typer.Option("--chart", help="Also write a chart (.svg or .png).")]
SubsegmentOpt = Annotated[
    list[str] | None, typer.Option("--subsegment", "-s", help="Only this subsegment (repeatable).")
]
FitOpt = Annotated[
    FitChoice, typer.Option("--fit", help="Distribution fitted to each driver's observations.")
]


def sensitivity(
    file: FileArg,
    spread: Annotated[
        SpreadChoice, typer.Option("--spread", help="Low/high settings: p10-p90 or mean ± 1 sd.")
    ] = SpreadChoice.p10_p90,
    subsegment: SubsegmentOpt = None,
    element: Annotated[
        str | None, typer.Option("--element", help="The tornado of one element instead of delta value.")
    ] = None,
    fit: FitOpt = FitChoice.normal,
    top: Annotated[int, typer.Option("--top", min=1, help="Drivers shown per subsegment.")] = 15,
    sobol: Annotated[
        int, typer.Option("--sobol", min=0, help="Also compute Sobol indices with this base sample (0: no).")
    ] = 0,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Seed for the Sobol sample.")] = None,
    output_format: FormatOpt = OutputFormat.table,
    chart: ChartOpt = None,
) -> None:
    """One driver at a time: which inputs move delta value most, and can they make the offer lose?"""
    from worth.cli.sensitivity_output import (
        check_chart,
        emit,
        fail,
        problems_of,
        show_tornado,
        write_chart_or_fail,
    )
    from worth.engine.sensitivity import SensitivityError
    from worth.engine.sensitivity.model_runs import sensitivity_of
    from worth.engine.sensitivity.tables import Row, sobol_rows, tornado_rows
    from worth.exports.charts import ChartSpec
    from worth.exports.charts.sensitivity import sobol_chart, stack, tornado_chart

    check_chart(chart)
    problems = problems_of(file, subsegment, fit.value)
    data: list[dict[str, Any]] = []
    rows: list[Row] = []
    charts: list[ChartSpec] = []
    try:
        runs = sensitivity_of(problems, spread=spread.value, sobol_samples=sobol, seed=seed, output=element)
        for run in runs:
            item, result = run.item, run.tornado
            output = result.total if element is None else element
            table = tornado_rows(result, output=output)[:top]
            entry: dict[str, Any] = {
                "subsegment": item.subsegment,
                "output": output,
                "spread": spread.value,
                "baseline value": result.tornados[output].baseline_value,
                "delta price": result.delta_price,
                "baseline margin": None if result.margin is None else result.margin.baseline_value,
                "drivers that can make the offer lose": []
                if result.margin is None or output != result.total
                else list(result.margin.sign_changes()),
                "tornado": table,
                "notes": list(item.notes),
            }
            charts.append(tornado_chart(result, output=output, top=top, currency=item.problem.currency))
            if run.sobol is not None:
                indices = run.sobol
                entry["sobol"] = sobol_rows(indices)
                entry["sobol seed"] = indices.seed
                charts.append(sobol_chart(indices))
            data.append(entry)
            rows += [{"subsegment": item.subsegment, **r} for r in table]
    except SensitivityError as error:
        raise fail(str(error)) from None
    if output_format is OutputFormat.table:
        for entry in data:
            show_tornado(entry)
    else:
        emit(output_format, {"subsegments": data}, rows)
    write_chart_or_fail(stack(charts), chart)


def simulate_command(
    file: FileArg,
    draws: Annotated[int, typer.Option("--draws", "-n", help="Monte Carlo draws per subsegment.")] = 100_000,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Repeat a run exactly (any whole number >= 0).")
    ] = None,
    chunk: Annotated[
        int, typer.Option("--chunk", help="Draws evaluated at once (memory, not results).")
    ] = DEFAULT_CHUNK,
    subsegment: SubsegmentOpt = None,
    fit: FitOpt = FitChoice.normal,
    independent: Annotated[
        bool, typer.Option("--independent", help="Ignore the correlations seen between drivers.")
    ] = False,
    output_format: FormatOpt = OutputFormat.table,
    chart: ChartOpt = None,
) -> None:
    """Monte Carlo: the spread of delta value and the probability it exceeds delta price."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from worth.cli.sensitivity_output import (
        check_chart,
        emit,
        fail,
        print_notes,
        print_simulation,
        print_table,
        problems_of,
        write_chart_or_fail,
    )
    from worth.cli.terminal import console, text_column
    from worth.engine.sensitivity import SensitivityError
    from worth.engine.sensitivity.model_runs import simulate_subsegments
    from worth.engine.sensitivity.tables import output_rows, simulation_row
    from worth.exports.charts.sensitivity import distributions_chart

    check_chart(chart)
    problems = problems_of(file, subsegment, fit.value)
    try:
        with Progress(
            text_column("{task.description}"), BarColumn(), TextColumn("{task.percentage:>5.1f}%"),
            TimeRemainingColumn(), console=console(stderr=True), transient=True,
        ) as bar:  # fmt: skip
            task = bar.add_task("simulating", total=draws * len(problems))

            def report(done: int, _total: int) -> None:
                current = problems[min(done // draws, len(problems) - 1)].subsegment
                bar.update(task, completed=done, description=f"simulating {current}")

            results = simulate_subsegments(
                problems, draws=draws, seed=seed, chunk=chunk, independent=independent, progress=report
            )
    except SensitivityError as error:
        raise fail(str(error)) from None
    summary = [simulation_row(r) for r in results]
    if output_format is OutputFormat.table:
        print_simulation(results)
        print_table("Mean and sd of each element", [row for r in results for row in output_rows(r)])
        for item in problems:
            print_notes([f"{item.subsegment}: {n}" for n in item.notes])
        console().print(
            f"seed {results[0].seed}: run again with --seed {results[0].seed} for the same figures"
        )
    else:
        data = {
            "subsegments": [
                {
                    **r.to_dict(),
                    "notes": list(p.notes),
                    "correlated": not independent and p.correlations is not None,
                }
                for r, p in zip(results, problems, strict=True)
            ]
        }
        emit(output_format, data, summary)
    write_chart_or_fail(distributions_chart(results, currency=problems[0].problem.currency), chart)


def prospects(
    file: FileArg,
    element: Annotated[
        str | None, typer.Option("--element", help="Analyse one element instead of delta value.")
    ] = None,
    characteristic: Annotated[
        list[str] | None,
        typer.Option("--characteristic", "-c", help="Use only these characteristics (repeatable)."),
    ] = None,
    depth: Annotated[
        int, typer.Option("--depth", min=1, max=3, help="Levels of splits in the suggested segmentation.")
    ] = 1,
    min_group: Annotated[int, typer.Option("--min-group", min=1, help="Fewest customers in a group.")] = 3,
    top: Annotated[int, typer.Option("--top", min=1, help="Customers shown in the ranking.")] = 20,
    output_format: FormatOpt = OutputFormat.table,
    chart: ChartOpt = None,
    scatter: Annotated[
        Path | None, typer.Option("--scatter", help="Also chart value against the strongest characteristic.")
    ] = None,
) -> None:
    """What drives value, whether a new segmentation explains it better, and which customers to visit."""
    from worth.cli.sensitivity_output import (
        PERCENT,
        SETTING,
        check_chart,
        emit,
        fail,
        load,
        print_notes,
        print_table,
        ranking_view,
        write_chart_or_fail,
    )
    from worth.engine.sensitivity import SensitivityError
    from worth.engine.sensitivity.prospect_analysis import analyse_prospects
    from worth.engine.sensitivity.tables import prospect_rows, regression_rows, segmentation_rows, split_rows
    from worth.exports.charts.sensitivity import prospects_chart, strongest_characteristic_chart

    check_chart(chart)
    check_chart(scatter)
    model = load(file)
    try:
        found = analyse_prospects(
            model, element=element, characteristics=characteristic, depth=depth, min_group=min_group
        )
    except SensitivityError as error:
        raise fail(str(error)) from None
    data, regression, segmentation = found.data, found.regression, found.segmentation
    ranked = prospect_rows(found.ranking, subsegments=dict(zip(data.names, data.subsegments, strict=True)))[
        :top
    ]
    if output_format is OutputFormat.table:
        coefficients = regression_rows(regression)
        title = f"What drives {data.output} (OLS: R² {regression.r_squared:.2f}, n {regression.n})"
        print_table(title, coefficients, dict.fromkeys(coefficients[0], SETTING) | {"p-value": ".3f"})
        shares = {"variance explained": PERCENT, "adjusted": PERCENT}
        print_table(
            "Current subsegments and the suggested segmentation", segmentation_rows(segmentation), shares
        )
        print_table("Splits of the suggested segmentation", split_rows(segmentation), shares)
        title = f"Customers ranked by predicted {data.output} (interval: 95% for one customer)"
        print_table(title, ranking_view(ranked), {"P(> price)": PERCENT}, wide="customer")
        print_notes(data.notes)
    else:
        payload = {
            "regression": regression.to_dict(),
            "segmentation": segmentation.to_dict(),
            "prospects": ranked,
            "notes": list(data.notes),
        }
        emit(output_format, payload, ranked)
    write_chart_or_fail(prospects_chart(found.ranking, top=top, currency=data.currency), chart)
    if scatter is not None:
        write_chart_or_fail(strongest_characteristic_chart(found), scatter)


def register(app: typer.Typer) -> None:
    """Add the sensitivity commands to the ``worth model`` group."""
    app.command("sensitivity")(sensitivity)
    app.command("simulate")(simulate_command)
    app.command("prospects")(prospects)
