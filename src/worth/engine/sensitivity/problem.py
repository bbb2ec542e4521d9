"""The generic question every sensitivity analysis answers: uncertain drivers in, delta value out.

Nothing here knows about value model files. A :class:`ValueProblem` is a vectorised function from
driver arrays to named outputs (the value elements and their total, the delta value), plus what is
known about each driver: its distribution, its observations across customers and its baseline. The
tornado, the Monte Carlo run and the Sobol indices all take one, so a notebook user can analyse any
function, and :mod:`.model_adapter` builds one from a value model and a subsegment.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from worth.engine.sensitivity.distributions import Distribution, FloatArray
from worth.engine.sensitivity.errors import SensitivityError

#: Drivers -> delta value per draw. Each array in the mapping holds one value per draw.
ValueFunction = Callable[[Mapping[str, FloatArray]], FloatArray]
#: Drivers -> several named outputs per draw (value elements and their total).
OutputsFunction = Callable[[Mapping[str, FloatArray]], Mapping[str, FloatArray]]

#: Name of the single output when a problem is built from a plain :data:`ValueFunction`.
DELTA_VALUE = "delta value"
#: Name of the derived output "delta value minus delta price" (the margin by which the offer wins).
MARGIN = "delta value - delta price"

_NO_OBSERVATIONS: FloatArray = np.empty(0, dtype=np.float64)


@dataclass(frozen=True)
class Driver:
    """One uncertain input of the value model.

    Parameters
    ----------
    name
        The driver's name as the equations use it.
    distribution
        What a Monte Carlo draw of it looks like (fitted to the observations, or an estimate).
    observations
        The values seen across customers; the tornado takes its low and high settings from them.
        May be empty, in which case the tornado uses the distribution's quantiles or moments.
    baseline
        The value used while other drivers move; defaults to the distribution's mean.
    unit
        Unit label for tables and charts (``"h/yr"``, ``"$/h"``).
    """

    name: str
    distribution: Distribution
    observations: FloatArray | Sequence[float] = field(default_factory=lambda: _NO_OBSERVATIONS)
    baseline: float | None = None
    unit: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise SensitivityError("a driver needs a name, got an empty string")
        data = np.asarray(self.observations, dtype=np.float64).ravel()
        bad = np.flatnonzero(~np.isfinite(data))
        if bad.size:
            raise SensitivityError(
                f"driver {self.name!r}: observation {int(bad[0]) + 1} is {float(data[bad[0]])!r}, "
                "not a finite number"
            )
        object.__setattr__(self, "observations", data)
        if self.baseline is not None and not np.isfinite(self.baseline):
            raise SensitivityError(
                f"driver {self.name!r}: baseline must be a finite number, got {self.baseline!r}"
            )

    @property
    def observed(self) -> FloatArray:
        """The observations as a float array (possibly empty)."""
        return np.asarray(self.observations, dtype=np.float64)

    @property
    def base(self) -> float:
        """The baseline setting: the given baseline, else the distribution's mean."""
        return float(self.baseline) if self.baseline is not None else self.distribution.mean

    @property
    def varies(self) -> bool:
        """Whether the driver has any spread to analyse."""
        spread_in_data = self.observed.size > 0 and float(np.ptp(self.observed)) > 0
        return self.distribution.sd > 0 or spread_in_data


