"""``worth model sensitivity|simulate|prospects`` on a small model worked out by hand, and on the demo."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import statsmodels.formula.api as smf
from typer.testing import CliRunner

from worth.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
runner = CliRunner()

# Large: three mills (2, 3, 4 machines); Small: two one-machine mills; one prospect.
# Downtime savings = hours x margin; installation cost (unfavourable) = install hours x rate.
# Offering 100 per machine; alternative 40 per machine (Large) or 50 flat (Small).
SMALL_MODEL = """
schema_version: 1
name: Sensitivity test model
currency: USD
offering: {name: Sealed bearings, price: {amount: 100, per: Machines}}
segment: {name: Mills}
subsegments:
  - name: Large
    characteristics: Two or more machines
    alternative: {kind: competitor, name: Standard, price: {amount: 40, per: Machines}}
  - name: Small
    characteristics: One machine
    alternative: {kind: competitor, name: Standard, price: {amount: 50}}
characteristics:
  - {name: Machines}
  - {name: Region, kind: categorical}
drivers:
  - {name: Hours saved, unit: h/yr}
  - {name: Margin per hour, unit: USD/h}
  - {name: Install hours, unit: h/yr}
  - name: Rate
    unit: USD/h
    default: {value: 50, source: outside-study, assumption: A technician hour costs 50 USD., fallback: true}
