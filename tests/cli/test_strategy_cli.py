"""``worth pricing strategy`` on the example model: the docs' table, JSON figures, refusals, the chart."""

from __future__ import annotations

import json
import math
import re
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from worth.cli.pricing import app
from worth.engine.model.evaluation import evaluate_model
from worth.engine.model.io import load_model

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bearings-pulp-paper.yaml"
SMALL = "Small and mid-size mills"
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["strategy", str(EXAMPLE), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_table_is_the_one_the_docs_show() -> None:
    doc = (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8")
    start = doc.index("worth pricing strategy examples/bearings-pulp-paper.yaml")
    block = re.compile(r"```text\n(.*?)```", re.S).search(doc, start)
    assert block is not None
    large = ("--subsegment", "Large integrated mills")
    code, out, _ = _run(*large, "--variable-cost", "99000", "--fixed-cost", "420000")
    assert code == 0
    assert out == block.group(1)


def test_the_json_figures_are_those_worked_out_from_the_values() -> None:
    code, out, err = _run(
        "--subsegment", SMALL, "--variable-cost", "57300", "--fixed-cost", "260000", "--format", "json"
    )
    assert code == 0, err
    found = json.loads(out)
    # each small mill's economic value: 33,000 a paper machine plus its total value (Brookfield has none)
    evaluation = evaluate_model(load_model(EXAMPLE))
    values = sorted(
        (
            33_000 * float(c.characteristics["Paper machines"]) + float(total)
            for c, s, total in zip(
                evaluation.customers, evaluation.subsegments, evaluation.totals, strict=True
            )
            if s == SMALL and math.isfinite(total)
        ),
        reverse=True,
    )
    cents = [Decimal(repr(v)).quantize(Decimal("0.01"), rounding=ROUND_FLOOR) for v in values]
    pen, skim, best = found["prices"]
    # ceil(0.8 x 6) = 5, ceil(0.2 x 6) = 2
    assert Decimal(pen["price"]) == cents[4]
    assert Decimal(pen["operating_profit"]) == (cents[4] - 57_300) * 5 - 260_000
    assert Decimal(skim["price"]) == cents[1]
    assert Decimal(skim["value_left"]) == (
        Decimal(repr(values[0])) + Decimal(repr(values[1])) - 2 * cents[1]
    ).quantize(Decimal("0.01"))
    profits = [(c - 57_300) * (i + 1) - 260_000 for i, c in enumerate(cents)]
    assert Decimal(best["operating_profit"]) == max(profits)
    assert best["buyers"] == int(np.argmax([float(p) for p in profits])) + 1
    assert found["unvalued"][0]["name"] == "Brookfield Tissue"
    assert any("Brookfield Tissue" in w for w in found["warnings"])


def test_a_volume_driver_and_csv() -> None:
    code, out, _ = _run("--subsegment", SMALL, "--volume-driver", "Paper machines", "--format", "csv")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("strategy,key,target_share_pct,price,buyers")
    assert [r.split(",")[1] for r in rows] == ["penetration", "skimming", "most_profit"]


def test_bad_options_are_named_and_nothing_is_written(tmp_path: Path) -> None:
    chart = tmp_path / "strategy.svg"
    for args, message in [
        (["--subsegment", "Tiny mills"], "subsegment: “Tiny mills” is not one of"),
        (["--subsegment", SMALL, "--variable-cost", "ten"], "--variable-cost: expected a number, got 'ten'"),
        (["--subsegment", SMALL, "--fixed-cost", "-1"], "fixed costs: -1 is negative"),
        (["--subsegment", SMALL, "--skimming-share", "85"], "skimming share: 85 % must be smaller"),
        (["--subsegment", SMALL, "--volume-driver", "Region"], "volume: “Region” is neither a driver"),
    ]:
        code, _, err = _run(*args, "--chart", str(chart))
        assert code == 1, args
        assert message in err, err
        assert not chart.exists()
    code, _, err = _run("--subsegment", SMALL, "--chart", str(tmp_path / "strategy.txt"))
    assert code == 1
    assert "use a .svg or .png name" in err


def test_the_chart_is_written(tmp_path: Path) -> None:
    chart = tmp_path / "strategy.svg"
    code, _, err = _run("--subsegment", SMALL, "--variable-cost", "57300", "--chart", str(chart))
    assert code == 0, err
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg")
    assert "Most operating profit" in svg
