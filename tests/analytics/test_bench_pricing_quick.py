"""The pricing benchmark runs in quick mode, so it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_pricing.py"


def test_quick_benchmark_runs_and_its_variants_agree(tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            str(BENCHMARK),
            "--quick",
            "--output",
            str(tmp_path),
            "--data",
            str(tmp_path / "data"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result = json.loads((tmp_path / "bench_pricing.json").read_text(encoding="utf-8"))
    assert result["quick"] is True
    assert result["rows"] == 100_000
    assert result["results_consistent"] is True
    assert set(result["seconds"]) == {"worth", "sql", "pandas", "import"}
    assert result["ratio_worth_to_sql"] > 0
    assert result["speedup_vs_pandas"] > 0
    assert all(mib > 0 for mib in result["peak_rss_mib"].values())
    assert "ratio Worth / hand-written SQL" in completed.stdout
