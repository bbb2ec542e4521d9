"""Variance-based sensitivity: Sobol first-order and total indices.

The tornado moves one driver at a time from its baseline; it misses interactions (a saving that is
hours times a rate depends on both at once) and treats a rarely-reached extreme like a common one. The
Sobol indices answer "where does the uncertainty in delta value come from?" over the whole joint
distribution of the drivers:

- the first-order index ``S1`` of a driver is the share of the variance of delta value that would
  disappear if that driver alone were known exactly;
- the total index ``ST`` adds every interaction the driver takes part in; a driver with ``ST`` near
  zero can be fixed at its baseline without losing anything, so no more data need be gathered on it.

Sampling uses Saltelli's scheme on a scrambled Sobol' sequence in the unit cube (SALib), mapped to each
driver through its own quantile function, so the indices describe exactly the distributions the Monte
Carlo run uses. Correlations are ignored here: Sobol indices assume independent drivers.

References
----------
Saltelli et al., "Variance based sensitivity analysis of model output. Design and estimator for the
total sensitivity index", Computer Physics Communications 181 (2010) 259-270.
Ishigami and Homma, "An importance quantification technique in uncertainty analysis for computer
models", ISUMA '90 (the test function with published indices used in Worth's tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.montecarlo import DEFAULT_CHUNK, Progress
from worth.engine.sensitivity.problem import MARGIN, ValueProblem
from worth.engine.sensitivity.sampling import resolve_seed

#: Keep unit-cube points off 0 and 1, where unbounded quantile functions are infinite.
_EDGE = 1e-12
#: Largest base sample accepted (evaluations are ``samples * (k + 2)``).
MAX_SOBOL_SAMPLES = 2**20


@dataclass(frozen=True)
class SobolIndex:
    """First-order and total index of one driver, each with the half-width of its confidence interval."""

    driver: str
    first: float
    first_conf: float
    total: float
    total_conf: float


@dataclass(frozen=True)
class SobolResult:
    """Sobol indices of one output of a problem."""

    label: str
    output: str
    samples: int
    evaluations: int
    conf_level: float
    seed: int
    mean: float
    variance: float
    indices: tuple[SobolIndex, ...]
    held_fixed: tuple[str, ...]

    def ranked(self) -> tuple[SobolIndex, ...]:
        """Indices ordered by total index, largest first."""
        return tuple(sorted(self.indices, key=lambda i: i.total, reverse=True))

    @property
    def interaction_share(self) -> float:
        """Share of the variance not explained by the drivers alone: ``1 - sum(S1)``."""
        return 1.0 - sum(i.first for i in self.indices)

    def to_dict(self) -> dict[str, Any]:
        """Plain numbers and strings for JSON output."""
        return {
            "label": self.label,
            "output": self.output,
            "samples": self.samples,
            "evaluations": self.evaluations,
            "conf_level": self.conf_level,
            "seed": self.seed,
            "mean": self.mean,
            "variance": self.variance,
            "interaction_share": self.interaction_share,
            "held_fixed": list(self.held_fixed),
            "indices": [
                {
                    "driver": i.driver,
                    "S1": i.first,
                    "S1_conf": i.first_conf,
                    "ST": i.total,
                    "ST_conf": i.total_conf,
                }
                for i in self.indices
            ],
        }


def _salib_seed(seed: int, stream: int, purpose: int) -> int:
    """A derived seed that is never 0: SALib treats a zero seed as no seed at all."""
    state = np.random.SeedSequence(seed, spawn_key=(stream, 2**20 + purpose)).generate_state(1)[0]
    return int(state) % (2**31 - 2) + 1


def _base_samples(samples: int) -> int:
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 2:
        raise SensitivityError(f"Sobol samples must be a whole number of at least 2, got {samples!r}")
    if samples > MAX_SOBOL_SAMPLES:
        raise SensitivityError(f"Sobol samples must be at most {MAX_SOBOL_SAMPLES:,}, got {samples:,}")
    return 1 << (int(samples) - 1).bit_length()


def sobol_indices(
    problem: ValueProblem,
    *,
    samples: int = 1024,
    seed: int | None = None,
    output: str | None = None,
    conf_level: float = 0.95,
    resamples: int = 100,
    stream: int = 0,
    chunk: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> SobolResult:
    """Sobol first-order and total indices of one output with respect to every varying driver.

    Parameters
    ----------
    problem
        Drivers (with distributions) and the vectorised value function.
    samples
        Base sample size ``N``, rounded up to a power of two (the Sobol' sequence balances only
        there); the model runs ``N (k + 2)`` times for ``k`` varying drivers.
    seed
        Makes sampling and the bootstrap confidence intervals repeatable.
    output
        Which output to analyse; the total (delta value) by default. With a delta price,
        ``"delta value - delta price"`` asks which drivers decide whether the offer wins.
    conf_level
        Level of the bootstrap confidence intervals.
    resamples
        Bootstrap resamples for the intervals.
    stream
        Independent stream under the same seed (one per subsegment).
    chunk
        Rows evaluated at once.
    progress
        Called as ``progress(done, evaluations)``.

    Returns
    -------
    SobolResult
        ``S1`` and ``ST`` per driver with interval half-widths; drivers without spread are listed as
        held fixed.

    References
    ----------
    Saltelli et al. (2010), see the module docstring; SALib ``sobol.sample`` / ``sobol.analyze``.
    """
    n = _base_samples(samples)
    if not 0 < conf_level < 1:
        raise SensitivityError(f"confidence level must lie strictly between 0 and 1, got {conf_level!r}")
    if isinstance(resamples, bool) or not isinstance(resamples, int) or resamples < 10:
        raise SensitivityError(
            f"bootstrap resamples must be a whole number of at least 10, got {resamples!r}"
        )
    target = problem.total if output is None else output
    varying = [d for d in problem.drivers if d.distribution.sd > 0]
    held = tuple(d.name for d in problem.drivers if d.distribution.sd == 0)
    if not varying:
        raise SensitivityError("no driver has any spread, so there is no variance to apportion")
    from SALib.analyze import sobol as sobol_analyze  # slow to import; loaded only when indices are asked for
    from SALib.sample import sobol as sobol_sample

    seed_used = resolve_seed(seed)
    names = [d.name for d in varying]
    salib_problem = {"num_vars": len(varying), "names": names, "bounds": [[0.0, 1.0]] * len(varying)}
    unit = np.clip(
        sobol_sample.sample(
            salib_problem, n, calc_second_order=False, seed=_salib_seed(seed_used, stream, 1)
        ),
        _EDGE,
        1 - _EDGE,
    )
    rows = unit.shape[0]
    y = np.empty(rows, dtype=np.float64)
    step = max(1, int(chunk))
    for start in range(0, rows, step):
        stop = min(rows, start + step)
        inputs = problem.baseline_inputs(stop - start)
        for j, driver in enumerate(varying):
            inputs[driver.name] = driver.distribution.ppf(unit[start:stop, j])
        outputs = problem.evaluate(inputs)
        margin = problem.margin(outputs)
        if margin is not None:
            outputs[MARGIN] = margin
        if target not in outputs:
            raise SensitivityError(f"unknown output {target!r}; outputs: {', '.join(outputs)}")
        y[start:stop] = outputs[target]
        if progress is not None:
            progress(stop, rows)
    variance = float(np.var(y, ddof=1))
    if not math.isfinite(variance) or variance <= 0:
        raise SensitivityError(
            f"output {target!r} does not vary with the drivers, so it has no Sobol indices"
        )
    analysis = sobol_analyze.analyze(
        salib_problem,
        y,
        calc_second_order=False,
        num_resamples=resamples,
        conf_level=conf_level,
        print_to_console=False,
        seed=_salib_seed(seed_used, stream, 2),
    )
    indices = tuple(
        SobolIndex(
            name,
            float(analysis["S1"][j]),
            float(analysis["S1_conf"][j]),
            float(analysis["ST"][j]),
            float(analysis["ST_conf"][j]),
        )
        for j, name in enumerate(names)
    )
    return SobolResult(
        label=problem.label,
        output=target,
        samples=n,
        evaluations=rows,
        conf_level=conf_level,
        seed=seed_used,
        mean=float(np.mean(y)),
        variance=variance,
        indices=indices,
        held_fixed=held,
    )
