"""The sensitivity analyses of a model's subsegments, run the one way the pages and the command line share.

A subsegment keeps its own random stream (its place in the model) whether it is run with the other
or alone, so ``--subsegment`` on the command line and the page give the same draws for one seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from worth.engine.sensitivity.model_adapter import SubsegmentProblem
from worth.engine.sensitivity.montecarlo import DEFAULT_CHUNK, Progress, SimulationResult, simulate_each
from worth.engine.sensitivity.sobol import SobolResult, sobol_indices
from worth.engine.sensitivity.tornado import Spread, TornadoResult, tornado

__all__ = ["SubsegmentSensitivity", "sensitivity_of", "simulate_subsegments"]


@dataclass(frozen=True)
class SubsegmentSensitivity:
    """A subsegment's tornado and, when asked for, its Sobol indices of the same output."""

    item: SubsegmentProblem
    tornado: TornadoResult
    sobol: SobolResult | None


def sensitivity_of(
    items: Sequence[SubsegmentProblem],
    *,
    spread: Spread = "p10-p90",
    sobol_samples: int = 0,
    seed: int | None = None,
    output: str | None = None,
) -> list[SubsegmentSensitivity]:
    """Each subsegment's tornado; with ``sobol_samples`` also the Sobol indices of ``output``.

    ``output`` is an element's name, or ``None`` for delta value.
    """
    found = []
    for item in items:
        result = tornado(item.problem, spread=spread)
        indices = None
        if sobol_samples:
            indices = sobol_indices(
                item.problem, samples=sobol_samples, seed=seed, output=output, stream=item.stream
            )
        found.append(SubsegmentSensitivity(item, result, indices))
    return found


def simulate_subsegments(
    items: Sequence[SubsegmentProblem],
    *,
    draws: int,
    seed: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    independent: bool = False,
    progress: Progress | None = None,
) -> list[SimulationResult]:
    """Monte Carlo of each subsegment under one seed, with the correlations observed unless
    ``independent``; ``progress`` counts the draws over all subsegments."""
    return simulate_each(
        [item.problem for item in items],
        draws=draws,
        seed=seed,
        chunk=chunk,
        correlations=[None if independent else item.correlations for item in items],
        progress=progress,
        streams=[item.stream for item in items],
    )
