"""The value model as typed data, and as the file format (YAML or JSON) analysts keep in git.

The shape follows the method: an offering and its price, the next-best alternative for each of two
subsegments of one segment, value elements classified per subsegment as points of parity, difference
or contention, each difference or contention expressed by a value word equation with explicit
assumptions, the drivers those equations read with their per-customer observations, and value
placeholders listed beside the money, never inside it.

Structural rules (types, required fields, allowed words) live here; rules that relate one part of the
model to another (a customer's subsegment exists, an equation names known drivers) are checked by
:func:`worth.engine.model.validate.validate_model`, which reports every problem at once.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from worth.engine.model.schema_data import (
    SOURCE_KINDS,
    Amount,
    Characteristic,
    CharacteristicKind,
    Constant,
    Customer,
    CustomerPrices,
    CustomerStatus,
    Driver,
    DriverDefault,
    IntermediateQuantity,
    Name,
    Observation,
    PriceAmount,
    SourceKind,
    Strict,
    Text,
)

__all__ = [
    "SOURCE_KINDS",
    "Alternative",
    "AlternativeKind",
    "Category",
    "Characteristic",
    "CharacteristicKind",
    "Classification",
    "ClassificationKind",
    "ClassificationStatus",
    "Constant",
    "Customer",
    "CustomerPrices",
    "CustomerStatus",
    "Direction",
    "Driver",
    "DriverDefault",
    "Element",
    "ElementKind",
    "IntermediateQuantity",
    "Observation",
    "Offering",
    "Placeholder",
    "Price",
    "Proxy",
    "Segment",
    "SourceKind",
    "Subsegment",
    "ValueModel",
]

AlternativeKind = Literal["competitor", "make-yourself", "do-nothing", "previous-offering"]
Category = Literal["technical", "economic", "service", "social"]
Direction = Literal["favourable", "unfavourable"]
ElementKind = Literal["cost-saving", "incremental-profit"]
ClassificationKind = Literal["point-of-parity", "point-of-difference", "point-of-contention"]
ClassificationStatus = Literal["hypothesized", "agreed-by-customer", "contested"]
Period = Literal["yr", "quarter", "month", "week", "day"]

#: The periods' words for people.
PERIOD_WORDS: dict[str, str] = {
    "yr": "year",
    "quarter": "quarter",
    "month": "month",
    "week": "week",
    "day": "day",
}


class Price(Strict):
    """A price per period: ``amount``, optionally times a numeric customer characteristic (``per``).

    ``per: Paper machines`` with ``amount: 96000`` prices the offering at 96,000 per paper machine, so a
    mill with three machines pays 288,000 per period.
    """

    amount: PriceAmount = Field(description="Price per period (per unit of `per`).")
    per: Name | None = Field(None, description="Numeric customer characteristic the amount is multiplied by.")
    basis: Text = Field("", description="The price basis in words: 'per paper machine per year'.")


class Offering(Strict):
    """The supplier's market offering under study."""

    name: Name
    description: Text = ""
    price: Price


class Alternative(Strict):
    """The next-best alternative a subsegment's customers would otherwise choose."""

    kind: AlternativeKind
    name: Name
    description: Text = ""
    price: Price


class Segment(Strict):
    """The market segment studied."""

    name: Name
    description: Text = ""


class Subsegment(Strict):
    """One of the two subsegments, defined by customer characteristics, with its next-best alternative.

    ``rule`` states the definition so the engine can assign prospects and check assignments, for
    example ``[Annual production] >= 400,000`` or ``[Region] = "Nordic" and [Paper machines] >= 2``.
    """

    name: Name
    characteristics: Text = Field(min_length=1, description="The defining characteristics in words.")
    rule: Text | None = Field(None, description="The definition as comparisons joined by 'and'.")
    alternative: Alternative


class Classification(Strict):
    """How an element compares with the alternative in one subsegment, and how sure that is."""

    as_: ClassificationKind = Field(alias="as")
    status: ClassificationStatus = "hypothesized"
    note: Text = ""


class Element(Strict):
    """A value element: a benefit (or a disadvantage) relative to the next-best alternative.

    The word equation computes the size of the element in money per period as a positive amount;
    an unfavourable element is subtracted from the total. A point of parity needs no equation.
    """

    name: Name
    description: Text = ""
    category: Category
    direction: Direction = "favourable"
    kind: ElementKind = "cost-saving"
    classification: dict[Name, Classification] = Field(description="Per subsegment name.")
    equation: Text | None = Field(None, description="Value word equation: 'Savings = [A] x [B]'.")
    assumptions: list[Text] = Field(default_factory=list)


class Proxy(Strict):
    """How a placeholder's worth might be estimated one day."""

    description: Text = Field(min_length=1)
    estimate: Amount | None = Field(None, description="Money per period, if any.")
    basis: Text = ""


class Placeholder(Strict):
    """Worth something but not quantified (often social): listed beside the model, never added."""

    name: Name
    description: Text = ""
    category: Category
    worth: Text = Field(min_length=1, description="Qualitative worth, in the customer's words.")
    proxy: Proxy | None = None


class ValueModel(Strict):
    """A complete customer value model: the file format and the engine's input."""

    schema_ref: str | None = Field(None, alias="$schema", description="JSON Schema address for editors.")
    schema_version: Literal[1] = 1
    name: Name
    description: Text = ""
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, such as USD or EUR.")
    period: Period = "yr"
    offering: Offering
    segment: Segment
    subsegments: list[Subsegment] = Field(
        min_length=1,
        max_length=2,
        description="One or two subsegments: the method studies at most two at a time; one studies a "
        "segment (or a whole segment without subsegments) and then no subsegments are compared.",
    )
    characteristics: list[Characteristic] = Field(default_factory=list)
    drivers: list[Driver] = Field(default_factory=list)
    constants: list[Constant] = Field(default_factory=list)
    quantities: list[IntermediateQuantity] = Field(default_factory=list)
    elements: list[Element] = Field(min_length=1)
    placeholders: list[Placeholder] = Field(default_factory=list)
    customers: list[Customer] = Field(default_factory=list)

    def subsegment(self, name: str) -> Subsegment:
        """The subsegment called ``name`` (a ``KeyError`` names the known ones)."""
        for sub in self.subsegments:
            if sub.name == name:
                return sub
        raise KeyError(f"no subsegment {name!r}; the model has {[s.name for s in self.subsegments]}")

    def driver(self, name: str) -> Driver:
        """The driver called ``name``."""
        for driver in self.drivers:
            if driver.name == name:
                return driver
        raise KeyError(f"no driver {name!r}")

    def to_data(self) -> dict[str, Any]:
        """Plain data as written to a file (aliases such as ``as``, no empty defaults)."""
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True)
        return {"schema_version": self.schema_version, **data}


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the model file (``worth model schema``)."""
    schema = ValueModel.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "Worth value model",
    }
