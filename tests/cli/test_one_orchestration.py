"""The command line and the web app run each analysis through the same code: same seed, same figures."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from worth.apps.valuemodels.analyses import run_simulation, tornado_sections
from worth.cli.main import app
from worth.engine.model.io import load_model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
runner = CliRunner()


def test_a_monte_carlo_run_gives_the_same_figures_from_the_command_line_and_the_page() -> None:
    out = runner.invoke(
        app, ["model", "simulate", str(EXAMPLE), "--draws", "3000", "--seed", "11", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    cli = {s["label"]: s for s in json.loads(out.output)["subsegments"]}
    page = run_simulation(load_model(EXAMPLE), draws=3000, seed=11, independent=False)
    assert len(page["summary"]) == len(cli) == 2
    for row in page["summary"]:
        assert row["mean"] == cli[row["subsegment"]]["mean"]
        assert row["P90"] == cli[row["subsegment"]]["percentiles"]["p90"]
    # One subsegment alone keeps its stream: the same draws as in the run of both.
    alone = runner.invoke(
        app,
        ["model", "simulate", str(EXAMPLE), "--draws", "3000", "--seed", "11", "-f", "json",
         "--subsegment", "Small and mid-size mills"],
    )  # fmt: skip
    (small,) = json.loads(alone.output)["subsegments"]
    assert small["mean"] == cli["Small and mid-size mills"]["mean"]


def test_the_tornado_and_sobol_indices_match_too() -> None:
    out = runner.invoke(
        app, ["model", "sensitivity", str(EXAMPLE), "--sobol", "512", "--seed", "2027", "-f", "json"]
    )
    assert out.exit_code == 0, out.output
    cli = {s["subsegment"]: s for s in json.loads(out.output)["subsegments"]}
    for section in tornado_sections(load_model(EXAMPLE), spread="p10-p90", sobol=True):
        mine = cli[section["subsegment"]]
        assert section["baseline"] == mine["baseline value"]
        assert section["rows"][0] == mine["tornado"][0]
        assert section["sobol_rows"] == mine["sobol"]


def test_the_value_based_price_of_the_page_is_the_command_line_s() -> None:
    from worth.apps.pricing.value_price import OPTION_ROWS, OptionFormSet, ValuePriceForm, work_out

    out = runner.invoke(
        app,
        ["pricing", "value-price", "--nba-price", "1000", "--positive", "450.50", "--negative", "50.25",
         "--price", "1100", "--volume", "1000", "--unit-cost", "700", "-f", "json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    cli = json.loads(out.output)
    form = ValuePriceForm({"nba_price": "1000", "positive": "450.50", "negative": "50.25"})
    assert form.is_valid(), form.errors
    options = OptionFormSet(
        {
            "opt-TOTAL_FORMS": str(OPTION_ROWS),
            "opt-INITIAL_FORMS": "0",
            "opt-0-name": "price 1",
            "opt-0-price": "1100",
            "opt-0-volume": "1000",
            "opt-0-unit_cost": "700",
        },
        prefix="opt",
    )
    assert options.is_valid(), options.errors
    page = work_out(form, options, currency="USD")
    assert str(page.value.economic_value) == cli["economic_value"] == "1400.25"
    (row,) = page.option_rows
    (mine,) = cli["options"]
    assert (str(row.option.profit), str(row.option.price)) == (mine["profit"], mine["price"])
