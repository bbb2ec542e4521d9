"""A value model as the parts a team edits one by one, and back: the records behind a version.

The web app keeps each part of a model (its header, the offering, the segment, every subsegment,
characteristic, driver, constant, quantity, element, placeholder and customer) as a record of its
own, so two people editing two elements never touch the same row, and each part has its own history.
A version is the model these parts make together: :func:`join_parts` builds the plain data the
engine checks (:func:`worth.engine.model.io.parse_model`), and :func:`split_parts` takes a version
(or an imported file) apart again. The two are inverses: ``join_parts(split_parts(data)) == data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from pydantic import BaseModel, ValidationError

from worth.engine.model.compare import Change, field_changes
from worth.engine.model.schema import (
    PERIOD_WORDS,
    Characteristic,
    Constant,
    Customer,
    Driver,
    Element,
    IntermediateQuantity,
    Offering,
    Placeholder,
    Segment,
    Subsegment,
    ValueModel,
)

__all__ = [
    "LISTED",
    "PART_CLASSES",
    "PART_WORDS",
    "Part",
    "PartKind",
    "canonical_part",
    "join_parts",
    "part_changes",
    "part_key",
    "partial_model",
    "spelled_out",
    "split_parts",
]

PartKind = Literal[
    "header",
    "offering",
    "segment",
    "subsegment",
    "characteristic",
    "driver",
    "constant",
    "quantity",
    "element",
    "placeholder",
    "customer",
]

#: The listed kinds and the field of the model file that holds them, in the file's order.
LISTED: dict[PartKind, str] = {
    "subsegment": "subsegments",
    "characteristic": "characteristics",
    "driver": "drivers",
    "constant": "constants",
    "quantity": "quantities",
    "element": "elements",
    "placeholder": "placeholders",
    "customer": "customers",
}

#: The kinds that occur once per model, and the top-level fields of the file they hold.
SINGLE: dict[PartKind, tuple[str, ...]] = {
    "header": ("schema_version", "name", "description", "currency", "period"),
    "offering": ("offering",),
    "segment": ("segment",),
}

#: The schema class that checks one part's data on its own (the header is checked with the model).
PART_CLASSES: dict[PartKind, type[BaseModel]] = {
    "offering": Offering,
    "segment": Segment,
    "subsegment": Subsegment,
    "characteristic": Characteristic,
    "driver": Driver,
    "constant": Constant,
    "quantity": IntermediateQuantity,
    "element": Element,
    "placeholder": Placeholder,
    "customer": Customer,
}

#: Each kind in the words of the pages (singular, plural).
PART_WORDS: dict[PartKind, tuple[str, str]] = {
    "header": ("model", "model"),
    "offering": ("offering", "offering"),
    "segment": ("segment", "segment"),
    "subsegment": ("subsegment", "subsegments"),
    "characteristic": ("customer characteristic", "customer characteristics"),
    "driver": ("driver", "drivers"),
    "constant": ("constant", "constants"),
    "quantity": ("intermediate quantity", "intermediate quantities"),
    "element": ("value element", "value elements"),
    "placeholder": ("placeholder", "placeholders"),
    "customer": ("customer", "customers"),
}

KINDS: tuple[PartKind, ...] = get_args(PartKind)


@dataclass(frozen=True)
class Part:
    """One part: its kind, the key that names it within the model, its place in its list, its data."""

    kind: PartKind
    key: str
    position: int
    data: dict[str, Any]


def part_key(kind: PartKind, data: Mapping[str, Any]) -> str:
    """What names a part: a quantity by the left side of its equation, a customer by its id."""
    if kind in SINGLE:
        return kind
    if kind == "quantity":
        return str(data.get("equation", "")).split("=", 1)[0].strip()
    if kind == "customer":
        return str(data.get("id") or data.get("name", ""))
    return str(data.get("name", ""))


def split_parts(data: Mapping[str, Any]) -> list[Part]:
    """The parts of a model's plain data, in the order of the file."""
    parts: list[Part] = []
    header = {key: data[key] for key in SINGLE["header"] if key in data}
    parts.append(Part("header", "header", 0, header))
    for kind in ("offering", "segment"):
        value = data.get(kind)
        if isinstance(value, Mapping):
            parts.append(Part(kind, kind, 0, dict(value)))
    for kind, field in LISTED.items():
        for position, item in enumerate(data.get(field) or []):
            if isinstance(item, Mapping):
                parts.append(Part(kind, part_key(kind, item), position, dict(item)))
    return parts


