"""One customer's data as a form: its own fields, a value per characteristic, and a cell per driver.

A cell is what the research gathered for one driver: the value, where it comes from (measured,
customer estimate, outside study, supplier assumption), how it was obtained, when, and how far it can
be trusted. A cell left without a value is not researched; a value without its source is refused,
because every number in Worth is traceable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, get_args

from django import forms

from worth.apps.core.locking import RevisionField
from worth.apps.valuemodels.builder_forms import number_of as _number
from worth.apps.valuemodels.builder_forms import shown_number
from worth.engine.model.schema import SOURCE_KINDS, CustomerStatus

__all__ = ["Column", "CustomerForm", "Research", "customer_data", "customer_initial"]

SOURCE_WORDS = {kind: kind.replace("-", " ") for kind in SOURCE_KINDS}
CELL_FIELDS = ("value", "source", "method", "date", "reliability")
#: Where the number came from in the research, on the cell's second line of the form.
CITE_FIELDS = ("meeting", "person", "framing")
TEXT_FIELDS = ("method", "reliability", "person", "framing")


@dataclass(frozen=True)
class Research:
    """What the research workspace knows of this customer: its meetings and its managers, to cite."""

    meetings: tuple[tuple[str, str], ...] = ()
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """A characteristic or a driver as the form shows it."""

    name: str
    unit: str = ""
    categories: tuple[str, ...] = ()


class CustomerForm(forms.Form):
    """The customer's fields, then ``char_<i>`` per characteristic and ``cell_<i>_<field>`` per driver."""

    revision = RevisionField(required=False)
    id = forms.RegexField(
        regex=r"^\S{1,40}$",
        label="Customer id",
        help_text="A short code without spaces (NB-L01), the same in every version and file.",
        error_messages={"invalid": "At most 40 characters, without spaces."},
    )
    name = forms.CharField(max_length=200, label="Customer")
    status = forms.ChoiceField(choices=[(s, s) for s in get_args(CustomerStatus)], initial="present")
    subsegment = forms.ChoiceField(required=False, help_text="Empty: decided by the subsegments' rules.")
    salesperson = forms.CharField(max_length=200, required=False)

    def __init__(
        self,
        *args: Any,
        characteristics: Sequence[Column],
        drivers: Sequence[Column],
        subsegments: Sequence[str],
        research: Research | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.characteristics, self.drivers = list(characteristics), list(drivers)
        self.research = research or Research()
        self.fields["subsegment"].choices = [("", "by the rules"), *[(s, s) for s in subsegments]]  # type: ignore[attr-defined]
        for i, column in enumerate(self.characteristics):
            label = f"{column.name}{f' ({column.unit})' if column.unit else ''}"
            if column.categories:
                choices = [("", "—"), *[(c, c) for c in column.categories]]
                self.fields[f"char_{i}"] = forms.ChoiceField(label=label, choices=choices, required=False)
            else:
                self.fields[f"char_{i}"] = forms.DecimalField(
                    label=label, required=False, max_digits=24, decimal_places=8
                )
        for i, column in enumerate(self.drivers):
            prefix = f"cell_{i}_"
            self.fields[prefix + "value"] = forms.DecimalField(
                label=f"{column.name} ({column.unit})", required=False, max_digits=24, decimal_places=8
            )
            self.fields[prefix + "source"] = forms.ChoiceField(
                label=f"Source of {column.name}",
                required=False,
                choices=[("", "—"), *SOURCE_WORDS.items()],
            )
            self.fields[prefix + "method"] = forms.CharField(
                label=f"Method for {column.name}", required=False, max_length=500
            )
            self.fields[prefix + "date"] = forms.DateField(label=f"Date of {column.name}", required=False)
            self.fields[prefix + "reliability"] = forms.CharField(
                label=f"Reliability of {column.name}", required=False, max_length=500
            )
            self._cite_fields(prefix, column)

    def _cite_fields(self, prefix: str, column: Column) -> None:
        """The meeting and the person a number came from: the research's, or typed when it has none."""
        if self.research.meetings:
            given = str(self.initial.get(prefix + "meeting") or "")
            known = dict(self.research.meetings)
            extra = [(given, given)] if given and given not in known else []
            self.fields[prefix + "meeting"] = forms.ChoiceField(
                label=f"Meeting {column.name} came from",
                required=False,
                choices=[("", "no meeting"), *self.research.meetings, *extra],
            )
        else:
            self.fields[prefix + "meeting"] = forms.DateField(
                label=f"Meeting {column.name} came from", required=False, help_text="The meeting's date."
            )
        person = forms.CharField(label=f"Who gave {column.name}", required=False, max_length=200)
        if self.research.people:
            person.widget.attrs["list"] = "research-people"
        self.fields[prefix + "person"] = person
        self.fields[prefix + "framing"] = forms.CharField(
            label=f"Proxy or framing of {column.name}", required=False, max_length=1000
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for i, column in enumerate(self.drivers):
            value, source = cleaned.get(f"cell_{i}_value"), cleaned.get(f"cell_{i}_source")
            if value is not None and not source:
                self.add_error(f"cell_{i}_source", f"Say where the value of {column.name} comes from.")
            meeting = cleaned.get(f"cell_{i}_meeting")
            if isinstance(meeting, str) and meeting:
                try:
                    cleaned[f"cell_{i}_meeting"] = date.fromisoformat(meeting)
                except ValueError:
                    self.add_error(f"cell_{i}_meeting", f"“{meeting[:20]}” is not a date as YYYY-MM-DD.")
            if value is None and any(
                cleaned.get(f"cell_{i}_{f}") for f in ("source", *TEXT_FIELDS, "meeting")
            ):
                self.add_error(
                    f"cell_{i}_value", f"A value for {column.name}, or leave its other fields empty."
                )
        return cleaned

    def own_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("id", "name", "status", "subsegment", "salesperson")]

    def characteristic_rows(self) -> list[tuple[Column, forms.BoundField]]:
        return [(c, self[f"char_{i}"]) for i, c in enumerate(self.characteristics)]

    def cell_rows(self) -> list[tuple[Column, list[forms.BoundField], list[forms.BoundField]]]:
        """Per driver: the number's fields, then where in the research it came from."""
        return [
            (c, [self[f"cell_{i}_{f}"] for f in CELL_FIELDS], [self[f"cell_{i}_{f}"] for f in CITE_FIELDS])
            for i, c in enumerate(self.drivers)
        ]


def customer_initial(
    data: Mapping[str, Any], form_columns: tuple[Sequence[Column], Sequence[Column]]
) -> dict[str, Any]:
    """The form's initial values from a customer part's data."""
    characteristics, drivers = form_columns
    initial: dict[str, Any] = {k: data.get(k) for k in ("id", "name", "status", "subsegment", "salesperson")}
    own = data.get("characteristics") or {}
    for i, column in enumerate(characteristics):
        initial[f"char_{i}"] = own.get(column.name)
    cells = data.get("observations") or {}
    for i, column in enumerate(drivers):
        for field in (*CELL_FIELDS, *CITE_FIELDS):
            initial[f"cell_{i}_{field}"] = (cells.get(column.name) or {}).get(field)
    return {k: shown_number(v) for k, v in initial.items() if v is not None}


def _cell(cleaned: Mapping[str, Any], prefix: str, value: Decimal) -> dict[str, Any]:
    """One observation from the form: the number, its source, and only the provenance given."""
    cell: dict[str, Any] = {"value": _number(value), "source": cleaned[prefix + "source"]}
    for field in TEXT_FIELDS:
        if cleaned.get(prefix + field):
            cell[field] = cleaned[prefix + field]
    for field in ("date", "meeting"):
        if cleaned.get(prefix + field):
            cell[field] = cleaned[prefix + field].isoformat()
    return cell


def customer_data(form: CustomerForm, existing: Mapping[str, Any]) -> dict[str, Any]:
    """The customer's data from a valid form, over what it held (prices and unknown columns kept)."""
    cleaned = form.cleaned_data
    data: dict[str, Any] = {k: v for k, v in existing.items() if k not in ("characteristics", "observations")}
    for key in ("id", "name", "status", "subsegment", "salesperson"):
        value = cleaned.get(key)
        if value in ("", None) or (key == "status" and value == "present"):
            data.pop(key, None)
        else:
            data[key] = value
    known = {c.name for c in form.characteristics}
    characteristics = {k: v for k, v in (existing.get("characteristics") or {}).items() if k not in known}
    for i, column in enumerate(form.characteristics):
        value = cleaned.get(f"char_{i}")
        if value not in (None, ""):
            characteristics[column.name] = _number(value) if isinstance(value, Decimal) else value
    if characteristics:
        data["characteristics"] = characteristics
    measured = {d.name for d in form.drivers}
    cells = {k: v for k, v in (existing.get("observations") or {}).items() if k not in measured}
    for i, column in enumerate(form.drivers):
        value = cleaned.get(f"cell_{i}_value")
        if value is None:
            continue
        cells[column.name] = _cell(cleaned, f"cell_{i}_", value)
    if cells:
        data["observations"] = cells
    return data
