"""The demo case (examples/bearings-pulp-paper.yaml): it checks clean and its figures hold by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worth.engine.model import load_model, read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.schema import json_schema

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bearings-pulp-paper.yaml"
LARGE, SMALL = "Large integrated mills", "Small and mid-size mills"


@pytest.fixture(scope="module")
def analysis():
    return analyse_model(load_model(EXAMPLE))


def value(analysis, customer_id, element):
    row = [c.id for c in analysis.evaluation.customers].index(customer_id)
    return float(analysis.evaluation.elements[element].values[row])


def test_the_published_schema_is_up_to_date():
    committed = json.loads((ROOT / "docs" / "model.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: worth model schema > docs/model.schema.json"


def test_the_example_has_seven_researched_mills_per_subsegment_and_five_prospects(analysis):
    subsegments = analysis.evaluation.subsegments
    assert subsegments.count(LARGE) == 7
    assert subsegments.count(SMALL) == 7
    assert len(analysis.evaluation.prospects) == 5
    assert all(c.status == "prospective" for c in analysis.evaluation.prospects)


def test_norrvik_bruk_by_hand(analysis):
    # Unplanned downtime: (46 h/yr - 14 h/yr) x $9,800/h
    assert value(analysis, "NB-L01", "Unplanned downtime") == pytest.approx((46 - 14) * 9800, rel=1e-12)
    # Fully loaded labour cost: $65,500/yr x (1 + 50%) / 1,650 h/yr = $59.5454.../h
    cost_per_hour = 65500 * 1.5 / 1650
    maintenance = (2450 - 1150) * cost_per_hour
    assert value(analysis, "NB-L01", "Maintenance labour") == pytest.approx(maintenance, rel=1e-12)
    # Installation is unfavourable: 450 h x cost per hour / 3 yr, subtracted
    installation = -450 * cost_per_hour / 3
    assert value(analysis, "NB-L01", "Sensor installation time") == pytest.approx(installation, rel=1e-12)
    total = (46 - 14) * 9800 + (52 - 20) * 2650 + maintenance + (1_650_000 - 1_180_000) * 0.072 + installation
    comparison = next(p for p in analysis.prices if p.customer.id == "NB-L01")
    assert comparison.delta_value == pytest.approx(total, rel=1e-12)
    # three paper machines: 3 x $96,000 against 3 x $29,000
    assert comparison.delta_price == 3 * (96000 - 29000)
    assert comparison.margin == pytest.approx(total - 201_000, rel=1e-12)
    assert round(total) == 500_717


def test_a_declared_fallback_is_used_and_flagged_for_saint_aubin(analysis):
    row = [c.id for c in analysis.evaluation.customers].index("NB-L06")
    labour = analysis.evaluation.elements["Maintenance labour"]
    assert labour.fallbacks[row] == ("Labour overhead rate",)
    assert labour.values[row] == pytest.approx((1690 - 840) * 54000 * 1.45 / 1590, rel=1e-12)


def test_energy_is_not_computable_for_brookfield_tissue(analysis):
    missing = [(c.id, e, m) for c, e, m in analysis.evaluation.not_computable()]
    assert missing == [("NB-S02", "Energy", ("Friction energy losses per year, alternative",))]


def test_large_mills_get_clearly_more_downtime_value(analysis):
    downtime = analysis.elements["Unplanned downtime"]
    assert downtime.by_subsegment[LARGE].mean > 3 * downtime.by_subsegment[SMALL].mean
    assert downtime.comparison.p_value < 0.05


def test_totals_are_in_the_planned_ranges(analysis):
    for comparison in analysis.prices:
        if comparison.exceeds is None:
            continue
        if comparison.subsegment == LARGE:
            assert 200_000 < comparison.delta_value < 800_000
        else:
            assert 30_000 < comparison.delta_value < 160_000


def test_value_exceeds_the_premium_for_most_but_not_all(analysis):
    verdicts = [p.exceeds for p in analysis.prices if p.exceeds is not None]
    assert 0 < verdicts.count(False) < verdicts.count(True)
    assert analysis.price_summary[LARGE].exceeding == 7
    assert analysis.price_summary[SMALL].exceeding == 4


def test_the_example_mixes_data_sources(analysis):
    shares = analysis.heaviness.overall.shares
    assert all(share > 0.05 for share in shares.values())
    assert analysis.heaviness.overall.fallbacks == 3


def test_the_annotated_example_in_the_docs_is_a_valid_model():
    doc = (ROOT / "docs" / "model-file.md").read_text(encoding="utf-8")
    section = doc[doc.index("## A complete annotated example") :]
    start = section.index("```yaml") + len("```yaml")
    block = section[start : section.index("```", start)]
    model = read_model_text(block, source="docs/model-file.md").model
    used = {f.removesuffix("_") for f in model.model_fields_set}
    assert {"offering", "subsegments", "drivers", "constants", "quantities", "placeholders"} <= used
    analysis = analyse_model(model)
    norrvik = analysis.evaluation.elements["Sensor installation time"]
    assert norrvik.fallbacks == {0: ("Labour overhead rate",)}
    assert analysis.prices[0].offering_price == 270000
