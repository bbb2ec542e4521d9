"""The command line starts at once: the heavy libraries load only inside the commands that use them.

Timing lives in ``benchmarks/bench_cli.py``; this test keeps the structure that makes it fast: loading
the ``worth`` command tree, and asking any command for its help, imports none of them.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("numpy", "scipy", "pandas", "ibis", "duckdb", "pint", "lark", "statsmodels", "sklearn", "vl_convert")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["model", "evaluate", "--help"],
        ["pricing", "band", "--help"],
        ["pricing", "strategy", "--help"],
        ["pricing", "mix", "--help"],
    ],
)
def test_the_command_tree_and_its_help_import_nothing_heavy(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from worth.cli.main import app\n"
        "try:\n"
        f"    app({args!r} or ['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('heavy:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "heavy:", done.stdout[-300:]


def test_the_simulate_default_chunk_is_the_engines() -> None:
    from worth.cli.sensitivity import DEFAULT_CHUNK
    from worth.engine.sensitivity.montecarlo import DEFAULT_CHUNK as ENGINE_CHUNK

    assert DEFAULT_CHUNK == ENGINE_CHUNK
