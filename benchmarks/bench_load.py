"""Benchmark: pages of a real ``worth serve`` under 20 and 50 concurrent clients, against a static file.

For each database (SQLite, PostgreSQL) the demo case is loaded into a fresh database, ``worth serve``
is started on loopback and signed in to as the demo user; then ``wrk`` (a real HTTP load generator,
Debian package ``wrk``, driven by ``load_report.lua``) loads each route with 20 and then 50 open
connections: the value summary, the sensitivity page, the pocket price waterfall and band, and an API
route. A run is bounded in count and in time: it sends as many requests as the route served in
``--target-seconds`` when it was warmed up (at least one per client, at most ``--max-per-client``;
``--per-client`` fixes the number), each timed to its answer, within ``--seconds``; what is still
unanswered then is reported as such, never left out of the percentiles silently. A static file served by
the same server runs before and after each route (static, summary, static, sensitivity, static, ...),
so each route's p95 is compared with the static file's p95 measured around it, on the same server in
the same minute. Errors are answers other than 2xx (a lost session's redirect to the login page
counts), answers slower than wrk's timeout, and requests lost with their connection.

Aims: p95 within 5x the static file at 20 clients; no errors at any number of clients (50 included).

Run: ``.venv/bin/python benchmarks/bench_load.py [--quick] [--databases sqlite,postgres]``;
``--source PATH`` measures another checkout of Worth with this environment (an older version, say),
``--serve-args "--processes 4"`` passes options to ``worth serve``.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, arguments, write_results
from load_support import DEMO_USER, REPO, Browser, Server, Source, database, stop_on_sigterm

SCRIPT = Path(__file__).resolve().parent / "load_report.lua"
STATIC = "static"
#: What is loaded, by name: the pages a person opens most, and the API route a script reads.
ROUTES = {
    "summary": "/models/{model}/report/",
    "sensitivity": "/models/{model}/sensitivity/",
    "waterfall": "/pricing/datasets/{dataset}/waterfall/",
    "band": "/pricing/datasets/{dataset}/band/",
    "api": "/api/models/{model}/summary",
}
AIM_RATIO = 5.0
AIM_RATIO_CLIENTS = 20
#: wrk's limit for one answer; a slower one is counted as an error (a timeout).
TIMEOUT_S = 60


@dataclass(frozen=True)
class Run:
    """One wrk run: a route at a number of clients, with what wrk counted."""

    database: str
    clients: int
    route: str
    round: int
    wrk: dict[str, int]
    wall_s: float = 0.0
    drain_s: float = 0.0

    def ms(self, key: str) -> float:
        return self.wrk[key] / 1000

    @property
    def errors(self) -> int:
        """Answers other than 2xx, answers slower than the timeout, requests lost with their connection."""
        return sum(self.wrk[k] for k in ("not_2xx", "connect", "write", "timeout", "resent"))

    @property
    def idle_closed(self) -> int:
        """Kept-alive connections the server closed while idle (wrk counts them as read errors)."""
        return max(0, self.wrk["read"] - self.wrk["resent"])

    @property
    def unanswered(self) -> int:
        """Requests still unanswered when the time bound ran out (their latency is not counted)."""
        return max(0, self.wrk["sent"] - self.wrk["requests"])

    @property
    def per_second(self) -> float:
        seconds = self.wrk["duration_us"] / 1e6
        return self.wrk["requests"] / seconds if seconds > 0 else 0.0


def options() -> argparse.Namespace:
    parser = arguments(__doc__.splitlines()[0], quick="SQLite, 20 clients, 15 s at most per run")
    parser.add_argument("--databases", help="comma-separated: sqlite,postgres (quick: sqlite)")
    parser.add_argument("--clients", help="open connections, comma-separated (20,50; quick 20)")
    parser.add_argument("--per-client", type=int, help="requests per client and route (default: sized)")
    parser.add_argument("--target-seconds", type=float, help="a run's size in seconds at the warm-up rate")
    parser.add_argument("--max-per-client", type=int, default=10, help="requests per client at most")
    parser.add_argument("--static-per-client", type=int, default=40, help="... of the static file")
    parser.add_argument("--seconds", type=int, help="time bound of a run, whole seconds (60; quick 15)")
    parser.add_argument("--rounds", type=int, help="times the whole sequence runs (3; quick 1)")
    parser.add_argument("--source", type=Path, default=REPO, help="the checkout of Worth to serve")
    parser.add_argument("--serve-args", default="", help='extra options of worth serve ("--processes 2")')
    parser.add_argument("--results-name", default="bench_load", help="benchmarks/results/<name>.json")
    args = parser.parse_args()
    args.databases = (args.databases or ("sqlite" if args.quick else "sqlite,postgres")).split(",")
    args.clients = [int(c) for c in (args.clients or ("20" if args.quick else "20,50")).split(",")]
    args.seconds = args.seconds or (15 if args.quick else 60)
    args.target_seconds = args.target_seconds or (2.0 if args.quick else 8.0)
    args.rounds = args.rounds or (1 if args.quick else 3)
    return args


def wrk(url: str, *, clients: int, requests: int, seconds: int, cookie: str) -> dict[str, int]:
    """One wrk run of at most ``requests`` requests and ``seconds`` seconds; what load_report.lua counted.

    Latencies are in microseconds. wrk waits out its -d even when every thread has all its answers,
    so it is interrupted as soon as each thread has said so.
    """
    threads = min(2, clients)
    command = [
        *("wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", f"{TIMEOUT_S}s"),
        *("-s", str(SCRIPT), "-H", f"Cookie: {cookie}", url, "--", str(-(-requests // threads))),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(seconds + TIMEOUT_S + 30, process.kill)
    watchdog.start()
    finished, complaints = 0, []
    try:
        assert process.stderr is not None
        assert process.stdout is not None
        for line in process.stderr:
            if line.strip() != "WORTH-THREAD-DONE":
                complaints.append(line)
                continue
            finished += 1
            if finished == threads:
                process.send_signal(signal.SIGINT)
        output = process.stdout.read()
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    found = re.search(r"^WORTH-LOAD (\{.*\})$", output, re.MULTILINE)
    if process.returncode != 0 or found is None:
        sys.exit(f"wrk failed ({process.returncode}): {''.join(complaints)[-500:]}{output[-500:]}")
    return dict(json.loads(found.group(1)))


def resolve_routes(browser: Browser) -> dict[str, str]:
    """The demo's model and data set, and a static file the pages link to."""
    models = json.loads(browser.get("/api/models").body)
    pricing = browser.get("/pricing/").body
    dataset = re.search(r'href="/pricing/datasets/(\d+)/"', pricing)
    page = browser.get(f"/models/{models[0]['id']}/").body
    static = re.search(r'href="(/static/[^"]+\.css)"', page)
    if not models or dataset is None or static is None:
        sys.exit("the demo case has no model, data set or style sheet to load")
    ids = {"model": models[0]["id"], "dataset": dataset.group(1)}
    paths = {STATIC: static.group(1), **{name: path.format(**ids) for name, path in ROUTES.items()}}
    for name, path in paths.items():
        answer = browser.get(path)
        if answer.status != 200:
            sys.exit(f"{name} ({path}) answered {answer.status} before any load")
    return paths


