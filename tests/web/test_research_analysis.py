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
