"""Building a model in the browser: from nothing to a checked version, part by part, with history and locks.

The model a team builds through the forms is compared with the same model written by hand in the
file format: the version the builder saves must hold exactly that content (same hash), so a model
built in the browser and one written in git are the same model to every analysis.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, import_example, second_round
from tests.web.forms import form_values, opened_form, post_opened
from worth.apps.valuemodels.models import ModelPart, ValueModelRecord
from worth.engine.model.canonical import content_sha256
from worth.engine.model.io import read_model_text

#: The model the test builds, as an analyst would write it in the file format.
BY_HAND = """
schema_version: 1
name: Sealed bearings for small mills
currency: EUR
offering:
  name: Sealed bearings
  price: {amount: 12000}
segment:
  name: Paper mills
subsegments:
  - name: Small mills
    characteristics: One paper machine.
    alternative:
      kind: competitor
      name: Open bearings
      price: {amount: 7500}
drivers:
  - name: Downtime hours saved
    unit: h/yr
    default:
      value: 14
      source: outside-study
      assumption: Fourteen hours a year fewer stops, from the pilot mills.
      fallback: true
constants:
  - name: Margin per hour
    value: 850
    unit: EUR/h
    source: supplier-assumption
    assumption: Contribution margin of a small machine.
elements:
  - name: Less unplanned downtime
    category: economic
    kind: incremental-profit
    equation: "Downtime value = [Downtime hours saved] x [Margin per hour]"
    assumptions: [Margin is lost for every hour of stop]
    classification:
      Small mills: {as: point-of-difference, status: agreed-by-customer}
