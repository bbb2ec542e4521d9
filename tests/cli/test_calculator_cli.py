"""``worth model calculator``: the spreadsheet written from a model file, and every refusal."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from worth.cli.model import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
runner = CliRunner()


def test_it_writes_the_subsegments_calculator_and_says_what_it_holds(tmp_path: Path) -> None:
    out = tmp_path / "calculator.xlsx"
    args = ["calculator", str(EXAMPLE), "--subsegment", "Large integrated mills", "-o", str(out)]
    result = runner.invoke(app, [*args, "--customer", "Lindqvist Bruk"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}: 18 inputs to ask (18 with a research or model default), 5 elements" in result.output
    assert "Lindqvist Bruk should choose Nordkap sealed bearings" in result.output
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames == ["Inputs", "Value", "Assumptions"]
    sheet, ref = next(iter(book.defined_names["total"].destinations))
    # The cached total is the research medians' value of the large mills (engine: $331,836).
    assert round(book[sheet][ref.replace("$", "")].value) == 331_836


def test_an_unknown_subsegment_names_the_known_ones(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["calculator", str(EXAMPLE), "--subsegment", "[red]Tiny[/red]", "-o", str(tmp_path / "c.xlsx")]
    )
    assert result.exit_code == 1
    assert "--subsegment '[red]Tiny[/red]' is not in the model" in result.output
    assert "'Large integrated mills' or 'Small and mid-size mills'" in result.output
    assert not (tmp_path / "c.xlsx").exists()


def test_a_missing_file_or_folder_exits_1_without_a_traceback(tmp_path: Path) -> None:
    missing = runner.invoke(
        app, ["calculator", str(tmp_path / "none.yaml"), "--subsegment", "A", "-o", "x.xlsx"]
    )
    assert missing.exit_code == 1
    assert "Traceback" not in missing.output
    folder = runner.invoke(
        app,
        [
            "calculator",
            str(EXAMPLE),
            "--subsegment",
            "Large integrated mills",
            "-o",
            str(tmp_path / "no" / "c.xlsx"),
        ],
    )
    assert folder.exit_code == 1
    assert "does not exist" in folder.output