def join_parts(parts: Iterable[Part]) -> dict[str, Any]:
    """The model's plain data from its parts (lists ordered by position); what the engine checks."""
    by_kind: dict[str, list[Part]] = {}
    for part in parts:
        by_kind.setdefault(part.kind, []).append(part)
    data: dict[str, Any] = {}
    for part in by_kind.get("header", [])[:1]:
        data.update(part.data)
    for kind in ("offering", "segment"):
        for part in by_kind.get(kind, [])[:1]:
            data[kind] = dict(part.data)
    for kind, field in LISTED.items():
        items = sorted(by_kind.get(kind, []), key=lambda p: (p.position, p.key))
        if items or field == "elements":
            data[field] = [dict(p.data) for p in items]
    return data


def part_changes(
    kind: PartKind, key: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> Iterator[Change]:
    """Field by field, what changed in one part (its history page lists these)."""
    return field_changes(PART_WORDS[kind][0], key, old, new)


def partial_model(data: Mapping[str, Any]) -> ValueModel:
    """What an unfinished model already defines, to check an equation against while it is built.

    A draft without an element, or with a part still wrong, is no model the engine accepts; its
    valid drivers, constants, quantities, characteristics and customers are enough to say whether an
    equation names them right and what unit it comes out in. Parts that do not pass are left out.
    """

    def valid(schema: type[BaseModel], field: str) -> list[Any]:
        kept = []
        for item in data.get(field) or []:
            try:
                kept.append(schema.model_validate(item))
            except ValidationError:
                continue
        return kept

    currency = data.get("currency")
    period = data.get("period", "yr")
    fields: dict[str, Any] = dict(
        name=str(data.get("name") or "Draft"),
        currency=currency if isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency) else "USD",
        period=period if period in PERIOD_WORDS else "yr",
        characteristics=valid(Characteristic, "characteristics"),
        drivers=valid(Driver, "drivers"),
        constants=valid(Constant, "constants"),
        quantities=valid(IntermediateQuantity, "quantities"),
        customers=valid(Customer, "customers"),
        subsegments=[],
        elements=[],
        placeholders=[],
    )
    return ValueModel.model_construct(**fields)


def canonical_part(kind: PartKind, data: Mapping[str, Any]) -> dict[str, Any]:
    """A part's data in the model file's own form: checked by its schema class, defaults left out, so
    a part written in a form, sent to the API or imported from a file is the same data.

    Raises ``pydantic.ValidationError`` when the schema refuses it (the header is checked with the
    whole model, as its fields only mean something there).
    """
    schema = PART_CLASSES.get(kind)
    if schema is None:
        return {"schema_version": 1, **{k: v for k, v in data.items() if v not in ("", None)}}
    checked = schema.model_validate(data)
    return dict(checked.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_defaults=True))


def spelled_out(kind: PartKind, data: Mapping[str, Any]) -> dict[str, Any]:
    """A part's data with its defaults written in (a status that becomes contested reads
    "hypothesized -> contested", not as a status from nothing); the data as it is if it does not pass."""
    schema = PART_CLASSES.get(kind)
    if schema is None:
        return dict(data)
    try:
        return schema.model_validate(data).model_dump(mode="json", by_alias=True, exclude_none=True)
    except ValidationError:
        return dict(data)