"""


def _start(client: Client, world: World) -> ValueModelRecord:
    response = client.post(
        reverse("valuemodels:new", args=[world.project.pk]),
        {
            "name": "Sealed bearings for small mills",
            "currency": "EUR",
            "offering": "Sealed bearings",
            "price": "12000",
            "segment": "Paper mills",
        },
    )
    assert response.status_code == 302
    record = ValueModelRecord.objects.get(name="Sealed bearings for small mills")
    assert response["Location"] == reverse("valuemodels:build", args=[record.pk])
    return record


def _add(client: Client, record: ValueModelRecord, kind: str, data: dict[str, Any]) -> Any:
    return post_opened(client, reverse("valuemodels:part-new", args=[record.pk, kind]), data)


def _build(client: Client, record: ValueModelRecord) -> None:
    subsegment = {
        "name": "Small mills",
        "characteristics": "One paper machine.",
        "alternative__kind": "competitor",
        "alternative__name": "Open bearings",
        "alternative__price__amount": "7500",
    }
    assert _add(client, record, "subsegment", subsegment).status_code == 302
    driver = {
        "name": "Downtime hours saved",
        "unit": "h/yr",
        "default__value": "14",
        "default__source": "outside-study",
        "default__assumption": "Fourteen hours a year fewer stops, from the pilot mills.",
        "default__fallback": "on",
    }
    assert _add(client, record, "driver", driver).status_code == 302
    constant = {
        "name": "Margin per hour",
        "value": "850",
        "unit": "EUR/h",
        "source": "supplier-assumption",
        "assumption": "Contribution margin of a small machine.",
    }
    assert _add(client, record, "constant", constant).status_code == 302
    element = {
        "name": "Less unplanned downtime",
        "category": "economic",
        "direction": "favourable",
        "kind": "incremental-profit",
        "equation": "Downtime value = [Downtime hours saved] x [Margin per hour]",
        "assumptions": "Margin is lost for every hour of stop\n",
        "classify_0_as": "point-of-difference",
        "classify_0_status": "agreed-by-customer",
    }
    assert _add(client, record, "element", element).status_code == 302


def test_a_model_built_from_nothing_is_the_model_written_by_hand(world: World) -> None:
    client = world.client_for(world.analyst)
    record = _start(client, world)
    assert not record.versions.exists()
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "no version saved yet" in page
    assert "problem" in page  # no subsegment, no element yet: the engine says so
    # The model's page sends a model without a version to its builder, not to an error.
    detail = client.get(reverse("valuemodels:detail", args=[record.pk]))
    assert detail["Location"] == reverse("valuemodels:build", args=[record.pk])

    _build(client, record)
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "passes every check" in page
    response = client.post(
        reverse("valuemodels:draft-save", args=[record.pk]), {"note": "Built in the workshop"}
    )
    version = record.versions.get()
    assert response["Location"] == version.get_absolute_url()
    assert (version.number, version.note, version.created_by) == (1, "Built in the workshop", world.analyst)
    by_hand = read_model_text(BY_HAND).model
    assert version.sha256 == content_sha256(by_hand)
    # The model file is now the canonical export of the parts, and reads back to the same model.
    record.refresh_from_db()
    assert read_model_text(record.text).model == by_hand
    assert record.content_sha256 == version.sha256
    # The version is what every analysis reads: the summary names the built subsegment.
    summary = client.get(reverse("api:model_summary", args=[record.pk])).json()
    assert [s["subsegment"] for s in summary["subsegments"]] == ["Small mills"]


def test_an_empty_or_wrong_field_is_refused_by_name_and_nothing_is_written(world: World) -> None:
    client = world.client_for(world.analyst)
    record = _start(client, world)
    before = ModelPart.objects.count()
    response = _add(client, record, "driver", {"name": "Hours", "unit": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    response = _add(
        client,
        record,
        "constant",
        {"name": "Rate", "value": "eight hundred", "unit": "EUR/h", "source": "supplier-assumption"},
    )
    assert response.status_code == 400
    assert "Enter a number" in response.content.decode()
    assert "eight hundred" in response.content.decode()  # the data as it was, to correct
    response = _add(client, record, "driver", {"name": "Hours", "unit": "h/yr", "default__value": "3"})
    assert response.status_code == 400  # a default needs its source and assumption
    assert "default.source" in response.content.decode()
    assert ModelPart.objects.count() == before
    # A name taken by another part of its kind.
    assert _add(client, record, "driver", {"name": "Hours", "unit": "h/yr"}).status_code == 302
    response = _add(client, record, "driver", {"name": "Hours", "unit": "h"})
    assert response.status_code == 400
    assert "already called" in response.content.decode()
    response = client.post(
        reverse("valuemodels:new", args=[world.project.pk]),
        {"name": record.name, "currency": "EUR", "offering": "X", "price": "1", "segment": "Y"},
    )
    assert response.status_code == 400
    assert "already has a model called" in response.content.decode()


def test_a_draft_that_fails_the_checks_is_not_saved_and_says_where(world: World) -> None:
    client = world.client_for(world.analyst)
    record = _start(client, world)
    _build(client, record)
    element = ModelPart.objects.get(model=record, kind="element")
    url = reverse("valuemodels:part", args=[record.pk, element.pk])
    fields = opened_form(client, url)
    fields["equation"] = "Downtime value = [Downtime hours saved] x [Margin per hr]"
    assert client.post(url, fields).status_code == 302
    client.post(reverse("valuemodels:draft-save", args=[record.pk]))
    assert not record.versions.exists()
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "Margin per hr" in page
    assert "Margin per hour" in page  # did you mean


def test_two_people_saving_one_part_the_second_sees_what_the_first_changed(world: World) -> None:
    record = import_example(world)
    element = record.parts.filter(kind="element").order_by("position").first()
    assert element is not None
    url = reverse("valuemodels:part", args=[record.pk, element.pk])
    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    hers, his = opened_form(analyst, url), opened_form(leader, url)
    hers["description"] = "Checked with the maintenance managers"
    assert analyst.post(url, hers).status_code == 302
    his["assumptions"] = his["assumptions"] + "\nOne more assumption"
    response = leader.post(url, his)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Checked with the maintenance managers" in page
    element.refresh_from_db()
    assert element.data["description"] == "Checked with the maintenance managers"
    assert "One more assumption" not in element.data.get("assumptions", [])
    # The form now holds his change over hers: saving again keeps both.
    again = form_values(page)
    assert again["description"] == "Checked with the maintenance managers"
    assert "One more assumption" in again["assumptions"]
    assert leader.post(url, again).status_code == 302
    element.refresh_from_db()
    assert element.data["description"] == "Checked with the maintenance managers"
    assert element.data["assumptions"][-1] == "One more assumption"


def test_two_people_editing_two_parts_both_keep_their_change(world: World) -> None:
    record = import_example(world)
    first, second = list(record.parts.filter(kind="driver").order_by("position")[:2])
    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    url_a = reverse("valuemodels:part", args=[record.pk, first.pk])
    url_b = reverse("valuemodels:part", args=[record.pk, second.pk])
    a, b = opened_form(analyst, url_a), opened_form(leader, url_b)
    a["description"], b["description"] = "Hers", "His"
    assert analyst.post(url_a, a).status_code == 302
    assert leader.post(url_b, b).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.data["description"], second.data["description"]) == ("Hers", "His")
    response = world.client_for(world.analyst).post(reverse("valuemodels:draft-save", args=[record.pk]), {})
    version = record.versions.get(number=2)
    assert response["Location"] == version.get_absolute_url()
    assert version.content is not None
    drivers = {d["name"]: d for d in version.content["drivers"]}
    assert drivers[first.key]["description"] == "Hers"
    assert drivers[second.key]["description"] == "His"


def test_each_part_keeps_its_history_field_by_field_across_imports_and_edits(world: World) -> None:
    record = import_example(world)
    import_example(world, text=second_round(example_text()), user=world.leader)
    norrvik = next(p for p in record.parts.filter(kind="customer") if "Norrvik" in p.data["name"])
    page = world.client_for(world.viewer).get(
        reverse("valuemodels:part-history", args=[record.pk, norrvik.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "observations · Contribution margin per production hour · value" in text
    assert "9800" in text.replace(",", "")
    assert "11100" in text.replace(",", "")
    assert "Team leader" in text


def test_an_import_does_not_replace_a_draft_nobody_saved(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    driver = record.parts.filter(kind="driver").first()
    assert driver is not None
    url = reverse("valuemodels:part", args=[record.pk, driver.pk])
    fields = opened_form(client, url)
    fields["description"] = "Unsaved idea"
    client.post(url, fields)
    response = post_opened(
        client, reverse("valuemodels:import", args=[world.project.pk]), {"text": second_round(example_text())}
    )
    assert response.status_code == 400
    assert "in no version yet" in response.content.decode()
    assert record.versions.count() == 1
    # Discarding the draft puts the part back; then the import goes through.
    client.post(reverse("valuemodels:draft-discard", args=[record.pk]))
    driver.refresh_from_db()
    assert driver.data.get("description") != "Unsaved idea"
    response = post_opened(
        client,
        reverse("valuemodels:import", args=[world.project.pk]),
        {"text": second_round(example_text()), "confirm": "1"},
    )
    assert response.status_code == 302
    assert record.versions.count() == 2


def test_a_removed_part_leaves_the_draft_and_the_checks_say_what_needed_it(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    driver = record.parts.get(kind="driver", key="Contribution margin per production hour")
    response = client.post(
        reverse("valuemodels:part-remove", args=[record.pk, driver.pk]), {"revision": driver.revision}
    )
    assert response.status_code == 302
    assert not record.parts.filter(pk=driver.pk).exists()
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "Contribution margin per production hour" in page  # named by the equations that need it
    assert "problem" in page


def test_a_viewer_reads_the_builder_but_changes_nothing(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.viewer)
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "Add a value element" not in page
    # Money carries its currency: the large mills' alternative costs $29,000 per paper machine.
    assert "$29,000 × paper machines" in page
    assert "3 yr · supplier assumption" in page  # the agreement term, a constant, with its source
    driver = record.parts.filter(kind="driver").first()
    assert driver is not None
    assert client.get(reverse("valuemodels:part", args=[record.pk, driver.pk])).status_code == 403
    assert client.post(reverse("valuemodels:draft-save", args=[record.pk])).status_code == 403


def test_hostile_text_in_a_part_is_shown_as_text(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    payload = '<script>alert("x")</script>'
    assert _add(client, record, "driver", {"name": payload, "unit": "h/yr"}).status_code == 302
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert payload not in page
    assert "&lt;script&gt;" in page


def test_the_classification_grid_changes_every_element_together_or_none(world: World) -> None:
    record = import_example(world)
    url = reverse("valuemodels:classification", args=[record.pk])
    analyst, leader = world.client_for(world.analyst), world.client_for(world.leader)
    grid = opened_form(analyst, url)
    energy = record.parts.get(kind="element", key="Energy")
    delivery = record.parts.get(kind="element", key="Delivery lead time")
    small = [s.key for s in record.parts.filter(kind="subsegment").order_by("position")].index(
        "Small and mid-size mills"
    )
    grid[f"as-{energy.pk}-{small}"] = "point-of-difference"
    grid[f"status-{energy.pk}-{small}"] = "agreed-by-customer"
    grid[f"status-{delivery.pk}-0"] = "contested"
    # Meanwhile someone else changes the delivery element: the whole grid is refused, nothing saved.
    other = opened_form(leader, url)
    other[f"status-{delivery.pk}-0"] = "hypothesized"
    assert leader.post(url, other).status_code == 302
    response = analyst.post(url, grid)
    assert response.status_code == 409
    assert "Delivery lead time" in response.content.decode()
    energy.refresh_from_db()
    assert energy.data["classification"]["Small and mid-size mills"]["as"] == "point-of-contention"
    # Opened again, the same change goes through, both elements at once.
    grid = opened_form(analyst, url)
    grid[f"as-{energy.pk}-{small}"] = "point-of-difference"
    grid[f"status-{energy.pk}-{small}"] = "agreed-by-customer"
    grid[f"status-{delivery.pk}-0"] = "contested"
    assert analyst.post(url, grid).status_code == 302
    energy.refresh_from_db()
    delivery.refresh_from_db()
    small_mills = energy.data["classification"]["Small and mid-size mills"]
    assert (small_mills["as"], small_mills["status"]) == ("point-of-difference", "agreed-by-customer")
    assert small_mills["note"].startswith("Several small mills")  # what the grid does not show is kept
    assert delivery.data["classification"]["Large integrated mills"]["status"] == "contested"
    page = analyst.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "agreement in Small and mid-size mills" in page  # the draft's changes, in words
    assert "classification in Small and mid-size mills" in page


def test_a_customer_s_research_cell_edited_in_its_form_moves_the_total_as_by_hand(world: World) -> None:
    from worth.apps.valuemodels.versions import comparison

    record = import_example(world)
    client = world.client_for(world.analyst)
    norrvik = next(p for p in record.parts.filter(kind="customer") if p.data["name"] == "Norrvik Bruk")
    url = reverse("valuemodels:part", args=[record.pk, norrvik.pk])
    fields = opened_form(client, url)
    drivers = [p.key for p in record.parts.filter(kind="driver").order_by("position")]
    margin = drivers.index("Contribution margin per production hour")
    assert fields[f"cell_{margin}_value"] == "9800"
    fields[f"cell_{margin}_value"] = "11100"
    fields[f"cell_{margin}_method"] = "Controller's figure for 2024"
    assert client.post(url, fields).status_code == 302
    page = client.get(reverse("valuemodels:build", args=[record.pk])).content.decode()
    assert "Norrvik Bruk · Contribution margin per production hour" in page
    client.post(reverse("valuemodels:draft-save", args=[record.pk]), {"note": "Controller's margin"})
    first, second = record.versions.order_by("number")
    totals = {t.subsegment: t for t in comparison(first, second).totals}
    # 1,300 USD more margin per hour on Norrvik's 32 hours of downtime avoided, over 7 large mills.
    assert totals["Large integrated mills"].difference == pytest.approx(1300 * 32 / 7)
    assert totals["Small and mid-size mills"].difference == 0
    cell = next(c for c in second.content["customers"] if c["name"] == "Norrvik Bruk")["observations"][
        "Contribution margin per production hour"
    ]
    assert (cell["value"], cell["method"]) == (11100, "Controller's figure for 2024")


def test_a_new_customer_needs_a_source_for_every_value_and_keeps_what_was_typed(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:part-new", args=[record.pk, "customer"])
    fields = opened_form(client, url)
    fields.update({"id": "NB-L99", "name": "Tall Pines Mill", "status": "present", "cell_0_value": "41"})
    response = client.post(url, fields)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say where the value of Unplanned downtime hours per year, alternative comes from" in page
    assert 'value="41"' in page
    assert not record.parts.filter(kind="customer", key="NB-L99").exists()
    fields["cell_0_source"] = "customer-estimate"
    fields["char_0"] = "250000"
    assert client.post(url, fields).status_code == 302
    added = record.parts.get(kind="customer", key="NB-L99")
    assert added.data["observations"]["Unplanned downtime hours per year, alternative"] == {
        "value": 41,
        "source": "customer-estimate",
    }
    assert added.data["characteristics"] == {"Annual production": 250000}
    # An id another customer has is refused, by its field.
    fields["id"] = "NB-L01"
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "has the id" in response.content.decode()


def test_a_part_moved_up_moves_in_the_file_and_the_summary(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    elements = list(record.parts.filter(kind="element").order_by("position"))
    second = elements[1]
    url = reverse("valuemodels:part-move", args=[record.pk, second.pk])
    assert client.post(url, {"direction": "up", "revision": second.revision}).status_code == 302
    order = list(record.parts.filter(kind="element").order_by("position").values_list("key", flat=True))
    assert order[:2] == [elements[1].key, elements[0].key]
    # A move based on an old revision is refused; the first of a list cannot go further up.
    client.post(url, {"direction": "up", "revision": second.revision})
    first = record.parts.get(pk=second.pk)
    assert first.position == 0
    client.post(url, {"direction": "up", "revision": first.revision})
    assert record.parts.get(pk=second.pk).position == 0
    client.post(reverse("valuemodels:draft-save", args=[record.pk]), {"note": "Lead with consumption"})
    version = record.versions.get(number=2)
    assert version.content is not None
    assert [e["name"] for e in version.content["elements"]][:2] == order[:2]
    changes = client.get(reverse("valuemodels:compare", args=[record.pk]) + "?from=1&to=2")
    assert changes.status_code == 200
