"""No option that takes one value may be given twice: Click would silently keep the last.

Every command of ``worth`` is checked from the command tree itself, so a command added later without
the check fails here; and the refusal is tried on real commands.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from worth.cli.commands import OnceCommand
from worth.cli.main import app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
runner = CliRunner()


def _commands(group, prefix=()):  # walk the Click tree Typer builds
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


def test_every_command_refuses_a_repeated_single_option() -> None:
    found = dict(_commands(typer.main.get_command(app)))
    assert len(found) >= 15
    assert not [" ".join(p) for p, c in found.items() if not isinstance(c, OnceCommand)]


@pytest.mark.parametrize(
    "args",
    [
        ["model", "evaluate", str(EXAMPLE), "--format", "json", "--format", "csv"],
        ["model", "simulate", str(EXAMPLE), "--draws", "1000", "-n", "2000"],
        ["pricing", "value-price", "--nba-price", "1", "--nba-price", "2", "--positive", "3"],
        ["pricing", "band", "--store", "a", "--store=b"],
        ["serve", "--port", "1", "--port", "2"],
    ],
)
def test_a_repeated_option_is_refused_by_name_and_nothing_runs(args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "given 2 times, but it takes one value" in result.output


def test_options_meant_to_repeat_still_do() -> None:
    result = runner.invoke(
        app, ["pricing", "value-price", "--nba-price", "100", "--positive", "a=1", "--positive", "b=2"]
    )
    assert result.exit_code == 0, result.output
    assert "positive differentiation 3 = a: 1 + b: 2" in result.output
