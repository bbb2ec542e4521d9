"""The example model as the web tests import it, and its "second round" (one cell changed)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User

from tests.web.conftest import World
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.services import import_model_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
MARGIN_CELL = "Contribution margin per production hour: {value: 9800,"


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def second_round(text: str) -> str:
    """The example with Norrvik Bruk's contribution margin 1,300 higher (9,800 -> 11,100)."""
    assert text.count(MARGIN_CELL) == 1
    return text.replace(MARGIN_CELL, MARGIN_CELL.replace("9800", "11100"))


def import_example(
    world: World, *, text: str | None = None, user: User | None = None, note: str = ""
) -> ValueModelRecord:
    """The example (or ``text``) imported into the world's project by its analyst (or ``user``)."""
    return import_model_text(
        project=world.project,
        text=example_text() if text is None else text,
        filename="m.yaml",
        user=user or world.analyst,
        note=note,
    )
