"""Numbers a model may hold and results it may give: finite, within bounds, or refused by name."""

from __future__ import annotations

import math

import pytest
from tests.payloads import EXAMPLE

from worth.engine.model import ModelError, read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.evaluation import MAX_RESULT
from worth.engine.sensitivity import SensitivityError
from worth.engine.sensitivity.model_adapter import subsegment_problems

TEXT = EXAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            "{value: 46,",
            "{value: 1.0e+300,",
            "customers[0].observations.Unplanned downtime hours per year, alternative.value",
        ),
        ("Paper machines: 3", "Paper machines: .inf", "customers[0].characteristics.Paper machines"),
        ("amount: 96000", "amount: 2.0e+15", "offering.price.amount"),
        ("value: 0.45", "value: .nan", "drivers[9].default.value"),
    ],
)
def test_inputs_beyond_1e15_or_not_finite_are_refused_with_their_path(old: str, new: str, path: str) -> None:
    assert old in TEXT
    with pytest.raises(ModelError) as caught:
        read_model_text(TEXT.replace(old, new, 1))
    assert path in caught.value.report()


def test_a_result_beyond_1e18_is_not_computable_for_that_customer_and_named() -> None:
    # 450 h x ~$50/h / (3 yr x 1e-30) is about 7.5e33 per year: not a value, an input in the wrong unit.
    text = TEXT.replace("[Agreement term]", "([Agreement term] x 1e-15 x 1e-15)", 1)
    analysis = analyse_model(read_model_text(text).model)
    element = analysis.evaluation.elements["Sensor installation time"]
    assert bool(element.invalid.all())
    assert all(math.isnan(v) for v in element.values)
    missing = {(c.name, e) for c, e, lacking in analysis.evaluation.not_computable() if not lacking}
    assert ("Norrvik Bruk", "Sensor installation time") in missing
    assert MAX_RESULT == 1e18
    problem = subsegment_problems(read_model_text(text).model)[0].problem
    with pytest.raises(SensitivityError, match="'Sensor installation time' gives no finite value"):
        problem.evaluate(problem.baseline_inputs())