def idle_latency(browser: Browser) -> float:
    return statistics.median(browser.get("/healthz").seconds for _ in range(5))


def drain(browser: Browser, idle_s: float, *, limit_s: float = 90) -> float:
    """Wait until the server has finished what a run cut off by its time bound left queued.

    Six quick answers in a row, so that every server process has most likely been asked.
    """
    quick_enough = max(0.05, 3 * idle_s)
    start = time.monotonic()
    calm = 0
    while calm < 6 and time.monotonic() < start + limit_s:
        calm = calm + 1 if browser.get("/healthz").seconds < quick_enough else 0
        time.sleep(0.1)
    return time.monotonic() - start


def measure(server: Server, kind: str, args: argparse.Namespace) -> list[Run]:
    """Every route at every number of clients, the static file before and after each."""
    password = server.load_demo()
    server.start()
    browser = Browser(server.base)
    browser.sign_in(DEMO_USER, password)
    paths = resolve_routes(browser)
    cookie = browser.cookie_header()
    idle_s = idle_latency(browser)

    def load(route: str, clients: int, number: int, requests: int, label: str = "") -> Run:
        url = server.base + paths[route]
        start = time.monotonic()
        result = wrk(url, clients=clients, requests=requests, seconds=args.seconds, cookie=cookie)
        wall_s = time.monotonic() - start
        run = Run(kind, clients, route, number, result, wall_s, drain(browser, idle_s))
        print(f"  {kind:<8} {label or f'{clients:>3} clients':<11} {route:<12} {describe(run)}", flush=True)
        return run

    # Warm every server process's caches, then time a few requests to size each route's runs.
    rates = {}
    for route in paths:
        load(route, 4, -1, 4, "warm-up")
        rates[route] = load(route, 4, -1, 8, "warm-up").per_second
    runs: list[Run] = []
    routes = list(ROUTES)
    for number in range(args.rounds):
        for clients in args.clients:
            static = clients * args.static_per_client
            order = routes[number % len(routes) :] + routes[: number % len(routes)]
            for route in order:
                runs.append(load(STATIC, clients, number, static))
                runs.append(load(route, clients, number, requests_for(rates[route], clients, args)))
            runs.append(load(STATIC, clients, number, static))
    return runs


