"""A research cell cites the meeting and the person it came from; a perception cell its proxy or framing.

The customer's page offers the research customer's own meetings and managers (the customer taking
part in the project under the same id), the grid marks a perception cell that gives neither a proxy
nor the customer's framing, and the grid's files carry the new columns both ways.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, import_example
from tests.web.forms import opened_form
from worth.apps.research.models import Contact, Customer, Meeting, Participation
from worth.engine.model.grid_import import apply_cells
from worth.engine.model.io import read_model_text

MARGIN = "Contribution margin per production hour"


def _research(world: World) -> Meeting:
    mill = Customer.objects.create(name="Norrvik Bruk")
    Contact.objects.create(customer=mill, name="Mill controller", function="Finance")
    taking_part = Participation.objects.create(project=world.project, customer=mill, model_id="NB-L01")
    return Meeting.objects.create(participation=taking_part, held=date(2026, 10, 12))


def test_a_cell_cites_the_research_meeting_and_the_person_and_the_grid_shows_it(world: World) -> None:
    record = import_example(world)
    _research(world)
    client = world.client_for(world.analyst)
    norrvik = record.parts.get(kind="customer", key="NB-L01")
    url = reverse("valuemodels:part", args=[record.pk, norrvik.pk])
    page = client.get(url).content.decode()
    assert '<option value="2026-10-12">Initial meeting, 2026-10-12</option>' in page
    assert '<option value="Mill controller">' in page  # the research's managers, offered to the person field
    assert "Rests on perception: give the proxy measured instead" in page  # the margin is a customer estimate
    drivers = [p.key for p in record.parts.filter(kind="driver").order_by("position")]
    i = drivers.index(MARGIN)
    fields = opened_form(client, url)
    fields[f"cell_{i}_meeting"] = "2026-10-12"
    fields[f"cell_{i}_person"] = "Mill controller"
    fields[f"cell_{i}_framing"] = "Price less variable cost of a tonne, times tonnes an hour"
    assert client.post(url, fields).status_code == 302
    cell = record.parts.get(kind="customer", key="NB-L01").data["observations"][MARGIN]
    assert (cell["meeting"], cell["person"]) == ("2026-10-12", "Mill controller")
    client.post(reverse("valuemodels:draft-save", args=[record.pk]), {"note": "Cited"})
    grid = client.get(reverse("valuemodels:data", args=[record.pk])).content.decode()
    assert (
        "from the research meeting of 2026-10-12 · given by the Mill controller" not in grid
    )  # a name, as typed
    assert (
        "from the research meeting of 2026-10-12 · given by Mill controller · framed as: Price less" in grid
    )
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("valuemodels:data-file", args=[record.pk, "csv"])).content.decode()
            )
        )
    )
    margin = next(r for r in rows if r["customer_id"] == "NB-L01" and r["column"] == MARGIN)
    assert (margin["meeting"], margin["person"]) == ("2026-10-12", "Mill controller")


def test_perception_cells_without_a_proxy_or_framing_are_counted_and_marked(world: World) -> None:
    record = import_example(world)
    text = world.client_for(world.analyst).get(reverse("valuemodels:data", args=[record.pk])).content.decode()
    model = read_model_text(example_text()).model
    by_hand = sum(
        1
        for c in model.customers
        for o in c.observations.values()
        if o.source in ("customer-estimate", "supplier-assumption") and not o.framing
    )
    assert by_hand > 0
    assert f"{by_hand} cells rest on perception with no proxy or framing" in text
    assert text.count("unframed") >= by_hand


def test_a_meeting_that_is_not_a_date_is_refused_by_its_field(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    norrvik = record.parts.get(kind="customer", key="NB-L01")
    url = reverse("valuemodels:part", args=[record.pk, norrvik.pk])
    fields = opened_form(client, url)
    drivers = [p.key for p in record.parts.filter(kind="driver").order_by("position")]
    i = drivers.index(MARGIN)
    fields[f"cell_{i}_meeting"] = "last Tuesday"  # no research meeting: the field is a date
    response = client.post(url, fields)
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()
    kept = record.parts.get(kind="customer", key="NB-L01").data["observations"][MARGIN]
    assert kept["meeting"] == "2024-02-05"  # as the example file has it: nothing was written


def test_a_table_without_the_new_columns_keeps_what_the_cell_cited(world: World) -> None:
    base = read_model_text(example_text()).model
    cited = apply_cells(
        base,
        [
            {
                "customer_id": "NB-L01",
                "column": MARGIN,
                "value": "9800",
                "source": "customer-estimate",
                "meeting": "2026-10-12",
                "person": "Mill controller",
                "framing": "From the budget",
            }
        ],
        header=["customer_id", "column", "value", "source", "meeting", "person", "framing"],
    )
    old_table = apply_cells(
        cited,
        [{"customer_id": "NB-L01", "column": MARGIN, "value": "10100", "source": "customer-estimate"}],
        header=["customer_id", "column", "value", "source"],
    )
    cell = next(c for c in old_table.customers if c.id == "NB-L01").observations[MARGIN]
    assert cell.value == 10100
    assert (str(cell.meeting), cell.person, cell.framing) == (
        "2026-10-12",
        "Mill controller",
        "From the budget",
    )
    emptied = apply_cells(
        cited,
        [{"customer_id": "NB-L01", "column": MARGIN, "value": "10100", "source": "measured", "person": ""}],
        header=["customer_id", "column", "value", "source", "person"],
    )
    assert next(c for c in emptied.customers if c.id == "NB-L01").observations[MARGIN].person == ""
