"""One-at-a-time sensitivity: the tornado.

For each driver in turn, the value model is evaluated with that driver at a low and at a high setting
while every other driver stays at its baseline. The settings come from the spread the customers showed
(their 10th and 90th percentiles, or their mean minus and plus one standard deviation), so the bars
answer the method's question directly: given the variance we saw around each input, which inputs move
the delta value most? Ranked by swing, the longest bar at the top, the chart looks like a tornado.

With a delta price, the same bars are also read against it: at which setting does delta value fall
below delta price, so that the offer no longer wins?
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.fitting import spread_settings
from worth.engine.sensitivity.problem import MARGIN, Driver, ValueProblem

Spread = Literal["p10-p90", "sd"]
SPREADS: tuple[Spread, ...] = ("p10-p90", "sd")


@dataclass(frozen=True)
class Setting:
    """A driver's low, baseline and high settings, and where they came from."""

    driver: str
    unit: str
    low: float
    base: float
    high: float
    source: Literal["observations", "distribution", "fixed"]


@dataclass(frozen=True)
class TornadoBar:
    """One driver's bar: the output at the driver's low and high settings."""

    driver: str
    low_setting: float
    high_setting: float
    value_at_low: float
    value_at_high: float

    @property
    def swing(self) -> float:
        """Width of the bar: how far the output moves between the two settings."""
        return abs(self.value_at_high - self.value_at_low)


@dataclass(frozen=True)
class Tornado:
    """Bars for one output, widest first."""

    output: str
    baseline_value: float
    bars: tuple[TornadoBar, ...]

    def bar(self, driver: str) -> TornadoBar:
        """The bar of ``driver``."""
        for b in self.bars:
            if b.driver == driver:
                return b
        raise SensitivityError(f"unknown driver {driver!r} in the tornado for {self.output!r}")

    def sign_changes(self) -> tuple[str, ...]:
        """Drivers whose low or high setting puts the output on the other side of zero from the baseline.

        For the margin (delta value minus delta price) these are the drivers that can make the offer
        lose (or, from a losing baseline, win).
        """
        base_positive = self.baseline_value > 0
        return tuple(
            b.driver
            for b in self.bars
            if ((b.value_at_low > 0) != base_positive) or ((b.value_at_high > 0) != base_positive)
        )


@dataclass(frozen=True)
class TornadoResult:
    """Tornados for every output of a problem, plus the margin over delta price when it is known.

    ``delta_price`` is the fixed delta price, if any; ``price`` names the output holding delta price
    per setting when it depends on a driver.
    """

    label: str
    spread: Spread
    total: str
    delta_price: float | None
    price: str | None
    settings: tuple[Setting, ...]
    tornados: dict[str, Tornado]

    @property
    def total_tornado(self) -> Tornado:
        """The tornado of the delta value (the total over elements)."""
        return self.tornados[self.total]

    @property
    def margin(self) -> Tornado | None:
        """The tornado of delta value minus delta price, when a delta price is known."""
        return self.tornados.get(MARGIN)


def driver_setting(driver: Driver, spread: Spread) -> Setting:
    """Low and high settings of one driver.

    From its observations when there are at least two; else from its distribution (the 10th and 90th
    percentiles, or mean plus and minus one sd); a driver with no spread stays at its baseline.
    """
    if spread not in SPREADS:
        raise SensitivityError(f"unknown spread {spread!r}; choose one of {', '.join(SPREADS)}")
    base = driver.base
    if driver.observed.size >= 2:
        low, high = spread_settings(driver.observed, spread)
        return Setting(driver.name, driver.unit, low, base, high, "observations")
    dist = driver.distribution
    if dist.sd > 0:
        if spread == "p10-p90":
            low, high = (float(v) for v in dist.ppf(np.array([0.1, 0.9])))
        else:
            low, high = dist.mean - dist.sd, dist.mean + dist.sd
        return Setting(driver.name, driver.unit, low, base, high, "distribution")
    return Setting(driver.name, driver.unit, base, base, base, "fixed")


def tornado(problem: ValueProblem, *, spread: Spread = "p10-p90") -> TornadoResult:
    """One-at-a-time sensitivity of every output of ``problem`` to every driver.

    Parameters
    ----------
    problem
        The drivers and the vectorised value function.
    spread
        ``"p10-p90"``: each driver's low and high settings are the 10th and 90th percentiles of its
        observations; ``"sd"``: its mean minus and plus one sample standard deviation.

    Returns
    -------
    TornadoResult
        For each output (each element and the total) the bars ranked by swing; with a delta price also
        the tornado of ``delta value - delta price``.

    Notes
    -----
    All ``2k + 1`` evaluations (baseline, then each of ``k`` drivers low and high) run as one
    vectorised call of the value function.

    Examples
    --------
    >>> from worth.engine.sensitivity.distributions import Normal
    >>> drivers = [Driver("a", Normal(10, 2)), Driver("b", Normal(5, 1))]
    >>> p = ValueProblem.from_value_function(lambda x: 3 * x["a"] + x["b"], drivers)
    >>> [b.driver for b in tornado(p, spread="sd").total_tornado.bars]
    ['a', 'b']
    """
    settings = tuple(driver_setting(d, spread) for d in problem.drivers)
    k = len(settings)
    rows = 2 * k + 1
    inputs = {s.driver: np.full(rows, s.base) for s in settings}
    for i, s in enumerate(settings):
        inputs[s.driver][1 + 2 * i] = s.low
        inputs[s.driver][2 + 2 * i] = s.high
    outputs = problem.evaluate(inputs)
    margin = problem.margin(outputs)
    if margin is not None:
        outputs[MARGIN] = margin
    tornados: dict[str, Tornado] = {}
    for name, values in outputs.items():
        bars = [
            TornadoBar(s.driver, s.low, s.high, float(values[1 + 2 * i]), float(values[2 + 2 * i]))
            for i, s in enumerate(settings)
        ]
        bars.sort(key=lambda b: b.swing, reverse=True)
        tornados[name] = Tornado(name, float(values[0]), tuple(bars))
    return TornadoResult(
        problem.label, spread, problem.total, problem.delta_price, problem.price, settings, tornados
    )