def requests_for(rate: float, clients: int, args: argparse.Namespace) -> int:
    """Requests in a run: ``--per-client`` each, or what the warm-up rate serves in the target time
    (at least one per client, at most ``--max-per-client``)."""
    if args.per_client:
        return clients * args.per_client
    return max(clients, min(clients * args.max_per_client, round(rate * args.target_seconds)))


def describe(run: Run) -> str:
    return (
        f"p50 {run.ms('p50_us'):8,.1f}  p95 {run.ms('p95_us'):8,.1f}  p99 {run.ms('p99_us'):8,.1f} ms"
        f"  {run.per_second:7,.1f}/s  errors {run.errors}  unanswered {run.unanswered}"
        f"  ({run.wall_s:.1f} s, then {run.drain_s:.1f} s to drain)"
    )


def ratios(runs: list[Run], database: str, clients: int, route: str) -> list[float]:
    """p95 of the route over p95 of the static run just before and just after it, every round."""
    found = []
    for index, run in enumerate(runs):
        if (run.database, run.clients, run.route) != (database, clients, route):
            continue
        for neighbour in (runs[index - 1], runs[index + 1]):
            if neighbour.route == STATIC and neighbour.wrk["p95_us"] > 0:
                found.append(run.wrk["p95_us"] / neighbour.wrk["p95_us"])
    return found


@dataclass(frozen=True)
class Row:
    """The figures of one route at one number of clients on one database (medians over rounds)."""

    database: str
    clients: int
    route: str
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_second: float
    errors: int
    requests: int
    unanswered: int
    idle_closed: int
    ratio: float | None
    ratio_spread: tuple[float, float] | None
    static_p95_ms: float
    rounds: int


