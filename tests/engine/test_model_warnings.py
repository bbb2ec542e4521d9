"""Warnings for what a model likely means otherwise: the sign of an element against its direction."""

from __future__ import annotations

import json

from tests.payloads import EXAMPLE
from typer.testing import CliRunner

from worth.cli.main import app
from worth.engine.model import load_model, read_model_text
from worth.engine.model.analysis import analyse_model
from worth.exports.report_model import model_report_html

TEXT = EXAMPLE.read_text(encoding="utf-8")
DOUBLE_MINUS = TEXT.replace(
    "Extra installation cost = [Sensor installation hours]",
    "Extra installation cost = -1 * [Sensor installation hours]",
)


def test_an_unfavourable_element_with_its_own_minus_sign_is_named() -> None:
    analysis = analyse_model(read_model_text(DOUBLE_MINUS).model)
    assert [w.element for w in analysis.warnings] == ["Sensor installation time"]
    assert "adds value for 14 of 14 customers" in analysis.warnings[0].message
    # The sign did flip: every customer now gains what the installation costs.
    assert (analysis.evaluation.elements["Sensor installation time"].values > 0).all()


def test_a_favourable_element_that_costs_most_customers_is_named() -> None:
    before = (
        "[Friction energy losses per year, alternative] - [Friction energy losses per year,\n      offering]"
    )
    after = (
        "[Friction energy losses per year, offering] - [Friction energy losses per year,\n      alternative]"
    )
    flipped = TEXT.replace(before, after)
    assert flipped != TEXT
    warnings = analyse_model(read_model_text(flipped).model).warnings
    assert [w.element for w in warnings] == ["Energy"]
    assert "its value is negative for 13 of 13 customers" in warnings[0].message


def test_the_demo_model_has_no_warnings() -> None:
    assert analyse_model(load_model(EXAMPLE)).warnings == ()


def test_check_evaluate_and_the_report_show_the_warning(tmp_path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(DOUBLE_MINUS, encoding="utf-8")
    runner = CliRunner()
    check = runner.invoke(app, ["model", "check", str(path)])
    assert check.exit_code == 0
    assert "warning: Sensor installation time: declared unfavourable" in check.stderr
    data = json.loads(runner.invoke(app, ["model", "evaluate", str(path), "-f", "json"]).stdout)
    assert data["warnings"][0]["element"] == "Sensor installation time"
    page = model_report_html(analyse_model(read_model_text(DOUBLE_MINUS).model), render=lambda spec: "<svg/>")
    assert "Check these elements" in page
    assert "adds value for 14 of 14 customers" in page


def test_the_json_gives_each_intermediate_quantity_per_customer_unrounded() -> None:
    result = CliRunner().invoke(app, ["model", "evaluate", str(EXAMPLE), "-f", "json"])
    customers = {c["id"]: c for c in json.loads(result.stdout)["customers"]}
    # Norrvik Bruk: 65,500 x (1 + 50%) / 1,650 h
    assert customers["NB-L01"]["quantities"] == {"Fully loaded labour cost per hour": 65_500 * 1.5 / 1_650}
