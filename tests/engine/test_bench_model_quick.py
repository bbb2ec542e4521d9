"""The model benchmark runs in its quick form, so it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_model_quick_runs_and_writes_its_figures():
    script = ROOT / "benchmarks" / "bench_model.py"
    done = subprocess.run(
        [sys.executable, str(script), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "engine / hand-written ratio" in done.stdout
    record = json.loads((ROOT / "benchmarks" / "results" / "bench_model.json").read_text(encoding="utf-8"))
    assert record["quick"] is True
    assert record["elements"] == 30
    assert record["ratio_engine_to_numpy"] > 0
