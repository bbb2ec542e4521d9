"""Template helpers: the change history of a record, in the words a person reads."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

register = template.Library()


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
            changes = [(c.field, c.old, c.new) for c in delta.changes]
        rows.append(
            {
                "when": newer.history_date,
                "who": newer.history_user,
                "kind": {"+": "created", "~": "changed", "-": "deleted"}.get(newer.history_type, "?"),
                "changes": changes,
            }
        )
    return {"rows": rows}
