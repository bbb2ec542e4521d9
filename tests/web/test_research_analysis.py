"""The research's analysis page answers seed 002's questions from the latest model version; its figures
are checked against a hand calculation from the model file and scipy's Welch test."""

from __future__ import annotations

import yaml
from django.urls import reverse
from scipy import stats

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example

ALT, OFF = "Unplanned downtime hours per year, alternative", "Unplanned downtime hours per year, offering"
MARGIN = "Contribution margin per production hour"


def downtime_savings() -> dict[str, list[float]]:
    """Unplanned downtime savings per customer, by hand: (hours before - hours after) x margin."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out: dict[str, list[float]] = {}
    for customer in data["customers"]:
        cells = {k: v["value"] for k, v in customer.get("observations", {}).items()}
        if customer.get("subsegment") and ALT in cells and OFF in cells and MARGIN in cells:
            out.setdefault(customer["subsegment"], []).append((cells[ALT] - cells[OFF]) * cells[MARGIN])
    return out


def test_the_analysis_answers_the_research_questions(world: World) -> None:
    url = reverse("research:analysis", args=[world.project.pk])
    empty = world.client_for(world.viewer).get(url).content.decode()
    assert "The project has no value model version yet" in empty
    import_example(world)
    page = world.client_for(world.viewer).get(url).content.decode()
    savings = downtime_savings()
    large, small = savings["Large integrated mills"], savings["Small and mid-size mills"]
    row = page[page.index("<td>Unplanned downtime</td>") :].split("</tr>")[0]
    assert f"${sum(large) / len(large):,.0f}" in row
    assert f"${sum(small) / len(small):,.0f}" in row
    welch = stats.ttest_ind(large, small, equal_var=False)
    assert f"differs (p = {welch.pvalue:.3f})" in row
    energy = page[page.index("<td>Energy</td>") :].split("</tr>")[0]
    assert "classified differently: a point of difference / contention" in energy
    assert (
        "Delivery lead time" not in page.split("How does each element vary")[1].split("Points of parity")[0]
    )
    assert "What do the placeholders add?" in page
    assert "Safety of maintenance work" in page
    assert "incidents avoided per year: about $6,000 a year" in page
    prospects = page[page.index("most attractive prospects") : page.index("What do the placeholders")]
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    future = {c["name"] for c in data["customers"] if c["status"] == "prospective"}
    listed = [name for name in future if name in prospects]
    assert len(listed) == 3  # the three most attractive of the five prospects


def two_mills() -> str:
    """A model early in its research: two mills with data, one per subsegment, no characteristic."""
    alternative = {"kind": "competitor", "name": "OEM audits", "price": {"amount": 15000}}
    data = {
        "schema_version": 1,
        "name": "Audit service value",
        "currency": "USD",
        "offering": {"name": "Bearing audit service", "price": {"amount": 20000}},
        "segment": {"name": "Pulp and paper mills"},
        "subsegments": [
            {"name": name, "characteristics": "By production.", "alternative": alternative}
            for name in ("Large mills", "Small mills")
        ],
        "drivers": [
            {"name": "Stop hours avoided", "unit": "h/yr"},
            {"name": "Margin per hour", "unit": "USD/h"},
        ],
        "elements": [
            {
                "name": "Fewer unplanned stops",
                "category": "economic",
                "equation": "Stop value = [Stop hours avoided] x [Margin per hour]",
                "classification": {s: {"as": "point-of-difference"} for s in ("Large mills", "Small mills")},
            }
        ],
        "customers": [
            {
                "id": cid,
                "name": name,
                "subsegment": subsegment,
                "observations": {
                    "Stop hours avoided": {"value": hours, "source": "measured"},
                    "Margin per hour": {"value": margin, "source": "measured"},
                },
            }
            for cid, name, subsegment, hours, margin in (
                ("KB-1", "Kestrel Bay Paper", "Large mills", 30, 9800),
                ("HS-1", "Holmsund Specialty Paper", "Small mills", 18, 4200),
            )
        ],
    }
    return yaml.safe_dump(data, sort_keys=False)


def test_two_mills_without_characteristics_still_show_how_the_elements_vary(world: World) -> None:
    import_example(world, text=two_mills())
    answer = world.client_for(world.viewer).get(reverse("research:analysis", args=[world.project.pk]))
    assert answer.status_code == 200
    page = answer.content.decode()
    row = page[page.index("<td>Fewer unplanned stops</td>") :].split("</tr>")[0]
    assert "$294,000" in row  # Kestrel: 30 h x $9,800
    assert "$75,600" in row  # Holmsund: 18 h x $4,200
    assert "Not yet: no customer characteristics given" in page
    assert "cannot be analysed" not in page
