"""The model builder's forms: one per kind of part, its fields named by their path in the model file.

A field ``price.amount`` is posted as ``price__amount``; an empty optional field is left out of the
part, as the model file leaves it out. What the form does not show (a field a newer file carries) is
kept as it was. The part is then put in the model file's own form by its schema class, so a part
saved here and the same part imported from a file are equal, and a version made of either hashes
the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args

from django import forms

from worth.apps.core.locking import RevisionField
from worth.engine.model.parts import PartKind
from worth.engine.model.schema import (
    SOURCE_KINDS,
    AlternativeKind,
    Category,
    CharacteristicKind,
    ClassificationKind,
    ClassificationStatus,
    Direction,
    ElementKind,
    Period,
)

__all__ = ["FIELDS", "PartForm", "from_form", "part_initial"]


@dataclass(frozen=True)
class Spec:
    """One field of a part: its path in the file, its label, its kind of input, and a hint."""

    path: str
    label: str
    kind: str = "text"  # text, long, lines, number, choice, check
    required: bool = False
    choices: Sequence[str] = ()
    help: str = ""
    default: str | None = None  # the schema's default, which the file leaves out


def _choices(literal: Any) -> tuple[str, ...]:
    return tuple(str(word) for word in get_args(literal))


PRICE_HELP = "Money per period, in the model's currency."
PER_HELP = (
    "A numeric customer characteristic the amount is multiplied by (Paper machines); empty: per customer."
)

#: The fields of each kind of part, in the order a person fills them in.
FIELDS: dict[PartKind, tuple[Spec, ...]] = {
    "header": (
        Spec("name", "Model name", required=True),
        Spec("description", "Description", "long"),
        Spec("currency", "Currency", required=True, help="ISO 4217 code: USD, EUR, SEK..."),
        Spec("period", "Period", "choice", True, _choices(Period), "What every value is per.", "yr"),
    ),
    "offering": (
        Spec("name", "Offering", required=True),
        Spec("description", "Description", "long"),
        Spec("price.amount", "Price", "number", required=True, help=PRICE_HELP),
        Spec("price.per", "Price per", help=PER_HELP),
        Spec("price.basis", "Price basis", help="In words: per paper machine per year."),
    ),
    "segment": (
        Spec("name", "Segment", required=True),
        Spec("description", "Description", "long"),
    ),
    "subsegment": (
        Spec("name", "Subsegment", required=True),
        Spec("characteristics", "Defining characteristics", "long", required=True),
        Spec("rule", "Rule", help="Comparisons joined by 'and': [Annual production] >= 400,000"),
        Spec("alternative.kind", "Next-best alternative: kind", "choice", True, _choices(AlternativeKind)),
        Spec("alternative.name", "Next-best alternative", required=True),
        Spec("alternative.description", "What the alternative is", "long"),
        Spec("alternative.price.amount", "Alternative's price", "number", required=True, help=PRICE_HELP),
        Spec("alternative.price.per", "Alternative's price per", help=PER_HELP),
        Spec("alternative.price.basis", "Alternative's price basis"),
    ),
    "characteristic": (
        Spec("name", "Characteristic", required=True),
        Spec("kind", "Kind", "choice", True, _choices(CharacteristicKind), default="numeric"),
        Spec("unit", "Unit", help="For a numeric characteristic: t/yr, m/min."),
        Spec("description", "Description", "long"),
        Spec("categories", "Categories", "lines", help="For a categorical characteristic: one per line."),
    ),
    "driver": (
        Spec("name", "Driver", required=True),
        Spec("unit", "Unit", required=True, help="h/yr, USD/h, t/yr, 1 for a count or share."),
        Spec("description", "Description", "long"),
        Spec("default.value", "Default value", "number", help="Leave empty for no default."),
        Spec("default.source", "Default's source", "choice", choices=("", *SOURCE_KINDS)),
        Spec("default.assumption", "Default's assumption", help="In words, as a customer reads it."),
        Spec("default.reference", "Default's reference", help="Study, document or person it rests on."),
        Spec("default.fallback", "Use the default for customers without data", "check"),
    ),
    "constant": (
        Spec("name", "Constant", required=True),
        Spec("value", "Value", "number", required=True),
        Spec("unit", "Unit", required=True),
        Spec("source", "Source", "choice", True, SOURCE_KINDS),
        Spec("assumption", "Assumption", help="In words."),
        Spec("reference", "Reference"),
    ),
    "quantity": (
        Spec("equation", "Equation", "long", True, help="Its name, =, then the calculation."),
        Spec("unit", "Unit", required=True),
        Spec("description", "Description", "long"),
    ),
    "element": (
        Spec("name", "Value element", required=True),
        Spec("description", "Description", "long"),
        Spec("category", "Category", "choice", True, _choices(Category)),
        Spec("direction", "Direction", "choice", True, _choices(Direction), default="favourable"),
        Spec("kind", "Kind", "choice", True, _choices(ElementKind), default="cost-saving"),
        Spec("equation", "Value word equation", "long", help="Savings = [Hours saved] x [Cost per hour]"),
        Spec("assumptions", "Assumptions", "lines", help="One per line, in words a customer reads."),
    ),
    "placeholder": (
        Spec("name", "Placeholder", required=True),
        Spec("description", "Description", "long"),
        Spec("category", "Category", "choice", True, _choices(Category)),
        Spec("worth", "Qualitative worth", "long", True, help="In the customer's words."),
        Spec("proxy.description", "Proxy", help="A measurable stand-in, if there is one."),
        Spec("proxy.estimate", "Proxy estimate", "number", help="Money per period."),
        Spec("proxy.basis", "Proxy basis"),
    ),
}

CLASSIFY = (
    ("as", "Classification", _choices(ClassificationKind)),
    ("status", "Agreement", _choices(ClassificationStatus)),
)


def _name(path: str) -> str:
    return path.replace(".", "__")


def _field(spec: Spec) -> forms.Field:
    common: dict[str, Any] = {"label": spec.label, "required": spec.required, "help_text": spec.help}
    if spec.kind == "number":
        return forms.DecimalField(**common, max_digits=24, decimal_places=8)
    if spec.kind == "choice":
        words = spec.choices if spec.required else ("", *[c for c in spec.choices if c])
        return forms.ChoiceField(**common, choices=[(w, w.replace("-", " ") or "—") for w in words])
    if spec.kind == "check":
        return forms.BooleanField(**common)
    widget = (
        forms.Textarea(attrs={"rows": 5 if spec.kind == "lines" else 3})
        if spec.kind in ("long", "lines")
        else None
    )
    return forms.CharField(**common, max_length=20_000, strip=True, widget=widget)


class PartForm(forms.Form):
    """The form of one part; an element's also has its classification in each subsegment."""

    revision = RevisionField(required=False)

    def __init__(self, *args: Any, kind: PartKind, subsegments: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.subsegments = list(subsegments) if kind == "element" else []
        for spec in FIELDS[kind]:
            self.fields[_name(spec.path)] = _field(spec)
        for index, subsegment in enumerate(self.subsegments):
            for key, label, words in CLASSIFY:
                self.fields[f"classify_{index}_{key}"] = forms.ChoiceField(
                    label=f"{label} in {subsegment}",
                    choices=[(w, w.replace("-", " ")) for w in words],
                )
            self.fields[f"classify_{index}_note"] = forms.CharField(
                label=f"Note for {subsegment}", required=False, max_length=2000
            )

    def classification_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (s, [self[f"classify_{i}_{key}"] for key in ("as", "status", "note")])
            for i, s in enumerate(self.subsegments)
        ]

    def plain_fields(self) -> list[forms.BoundField]:
        return [self[_name(spec.path)] for spec in FIELDS[self.kind]]


