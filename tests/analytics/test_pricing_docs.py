"""docs/pricing.md shows real output: its Python examples and the waterfall table are run again here."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from worth.analytics import ParquetStore, import_invoices
from worth.analytics.demo_invoices import write_demo_invoices
from worth.cli.pricing import app

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8")


def block_after(marker: str, language: str) -> str:
    """The first fenced block of ``language`` after the text ``marker``."""
    start = DOC.index(marker)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(DOC, start)
    assert match is not None, marker
    return match.group(1)


def run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "docs/pricing.md", "exec"), {})  # noqa: S102 - our own documentation
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the documentation's examples ran in: 20,000 demo lines (seed 7) in nordkap-store."""
    folder = tmp_path_factory.mktemp("docs")
    source = write_demo_invoices(folder / "invoices.csv", rows=20_000, seed=7)
    import_invoices(source, ParquetStore(folder / "nordkap-store"))
    (folder / "examples").symlink_to(ROOT / "examples")
    return folder


def test_the_value_based_price_example_prints_what_the_docs_say() -> None:
    code = block_after("inputs are read as the decimals you typed. In Python:", "python")
    expected = block_after(code, "text")
    assert run(code) == expected


def test_the_analytics_example_prints_what_the_docs_say(
    demo_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = block_after("Compliance is always counted per", "python")
    expected = block_after(code, "text")
    monkeypatch.chdir(demo_folder)  # the example names its files relative to where it runs
    assert run(code) == expected


def test_the_waterfall_table_is_real_output(demo_folder: Path) -> None:
    shown = block_after("## Reading the pocket price waterfall", "text").split("\n", 1)[1]
    result = CliRunner().invoke(app, ["waterfall", "--store", str(demo_folder / "nordkap-store")])
    assert result.exit_code == 0, result.output
    assert result.stdout == shown


def test_the_mix_csv_is_real_output(demo_folder: Path) -> None:
    shown = block_after("## Mix of business", "text")
    result = CliRunner().invoke(
        app, ["mix", "--store", str(demo_folder / "nordkap-store"), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "".join(result.stdout.splitlines(keepends=True)[:4]) == shown
