"""A model this version refuses, or whose values overflow, is explained on every page: never a 500.

``round(x, 309)`` passed the checks and the import of an earlier version and then raised
OverflowError (HTTP 500) on the report, sensitivity, prospects, API summary and value-price pages.
The first model here is stored as such an earlier version would have stored it; the second passes
today's checks but its installation element is worth more than any value can be (an input in the
wrong unit), so the element is not computable for any customer.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.payloads import EXAMPLE
from tests.web.conftest import World
from worth.apps.valuemodels.models import ValueModelRecord

OLD_EQUATION = (
    "Extra installation cost = [Sensor installation hours] x [Fully loaded labour cost per hour] /\n"
    "      [Agreement term]"
)


def _stored(world: World, name: str, text: str) -> ValueModelRecord:
    text = text.replace("name: Nordkap reliability program for pulp and paper mills", f"name: {name}", 1)
    return ValueModelRecord.objects.create(
        project=world.project, name=name, text=text, updated_by=world.analyst
    )


@pytest.fixture
def refused(world: World) -> ValueModelRecord:
    original = EXAMPLE.read_text(encoding="utf-8")
    assert OLD_EQUATION in original
    return _stored(
        world,
        "Rounded",
        original.replace(
            OLD_EQUATION, f"Extra installation cost = round({OLD_EQUATION.split('= ')[1]}, 309)"
        ),
    )


@pytest.fixture
def overflowing(world: World) -> ValueModelRecord:
    original = EXAMPLE.read_text(encoding="utf-8")
    return _stored(
        world, "Huge", original.replace("[Agreement term]", "([Agreement term] x 1e-15 x 1e-15)", 1)
    )


def _pages(record: ValueModelRecord) -> list[str]:
    return [
        reverse("valuemodels:detail", args=[record.pk]),
        reverse("valuemodels:report", args=[record.pk]),
        reverse("valuemodels:sensitivity", args=[record.pk]),
        reverse("valuemodels:sensitivity", args=[record.pk]) + "?sobol=1",
        reverse("valuemodels:prospects", args=[record.pk]),
        f"/api/models/{record.pk}/summary",
        reverse("pricing:value_price", args=[record.project_id])
        + f"?model={record.pk}&subsegment=Large+integrated+mills",
        reverse("pricing:strategy", args=[record.project_id]) + f"?model={record.pk}",
    ]


def test_a_model_this_version_refuses_is_explained_everywhere(
    world: World, refused: ValueModelRecord
) -> None:
    client = world.client_for(world.analyst)
    for url in _pages(refused):
        response = client.get(url)
        assert response.status_code in (200, 422), (url, response.status_code)
        assert "digits must be between -15 and 15" in response.content.decode(), url


def test_an_overflowing_element_is_not_computable_and_named(
    world: World, overflowing: ValueModelRecord
) -> None:
    client = world.client_for(world.analyst)
    for url in _pages(overflowing):
        response = client.get(url)
        assert response.status_code in (200, 422), (url, response.status_code)
        body = response.content.decode()
        assert re.search(r">\s*[-+$]?(inf|nan|infinity)\b", body, re.IGNORECASE) is None, url
        assert "∞" not in body, url
    report = client.get(reverse("valuemodels:report", args=[overflowing.pk])).content.decode()
    assert "Norrvik Bruk</strong>, Sensor installation time: missing a finite result" in report
    sensitivity = client.get(reverse("valuemodels:sensitivity", args=[overflowing.pk]))
    assert sensitivity.status_code == 422
    assert (
        "element &#x27;Sensor installation time&#x27; gives no finite value" in sensitivity.content.decode()
    )
