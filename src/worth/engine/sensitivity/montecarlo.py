"""Monte Carlo simulation of delta value: how sure is the number?

Each draw takes every driver from its distribution (fitted to what the customers reported, with
optional correlations), runs the value model, and records the delta value. Over many draws this gives
the spread of delta value a subsegment should expect, its percentiles, and the probability that delta
value exceeds delta price, i.e. that a customer would be better off buying the offering than the
next-best alternative.

Runs go chunk by chunk, so ten million draws need a few hundred megabytes, not the gigabytes that
holding every driver's draws would take. The draws are seeded per block (see :mod:`.sampling`), so a
seed reproduces a run exactly whatever the chunk size: statistics are combined block by block in a
fixed order, and the result is bit-identical.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from worth.engine.sensitivity.correlation import Correlations
from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.problem import ValueProblem
from worth.engine.sensitivity.sampling import BLOCK, draw_range, resolve_seed, round_chunk

Progress = Callable[[int, int], None]

#: Draws per chunk unless the caller says otherwise (16 blocks; about 4 MB per driver).
DEFAULT_CHUNK = 16 * BLOCK
#: Percentiles reported by default.
DEFAULT_PERCENTILES: tuple[float, ...] = (1.0, 5.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0)
#: Upper limit on draws per run: the delta value of every draw is kept (8 bytes each) for exact percentiles.
MAX_DRAWS = 50_000_000
#: Bars in the histogram, which spans the 0.5th to the 99.5th percentile.
HISTOGRAM_BINS = 40


@dataclass(frozen=True)
class OutputSummary:
    """Mean and standard deviation of one output (a value element, or the total) over the draws."""

    name: str
    mean: float
    sd: float


@dataclass(frozen=True)
class Histogram:
    """Counts of delta value per bar; ``below`` and ``above`` count draws outside the edges."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    below: int
    above: int


@dataclass(frozen=True)
class SimulationResult:
    """What a Monte Carlo run of one problem (one subsegment) found.

    ``delta_price`` is the fixed delta price, or its mean over the draws when it depends on a driver
    (``price_varies``); ``margin_percentiles`` are those of delta value minus delta price per draw, and
    ``margin_histogram`` its histogram when the price varies (with a fixed price the delta value
    histogram and one line at the delta price tell the same story).
    """

    label: str
    total: str
    currency: str
    draws: int
    seed: int
    stream: int
    mean: float
    sd: float
    percentiles: dict[float, float]
    delta_price: float | None
    price_varies: bool
    probability_wins: float | None
    margin_percentiles: dict[float, float] | None
    outputs: tuple[OutputSummary, ...]
    histogram: Histogram
    margin_histogram: Histogram | None
    values: FloatArray | None = field(default=None, repr=False, compare=False)

    @property
    def std_error(self) -> float:
        """Standard error of the mean delta value: how far the mean may be off because draws are finite."""
        return self.sd / math.sqrt(self.draws)

    @property
    def probability_wins_se(self) -> float | None:
        """Binomial standard error of :attr:`probability_wins`."""
        if self.probability_wins is None:
            return None
        p = self.probability_wins
        return math.sqrt(p * (1 - p) / self.draws)

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers and strings for JSON output."""
        return {
            "label": self.label,
            "total": self.total,
            "currency": self.currency,
            "draws": self.draws,
            "seed": self.seed,
            "stream": self.stream,
            "mean": self.mean,
            "sd": self.sd,
            "std_error": self.std_error,
            "percentiles": {f"p{p:g}": v for p, v in self.percentiles.items()},
            "delta_price": self.delta_price,
            "price_varies": self.price_varies,
            "probability_wins": self.probability_wins,
            "probability_wins_se": self.probability_wins_se,
            "margin_percentiles": None
            if self.margin_percentiles is None
            else {f"p{p:g}": v for p, v in self.margin_percentiles.items()},
            "outputs": [{"name": o.name, "mean": o.mean, "sd": o.sd} for o in self.outputs],
            "histogram": _histogram_dict(self.histogram),
            "margin_histogram": None
            if self.margin_histogram is None
            else _histogram_dict(self.margin_histogram),
        }


def _histogram_dict(histogram: Histogram) -> dict[str, Any]:
    return {
        "edges": list(histogram.edges),
        "counts": list(histogram.counts),
        "below": histogram.below,
        "above": histogram.above,
    }


def _percentiles_and_histogram(
    values: FloatArray, ps: tuple[float, ...]
) -> tuple[dict[float, float], Histogram]:
    """Percentiles ``ps`` of ``values`` and a histogram over their 0.5th to 99.5th percentile."""
    quantiles = np.percentile(values, [*ps, 0.5, 99.5])
    low, high = float(quantiles[-2]), float(quantiles[-1])
    if high <= low:
        low, high = low - 0.5, high + 0.5
    counts, edges = np.histogram(values, bins=HISTOGRAM_BINS, range=(low, high))
    histogram = Histogram(
        tuple(float(e) for e in edges),
        tuple(int(c) for c in counts),
        int(np.count_nonzero(values < low)),
        int(np.count_nonzero(values > high)),
    )
    return {p: float(v) for p, v in zip(ps, quantiles[: len(ps)], strict=True)}, histogram


def _check_draws(draws: int) -> int:
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer):
        raise SensitivityError(f"draws must be a whole number, got {draws!r}")
    if draws < 2:
        raise SensitivityError(f"draws must be at least 2, got {draws!r}")
    if draws > MAX_DRAWS:
        raise SensitivityError(f"draws must be at most {MAX_DRAWS:,}, got {draws:,}")
    return int(draws)


def _check_percentiles(percentiles: Sequence[float]) -> tuple[float, ...]:
    out = tuple(float(p) for p in percentiles)
    for p in out:
        if not 0 <= p <= 100:
            raise SensitivityError(f"percentile {p!r} must lie between 0 and 100")
    return out


def _block_moments(values: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Count, mean and sum of squared deviations of each :data:`BLOCK` of ``values``."""
    starts = range(0, values.size, BLOCK)
    counts = np.empty(len(starts))
    means = np.empty(len(starts))
    m2 = np.empty(len(starts))
    for i, start in enumerate(starts):
        segment = values[start : start + BLOCK]
        counts[i] = segment.size
        means[i] = segment.mean()
        m2[i] = np.square(segment - means[i]).sum()
    return counts, means, m2


