"""Seeded, chunk-independent driver draws.

A Monte Carlo run of ten million draws cannot hold every driver's draws at once, so it runs in
chunks. For a seed to mean something, the draws must not depend on how the run was cut up. The draws
are therefore defined per *block* of :data:`BLOCK` draws: block ``b`` of stream ``s`` under seed ``e``
always comes from ``SeedSequence(e, spawn_key=(s, b))``. A chunk is a whole number of blocks, so any
chunk size gives the very same draws, and the same results bit for bit.

Streams keep analyses that share a seed apart (one stream per subsegment, say) without their draws
being copies of each other.
"""

from __future__ import annotations

import numpy as np

from worth.engine.sensitivity.correlation import Correlations
from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.problem import ValueProblem

#: Draws per independently seeded block; chunk sizes are rounded up to a multiple of it.
BLOCK = 2**14


def resolve_seed(seed: int | None) -> int:
    """The seed to record: the one given, or fresh entropy when none was given (so a run can be repeated)."""
    if seed is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise SensitivityError(f"seed must be a whole number, got {seed!r}")
    if seed < 0:
        raise SensitivityError(f"seed must not be negative, got {seed!r}")
    return int(seed)


def block_generator(seed: int, stream: int, block: int) -> np.random.Generator:
    """The generator for block ``block`` of stream ``stream``: fixed by the three numbers alone."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream, block))))


def round_chunk(chunk: int) -> int:
    """A chunk size of whole blocks, at least one block."""
    if isinstance(chunk, bool) or not isinstance(chunk, int | np.integer) or chunk <= 0:
        raise SensitivityError(f"chunk must be a positive whole number of draws, got {chunk!r}")
    return max(BLOCK, -(-int(chunk) // BLOCK) * BLOCK)


def draw_inputs(
    problem: ValueProblem,
    rng: np.random.Generator,
    size: int,
    correlations: Correlations | None = None,
) -> dict[str, FloatArray]:
    """One set of ``size`` draws for every driver of ``problem``.

    Correlated drivers come from one block of correlated normal scores (drawn first); the others are
    drawn independently, in driver order.
    """
    out: dict[str, FloatArray] = {}
    if correlations is not None:
        correlations.check_names(problem.names)
        scores = correlations.normal_scores(rng, size)
        for j, name in enumerate(correlations.names):
            out[name] = problem.driver(name).distribution.from_normal_scores(scores[:, j])
    for driver in problem.drivers:
        if driver.name not in out:
            out[driver.name] = driver.distribution.sample(rng, size)
    return {d.name: out[d.name] for d in problem.drivers}


def draw_range(
    problem: ValueProblem,
    *,
    seed: int,
    stream: int,
    first_block: int,
    size: int,
    correlations: Correlations | None = None,
) -> dict[str, FloatArray]:
    """Draws ``first_block * BLOCK`` up to ``first_block * BLOCK + size`` of a run, block by block."""
    out = {name: np.empty(size, dtype=np.float64) for name in problem.names}
    block = first_block
    for start in range(0, size, BLOCK):
        n = min(BLOCK, size - start)
        draws = draw_inputs(problem, block_generator(seed, stream, block), n, correlations)
        for name, values in draws.items():
            out[name][start : start + n] = values
        block += 1
    return out