def rows_of(runs: list[Run]) -> list[Row]:
    rows = []
    keys = dict.fromkeys((r.database, r.clients, r.route) for r in runs)
    for database_, clients, route in keys:
        mine = [r for r in runs if (r.database, r.clients, r.route) == (database_, clients, route)]
        static = [r for r in runs if (r.database, r.clients, r.route) == (database_, clients, STATIC)]
        found = ratios(runs, database_, clients, route) if route != STATIC else []
        rows.append(
            Row(
                database=database_,
                clients=clients,
                route=route,
                p50_ms=statistics.median(r.ms("p50_us") for r in mine),
                p95_ms=statistics.median(r.ms("p95_us") for r in mine),
                p99_ms=statistics.median(r.ms("p99_us") for r in mine),
                per_second=statistics.median(r.per_second for r in mine),
                errors=sum(r.errors for r in mine),
                requests=sum(r.wrk["requests"] for r in mine),
                unanswered=sum(r.unanswered for r in mine),
                idle_closed=sum(r.idle_closed for r in mine),
                ratio=statistics.median(found) if found else None,
                ratio_spread=(min(found), max(found)) if found else None,
                static_p95_ms=statistics.median(r.ms("p95_us") for r in static),
                rounds=len(mine),
            )
        )
    return rows


def figures_of(rows: list[Row]) -> list[Figure]:
    figures = []
    for row in rows:
        where = f"{row.database}, {row.clients} clients, {row.route}"
        detail = (
            f"p50 {row.p50_ms:,.1f} ms, p95 {row.p95_ms:,.1f} ms, p99 {row.p99_ms:,.1f} ms, "
            f"{row.per_second:,.1f} requests/s ({row.requests:,} answers)"
        )
        if row.unanswered:
            detail += f", {row.unanswered:,} unanswered when the time ran out (p95 is at least this)"
        if row.ratio is not None:
            aimed = row.clients == AIM_RATIO_CLIENTS
            figures.append(
                Figure(
                    name=f"{where}: p95 against the static file",
                    value=row.ratio,
                    unit="x",
                    aim=f"<= {AIM_RATIO:g}x" if aimed else "",
                    met=row.ratio <= AIM_RATIO and not row.unanswered if aimed else None,
                    detail=f"({detail}; static p95 {row.static_p95_ms:,.1f} ms)",
                    spread=row.ratio_spread,
                    rounds=row.rounds,
                )
            )
        else:
            figures.append(Figure(f"{where}: p95", row.p95_ms, "ms", "", None, detail=f"({detail})"))
        idle = f"(besides: {row.idle_closed} idle kept-alive connections closed by the server)"
        note = idle if row.idle_closed else ""
        figures.append(Figure(f"{where}: errors", row.errors, "", "== 0", row.errors == 0, note))
    return figures


def table(rows: list[Row]) -> str:
    head = (
        f"{'database':<9} {'clients':>7} {'route':<12} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9} "
        f"{'req/s':>8} {'errors':>6} {'unanswered':>10} {'p95/static':>10}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else ""
        lines.append(
            f"{r.database:<9} {r.clients:>7} {r.route:<12} {r.p50_ms:>9,.1f} {r.p95_ms:>9,.1f} "
            f"{r.p99_ms:>9,.1f} {r.per_second:>8,.1f} {r.errors:>6} {r.unanswered:>10} {ratio:>10}"
        )
    return "\n".join(lines)


def main() -> None:
    args = options()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    stop_on_sigterm()
    source = Source(args.source.resolve())
    revision = source.revision()  # what was measured: the checkout as the run starts
    runs: list[Run] = []
    commands: dict[str, list[str]] = {}
    started = time.monotonic()
    for kind in args.databases:
        with database(kind) as db, Server(source, db, shlex.split(args.serve_args)) as server:
            print(f"{kind}: worth at {source.root} ({revision})", flush=True)
            commands[kind] = server.command()
            try:
                runs.extend(measure(server, kind, args))
            except BaseException:
                print(server.log_tail(), file=sys.stderr)
                raise
    rows = rows_of(runs)
    print()
    print(table(rows))
    print(f"\n{time.monotonic() - started:.0f} s in all\n")
    extra: dict[str, Any] = {
        "source": str(source.root),
        "revision": revision,
        "serve": {k: " ".join(v[1:]) for k, v in commands.items()},
        "rows": [row.__dict__ for row in rows],
        "runs": [run.__dict__ for run in runs],
    }
    write_results(args.results_name, figures_of(rows), quick=args.quick, **extra)


if __name__ == "__main__":
    main()