elements:
  - name: Downtime
    category: economic
    classification: {Large: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Downtime savings = [Hours saved] x [Margin per hour]
  - name: Installation
    category: service
    direction: unfavourable
    classification: {Large: {as: point-of-difference}, Small: {as: point-of-difference}}
    equation: Installation cost = [Install hours] x [Rate]
customers:
  - id: L1
    name: Mill L1
    subsegment: Large
    characteristics: {Machines: 2, Region: North}
    observations:
      Hours saved: {value: 10, source: measured}
      Margin per hour: {value: 100, source: measured}
      Install hours: {value: 5, source: measured}
      Rate: {value: 60, source: measured}
  - id: L2
    name: Mill L2
    subsegment: Large
    characteristics: {Machines: 3, Region: South}
    observations:
      Hours saved: {value: 20, source: measured}
      Margin per hour: {value: 120, source: measured}
      Install hours: {value: 5, source: measured}
  - id: L3
    name: Mill L3
    subsegment: Large
    characteristics: {Machines: 4, Region: North}
    observations:
      Hours saved: {value: 30, source: measured}
      Margin per hour: {value: 140, source: measured}
      Install hours: {value: 5, source: measured}
  - id: S1
    name: Mill S1
    subsegment: Small
    characteristics: {Machines: 1, Region: South}
    observations:
      Hours saved: {value: 4, source: measured}
      Margin per hour: {value: 80, source: measured}
      Install hours: {value: 2, source: measured}
  - id: S2
    name: Mill S2
    subsegment: Small
    characteristics: {Machines: 1, Region: North}
    observations:
      Hours saved: {value: 6, source: measured}
      Margin per hour: {value: 90, source: measured}
      Install hours: {value: 3, source: measured}
  - id: P1
    name: Prospect One
    status: prospective
    subsegment: Large
    characteristics: {Machines: 5, Region: North}
"""


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_MODEL, encoding="utf-8")
    return path


def run(*args: str):
    return runner.invoke(app, ["model", *args])


def by_subsegment(payload: dict[str, Any]) -> dict[str, Any]:
    return {entry["subsegment"]: entry for entry in payload["subsegments"]}


def test_sensitivity_json_gives_the_hand_computed_baseline_and_bars(model_file):
    result = run("sensitivity", str(model_file), "--format", "json")
    assert result.exit_code == 0, result.output
    entries = by_subsegment(json.loads(result.stdout))
    large = entries["Large"]
    # means: hours 20, margin 120, install 5 h at the single observed rate 60
    assert large["baseline value"] == pytest.approx(20 * 120 - 5 * 60)
    # delta price (100 - 40) x 2, 3, 4 machines: mean 180
    assert large["baseline margin"] == pytest.approx(2100 - 180)
    top = large["tornado"][0]
    # P10 / P90 of 10, 20, 30 are 12 and 28: swing (28 - 12) x 120
    assert top["driver"] == "Hours saved"
    assert top["low setting"] == pytest.approx(12)
    assert top["swing"] == pytest.approx(16 * 120)
    assert top["margin at low"] == pytest.approx(12 * 120 - 300 - 180)
    small = entries["Small"]
    assert small["baseline value"] == pytest.approx(5 * 85 - 2.5 * 50)
    assert small["delta price"] == pytest.approx(100 - 50)
    assert any("held fixed at its default 50" in note for note in small["notes"])


def test_sensitivity_with_sd_spread_and_sobol_indices(model_file):
    args = ("-s", "Large", "--spread", "sd", "--sobol", "256", "--seed", "4", "--format", "json")
    result = run("sensitivity", str(model_file), *args)
    assert result.exit_code == 0, result.output
    (large,) = json.loads(result.stdout)["subsegments"]
    hours = next(r for r in large["tornado"] if r["driver"] == "Hours saved")
    assert hours["low setting"] == pytest.approx(10.0)  # mean 20 minus sample sd 10
    drivers = [row["driver"] for row in large["sobol"]]
    assert drivers[0] == "Hours saved"
    assert large["sobol seed"] == 4


def test_sensitivity_of_one_element(model_file):
    result = run(
        "sensitivity", str(model_file), "-s", "Large", "--element", "Installation", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    (large,) = json.loads(result.stdout)["subsegments"]
    assert large["output"] == "Installation"
    assert large["baseline value"] == pytest.approx(-5 * 60)  # unfavourable: negative
    # install hours are 5 at every mill and the rate is fixed: nothing moves the installation cost
    assert {row["swing"] for row in large["tornado"]} == {0.0}
    assert "margin at low" not in large["tornado"][0]
    unknown = run("sensitivity", str(model_file), "--element", "Energy")
    assert unknown.exit_code == 2
    assert "unknown output 'Energy'" in unknown.output


def test_sensitivity_table_and_csv(model_file):
    table = run("sensitivity", str(model_file))
    assert table.exit_code == 0, table.output
    assert "Hours saved" in table.stdout
    assert "Large: delta value with every driver at its baseline" in table.stdout
    text = run("sensitivity", str(model_file), "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["subsegment"] for r in rows} == {"Large", "Small"}
    assert float(next(r for r in rows if r["subsegment"] == "Large")["swing"]) == pytest.approx(1920)


def test_simulate_is_repeatable_with_a_seed_and_matches_the_expected_mean(model_file):
    args = (
        "simulate",
        str(model_file),
        "--draws",
        "100000",
        "--seed",
        "11",
        "-s",
        "Large",
        "--format",
        "json",
    )
    first = run(*args)
    again = run(*args)
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    (large,) = json.loads(first.stdout)["subsegments"]
    # perfectly rank-correlated normals at three mills: hours = 20 + 10 z, margin = 120 + 20 z,
    # E[hours x margin] = 20 x 120 + 10 x 20 = 2,600; minus installation 300
    assert large["mean"] == pytest.approx(2300, rel=0.02)
    assert large["correlated"] is True
    assert large["seed"] == 11


def test_simulate_independent_drivers_give_the_product_of_the_means(model_file):
    result = run("simulate", str(model_file), "-n", "200000", "--seed", "2", "-s", "Large", "--independent",
                 "--format", "json")  # fmt: skip
    (large,) = json.loads(result.stdout)["subsegments"]
    # independent: E[hours x margin] = 20 x 120
    assert large["mean"] == pytest.approx(2100, rel=0.02)


def test_simulate_chunk_size_changes_nothing_but_memory(model_file):
    base = ("simulate", str(model_file), "-n", "50000", "--seed", "5", "--format", "json")
    assert run(*base).stdout == run(*base, "--chunk", "16384").stdout


def test_simulate_table_names_the_seed_and_writes_a_chart(model_file, tmp_path):
    chart = tmp_path / "spread.svg"
    result = run("simulate", str(model_file), "-n", "20000", "--seed", "3", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert "run again with --seed 3" in result.stdout
    assert "P(delta value > delta price)" in result.stdout
    assert chart.read_text(encoding="utf-8").lstrip().startswith("<svg")


def test_prospects_regression_matches_statsmodels(model_file):
    result = run("prospects", str(model_file), "-c", "Machines", "--min-group", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    # values by hand: 10 x 100 - 5 x 60, 20 x 120 - 5 x 50, 30 x 140 - 5 x 50,
    # 4 x 80 - 2 x 50 and 6 x 90 - 3 x 50
    frame = pd.DataFrame({"value": [700, 2150, 3950, 220, 390], "Machines": [2, 3, 4, 1, 1]})
    reference = smf.ols("value ~ Machines", data=frame).fit()
    coefficients = {c["term"]: c for c in payload["regression"]["coefficients"]}
    assert coefficients["Machines"]["estimate"] == pytest.approx(reference.params["Machines"])
    assert coefficients["Machines"]["p_value"] == pytest.approx(reference.pvalues["Machines"])
    assert payload["regression"]["r_squared"] == pytest.approx(reference.rsquared)
    first = payload["prospects"][0]
    assert first["customer"] == "Prospect One"  # five machines: the most attractive
    assert first["predicted delta value"] == pytest.approx(
        reference.params["Intercept"] + 5 * reference.params["Machines"]
    )
    assert first["delta price"] == pytest.approx(300)
    current = payload["segmentation"]["current"]
    assert {g["label"] for g in current["groups"]} == {"Large", "Small"}


def test_prospects_table_and_charts(model_file, tmp_path):
    chart, scatter = tmp_path / "ranking.png", tmp_path / "scatter.svg"
    result = run("prospects", str(model_file), "-c", "Machines", "--min-group", "2", "--chart", str(chart),
                 "--scatter", str(scatter))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Customers ranked by predicted delta value" in result.stdout
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Machines" in scatter.read_text(encoding="utf-8")


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the demo model ships with the value model engine")
def test_the_demo_model_runs_through_every_command():
    assert run("sensitivity", str(EXAMPLE), "--top", "3").exit_code == 0
    simulated = run("simulate", str(EXAMPLE), "-n", "20000", "--seed", "1", "--format", "csv")
    assert simulated.exit_code == 0, simulated.output
    rows = list(csv.DictReader(io.StringIO(simulated.stdout)))
    assert [r["subsegment"] for r in rows] == ["Large integrated mills", "Small and mid-size mills"]
    ranked = run("prospects", str(EXAMPLE), "-c", "Annual production", "-c", "Region", "--format", "json")
    assert ranked.exit_code == 0, ranked.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("simulate", "{file}", "--draws", "-3"), "draws must be at least 2, got -3"),
        (("simulate", "{file}", "--chunk", "0"), "chunk must be a positive whole number of draws, got 0"),
        (("sensitivity", "{file}", "-s", "Medium"), "unknown subsegment 'Medium'"),
        (("sensitivity", "{file}", "--chart", "{dir}/tornado.pdf"), "use a .svg or .png name"),
        (("prospects", "{file}", "--element", "Energy"), "unknown element 'Energy'"),
        (("prospects", "{file}", "-c", "Speed"), "unknown characteristic 'Speed'"),
        (
            ("prospects", "{file}", "--min-group", "3"),
            "5 customers are too few to split into groups of at least 3",
        ),
        (("simulate", "{dir}/missing.yaml"), "no such file"),
    ],
)
def test_bad_input_ends_with_a_clear_message_and_no_file(model_file, tmp_path, args, message):
    filled = [a.format(file=model_file, dir=tmp_path) for a in args]
    result = run(*filled, "--chart", str(tmp_path / "out.svg")) if "--chart" not in args else run(*filled)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out.svg").exists()
    assert not (tmp_path / "tornado.pdf").exists()


def test_an_invalid_model_lists_its_problems(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(SMALL_MODEL.replace("[Hours saved] x", "[Hours saveed] x"), encoding="utf-8")
    result = run("simulate", str(path))
    assert result.exit_code == 2
    assert "Hours saveed" in result.output


def test_a_subsegment_simulated_alone_gets_the_same_draws_as_with_the_other(model_file):
    both = json.loads(
        run("simulate", str(model_file), "-n", "5000", "--seed", "9", "--format", "json").stdout
    )
    alone = run("simulate", str(model_file), "-n", "5000", "--seed", "9", "-s", "Small", "--format", "json")
    (small,) = json.loads(alone.stdout)["subsegments"]
    assert small == by_subsegment_label(both)["Small"]


def by_subsegment_label(payload: dict[str, Any]) -> dict[str, Any]:
    return {entry["label"]: entry for entry in payload["subsegments"]}
