"""Customer characteristics as numbers a regression or a tree can use.

Characteristics are what the team knows about every customer, present or prospective, without any
value research: mill capacity, number of machines, region, grade produced. Numeric ones enter as they
are; categorical ones (text) become one 0/1 column per level except a reference level (the first in
alphabetical order), so each coefficient reads "compared with the reference level". The
:class:`Encoding` remembers the levels, so prospects are encoded exactly like the customers the model
was fitted on, and an unseen level is reported instead of silently becoming the reference.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from worth.engine.sensitivity.distributions import FloatArray
from worth.engine.sensitivity.errors import SensitivityError

#: One characteristic per name: a value per customer, numbers or text.
Characteristics = Mapping[str, Sequence[object]]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(float(value)))


@dataclass(frozen=True)
class Term:
    """One column of the design matrix: a numeric characteristic, or one level of a categorical one."""

    name: str
    characteristic: str
    level: str | None = None


@dataclass(frozen=True)
class Encoding:
    """How characteristics become design-matrix columns (without the intercept)."""

    numeric: tuple[str, ...]
    levels: dict[str, tuple[str, ...]]
    terms: tuple[Term, ...]

    @property
    def characteristics(self) -> tuple[str, ...]:
        """The characteristics in the order they were given."""
        seen: list[str] = []
        for term in self.terms:
            if term.characteristic not in seen:
                seen.append(term.characteristic)
        return tuple(seen)

    def reference(self, characteristic: str) -> str:
        """The reference level of a categorical characteristic."""
        return self.levels[characteristic][0]

    def encode(self, columns: Characteristics, customers: Sequence[str]) -> FloatArray:
        """The design matrix for ``customers`` (rows) from ``columns``, using this encoding's levels."""
        n = len(customers)
        matrix = np.empty((n, len(self.terms)), dtype=np.float64)
        for name in self.characteristics:
            if name not in columns:
                raise SensitivityError(
                    f"characteristic {name!r} is missing; given: {', '.join(columns) or 'none'}"
                )
            values = _column(name, columns[name], customers)
            if name in self.levels:
                known = self.levels[name]
                for value, customer in zip(values, customers, strict=True):
                    if str(value) not in known:
                        raise SensitivityError(
                            f"customer {customer!r}: characteristic {name!r} is {value!r}, a level the value "
                            f"data never showed; known levels: {', '.join(known)}"
                        )
            else:
                for value, customer in zip(values, customers, strict=True):
                    if not _is_number(value):
                        raise SensitivityError(
                            f"customer {customer!r}: characteristic {name!r} is {value!r}; "
                            "it must be a number"
                        )
            for j, term in enumerate(self.terms):
                if term.characteristic != name:
                    continue
                if term.level is None:
                    matrix[:, j] = [float(v) for v in values]  # type: ignore[arg-type]
                else:
                    matrix[:, j] = [1.0 if str(v) == term.level else 0.0 for v in values]
        return matrix


def _column(name: str, values: Sequence[object], customers: Sequence[str]) -> list[object]:
    column = list(values)
    if len(column) != len(customers):
        raise SensitivityError(
            f"characteristic {name!r} has {len(column)} values for {len(customers)} customers"
        )
    for value, customer in zip(column, customers, strict=True):
        if _is_missing(value):
            raise SensitivityError(f"customer {customer!r}: characteristic {name!r} is missing")
        if _is_number(value) and not math.isfinite(float(value)):  # type: ignore[arg-type]
            raise SensitivityError(
                f"customer {customer!r}: characteristic {name!r} is {value!r}, not a finite number"
            )
    return column


def encode_characteristics(columns: Characteristics, customers: Sequence[str]) -> tuple[Encoding, FloatArray]:
    """Choose an encoding from the data and return it with the design matrix (rows = ``customers``).

    A characteristic whose values are all numbers is numeric; one whose values are all text is
    categorical. Mixed, missing or constant characteristics are rejected with the customer and value.
    """
    if not columns:
        raise SensitivityError("no customer characteristics given")
    if not customers:
        raise SensitivityError("no customers given: there is nothing to explain")
    numeric: list[str] = []
    levels: dict[str, tuple[str, ...]] = {}
    terms: list[Term] = []
    for name, raw in columns.items():
        values = _column(name, raw, customers)
        numbers = [_is_number(v) for v in values]
        if all(numbers):
            if len({float(v) for v in values}) < 2:  # type: ignore[arg-type]
                raise SensitivityError(
                    f"characteristic {name!r} is {values[0]!r} for every customer, "
                    "so it cannot explain differences"
                )
            numeric.append(name)
            terms.append(Term(name, name))
        elif any(numbers):
            i = numbers.index(not numbers[0])
            raise SensitivityError(
                f"characteristic {name!r} mixes numbers and text: "
                f"customer {customers[0]!r} has {values[0]!r}, "
                f"customer {customers[i]!r} has {values[i]!r}"
            )
        else:
            found = tuple(sorted({str(v) for v in values}))
            if len(found) < 2:
                raise SensitivityError(
                    f"characteristic {name!r} is {found[0]!r} for every customer, "
                    "so it cannot explain differences"
                )
            levels[name] = found
            terms.extend(Term(f"{name}[{level}]", name, level) for level in found[1:])
    encoding = Encoding(tuple(numeric), levels, tuple(terms))
    return encoding, encoding.encode(columns, customers)


def check_customers(customers: Sequence[str]) -> tuple[str, ...]:
    """Customer names as a tuple, rejecting duplicates (rows must be told apart in every report)."""
    names = tuple(str(c) for c in customers)
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SensitivityError(f"customer {name!r} appears twice")
        seen.add(name)
    return names
