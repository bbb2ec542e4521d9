"""The sensitivity analyses of a stored model, shaped for the pages: rows, chart specs and notes.

The engine computes; this module only strings the calls together for a page and turns the results
into plain values (a simulation's result is kept in its job row as JSON, so floats that JSON cannot
hold, NaN and infinity, become None).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal

from worth.engine.model.schema import ValueModel
from worth.engine.sensitivity.model_adapter import subsegment_problems
from worth.engine.sensitivity.model_runs import sensitivity_of, simulate_subsegments
from worth.engine.sensitivity.prospect_analysis import analyse_prospects
from worth.engine.sensitivity.tables import (
    output_rows,
    prospect_rows,
    regression_rows,
    segmentation_rows,
    simulation_row,
    sobol_rows,
    split_rows,
    tornado_rows,
)
from worth.exports.charts.sensitivity import (
    distributions_chart,
    prospects_chart,
    sobol_chart,
    strongest_characteristic_chart,
    tornado_chart,
)

Spread = Literal["p10-p90", "sd"]
SPREADS: dict[str, str] = {"p10-p90": "P10 and P90 of the observations", "sd": "mean ± 1 standard deviation"}
TOP = 15
MAX_DRAWS = 10_000_000


def plain(value: Any) -> Any:
    """``value`` with NaN and infinities replaced by None, recursively (JSON and PostgreSQL refuse them)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


#: Base sample of the Sobol indices on the page: (drivers + 2) x 512 evaluations, a second or two.
SOBOL_SAMPLES = 512
SOBOL_SEED = 2027


def tornado_sections(model: ValueModel, *, spread: Spread, sobol: bool = False) -> list[dict[str, Any]]:
    """One section per subsegment: ranked drivers, the chart, and the drivers that can make the offer lose.

    With ``sobol`` also the variance-based indices (first and total order, drivers taken as independent),
    with a fixed seed so the page shows the same figures each time.
    """
    sections = []
    runs = sensitivity_of(
        subsegment_problems(model),
        spread=spread,
        sobol_samples=SOBOL_SAMPLES if sobol else 0,
        seed=SOBOL_SEED,
    )
    for run in runs:
        item, result = run.item, run.tornado
        extra: dict[str, Any] = {}
        if run.sobol is not None:
            extra = {"sobol_rows": sobol_rows(run.sobol), "sobol_chart": plain(sobol_chart(run.sobol))}
        sections.append(
            {
                **extra,
                "subsegment": item.subsegment,
                "currency": item.problem.currency,
                "baseline": result.total_tornado.baseline_value,
                "delta_price": result.delta_price,
                "losers": [] if result.margin is None else list(result.margin.sign_changes()),
                "rows": tornado_rows(result)[:TOP],
                "chart": plain(tornado_chart(result, top=TOP, currency=item.problem.currency)),
                "notes": list(item.notes),
            }
        )
    return sections


def run_simulation(
    model: ValueModel,
    *,
    draws: int,
    seed: int | None,
    independent: bool,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Monte Carlo for every subsegment, as plain data; ``progress`` counts draws over all subsegments."""
    problems = subsegment_problems(model)
    results = simulate_subsegments(
        problems, draws=draws, seed=seed, independent=independent, progress=progress
    )
    currency = problems[0].problem.currency if problems else ""
    out: dict[str, Any] = plain(
        {
            "draws": draws,
            "seed": results[0].seed if results else seed,
            "independent": independent,
            "currency": currency,
            "summary": [simulation_row(r) for r in results],
            "outputs": [row for r in results for row in output_rows(r)],
            "chart": distributions_chart(results, currency=currency),
            "notes": [f"{p.subsegment}: {n}" for p in problems for n in p.notes],
        }
    )
    return out


def prospect_sections(model: ValueModel) -> dict[str, Any]:
    """What drives value, a suggested segmentation, and the prospects ranked by predicted value."""
    found = analyse_prospects(model)
    return {
        "output": found.data.output,
        "currency": model.currency,
        "regression": regression_rows(found.regression),
        "r_squared": found.regression.r_squared,
        "segmentation": segmentation_rows(found.segmentation),
        "splits": split_rows(found.segmentation),
        "ranking": prospect_rows(found.ranking),
        "chart": plain(prospects_chart(found.ranking, currency=model.currency)),
        "scatter": plain(strongest_characteristic_chart(found)),
        "notes": list(found.data.notes),
    }