def _get(data: Mapping[str, Any], path: str) -> Any:
    current: Any = data
    for step in path.split("."):
        if not isinstance(current, Mapping) or step not in current:
            return None
        current = current[step]
    return current


def part_initial(kind: PartKind, data: Mapping[str, Any], subsegments: Sequence[str] = ()) -> dict[str, Any]:
    """The form's initial values from a part's data."""
    initial: dict[str, Any] = {}
    for spec in FIELDS[kind]:
        value = _get(data, spec.path)
        if value is None:
            value = spec.default
        value = shown_number(value)
        if spec.kind == "lines" and isinstance(value, list):
            value = "\n".join(str(v) for v in value)
        if value is not None:
            initial[_name(spec.path)] = value
    classification = data.get("classification") or {}
    for index, subsegment in enumerate(subsegments):
        own = classification.get(subsegment) or {}
        initial[f"classify_{index}_as"] = own.get("as", "point-of-parity")
        initial[f"classify_{index}_status"] = own.get("status", "hypothesized")
        initial[f"classify_{index}_note"] = own.get("note", "")
    return initial


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    steps = path.split(".")
    current = data
    for step in steps[:-1]:
        nested = current.get(step)
        if not isinstance(nested, dict):
            nested = {}
            current[step] = nested
        current = nested
    if value is None:
        current.pop(steps[-1], None)
    else:
        current[steps[-1]] = value


def _prune(data: dict[str, Any]) -> dict[str, Any]:
    """Nested groups left empty (no default, no proxy) are removed, as the file leaves them out."""
    for key, value in list(data.items()):
        if isinstance(value, dict):
            _prune(value)
            if not value:
                del data[key]
    return data


def shown_number(value: Any) -> Any:
    """9800.0 shows as 9800 in a form (the file keeps amounts as numbers, whole or not)."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 10**15 else value


def number_of(value: Decimal) -> int | float:
    """A number typed in a form as the model file writes it: whole numbers without a decimal point."""
    return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)


def from_form(form: PartForm, existing: Mapping[str, Any]) -> dict[str, Any]:
    """The part's data from a valid form, over what the part held (fields the form lacks are kept);
    saving it checks it and puts it in the file's form (``records.save_part``)."""
    import copy

    data: dict[str, Any] = copy.deepcopy(dict(existing))
    cleaned = form.cleaned_data
    for spec in FIELDS[form.kind]:
        value = cleaned.get(_name(spec.path))
        if spec.kind == "number":
            value = None if value is None else number_of(value)
        elif spec.kind == "lines":
            value = [line.strip() for line in str(value or "").splitlines() if line.strip()] or None
        elif spec.kind == "check":
            value = True if value else None
        elif value == "" or (spec.default is not None and value == spec.default):
            value = None
        _set(data, spec.path, value)
    if form.kind == "element":
        data["classification"] = {
            subsegment: {
                k: v
                for k, v in (
                    ("as", cleaned[f"classify_{i}_as"]),
                    ("status", cleaned[f"classify_{i}_status"]),
                    ("note", cleaned[f"classify_{i}_note"]),
                )
                if v
            }
            for i, subsegment in enumerate(form.subsegments)
        }
    return _prune(data)
