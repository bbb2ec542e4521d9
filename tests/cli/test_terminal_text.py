"""What a person wrote reaches the terminal as written: no markup, no emoji codes, in every command.

rich read ``[e Extra deal]`` as markup and dropped it (``unknown name : did you mean ?``) and would
turn ``:warning:`` into a picture. Names, paths, policy findings and invoice values with such text go
through ``check``, ``evaluate``, ``sensitivity``, ``pricing policy check`` and ``pricing import``.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from worth.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
POLICY = Path(__file__).resolve().parents[2] / "examples" / "pricing-policy.yaml"
runner = CliRunner()


def _file(tmp_path: Path, name: str, replacements: list[tuple[str, str]]) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unknown_lower_case_name_in_brackets_is_printed_in_full(tmp_path: Path) -> None:
    folder = tmp_path / "[bold]models"
    folder.mkdir()
    path = _file(folder, "m.yaml", [("x [Electricity price]", "x [e Extra deal]")])
    result = runner.invoke(app, ["model", "check", str(path)])
    assert result.exit_code == 1
    assert "unknown name [e Extra deal]" in result.output
    assert f"{folder}/m.yaml:" in result.output  # a path that looks like markup stays whole


def test_names_that_look_like_markup_or_emoji_are_printed_as_written(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "m.yaml",
        [
            ("- name: Energy\n", "- name: ':warning: Energy /b'\n"),
            ("Large integrated mills", "Large :x:mills"),
            ("name: Norrvik Bruk", "name: ':smile: Norrvik Bruk'"),
        ],
    )
    check = runner.invoke(app, ["model", "check", str(path)])
    assert check.exit_code == 0, check.output
    evaluated = runner.invoke(app, ["model", "evaluate", str(path)])
    assert evaluated.exit_code == 0, evaluated.output
    for text in (":warning: Energy /b", "Large :x:mills", ":smile: Norrvik Bruk"):
        assert text in evaluated.output, text
    assert "⚠" not in evaluated.output
    assert "❌" not in evaluated.output
    tornado = runner.invoke(app, ["model", "sensitivity", str(path), "--subsegment", "Large :x:mills"])
    assert tornado.exit_code == 0, tornado.output
    assert "Large :x:mills: delta value with every driver at its baseline" in tornado.output


def test_policy_findings_and_invoice_values_are_printed_as_written(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    text = POLICY.read_text(encoding="utf-8")
    policy.write_text(
        text.replace("company:", "company: '[red]Nordkap[/red]'\n_company:", 1), encoding="utf-8"
    )
    checked = runner.invoke(app, ["pricing", "policy", "check", str(policy)])
    assert "_company" in checked.output  # the unknown field is named, brackets and all
    lines = tmp_path / "lines.csv"
    header = (
        "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
        "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
        "cooperative_advertising,freight"
    )
    lines.write_text(header + "\nINV-1,1,2025-01-02,C1,[i]Mill[/i],A,S1,P,[b]3[/b],100,0,0,0,0,0,0,0\n")
    imported = runner.invoke(app, ["pricing", "import", str(lines), "--store", str(tmp_path / "store")])
    assert imported.exit_code == 1
    assert "'[b]3[/b]'" in imported.output