def _combine_moments(counts: FloatArray, means: FloatArray, m2: FloatArray) -> tuple[float, float]:
    """Mean and sample sd from block moments (Chan et al.'s parallel formula, in block order)."""
    n = counts.sum()
    mean = float((counts * means).sum() / n)
    total_m2 = float(m2.sum() + (counts * np.square(means - mean)).sum())
    return mean, math.sqrt(total_m2 / (n - 1))


def simulate(
    problem: ValueProblem,
    *,
    draws: int,
    seed: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    correlations: Correlations | None = None,
    stream: int = 0,
    percentiles: Sequence[float] = DEFAULT_PERCENTILES,
    progress: Progress | None = None,
    keep_values: bool = False,
) -> SimulationResult:
    """Monte Carlo simulation of every output of ``problem``.

    Parameters
    ----------
    problem
        Drivers with their distributions, and the vectorised value function.
    draws
        Number of draws (2 to :data:`MAX_DRAWS`).
    seed
        Makes the run repeatable. ``None`` draws fresh entropy, which the result records as ``seed``.
    chunk
        Draws evaluated at once; rounded up to a multiple of :data:`~.sampling.BLOCK`. Affects memory
        and speed only, never the result.
    correlations
        Optional correlations between drivers (Gaussian copula).
    stream
        Independent stream under the same seed (for example one per subsegment).
    percentiles
        Which percentiles of delta value to report.
    progress
        Called as ``progress(done, draws)`` after each chunk.
    keep_values
        Keep the delta value of every draw on the result (``values``), for further analysis.

    Returns
    -------
    SimulationResult
        Mean, sd and percentiles of delta value, the probability that it exceeds delta price, mean and
        sd of every output, and a histogram.

    Examples
    --------
    >>> from worth.engine.sensitivity.distributions import Normal
    >>> from worth.engine.sensitivity.problem import Driver
    >>> drivers = [Driver("a", Normal(10, 1))]
    >>> p = ValueProblem.from_value_function(lambda x: 2 * x["a"], drivers, delta_price=15)
    >>> r = simulate(p, draws=100_000, seed=1)
    >>> round(r.mean), round(r.sd), round(r.probability_wins, 2)
    (20, 2, 0.99)
    """
    draws = _check_draws(draws)
    chunk = round_chunk(chunk)
    ps = _check_percentiles(percentiles)
    seed_used = resolve_seed(seed)
    if correlations is not None:
        correlations.check_names(problem.names)

    total_values = np.empty(draws, dtype=np.float64)
    margin_values = np.empty(draws, dtype=np.float64) if problem.price is not None else None
    moments: dict[str, list[tuple[FloatArray, FloatArray, FloatArray]]] = {}
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        inputs = draw_range(
            problem,
            seed=seed_used,
            stream=stream,
            first_block=start // BLOCK,
            size=size,
            correlations=correlations,
        )
        outputs = problem.evaluate(inputs)
        del inputs
        for name, values in outputs.items():
            moments.setdefault(name, []).append(_block_moments(values))
        total_values[start : start + size] = outputs[problem.total]
        if margin_values is not None:
            margin_values[start : start + size] = outputs[problem.total] - outputs[str(problem.price)]
        del outputs
        if progress is not None:
            progress(start + size, draws)

    summaries = []
    for name, parts in moments.items():
        counts, means, m2 = (np.concatenate([p[i] for p in parts]) for i in range(3))
        mean, sd = _combine_moments(counts, means, m2)
        summaries.append(OutputSummary(name, mean, sd))
    total_summary = next(s for s in summaries if s.name == problem.total)

    percentile_values, histogram = _percentiles_and_histogram(total_values, ps)
    delta_price = problem.delta_price
    wins: float | None = None
    margin_percentiles: dict[float, float] | None = None
    margin_histogram: Histogram | None = None
    if margin_values is not None:
        delta_price = next(s.mean for s in summaries if s.name == problem.price)
        wins = float(np.count_nonzero(margin_values > 0) / draws)
        margin_percentiles, margin_histogram = _percentiles_and_histogram(margin_values, ps)
    elif delta_price is not None:
        wins = float(np.count_nonzero(total_values > delta_price) / draws)
        margin_percentiles = {p: v - delta_price for p, v in percentile_values.items()}
    return SimulationResult(
        label=problem.label,
        total=problem.total,
        currency=problem.currency,
        draws=draws,
        seed=seed_used,
        stream=stream,
        mean=total_summary.mean,
        sd=total_summary.sd,
        percentiles=percentile_values,
        delta_price=delta_price,
        price_varies=margin_values is not None,
        probability_wins=wins,
        margin_percentiles=margin_percentiles,
        outputs=tuple(summaries),
        histogram=histogram,
        margin_histogram=margin_histogram,
        values=total_values if keep_values else None,
    )


