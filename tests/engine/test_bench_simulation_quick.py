"""The simulation benchmark runs in quick mode, so it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_simulation.py"


def test_quick_benchmark_runs_and_writes_its_figures(tmp_path: Path):
    completed = subprocess.run(
        [sys.executable, str(BENCHMARK), "--quick", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads((tmp_path / "bench_simulation.json").read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert result["elements"] == 30
    assert result["drivers"] == 83
    assert result["results_consistent"] is True
    assert result["ratio_engine_to_numpy"] > 0
    assert result["speedup_vs_loop"] > 1
    assert result["memory_draws"] == 100_000
    assert 0 < result["memory_rss_before_mib"] < result["memory_peak_rss_mib"]
    assert "ratio Worth / numpy" in completed.stdout
