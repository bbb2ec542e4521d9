"""Benchmark: pocket price waterfall + band over millions of invoice lines, Worth against baselines.

N demo invoice lines (Nordkap Bearings, default 10,000,000) are written once to Parquet and imported
into a Parquet store (both kept for later runs). The same analysis - the overall pocket price
waterfall, and the transaction band (histogram, percentiles, mean, spread) with the share of lines
within the example policy's guidelines and the revenue lost below their floors - is then run by
three variants, each in a process of its own (started once, so its peak memory, the RSS high-water
mark ``VmHWM``, is its own):

- ``worth``: ``worth.analytics`` (Ibis expressions) on DuckDB reading the store;
- ``sql``: hand-written DuckDB SQL of the same result over the same files - one query for the
  waterfall, one for the band with its compliance counts - post-processed the same way (the
  baseline: aim at most 1.2x);
- ``pandas``: the same figures computed with pandas and numpy (exact weighted percentiles); the
  table reports Worth's speed-up over it (no aim).

The three run in turns, round after round (a warm-up round not counted); each figure is the median
ratio of the rounds with its spread. The three results are checked against each other (pocket price,
compliance, revenue lost, median): a disagreement fails the benchmark. The streamed import of the same
file into a new Parquet store is timed too (rows per second, no aim), and every variant's peak memory
is reported (no aim).

Run::

    .venv/bin/python benchmarks/bench_pricing.py [--quick] [--rows N] [--rounds N]

``--quick`` (seconds, to keep the script working; its ratios mean little): 100,000 lines, 5 rounds.
Writes ``benchmarks/results/bench_pricing.json``; the generated Parquet file and its store are kept
under ``benchmarks/results/data/`` and reused by runs of the same size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, compare, median_figure, peak_rss_mib, ratio_figure, rounds_of, write_results

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


def prepare(variant: str) -> None:
    """Import what a variant needs before the clock starts (imports are not what is measured)."""
    import duckdb  # noqa: F401

    if variant in ("worth", "import"):
        import worth.analytics
        import worth.engine.pricing  # noqa: F401
    if variant == "pandas":
        import pandas  # noqa: F401


def worker(variant: str, store: Path) -> None:
    """Serve runs of one variant: each ``run`` line read answers with its seconds and result.

    ``stop`` answers with the process's peak memory and ends it. Only the answers go to standard
    output; anything a library prints goes to standard error instead.
    """
    prepare(variant)
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    before = peak_rss_mib()
    _answer(answers, {"ready": True})
    for line in sys.stdin:
        if line.strip() == "stop":
            _answer(answers, {"peak_rss_mib": peak_rss_mib(), "rss_before_mib": before})
            return
        started = time.perf_counter()
        result = RUNNERS[variant](store)
        _answer(answers, {"seconds": time.perf_counter() - started, "result": result})


def _answer(stream: IO[str], message: dict[str, Any]) -> None:
    stream.write(json.dumps(message) + "\n")
    stream.flush()


class Variant:
    """One variant's worker process, asked to run round after round."""

    def __init__(self, name: str, store: Path) -> None:
        self.name = name
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker", name, "--data", str(store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
        )
        self.result: dict[str, float] = {}

    def _ask(self, line: str | None) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        if line is not None:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            self.process.wait()
            self.errors.seek(0)
            stderr = self.errors.read().decode(errors="replace")
            sys.exit(f"variant {self.name} failed ({self.process.returncode}):\n{stderr[-2000:]}")
        message: dict[str, Any] = json.loads(answer)
        return message

    def ready(self) -> None:
        self._ask(None)

    def run(self) -> float:
        """Run once; the seconds the worker measured (the result is kept)."""
        answer = self._ask("run")
        self.result = answer["result"]
        return float(answer["seconds"])

    def stop(self) -> dict[str, float]:
        """End the worker; its peak memory."""
        memory = self._ask("stop")
        self.process.wait()
        self.errors.close()
        return memory


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


def memory_figure(label: str, memory: dict[str, float]) -> Figure:
    return Figure(
        name=f"peak memory, {label}",
        value=memory["peak_rss_mib"],
        unit="MiB",
        aim="",
        met=None,
        detail=f"own process, {memory['rss_before_mib']:,.0f} MiB after its imports",
    )


def run(*, rows: int, rounds: int, quick: bool, data: Path) -> tuple[list[Figure], dict[str, Any]]:
    store, written = data_store(rows, data)
    variants = {name: Variant(name, store) for name in (*VARIANTS, "import")}
    for variant in variants.values():  # started together; the imports are not measured
        variant.ready()
    seconds = rounds_of(
        {name: variants[name].run for name in VARIANTS}, rounds=rounds, warmup=1, self_timed=True
    )
    results = {name: variants[name].result for name in VARIANTS}
    if not consistent(results):
        sys.exit(f"the variants disagree: {json.dumps(results, indent=2)}")
    importer = variants["import"]
    importer.run()  # warm-up
    import_rates = [rows / importer.run() for _ in range(2 if quick else 3)]
    memory = {name: variant.stop() for name, variant in variants.items()}

    figures = [
        ratio_figure(
            f"Worth / hand-written SQL, {rows:,} lines",
            compare(seconds["sql"], seconds["worth"]),
            baseline="SQL",
            aim=1.2,
        ),
        ratio_figure(
            "Worth's speed-up over pandas",
            compare(seconds["worth"], seconds["pandas"]),
            baseline="Worth",
            subject="pandas",
        ),
        median_figure(
            "import into the store (streamed, checked)",
            import_rates,
            unit="rows/s",
            detail=f"{rows:,} rows from Parquet",
        ),
        memory_figure("Worth", memory["worth"]),
        memory_figure("hand-written SQL", memory["sql"]),
        memory_figure("pandas", memory["pandas"]),
        memory_figure("import", memory["import"]),
    ]
    extra = {
        "rows": rows,
        "parquet_mib": round(source_of(store).stat().st_size / 2**20, 1),
        "generate_seconds": written,
        "seconds": seconds,
        "results": results,
        "cpus": len(os.sched_getaffinity(0)),
    }
    return figures, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 lines, 5 rounds (seconds).")
    parser.add_argument("--rows", type=int, default=None, help="Invoice lines (default 10,000,000).")
    parser.add_argument("--rounds", type=int, default=None, help="Rounds of the three variants (default 9).")
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=sorted(RUNNERS), default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker(args.worker, args.data)
        return
    rows = args.rows or (100_000 if args.quick else 10_000_000)
    rounds = args.rounds or (5 if args.quick else 9)
    figures, extra = run(
        rows=rows, rounds=rounds, quick=args.quick, data=args.data or HERE / "results" / "data"
    )
    write_results("bench_pricing", figures, quick=args.quick, **extra)


if __name__ == "__main__":
    main()
