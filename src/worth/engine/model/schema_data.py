"""The data side of a value model: characteristics, customers, drivers, observations, constants.

The method asks for data-heavy, assumption-light models: every number a value rests on carries where
it came from (measured customer data, a customer's estimate, an outside study, or the supplier's own
assumption), how it was obtained, when, and how far it can be trusted. These types make that
provenance part of the number instead of a footnote.
"""

from __future__ import annotations

import datetime
import functools
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

#: Where a number comes from, from the most to the least convincing for a customer.
SourceKind = Literal["measured", "customer-estimate", "outside-study", "supplier-assumption"]
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "measured",
    "customer-estimate",
    "outside-study",
    "supplier-assumption",
)

CustomerStatus = Literal["present", "prospective"]
CharacteristicKind = Literal["numeric", "categorical"]


@functools.lru_cache(maxsize=4096)
def _check_name(value: str) -> str:
    """Names are matched against equations, which treat any run of spaces as one space.

    Kept for the names seen last: a model of 10,000 customers names its hundred drivers a million
    times over (once per observation), and a name read again needs no second look.
    """
    if "[" in value or "]" in value:
        raise ValueError(f"a name cannot contain '[' or ']' (equations use them around names): {value!r}")
    return " ".join(value.split())


#: A name used in equations, tables and reports: one line, no brackets.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\n\r\t]*$"),
    AfterValidator(_check_name),
]
#: No number a value model holds (a measurement, a price, an assumption) is beyond this: a larger one is
#: an input in the wrong unit, and products of such numbers would overflow to infinity downstream.
MAX_INPUT = 1e15
#: A finite number within ±MAX_INPUT.
Amount = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_INPUT, le=MAX_INPUT)]
#: A price: finite, from 0 to MAX_INPUT.
PriceAmount = Annotated[float, Field(allow_inf_nan=False, ge=0, le=MAX_INPUT)]

#: Free text for people (descriptions, methods, notes).
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
#: A unit as pint reads it: ``h/yr``, ``USD/h``, ``kWh/yr``, ``t/yr``, ``percent``, ``1``.
UnitText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Strict(BaseModel):
    """Base for every schema type: unknown keys are errors (a typo must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Characteristic(Strict):
    """A customer characteristic that may explain why value differs (size, speed, age, region)."""

    name: Name
    kind: CharacteristicKind = "numeric"
    unit: str = Field("", description="Unit of a numeric characteristic, for people (t/yr, m/min).")
    description: Text = ""
    categories: list[Name] | None = Field(
        None, description="The allowed values of a categorical characteristic (optional)."
    )


class Observation(Strict):
    """One customer's value for one driver, with its provenance."""

    value: Amount = Field(description="The number, in the driver's unit.")
    source: SourceKind = Field(description="Where the number comes from.")
    method: Text = Field("", description="How it was obtained (log, meter, interview, study...).")
    date: datetime.date | None = Field(None, description="When it was measured or stated.")
    reliability: Text = Field("", description="How far it can be trusted; what could vary.")
    meeting: datetime.date | None = Field(
        None, description="The date of the research meeting with the customer the number came from."
    )
    person: Text = Field(
        "", max_length=200, description="Who at the customer gave it, by role: 'Mill controller'."
    )
    framing: Text = Field(
        "",
        description="For a number resting on perception (a customer estimate or a supplier assumption): "
        "the proxy measured instead, or how the customer framed it, in their words.",
    )


class DriverDefault(Strict):
    """A model-level value for a driver, itself a named assumption.

    It is used for a customer without an observation only when ``fallback`` is true, and every such use
    is flagged in the analysis; otherwise it only serves calculators and prospects.
    """

    value: Amount
    source: SourceKind
    assumption: Text = Field(min_length=1, description="The assumption in words, as a customer reads it.")
    reference: Text = Field("", description="Study, document or person the value rests on.")
    fallback: bool = Field(False, description="Use for customers without an observation (flagged).")


class Driver(Strict):
    """A right-hand-side input of the word equations that is observed per customer."""

    name: Name
    unit: UnitText
    description: Text = ""
    default: DriverDefault | None = None


class Constant(Strict):
    """A number the model treats as the same for every customer: a named assumption with a source."""

    name: Name
    value: Amount
    unit: UnitText
    source: SourceKind
    assumption: Text = Field("", description="The assumption in words.")
    reference: Text = ""


class IntermediateQuantity(Strict):
    """A named sub-equation (``Fully loaded labour cost per hour = ...``) used by several elements.

    Its name is the left-hand side of ``equation``.
    """

    equation: Text = Field(min_length=1)
    unit: UnitText
    description: Text = ""


class CustomerPrices(Strict):
    """Prices quoted to this customer, overriding the list prices of the offering and the alternative."""

    offering: PriceAmount | None = None
    alternative: PriceAmount | None = None


class Customer(Strict):
    """A present or prospective customer firm, described by its characteristics and observations.

    Customers with observations form the research sample; those with characteristics only are
    prospects the analysis can rank but not value.
    """

    id: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^\S+$")
    ]
    name: Name
    status: CustomerStatus = "present"
    subsegment: Name | None = Field(
        None, description="Assigned subsegment; derived from the rules if absent."
    )
    salesperson: Text | None = None
    characteristics: dict[Name, Amount | str] = Field(default_factory=dict)
    observations: dict[Name, Observation] = Field(default_factory=dict)
    prices: CustomerPrices | None = None
