"""Template helpers: the change history of a record, money and shares in the words a person reads."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model

register = template.Library()


def _shown(field: Any, value: Any) -> Any:
    """A value as the record's page shows it: a choice by its label, a person by their name."""
    if value is None or value == "":
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        if related is None:
            return f"(removed #{value})"
        full_name = getattr(related, "get_full_name", None)
        return (full_name() if callable(full_name) else "") or str(related)
    return value


def _change(record: Model, name: str, old: Any, new: Any) -> tuple[str, Any, Any]:
    """One field's change in words: its label, not its column; names, not ids."""
    try:
        field = record._meta.get_field(name)
    except FieldDoesNotExist:
        return name, old, new
    label = str(getattr(field, "verbose_name", name))
    return label, _shown(field, old), _shown(field, new)


@register.inclusion_tag("core/_history.html")
def history_table(record: Model, limit: int = 20) -> dict[str, Any]:
    """Who changed what and when, with old and new values, newest first."""
    rows: list[dict[str, Any]] = []
    history = getattr(record, "history", None)
    if history is None:
        return {"rows": rows}
    entries = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    for newer, older in zip(entries, [*entries[1:], None], strict=False):
        if len(rows) == limit:
            break
        changes: list[tuple[str, Any, Any]] = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            changes = [_change(record, c.field, c.old, c.new) for c in delta.changes]
        rows.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": {"+": "created", "~": "changed", "-": "deleted"}.get(newer.history_type, "?"),
                "changes": changes,
            }
        )
    return {"rows": rows}


@register.filter
def money(value: float | None, currency: str) -> str:
    """``{{ total|money:model.currency }}``: ``$388,876``; ``n/a`` when not computable."""
    from worth.engine.model.display import format_money

    return "n/a" if value is None else format_money(float(value), currency)


@register.filter
def money_cents(value: float | None, currency: str) -> str:
    """A price per unit, to the cent: ``$203.14``."""
    from worth.engine.model.display import format_money

    return "n/a" if value is None else format_money(float(value), currency, decimals=2)


@register.filter
def money_change(value: float | None, currency: str) -> str:
    """A difference of money with its sign: ``+$5,943``, ``-$120``, ``$0``."""
    from worth.engine.model.display import format_money

    return "n/a" if value is None else format_money(float(value), currency, sign=True)


@register.filter
def percent_change(share: float | None) -> str:
    """A relative change as a signed percentage with one decimal: ``+1.6%``."""
    from worth.engine.model.display import format_percent

    return "n/a" if share is None else format_percent(float(share), decimals=1, sign=True)


@register.filter
def describe(value: Any) -> str:
    """A changed value (a number, a list of assumptions, a whole element) as one readable line."""
    from worth.engine.model.compare import describe_value

    return describe_value(value)


@register.filter
def percent(share: float | None) -> str:
    """A share as a percentage with one decimal: ``0.367`` reads ``36.7%``."""
    from worth.engine.model.display import format_percent

    return "n/a" if share is None else format_percent(float(share), decimals=1)


@register.filter
def words(code: str) -> str:
    """A code of the model file as words: ``point-of-difference`` reads ``point of difference``."""
    return str(code).replace("-", " ")


@register.filter
def cents(value: object, currency: str) -> str:
    """An exact amount to the cent with its currency: ``USD 1,234.50``; ``—`` when there is none."""
    from decimal import Decimal, InvalidOperation

    from worth.engine.finance.wording import money

    if value is None or value == "":
        return "—"
    try:
        return money(Decimal(str(value)), currency)
    except InvalidOperation:
        return str(value)


@register.filter
def share_percent(value: object, decimals: int | None = None) -> str:
    """A share kept as an exact decimal (``"0.35"``) as a percentage: ``35%``; ``—`` when there is none.

    ``decimals`` rounds it (``{{ irr|share_percent:2 }}``: ``9.97%``); without, it is shown exactly.
    """
    from decimal import Decimal, InvalidOperation

    from worth.engine.finance.wording import exact_percent, percent

    if value is None or value == "":
        return "—"
    try:
        share = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return exact_percent(share) if decimals is None else percent(share, int(decimals))


@register.filter
def get_item(mapping: object, key: object) -> object:
    """``{{ by_id|get_item:row.pk }}``: a value of a dict by a key the template holds; None if absent."""
    return mapping.get(key) if isinstance(mapping, dict) else None
