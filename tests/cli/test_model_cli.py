"""``worth model check|evaluate|report|schema`` on real files, good and broken."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from worth.cli.model import app
from worth.engine.model.schema import json_schema

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
runner = CliRunner()


@pytest.fixture
def model_file(tmp_path):
    path = tmp_path / "model.yaml"
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def broken_file(tmp_path, old, new, name="broken.yaml"):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, text.replace(old, new, 1)


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


def test_check_passes_the_example(model_file):
    result = runner.invoke(app, ["check", str(model_file)])
    assert result.exit_code == 0, result.output
    assert "OK - 6 elements (5 with equations)" in result.output
    assert "19 customers (14 with data, 5 prospects)" in result.output


def test_check_lists_every_error_with_line_column_and_path(tmp_path):
    path, text = broken_file(tmp_path, "    category: technical\n", "    category: technicall\n")
    text = text.replace("[Electricity price]", "[Electricity prize]", 1)
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    category_line = line_of(text, "category: technicall")
    assert f"{path}:{category_line}:5: elements[1].category:" in result.output
    equation_line = line_of(text, "[Electricity prize]")
    assert f"{path}:{equation_line}:" in result.output
    assert "did you mean [Electricity price]?" in result.output
    assert "2 problems in" in result.output
    assert "Traceback" not in result.output


def test_check_reports_a_missing_file_and_bad_yaml_without_a_traceback(tmp_path):
    result = runner.invoke(app, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "no such file" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    assert "not valid YAML" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_evaluate_prints_tables(model_file):
    result = runner.invoke(app, ["evaluate", str(model_file)])
    assert result.exit_code == 0, result.output
    assert "Value per element and subsegment" in result.output
    assert "$224,414" in result.output  # mean unplanned downtime value, large mills
    assert "Welch" in result.output
    assert "Not computable: Brookfield Tissue, Energy" in result.output
    assert "Fallback used: Saint-Aubin Cartonnerie" in result.output


def test_evaluate_json_holds_the_numbers(model_file):
    result = runner.invoke(app, ["evaluate", str(model_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    norrvik = next(c for c in data["customers"] if c["id"] == "NB-L01")
    assert norrvik["values"]["Unplanned downtime"] == pytest.approx((46 - 14) * 9800)
    assert norrvik["delta_price"] == 3 * (96000 - 29000)
    brookfield = next(c for c in data["customers"] if c["id"] == "NB-S02")
    assert brookfield["values"]["Energy"] is None
    assert brookfield["total"] is None
    assert brookfield["missing"] == {"Energy": ["Friction energy losses per year, alternative"]}
    assert "totals_comparison" in data


def test_evaluate_csv_has_a_row_per_customer_and_element(model_file):
    result = runner.invoke(app, ["evaluate", str(model_file), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 14 * (5 + 1)
    energy = next(r for r in rows if r["customer_id"] == "NB-S02" and r["element"] == "Energy")
    assert energy["status"] == "not computable"
    assert energy["value"] == ""
    fallback = next(r for r in rows if r["customer_id"] == "NB-S05" and r["element"] == "Energy")
    assert (fallback["status"], fallback["drivers"]) == ("fallback", "Electricity price")


def test_evaluate_one_subsegment(model_file):
    result = runner.invoke(
        app, ["evaluate", str(model_file), "--format", "json", "--subsegment", "Small and mid-size mills"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["subsegments"] == ["Small and mid-size mills"]
    assert {c["subsegment"] for c in data["customers"]} == {"Small and mid-size mills"}
    assert "totals_comparison" not in data


def test_evaluate_refuses_an_unknown_subsegment_and_confidence(model_file):
    result = runner.invoke(app, ["evaluate", str(model_file), "--subsegment", "Tiny mills"])
    assert result.exit_code == 1
    assert "'Tiny mills' is not in the model" in result.output
    result = runner.invoke(app, ["evaluate", str(model_file), "--confidence", "95"])
    assert result.exit_code == 1
    assert "between 0 and 1" in result.output


def test_evaluate_a_broken_file_fails_cleanly(tmp_path):
    path, _ = broken_file(tmp_path, "currency: USD\n", "currency: dollars\n")
    result = runner.invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 1
    assert "currency" in result.output


def test_report_writes_a_self_contained_page(model_file, tmp_path):
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(model_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 3
    assert "<script" not in page
    assert "http://" not in page.replace("http://www.w3.org", "")
    assert "Competitor standard bearings, run to failure" in page


def test_report_into_a_missing_folder_fails_cleanly(model_file, tmp_path):
    result = runner.invoke(app, ["report", str(model_file), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_schema_prints_the_json_schema():
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_json_model_files_work_too(model_file, tmp_path):
    result = runner.invoke(app, ["evaluate", str(model_file), "-f", "json"])
    from worth.engine.model import dump_model, load_model

    path = tmp_path / "model.json"
    path.write_text(dump_model(load_model(model_file), "json"), encoding="utf-8")
    again = runner.invoke(app, ["evaluate", str(path), "-f", "json"])
    assert again.exit_code == 0
    assert json.loads(again.output)["customers"] == json.loads(result.output)["customers"]


MARGIN = "Contribution margin per production hour: {value: 9800,"


def test_diff_names_the_changed_cell_and_the_totals(model_file, tmp_path):
    later, _ = broken_file(tmp_path, MARGIN, MARGIN.replace("9800", "11100"), name="later.yaml")
    result = runner.invoke(app, ["diff", str(model_file), str(later)])
    assert result.exit_code == 0, result.output
    assert "Norrvik Bruk · Contribution margin" in result.output
    assert "+$5,943" in result.output  # 32 h avoided x 1,300 more per hour / 7 large mills
    data = json.loads(runner.invoke(app, ["diff", str(model_file), str(later), "-f", "json"]).output)
    assert [(c["part"], c["field"], c["old"], c["new"]) for c in data["changes"]] == [
        ("data cell", "value", "9,800", "11,100")
    ]
    large = next(t for t in data["totals"] if t["subsegment"] == "Large integrated mills")
    assert large["mean_after"] - large["mean_before"] == pytest.approx(32 * 1300 / 7)
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["diff", str(model_file), str(later), "-f", "csv"]).output)
        )
    )
    assert rows[0]["name"] == "Norrvik Bruk · Contribution margin per production hour"


def test_diff_of_the_same_model_and_of_a_broken_file(model_file, tmp_path):
    same = runner.invoke(app, ["diff", str(model_file), str(model_file)])
    assert same.exit_code == 0
    assert "same model" in same.output
    broken, _ = broken_file(tmp_path, "currency: USD", "currency: 12")
    result = runner.invoke(app, ["diff", str(model_file), str(broken)])
    assert result.exit_code == 1
    assert "currency" in result.output
    assert "Traceback" not in result.output


def test_offering_places_each_element_per_subsegment_counted_again_here() -> None:
    import numpy as np

    from worth.engine.model.analysis import analyse_model
    from worth.engine.model.io import load_model

    args = ["offering", str(EXAMPLE), "--cost", "Energy=19,000", "--cost", "Bearing consumption=12000"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    analysis = analyse_model(load_model(EXAMPLE))
    for row in data["places"]:
        if row["place"] == "point of parity":
            continue
        values = analysis.evaluation.elements[row["element"]].values[
            analysis.evaluation.rows(row["subsegment"])
        ]
        values = values[np.isfinite(values)]
        cost = {"Energy": 19_000, "Bearing consumption": 12_000}.get(row["element"], 0)
        above = int((values > cost).sum())
        assert (row["customers"], row["above_cost"]) == (values.size, above), row
        expected = (
            "naked solution"
            if above >= 0.8 * values.size
            else "option"
            if above >= 0.2 * values.size
            else "prune"
        )
        assert row["place"].startswith(expected), row
    assert any("One vanilla offering" in w for w in data["warnings"])
    table = runner.invoke(app, args)
    assert table.exit_code == 0
    assert "options Bearing consumption, Energy" in table.stdout
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    assert len(rows) == len(data["places"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cost", "Energy"], "write ELEMENT=AMOUNT"),
        (["--cost", "Energy=lots"], "write ELEMENT=AMOUNT"),
        (["--cost", "Nothing=5"], "cost to serve of 'Nothing': the model has no such element"),
        (["--cost", "Energy=-5"], "-5.0 is not an amount of 0 or more"),
        (["--naked", "150"], "naked share: 1.5 must be a share"),
        (["--naked", "30", "--option", "50"], "option share 0.5 is more than the naked share 0.3"),
    ],
)
def test_offering_refuses_bad_costs_and_shares(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["offering", str(EXAMPLE), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_convert_writes_the_same_model_as_json_and_back(model_file, tmp_path):
    from worth.engine.model.io import load_model

    as_json, back = tmp_path / "model.json", tmp_path / "again.yml"
    result = runner.invoke(app, ["convert", str(model_file), "-o", str(as_json)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {as_json}: 19 customers" in result.output
    data = json.loads(as_json.read_text(encoding="utf-8"))  # plain JSON, by the standard library
    assert len(data["customers"]) == 19
    assert data["name"] == load_model(model_file).name
    assert runner.invoke(app, ["convert", str(as_json), "-o", str(back)]).exit_code == 0
    assert load_model(back) == load_model(as_json) == load_model(model_file)
    assert runner.invoke(app, ["check", str(as_json)]).exit_code == 0


def test_convert_refuses_an_unknown_format_itself_and_a_broken_file(model_file, tmp_path):
    other = runner.invoke(app, ["convert", str(model_file), "-o", str(tmp_path / "model.txt")])
    assert other.exit_code == 1
    assert "--output must end in .json, .yaml or .yml" in other.output
    itself = runner.invoke(app, ["convert", str(model_file), "-o", str(model_file)])
    assert itself.exit_code == 1
    assert "--output is the file being read" in itself.output
    path, text = broken_file(tmp_path, "    category: technical\n", "    category: technicall\n")
    target = tmp_path / "broken.json"
    broken = runner.invoke(app, ["convert", str(path), "-o", str(target)])
    assert broken.exit_code == 1
    assert f"broken.yaml:{line_of(text, 'technicall')}:" in broken.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml", "model.yaml"]  # nothing written
