"""The equation benchmark runs in quick mode, so it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_equations.py"


def test_quick_benchmark_runs_and_writes_its_figures(tmp_path: Path):
    completed = subprocess.run(
        [sys.executable, str(BENCHMARK), "--quick", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads((tmp_path / "bench_equations.json").read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert result["variables"] == 11
    assert result["results_identical"] is True
    assert result["engine_ms_median"] > 0
    assert result["numpy_ms_median"] > 0
    assert result["ratio_engine_to_numpy"] > 0
    assert "ratio equation / numpy" in completed.stdout
