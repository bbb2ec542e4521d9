"""``worth pricing mix`` on the seven hand lines of ``tests.analytics.mix_data``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.analytics.mix_data import MIX_CSV
from typer.testing import CliRunner

from worth.cli.pricing import app

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    source = tmp_path / "mix.csv"
    source.write_text(MIX_CSV, encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "--store", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    return tmp_path / "store"


def _line(out: str, start: str) -> str:
    return next(x for x in out.splitlines() if x.startswith(start))


def test_the_tables_show_the_hand_figures(store: Path, tmp_path: Path) -> None:
    spend = tmp_path / "spend.txt"
    spend.write_text("C2=20,000\nC3=5000\n", encoding="utf-8")
    result = runner.invoke(app, ["mix", "--store", str(store), "--spend", str(spend), "--currency", "EUR"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "hold no product costs" in out
    assert "73 days" in out
    large_p1 = _line(out, "│ large   │ P1")
    assert all(f in large_p1 for f in ("3,000.00", "2,800.00", "93.33 %", "67.31 %", "2 of 2"))
    assert "80.00 %" in _line(out, "│ large   │ P3")
    south = _line(out, "│ Mill South (C2)")
    assert all(f in south for f in ("2,200.00", "2 of 3", "P3", "20,000", "55.0 %"))  # 2,200 x 5 / 20,000
    assert "115.0 % (above 100 %)" in _line(out, "│ Mill East (C3)")  # 1,150 x 5 / 5,000


def test_csv_and_json(store: Path) -> None:
    result = runner.invoke(app, ["mix", "--store", str(store), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["segment"], r["product"], r["pocket_revenue"]) for r in rows] == [
        ("large", "P1", "2800.00"),
        ("large", "P2", "1200.00"),
        ("large", "P3", "160.00"),
        ("small", "P3", "450.00"),
        ("small", "P1", "700.00"),
    ]
    result = runner.invoke(app, ["mix", "--store", str(store), "--format", "csv", "--customers"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["customer_id"], r["products"], r["cross_sell"]) for r in rows] == [
        ("C2", "2", "P3"),
        ("C1", "3", ""),
        ("C3", "2", ""),
    ]
    data = json.loads(runner.invoke(app, ["mix", "--store", str(store), "--format", "json"]).stdout)
    assert (data["days"], data["customers"][0]["pocket_revenue"]) == (73, "2200.00")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("C2=100\nnope\n", "line 2, “nope”: write CUSTOMER_ID=AMOUNT"),
        ("C9=100\n", "line 1, “C9=100”: no customer of that id in the chosen lines"),
    ],
)
def test_a_bad_spend_file_names_the_line(store: Path, tmp_path: Path, text: str, message: str) -> None:
    spend = tmp_path / "spend.txt"
    spend.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["mix", "--store", str(store), "--spend", str(spend)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    missing = runner.invoke(app, ["mix", "--store", str(store), "--spend", str(tmp_path / "none.txt")])
    assert missing.exit_code == 1
    assert "cannot be read" in missing.output
