"""A study of one segment: one subsegment is allowed, and the analyses that need two say they do not apply."""

from __future__ import annotations

import json

import pytest
import yaml
from tests.payloads import EXAMPLE
from typer.testing import CliRunner

from worth.cli.main import app
from worth.engine.model import ModelError, parse_model, read_model_text
from worth.engine.model.analysis import analyse_model
from worth.engine.model.export import analysis_data
from worth.exports.report_model import model_report_html


def one_subsegment_text() -> str:
    """The demo model narrowed to its large mills (no rule needed: every customer is in the one)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    large, small = (s["name"] for s in data["subsegments"])
    data["subsegments"] = data["subsegments"][:1]
    del data["subsegments"][0]["rule"]
    for element in data["elements"]:
        del element["classification"][small]
    data["customers"] = [c for c in data["customers"] if c.get("subsegment") in (None, large)]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_one_subsegment_is_analysed_without_a_comparison() -> None:
    analysis = analyse_model(read_model_text(one_subsegment_text()).model)
    assert analysis.subsegments == ("Large integrated mills",)
    assert not analysis.compares_subsegments
    assert analysis.totals_comparison is None
    assert all(e.comparison is None for e in analysis.elements.values())
    # The same figures as the large mills of the two-subsegment model.
    both = analyse_model(read_model_text(EXAMPLE.read_text(encoding="utf-8")).model)
    assert analysis.totals["Large integrated mills"].mean == pytest.approx(
        both.totals["Large integrated mills"].mean
    )
    data = analysis_data(analysis)
    assert "totals_comparison" not in data
    assert all("comparison" not in e for e in data["elements"])


def test_the_report_and_the_command_line_say_what_does_not_apply(tmp_path) -> None:
    text = one_subsegment_text()
    page = model_report_html(analyse_model(read_model_text(text).model), render=lambda spec: "<svg/>")
    assert "no second subsegment to compare" in page
    assert "The two subsegments compared" not in page
    path = tmp_path / "one.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["model", "evaluate", str(path)])
    assert result.exit_code == 0, result.output
    assert "One subsegment: there is no second subsegment to compare it with" in result.stdout
    data = json.loads(CliRunner().invoke(app, ["model", "evaluate", str(path), "-f", "json"]).stdout)
    assert data["subsegments"] == ["Large integrated mills"]


def test_three_subsegments_are_still_refused() -> None:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["subsegments"].append({**data["subsegments"][1], "name": "Third"})
    with pytest.raises(ModelError, match="at most 2 items"):
        parse_model(data)