def simulate_each(
    problems: Sequence[ValueProblem],
    *,
    draws: int,
    seed: int | None = None,
    chunk: int = DEFAULT_CHUNK,
    correlations: Sequence[Correlations | None] | None = None,
    progress: Progress | None = None,
    streams: Sequence[int] | None = None,
) -> list[SimulationResult]:
    """Simulate several problems (say, one per subsegment) under one seed, each on its own stream.

    Problem ``i`` uses stream ``i`` (or ``streams[i]``: a subsegment keeps its stream when it is run
    alone), so the subsegments' draws are independent yet the whole run is reproduced by the one
    seed. ``progress`` sees the draws done over all problems.
    """
    seed_used = resolve_seed(seed)
    if correlations is not None and len(correlations) != len(problems):
        raise SensitivityError(f"{len(correlations)} correlation settings given for {len(problems)} problems")
    if streams is not None and len(streams) != len(problems):
        raise SensitivityError(f"{len(streams)} streams given for {len(problems)} problems")
    total = _check_draws(draws) * len(problems)
    results = []
    for i, problem in enumerate(problems):
        offset = i * draws

        def report(done: int, _all: int, offset: int = offset) -> None:
            if progress is not None:
                progress(offset + done, total)

        results.append(
            simulate(
                problem,
                draws=draws,
                seed=seed_used,
                chunk=chunk,
                correlations=None if correlations is None else correlations[i],
                stream=i if streams is None else streams[i],
                progress=report,
            )
        )
    return results