@dataclass(frozen=True)
class ValueProblem:
    """Drivers, the function of them, and the delta price the offer must beat.

    Parameters
    ----------
    drivers
        The uncertain inputs, with unique names.
    function
        Vectorised: maps each driver name to an array of draws and returns named output arrays of the
        same length (a scalar output is broadcast). It must return ``total``.
    total
        Which output is the delta value (the sum over value elements).
    delta_price
        Price of the offering minus price of the next-best alternative, if known; analyses then also
        report delta value minus delta price (does the offer still win?).
    price
        Instead of a fixed ``delta_price``: the name of an output of ``function`` that holds delta
        price per draw, for prices that depend on a driver (a price per paper machine, say).
    label
        What this problem is about (a subsegment name), for tables and charts.
    currency
        Currency label for money outputs.
    """

    drivers: tuple[Driver, ...]
    function: OutputsFunction
    total: str = DELTA_VALUE
    delta_price: float | None = None
    label: str = ""
    currency: str = ""
    price: str | None = None

    def __post_init__(self) -> None:
        drivers = tuple(self.drivers)
        object.__setattr__(self, "drivers", drivers)
        seen: set[str] = set()
        for driver in drivers:
            if driver.name in seen:
                raise SensitivityError(f"driver {driver.name!r} is listed twice")
            seen.add(driver.name)
        if self.delta_price is not None and not np.isfinite(self.delta_price):
            raise SensitivityError(f"delta price must be a finite number, got {self.delta_price!r}")
        if self.delta_price is not None and self.price is not None:
            raise SensitivityError("give either a fixed delta price or a price output, not both")
        if self.price == self.total:
            raise SensitivityError(f"the price output cannot be the delta value itself ({self.total!r})")

    @classmethod
    def from_value_function(
        cls,
        function: ValueFunction,
        drivers: Sequence[Driver],
        *,
        delta_price: float | None = None,
        label: str = "",
        currency: str = "",
    ) -> ValueProblem:
        """A problem with one output, ``"delta value"``, from a plain vectorised value function."""

        def outputs(inputs: Mapping[str, FloatArray]) -> Mapping[str, FloatArray]:
            return {DELTA_VALUE: function(inputs)}

        return cls(tuple(drivers), outputs, DELTA_VALUE, delta_price, label, currency)

    @property
    def has_price(self) -> bool:
        """Whether a delta price (fixed or per draw) is known, so the margin can be computed."""
        return self.delta_price is not None or self.price is not None

    def margin(self, outputs: Mapping[str, FloatArray]) -> FloatArray | None:
        """Delta value minus delta price per draw, or ``None`` without a price."""
        if self.price is not None:
            return np.asarray(outputs[self.total] - outputs[self.price], dtype=np.float64)
        if self.delta_price is not None:
            return np.asarray(outputs[self.total] - self.delta_price, dtype=np.float64)
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Driver names in order."""
        return tuple(d.name for d in self.drivers)

    def driver(self, name: str) -> Driver:
        """The driver called ``name``; the error lists the known names."""
        for d in self.drivers:
            if d.name == name:
                return d
        raise SensitivityError(f"unknown driver {name!r}; known drivers: {', '.join(self.names) or 'none'}")

    def baseline_inputs(self, size: int = 1) -> dict[str, FloatArray]:
        """Every driver at its baseline, ``size`` times."""
        return {d.name: np.full(size, d.base) for d in self.drivers}

    def evaluate(self, inputs: Mapping[str, npt.ArrayLike]) -> dict[str, FloatArray]:
        """Run the function and check that it returned the total, as float arrays of the right length."""
        arrays = {name: np.asarray(values, dtype=np.float64) for name, values in inputs.items()}
        unknown = sorted(set(arrays) - set(self.names))
        if unknown:
            raise SensitivityError(
                f"unknown driver {unknown[0]!r}; known drivers: {', '.join(self.names) or 'none'}"
            )
        size = max((a.size for a in arrays.values()), default=1)
        raw = self.function(arrays)
        for wanted in (self.total, self.price):
            if wanted is not None and wanted not in raw:
                raise SensitivityError(
                    f"the value function returned no {wanted!r} output; "
                    f"it returned: {', '.join(raw) or 'nothing'}"
                )
        out: dict[str, FloatArray] = {}
        for name, values in raw.items():
            array = np.asarray(values, dtype=np.float64)
            if array.size == 1 and size != 1:
                array = np.full(size, float(array.reshape(-1)[0]))
            if array.shape != (size,):
                raise SensitivityError(
                    f"output {name!r} has shape {array.shape}, expected one value per draw ({size},)"
                )
            out[name] = array
        return out
