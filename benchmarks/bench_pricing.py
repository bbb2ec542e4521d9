"""Benchmark: pocket price waterfall + band over millions of invoice lines, Worth against baselines.

N demo invoice lines (Nordkap Bearings, default 10,000,000) are written once to Parquet and imported
into a Parquet store (both kept for later runs). The same analysis - the overall pocket price
waterfall, and the transaction band (histogram, percentiles, mean, spread) with the share of lines
within the example policy's guidelines and the revenue lost below their floors - is then run, each
variant in its own process so its peak memory (RSS high-water mark, ``VmHWM``) is its own:

- ``worth``: ``worth.analytics`` (Ibis expressions) on DuckDB reading the store;
- ``sql``: hand-written DuckDB SQL of the same result over the same files - one query for the
  waterfall, one for the band with its compliance counts - post-processed the same way (the
  baseline: aim at most 1.2x);
- ``pandas``: the same figures computed with pandas and numpy (exact weighted percentiles); the
  table reports Worth's speed-up over it.

The streamed import of the same file into a Parquet store is timed too (rows per second, peak RSS).
Each variant runs ``--repeat`` times in its process; the best time counts. The three results are
checked against each other (pocket price, compliance, revenue lost, median).

Run::

    .venv/bin/python benchmarks/bench_pricing.py [--quick] [--rows N] [--output DIR]

``--quick`` (seconds, to keep the script working; its ratios mean little): 100,000 lines, two repeats.
Writes ``bench_pricing.json`` to ``benchmarks/results/`` (or ``--output``); the generated Parquet
file and its store are kept under ``benchmarks/results/data/`` and reused by runs of the same size.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
POLICY = HERE.parent / "examples" / "pricing-policy.yaml"
SEED = 7
BIN_WIDTH = 2.5
RESOLUTION = 0.01
PERCENTILES = (5, 10, 25, 50, 75, 90, 95)
VARIANTS = ("worth", "sql", "pandas")


# ---- the variants (each runs in a child process) ------------------------------------------------


def run_worth(store: Path) -> dict[str, float]:
    """Worth's own functions on DuckDB, reading the store the importer wrote."""
    from worth.analytics import connect, pocket_price_band, pocket_price_waterfall, store_table
    from worth.engine.pricing import load_policy

    table, contract = store_table(connect(), store)
    (waterfall,) = pocket_price_waterfall(table, contract=contract).groups
    policy = load_policy(POLICY)
    (band,) = pocket_price_band(
        table, contract=contract, policy=policy, bin_width=BIN_WIDTH, resolution=RESOLUTION
    ).groups
    assert band.compliance is not None
    return {
        "pocket_price": waterfall.pocket_price,
        "invoice_price": waterfall.invoice_price,
        "mean_pct": band.mean_pct,
        "p50_pct": band.percentile(50),
        "bins": len(band.bins),
        "share_lines_within": band.compliance.share_lines_within or 0.0,
        "revenue_lost": band.compliance.revenue_lost,
    }


