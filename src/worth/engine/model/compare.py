"""What changed between two versions of a value model, part by part and field by field.

A team reads a comparison to see what moved a total: an element's equation, an assumption, a
customer's measured value. So the changes are named as people name them (the element, the customer
and driver of a data cell, the field in words), not as paths in a file, and the totals per subsegment
before and after sit beside them.

Named parts are matched by name (customers by id), so a renamed element reads as one removed and one
added; that is what happened to every equation that refers to it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from worth.engine.model.analysis import ModelAnalysis, analyse_model
from worth.engine.model.schema import (
    SOURCE_KINDS,
    AlternativeKind,
    ClassificationKind,
    ClassificationStatus,
    ElementKind,
    ValueModel,
)

__all__ = [
    "Change",
    "ChangeKind",
    "ModelComparison",
    "TotalChange",
    "comparable_data",
    "compare",
    "compare_data",
    "compare_models",
    "compare_totals",
    "content_counts",
    "describe_value",
    "field_changes",
]

ChangeKind = Literal["added", "removed", "changed"]

#: The parts of a model in the order a comparison lists them, with the key that names an item.
PARTS: tuple[tuple[str, str, str], ...] = (
    ("subsegments", "subsegment", "name"),
    ("characteristics", "characteristic", "name"),
    ("drivers", "driver", "name"),
    ("constants", "constant", "name"),
    ("quantities", "quantity", "equation"),
    ("elements", "element", "name"),
    ("placeholders", "placeholder", "name"),
)

#: Fields in the words of the pages (a dotted path not listed reads with its dots as " · ").
FIELD_WORDS: dict[str, str] = {
    "as": "classification",
    "alternative.price.amount": "alternative price",
    "alternative.price.per": "alternative price per",
    "alternative.name": "alternative",
    "alternative.kind": "kind of alternative",
    "price.amount": "price",
    "offering.price.amount": "offering price",
    "offering.price.per": "offering price per",
    "offering.price.basis": "offering price basis",
    "default.value": "default value",
    "default.source": "default source",
    "default.assumption": "default assumption",
    "default.fallback": "default used for customers without data",
    "proxy.estimate": "proxy estimate",
    "prices.offering": "price quoted for the offering",
    "prices.alternative": "price quoted for the alternative",
}


@dataclass(frozen=True)
class Change:
    """One difference: ``part`` (element, driver, data cell...), the item's name, the field, old and new.

    ``old`` is ``None`` for an addition and ``new`` for a removal; ``field`` is empty when the whole
    item was added or removed.
    """

    kind: ChangeKind
    part: str
    name: str
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TotalChange:
    """A subsegment's total value per customer before and after (``nan`` where it has no sample)."""

    subsegment: str
    customers_before: int
    customers_after: int
    mean_before: float
    mean_after: float

    @property
    def difference(self) -> float:
        return self.mean_after - self.mean_before

    @property
    def share(self) -> float:
        """The difference as a share of the mean before (``nan`` when that is zero or missing)."""
        if not math.isfinite(self.mean_before) or self.mean_before == 0:
            return math.nan
        return self.difference / abs(self.mean_before)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested mappings as dotted keys; lists and scalars stay whole (an assumptions list is one field)."""
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


#: The fields of an element's classification in one subsegment (``classification.<subsegment>.<key>``).
CLASSIFICATION_WORDS = {"as": "classification", "status": "agreement", "note": "classification note"}

#: The method's hyphenated words as a sentence writes them ("point-of-difference": "point of difference").
VALUE_WORDS: dict[str, str] = {
    word: word.replace("-", " ")
    for word in (
        *get_args(ClassificationKind),
        *get_args(ClassificationStatus),
        *get_args(AlternativeKind),
        *get_args(ElementKind),
        *SOURCE_KINDS,
    )
}


def _words(field: str) -> str:
    head, _, rest = field.partition(".")
    if head == "classification" and "." in rest:
        subsegment, _, key = rest.rpartition(".")
        return f"{CLASSIFICATION_WORDS.get(key, key)} in {subsegment}"
    return FIELD_WORDS.get(field, field.replace(".", " · "))


def field_changes(part: str, name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Change]:
    flat_old, flat_new = _flatten(old), _flatten(new)
    for field in [*flat_old, *(k for k in flat_new if k not in flat_old)]:
        before, after = flat_old.get(field), flat_new.get(field)
        if before != after:
            kind: ChangeKind = "added" if before is None else "removed" if after is None else "changed"
            yield Change(kind, part, name, _words(field), before, after)


def _quantity_name(item: Mapping[str, Any]) -> str:
    return str(item["equation"]).split("=", 1)[0].strip()


def _keyed(items: Iterable[Mapping[str, Any]], key: str) -> dict[str, Mapping[str, Any]]:
    if key == "equation":
        return {_quantity_name(item): item for item in items}
    return {str(item[key]): item for item in items}


def _named_changes(
    part: str, old: dict[str, Mapping[str, Any]], new: dict[str, Mapping[str, Any]]
) -> Iterator[Change]:
    for name, item in old.items():
        if name not in new:
            yield Change("removed", part, name, "", item, None)
        elif item != new[name]:
            yield from field_changes(part, name, item, new[name])
    for name, item in new.items():
        if name not in old:
            yield Change("added", part, name, "", None, item)


def _customer_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Iterator[Change]:
    """Customers added or removed, their own fields, and every data cell (characteristic or observation)."""
    before, after = _keyed(old, "id"), _keyed(new, "id")
    for cid, customer in before.items():
        if cid not in after:
            yield Change("removed", "customer", str(customer["name"]), "", customer, None)
    for cid, customer in after.items():
        name = str(customer["name"])
        if cid not in before:
            yield Change("added", "customer", name, "", None, customer)
            continue
        was = before[cid]
        if was == customer:
            continue
        own = ("characteristics", "observations")
        yield from field_changes(
            "customer",
            name,
            {k: v for k, v in was.items() if k not in own},
            {k: v for k, v in customer.items() if k not in own},
        )
        for key in own:
            cells_old, cells_new = was.get(key, {}), customer.get(key, {})
            for column in [*cells_old, *(c for c in cells_new if c not in cells_old)]:
                cell_old, cell_new = cells_old.get(column), cells_new.get(column)
                if cell_old == cell_new:
                    continue
                label = f"{name} · {column}"
                if cell_old is None:
                    yield Change("added", "data cell", label, "", None, cell_new)
                elif cell_new is None:
                    yield Change("removed", "data cell", label, "", cell_old, None)
                elif isinstance(cell_old, Mapping) and isinstance(cell_new, Mapping):
                    yield from field_changes("data cell", label, cell_old, cell_new)
                else:
                    yield Change("changed", "data cell", label, "value", cell_old, cell_new)


def compare_models(old: ValueModel, new: ValueModel) -> list[Change]:
    """Every difference from ``old`` to ``new``: the model's own fields, each part, then the customers.

    Defaults are spelled out, so a classification that becomes contested reads "hypothesized ->
    contested", not as a status that appeared from nothing.
    """
    return compare_data(comparable_data(old), comparable_data(new))


def comparable_data(model: ValueModel) -> dict[str, Any]:
    """The model as plain data with its defaults spelled out, as :func:`compare_data` compares it."""
    data = model.model_dump(mode="json", by_alias=True, exclude_none=True)
    data.pop("$schema", None)
    return data


def compare_data(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Change]:
    """:func:`compare_models` on plain data: both sides written the same way (defaults or not)."""
    listed = {key for key, _, _ in PARTS} | {"customers"}
    changes = list(
        field_changes(
            "model",
            str(b.get("name", "")),
            {k: v for k, v in a.items() if k not in listed and k != "$schema"},
            {k: v for k, v in b.items() if k not in listed and k != "$schema"},
        )
    )
    for key, part, name_key in PARTS:
        changes += _named_changes(part, _keyed(a.get(key, []), name_key), _keyed(b.get(key, []), name_key))
    changes += _customer_changes(a.get("customers", []), b.get("customers", []))
    return changes


def content_counts(changes: Iterable[Change]) -> dict[str, int]:
    """How many items of each part changed in any way (an element with two changed fields counts once)."""
    seen: dict[str, set[str]] = {}
    for change in changes:
        seen.setdefault(change.part, set()).add(change.name)
    return {part: len(names) for part, names in seen.items()}


def compare_totals(old: ModelAnalysis, new: ModelAnalysis) -> list[TotalChange]:
    """The total value per customer of every subsegment in either version, before and after."""
    names = list(old.subsegments) + [s for s in new.subsegments if s not in old.subsegments]
    rows = []
    for name in names:
        was, now = old.totals.get(name), new.totals.get(name)
        rows.append(
            TotalChange(
                subsegment=name,
                customers_before=was.n if was else 0,
                customers_after=now.n if now else 0,
                mean_before=was.mean if was else math.nan,
                mean_after=now.mean if now else math.nan,
            )
        )
    return rows


@dataclass(frozen=True)
class ModelComparison:
    """What changed from one version to the next, and what it did to the totals.

    ``currency`` is the newer version's; ``same_currency`` is false when the two versions count money
    in different currencies, and then their totals are not comparable.
    """

    changes: list[Change]
    totals: list[TotalChange]
    currency: str
    same_currency: bool

    @property
    def counts(self) -> dict[str, int]:
        return content_counts(self.changes)


def compare(old: ValueModel, new: ValueModel) -> ModelComparison:
    """The comparison the version page, the comparison page and ``worth model diff`` show."""
    return ModelComparison(
        changes=compare_models(old, new),
        totals=compare_totals(analyse_model(old), analyse_model(new)),
        currency=new.currency,
        same_currency=old.currency == new.currency,
    )


#: The fields that say most about a whole item added or removed, in this order.
_HEADLINE = ("equation", "value", "unit", "as", "worth", "characteristics", "description")


def describe_value(value: Any, *, limit: int = 300) -> str:
    """A value as one readable line: a list joined by "; ", a whole item by its telling fields."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return f"{value:,}"
    if isinstance(value, str) and value in VALUE_WORDS:
        return VALUE_WORDS[value]
    if isinstance(value, list | tuple):
        text = "; ".join(describe_value(v, limit=limit) for v in value)
    elif isinstance(value, Mapping):
        flat = _flatten(value)
        keys = [k for k in _HEADLINE if k in flat] or list(flat)
        text = ", ".join(f"{_words(k)}: {describe_value(flat[k], limit=limit)}" for k in keys[:3])
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