UNIT = """
    WITH lines AS (
        SELECT *,
            list_price * order_size_discount / 100.0 AS u_order,
            list_price * competitive_discount / 100.0 AS u_competitive,
            other_on_invoice / quantity AS u_other
        FROM read_parquet('{path}')
    ), invoiced AS (
        SELECT *, list_price - u_order - u_competitive - u_other AS invoice FROM lines
    ), priced AS (
        SELECT *,
            invoice * payment_terms_cost / 100.0 AS u_terms,
            annual_volume_rebate / quantity AS u_rebate,
            cooperative_advertising / quantity AS u_coop,
            freight / quantity AS u_freight
        FROM invoiced
    ), pocket AS (
        SELECT *, invoice - u_terms - u_rebate - u_coop - u_freight AS pocket FROM priced
    )
"""
# The queries are fixed text with a file path and two numbers from this script: no user input.
WATERFALL_SQL = (
    UNIT  # noqa: S608
    + """
    SELECT count(*), sum(quantity), sum(list_price * quantity), sum(u_order * quantity),
        sum(u_competitive * quantity), sum(u_other * quantity), sum(u_terms * quantity),
        sum(u_rebate * quantity), sum(u_coop * quantity), sum(u_freight * quantity)
    FROM pocket
"""
)
BAND_SQL = (
    UNIT  # noqa: S608
    + """
    , points AS (
        SELECT quantity AS w, pocket, pocket / list_price * 100.0 AS pct,
            CASE WHEN starts_with(product, 'CM ') THEN 0.88
                 WHEN segment = 'large mills' AND quantity >= 50 THEN 0.78
                 WHEN segment = 'large mills' THEN 0.80
                 WHEN segment = 'small and mid-size mills' THEN 0.85 END * list_price AS floor,
            CASE WHEN starts_with(product, 'CM ') THEN 1.00
                 WHEN segment = 'large mills' AND quantity >= 50 THEN 0.96
                 WHEN segment = 'large mills' THEN 0.98
                 WHEN segment = 'small and mid-size mills' THEN 1.00 END * list_price AS ceiling
        FROM pocket
    )
    SELECT floor(pct / {bin_width}) AS bin, round(pct / {resolution}) AS grid, sum(w) AS w,
        sum(pct * w) AS s1, sum(pct * pct * w) AS s2, min(pct) AS lo, max(pct) AS hi,
        count(floor) AS covered,
        count(*) FILTER (
            WHERE pocket >= floor - 1e-9 AND (ceiling IS NULL OR pocket <= ceiling + 1e-9)
        ) AS within,
        sum(CASE WHEN pocket < floor - 1e-9 THEN (floor - pocket) * w ELSE 0 END) AS lost,
        count(*) FILTER (WHERE pocket < floor - 1e-9) AS below,
        count(*) FILTER (WHERE pocket > ceiling + 1e-9) AS above,
        sum(w) FILTER (WHERE floor IS NOT NULL) AS w_covered,
        sum(w) FILTER (
            WHERE pocket >= floor - 1e-9 AND (ceiling IS NULL OR pocket <= ceiling + 1e-9)
        ) AS w_within,
        sum(w) FILTER (WHERE pocket < floor - 1e-9) AS w_below,
        count(*) AS n
    FROM points GROUP BY 1, 2
"""
)


def run_sql(store: Path) -> dict[str, float]:
    """The hand-written DuckDB baseline, post-processed the way Worth does (grid percentiles)."""
    import duckdb

    path = parts(store)
    con = duckdb.connect()
    row = con.execute(WATERFALL_SQL.format(path=path)).fetchone()
    assert row is not None
    _, volume, list_value, *items = row
    invoice = (list_value - sum(items[:3])) / volume
    pocket_price = (list_value - sum(items)) / volume
    grid = con.execute(BAND_SQL.format(path=path, bin_width=BIN_WIDTH, resolution=RESOLUTION)).fetchall()
    weights: dict[int, float] = {}
    bins: set[int] = set()
    for bin_, cell, w, *_ in grid:
        weights[int(cell)] = weights.get(int(cell), 0.0) + w
        bins.add(int(bin_))
    total = sum(weights.values())
    cumulative, median = 0.0, math.nan
    for cell in sorted(weights):
        cumulative += weights[cell]
        if cumulative >= total * 0.5 * (1 - 1e-12):
            median = cell * RESOLUTION
            break
    covered, within, lost = (sum(r[i] for r in grid) for i in (7, 8, 9))
    return {
        "pocket_price": pocket_price,
        "invoice_price": invoice,
        "mean_pct": sum(r[3] for r in grid) / total,
        "p50_pct": median,
        "bins": len(bins),
        "share_lines_within": within / covered,
        "revenue_lost": lost,
    }


def run_pandas(store: Path) -> dict[str, float]:
    """pandas and numpy, exact weighted percentiles."""
    import pandas as pd

    df = pd.read_parquet(store / "invoice_lines")
    q, lp = df["quantity"].to_numpy(), df["list_price"].to_numpy()
    invoice = (
        lp
        - lp * df["order_size_discount"].to_numpy() / 100
        - lp * df["competitive_discount"].to_numpy() / 100
    )
    invoice = invoice - df["other_on_invoice"].to_numpy() / q
    pocket = invoice - invoice * df["payment_terms_cost"].to_numpy() / 100
    for column in ("annual_volume_rebate", "cooperative_advertising", "freight"):
        pocket = pocket - df[column].to_numpy() / q
    pct = pocket / lp * 100
    volume = q.sum()
    order = np.argsort(pct, kind="stable")
    cumulative = np.cumsum(q[order]) / volume
    median = float(pct[order][np.searchsorted(cumulative, 0.5 - 1e-12)])
    bins = np.unique(np.floor(pct / BIN_WIDTH)).size
    product, segment = df["product"].astype(str), df["segment"].astype(str)
    cm = product.str.startswith("CM ").to_numpy()
    large = (segment == "large mills").to_numpy()
    small = (segment == "small and mid-size mills").to_numpy()
    conditions = [cm, large & (q >= 50), large, small]
    floor = np.select(conditions, [0.88, 0.78, 0.80, 0.85], np.nan) * lp
    ceiling = np.select(conditions, [1.00, 0.96, 0.98, 1.00], np.nan) * lp
    covered = ~np.isnan(floor)
    below = covered & (pocket < floor - 1e-9)
    above = covered & (pocket > ceiling + 1e-9)
    return {
        "pocket_price": float((pocket * q).sum() / volume),
        "invoice_price": float((invoice * q).sum() / volume),
        "mean_pct": float((pct * q).sum() / volume),
        "p50_pct": median,
        "bins": int(bins),
        "share_lines_within": float((covered & ~below & ~above).sum() / covered.sum()),
        "revenue_lost": float(np.where(below, (floor - pocket) * q, 0.0).sum()),
    }


def run_import(store: Path) -> dict[str, float]:
    """The streamed, checked import of the generated file into a new Parquet store."""
    from worth.analytics import ParquetStore, import_invoices

    target = Path(tempfile.mkdtemp(prefix="worth-bench-store-"))
    try:
        return {"rows": float(import_invoices(source_of(store), ParquetStore(target)).rows)}
    finally:
        shutil.rmtree(target, ignore_errors=True)


def parts(store: Path) -> str:
    """The store's Parquet files, as DuckDB reads them."""
    return str(store / "invoice_lines" / "*.parquet")


def source_of(store: Path) -> Path:
    """The generated file a store was imported from (kept beside it)."""
    return store.with_suffix(".parquet")


RUNNERS: dict[str, Callable[[Path], dict[str, float]]] = {
    "worth": run_worth,
    "sql": run_sql,
    "pandas": run_pandas,
    "import": run_import,
}


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    ``VmHWM`` starts afresh when a process execs; ``ru_maxrss`` on Linux carries the parent's peak
    over a fork and exec, which would charge the parent's memory to every variant.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(variant: str) -> None:
    """Import what a variant needs before the clock starts (imports are not what is measured)."""
    import duckdb  # noqa: F401

    if variant in ("worth", "import"):
        import worth.analytics
        import worth.engine.pricing  # noqa: F401
    if variant == "pandas":
        import pandas  # noqa: F401


def child(variant: str, store: Path, repeat: int) -> dict[str, Any]:
    """Run one variant ``repeat`` times in this process: best time, result, peak RSS."""
    prepare(variant)
    before = peak_rss_mib()
    times, result = [], {}
    for _ in range(repeat):
        started = time.perf_counter()
        result = RUNNERS[variant](store)
        times.append(time.perf_counter() - started)
    peak = peak_rss_mib()
    return {
        "seconds": min(times),
        "all_seconds": times,
        "peak_rss_mib": peak,
        "rss_before_mib": before,
        "result": result,
    }


def measure(variant: str, store: Path, repeat: int) -> dict[str, Any]:
    completed = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            variant,
            "--data",
            str(store),
            "--repeat",
            str(repeat),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"variant {variant} failed:\n{completed.stderr}")
    out: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return out


# ---- orchestration ---------------------------------------------------------------------------------


def data_store(rows: int, folder: Path) -> tuple[Path, float | None]:
    """A store of ``rows`` demo lines (and the file it came from), made if missing.

    Returns the store and the seconds it took to generate the file, or None when it was reused.
    """
    from worth.analytics import ParquetStore, import_invoices
    from worth.analytics.demo_invoices import write_demo_invoices

    folder.mkdir(parents=True, exist_ok=True)
    store = folder / f"invoices-{rows}-seed{SEED}"
    source = source_of(store)
    written = None
    if not source.exists():
        started = time.perf_counter()
        write_demo_invoices(source, rows=rows, seed=SEED)
        written = time.perf_counter() - started
    if not (store / "invoice_lines").exists():
        import_invoices(source, ParquetStore(store))
    return store, written


def consistent(results: dict[str, dict[str, float]]) -> bool:
    """The three variants agree: money to 1e-9 relative, the median within the grid resolution."""
    base = results["pandas"]
    for name in ("worth", "sql"):
        other = results[name]
        for key in ("pocket_price", "invoice_price", "mean_pct", "share_lines_within", "revenue_lost"):
            if not math.isclose(other[key], base[key], rel_tol=1e-9, abs_tol=1e-9):
                return False
        if abs(other["p50_pct"] - base["p50_pct"]) > RESOLUTION / 2 + 1e-9 or other["bins"] != base["bins"]:
            return False
    return True


def run(*, rows: int, repeat: int, quick: bool, data: Path) -> dict[str, Any]:
    store, written = data_store(rows, data)
    measured = {variant: measure(variant, store, repeat) for variant in (*VARIANTS, "import")}
    results = {v: measured[v]["result"] for v in VARIANTS}
    worth, sql, pandas_ = (measured[v]["seconds"] for v in VARIANTS)
    return {
        "benchmark": "pricing",
        "quick": quick,
        "rows": rows,
        "repeat": repeat,
        "parquet_mib": round(source_of(store).stat().st_size / 2**20, 1),
        "generate_seconds": written,
        "seconds": {v: measured[v]["seconds"] for v in (*VARIANTS, "import")},
        "peak_rss_mib": {v: round(measured[v]["peak_rss_mib"], 1) for v in (*VARIANTS, "import")},
        "ratio_worth_to_sql": worth / sql,
        "speedup_vs_pandas": pandas_ / worth,
        "import_rows_per_second": rows / measured["import"]["seconds"],
        "results": results,
        "results_consistent": consistent(results),
        "machine": {"python": platform.python_version(), "cpus": _cpus(), "platform": platform.platform()},
    }


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0))


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"Pocket price waterfall + band, {result['rows']:,} invoice lines ({result['parquet_mib']} MiB)"
    )
    table.add_column("variant")
    table.add_column("best seconds", justify="right")
    table.add_column("peak RSS MiB", justify="right")
    names = {"worth": "Worth (Ibis on DuckDB)", "sql": "hand-written DuckDB SQL", "pandas": "pandas + numpy"}
    names["import"] = "import into the store (streamed, checked)"
    for variant, label in names.items():
        table.add_row(label, f"{result['seconds'][variant]:.2f}", f"{result['peak_rss_mib'][variant]:,.0f}")
    console = Console()
    console.print(table)
    console.print(f"ratio Worth / hand-written SQL: {result['ratio_worth_to_sql']:.2f}x (aim: at most 1.2x)")
    console.print(f"speed-up of Worth over pandas: {result['speedup_vs_pandas']:.1f}x")
    console.print(f"import: {result['import_rows_per_second']:,.0f} rows per second")
    console.print(f"results agree: {'yes' if result['results_consistent'] else 'NO'}")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 lines, two repeats (seconds).")
    parser.add_argument("--rows", type=int, default=None, help="Invoice lines (default 10,000,000).")
    parser.add_argument("--repeat", type=int, default=None, help="Runs per variant (default 3).")
    parser.add_argument("--output", type=Path, default=HERE / "results")
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--child", choices=sorted(RUNNERS), default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child, args.data, args.repeat or 1)))
        return {}
    rows = args.rows or (100_000 if args.quick else 10_000_000)
    repeat = args.repeat or (2 if args.quick else 3)
    result = run(rows=rows, repeat=repeat, quick=args.quick, data=args.data or HERE / "results" / "data")
    show(result)
    args.output.mkdir(parents=True, exist_ok=True)
    path = args.output / "bench_pricing.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written to {path}")
    return result


if __name__ == "__main__":
    main()
