"""Soak: 50 people on PostgreSQL for 5 minutes, reading, editing and importing through a real server.

Not part of the suite or of ``make bench`` (it takes minutes on purpose). The demo case is loaded into
a fresh PostgreSQL database; ``worth serve`` and a ``worth worker`` run on loopback, and ``--clients``
threads, each signed in as one of the demo people, act as people do, with a pause between actions:

* **read** a page or an API route (home, projects, the value summary, sensitivity, the waterfall and
  band, a data set, ``/api/models``...), expecting 200;
* **edit** a project through its form: open the form, append a token of its own (``[c07-12]``) to
  the scope or the business issue, save. A save the server accepts (302) is recorded. A save it
  refuses because someone saved in between (409) must say so and name the field that changed; the
  person then saves the merged form the page offers when the other change was to another field, or
  opens the form again and re-applies the token when it was to the same one (up to three tries);
* **import** invoice lines (the importing clients only): upload a CSV of a known number of lines,
  follow the job until the data set is there, and check that it holds exactly those lines.

Checks at the end, each of which can fail: no errors (5xx, other unexpected statuses, socket errors,
timeouts, imports that failed or lost lines); no lost updates (the final text of every edited field
holds every accepted token and no refused one, and every project's revision went up by exactly its
number of accepted saves); every refused save explained.

Run: ``.venv/bin/python benchmarks/bench_soak.py [--minutes 5] [--clients 50]`` (PostgreSQL from
``TEST_DATABASE_URL``, default ``postgres://postgres@127.0.0.1:5432/postgres``; ``--database sqlite``
for a try-out).
"""

from __future__ import annotations

import argparse
import http.client
import random
import re
import shlex
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, write_results
from load_support import REPO, Browser, Response, Server, Source, database, form_fields, stop_on_sigterm

#: Who the clients are, in turn: editors of every project, members of the first, a reader.
PEOPLE = ("demo", "leader", "pilot-lead", "sponsor", "engineer", "marketing", "sales-large", "controller")
#: Who imports (each imports one file at a time, so the per-person job limit is never reached).
IMPORTERS = ("leader", "pilot-lead", "demo", "sponsor")
#: The fields edited, with the label the conflict message names them by.
FIELDS = {"scope": "Scope", "business_issue": "Business issue"}
TOKEN = re.compile(r"\[c\d+-\d+\]")
CONFLICT_ROW = re.compile(r"<tr><td>([^<]+)</td><td>")
LINES = re.compile(r"([\d,]+) invoice lines from")
HEADER = (
    "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
    "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
    "cooperative_advertising,freight"
)
#: Worth's limit for one request is 120 s; a client waits a little longer before calling it lost.
CLIENT_TIMEOUT_S = 150
IMPORT_WAIT_S = 180
EXAMPLES_KEPT = 20


@dataclass
class Tally:
    """What one client saw; merged at the end."""

    counts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)
    accepted: list[tuple[int, str, str]] = field(default_factory=list)  # project, field, token
    refused_tokens: set[str] = field(default_factory=set)
    imports: list[tuple[str, int]] = field(default_factory=list)  # data set path, lines
    read_s: list[float] = field(default_factory=list)
    save_s: list[float] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.counts["errors"] += 1
        if len(self.errors) < EXAMPLES_KEPT:
            self.errors.append(what)


@dataclass(frozen=True)
class Site:
    """What the clients act on, found through the pages before the soak starts."""

    reads: dict[str, list[tuple[str, int]]]  # person -> the paths they may read, with weights
    editable: dict[str, list[int]]  # person -> projects they may change
    import_into: dict[str, int]  # importer -> project


class Client(threading.Thread):
    """One person: reads, edits or imports, with a pause between actions, until the deadline."""

    def __init__(self, number: int, browser: Browser, person: str, site: Site, args: argparse.Namespace):
        super().__init__(name=f"c{number:02d}", daemon=True)
        self.number, self.browser, self.person, self.site, self.args = number, browser, person, site, args
        self.importer = number < args.importers and person in site.import_into
        self.tally = Tally()
        self.random = random.Random(number)
        self.deadline = 0.0
        self.edits = 0

    def run(self) -> None:
        paths, weights = zip(*self.site.reads[self.person], strict=True)
        while time.monotonic() < self.deadline:
            time.sleep(self.random.uniform(0.5, 1.5) * self.args.think)
            roll = self.random.random()
            try:
                if self.importer and roll < 0.5:
                    self.import_lines()
                elif roll < self.args.edit_share and self.site.editable.get(self.person):
                    self.edit()
                else:
                    self.read(self.random.choices(paths, weights)[0])
            except (OSError, http.client.HTTPException) as exc:
                self.tally.error(f"{self.name}: {type(exc).__name__}: {exc}")
            except Exception as exc:  # a page this client cannot read is an error too, never a lost thread
                self.tally.error(f"{self.name}: unexpected {type(exc).__name__}: {exc}")

    def get(self, path: str, *, expect: tuple[int, ...] = (200,)) -> Response | None:
        answer = self.browser.get(path)
        self.tally.counts["requests"] += 1
        if answer.status not in expect:
            self.tally.error(f"GET {path}: HTTP {answer.status} {answer.location}")
            return None
        return answer

    def read(self, path: str) -> None:
        answer = self.get(path)
        if answer is not None:
            self.tally.read_s.append(answer.seconds)
            self.tally.counts["reads"] += 1

    def edit(self) -> None:
        project = self.random.choice(self.site.editable[self.person])
        name = self.random.choice(list(FIELDS))
        self.edits += 1
        token = f"[c{self.number:02d}-{self.edits}]"
        url = f"/programs/projects/{project}/edit/"
        fields = self.open_form(url)
        for _attempt in range(3):
            if fields is None:
                return
            time.sleep(self.random.uniform(0, self.args.edit_think))
            if token not in fields[name]:
                fields[name] = f"{fields[name]} {token}".strip()
            answer = self.browser.post(url, fields)
            self.tally.counts["requests"] += 1
            self.tally.save_s.append(answer.seconds)
            if answer.status == 302 and answer.location == f"/programs/projects/{project}/":
                self.tally.accepted.append((project, name, token))
                self.tally.counts["saves accepted"] += 1
                return
            if answer.status != 409:
                self.tally.error(f"POST {url}: HTTP {answer.status}")
                return
            changed = self.refused(url, answer)
            if changed is None:
                return
            # The other change was to another field: the page's form holds both; else start again.
            fields = form_fields(answer.body, having="revision") if FIELDS[name] not in changed else None
            fields = fields or self.open_form(url)
        self.tally.refused_tokens.add(token)
        self.tally.counts["edits given up after 3 refusals"] += 1

    def open_form(self, url: str) -> dict[str, str] | None:
        answer = self.get(url)
        fields = form_fields(answer.body, having="revision") if answer is not None else {}
        if answer is not None and not fields:
            self.tally.error(f"GET {url}: no form with a revision")
        return fields or None

    def refused(self, url: str, answer: Response) -> list[str] | None:
        """The labels a refusal names; ``None`` (and counted) when it does not explain itself."""
        self.tally.counts["saves refused"] += 1
        changed = CONFLICT_ROW.findall(answer.body) if "Not saved:" in answer.body else []
        # Only the edited fields change during the soak: a refusal must name one of them, and no other.
        if not changed or not set(changed) <= set(FIELDS.values()):
            self.tally.counts["refusals unexplained"] += 1
            if len(self.tally.unexplained) < EXAMPLES_KEPT:
                named = ", ".join(changed) or "no field"
                self.tally.unexplained.append(f"POST {url}: 409 naming {named}")
            return None
        return changed

    def import_lines(self) -> None:
        project = self.site.import_into[self.person]
        url = f"/pricing/projects/{project}/import/"
        if self.get(url) is None:
            return
        self.edits += 1
        lines = self.random.randint(50, 2000)
        name = f"Soak c{self.number:02d}-{self.edits}"
        upload = invoice_csv(lines, self.random).encode()
        fields = {"name": name, "delimiter": ","}
        answer = self.browser.post_files(url, fields, {"file": (f"{name}.csv", upload)})
        self.tally.counts["requests"] += 1
        if answer.status == 429 and "job" in answer.body.lower():
            self.tally.counts["imports refused (job limit, explained)"] += 1
            return
        if answer.status != 302:
            self.tally.error(f"POST {url}: HTTP {answer.status}")
            return
        self.follow_import(answer.location, lines)

    def follow_import(self, status_url: str, lines: int) -> None:
        """Poll the import's page until it moves on to the data set; check the lines it holds."""
        where, until = status_url, time.monotonic() + IMPORT_WAIT_S
        while where.startswith("/pricing/imports/") and time.monotonic() < until:
            answer = self.get(where, expect=(200, 302))
            if answer is None:
                return
            if answer.status == 302:
                where = answer.location
            elif "being checked" not in answer.body:
                self.tally.error(f"import {where} stopped: {strip_tags(answer.body)[:300]}")
                return
            else:
                time.sleep(0.5)
        dataset = self.get(where) if where.startswith("/pricing/datasets/") else None
        if dataset is None:
            self.tally.error(f"import {status_url} did not finish within {IMPORT_WAIT_S} s")
            return
        found = LINES.search(dataset.body)
        if found is None or int(found.group(1).replace(",", "")) != lines:
            self.tally.error(f"data set {where} holds {found and found.group(1)} lines, not {lines}")
            return
        self.tally.imports.append((where, lines))
        self.tally.counts["imports done"] += 1


def strip_tags(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1]).split())


def invoice_csv(lines: int, rng: random.Random) -> str:
    """Invoice lines in the default layout: invoice and line numbers, dates, customers, prices."""
    rows = [HEADER]
    for index in range(lines):
        customer = rng.randint(1, 40)
        rows.append(
            ",".join(
                str(v)
                for v in (
                    f"S-{index // 3 + 1}",
                    index % 3 + 1,
                    f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    f"C{customer}",
                    f"Mill {customer}",
                    rng.choice(("large mills", "small mills")),
                    f"S{rng.randint(1, 5)}",
                    f"SRB {rng.randint(1, 9)}",
                    rng.randint(1, 50),
                    rng.choice((50, 80, 120, 200, 350)),
                    rng.choice((0, 2, 5, 10)),
                    rng.choice((0, 5, 10, 20)),
                    0,
                    rng.choice((0, 1, 2)),
                    rng.randint(0, 20),
                    0,
                    rng.randint(0, 15),
                )
            )
        )
    return "\n".join(rows) + "\n"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0, help="how long the people act")
    parser.add_argument("--clients", type=int, default=50, help="people acting at once")
    parser.add_argument("--importers", type=int, default=2, help="how many of them also import (at most 4)")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between actions")
    parser.add_argument("--edit-think", type=float, default=1.0, help="seconds at most in a form")
    parser.add_argument("--edit-share", type=float, default=0.3, help="share of actions that edit")
    parser.add_argument("--database", default="postgres", choices=("postgres", "sqlite"))
    parser.add_argument("--source", type=Path, default=REPO, help="the checkout of Worth to serve")
    parser.add_argument("--serve-args", default="", help='extra options of worth serve ("--processes 2")')
    args = parser.parse_args()
    args.importers = min(args.importers, len(IMPORTERS), args.clients)
    return args


def person_of(number: int, args: argparse.Namespace) -> str:
    return IMPORTERS[number] if number < args.importers else PEOPLE[number % len(PEOPLE)]


def ids(pattern: str, page: str) -> list[int]:
    return sorted({int(found) for found in re.findall(pattern, page)})


def discover(sessions: dict[str, Browser], importers: list[str]) -> Site:
    """The projects, model and data set of the demo case, and what each person may read and change."""
    demo = sessions["demo"]
    programs = ids(r'href="/programs/(\d+)/"', demo.get("/programs/").body)
    projects = sorted(
        {
            p
            for program in programs
            for p in ids(r"/programs/projects/(\d+)/", demo.get(f"/programs/{program}/").body)
        }
    )
    models = ids(r'"id": (\d+), "name"', demo.get("/api/models").body)
    datasets = ids(r'href="/pricing/datasets/(\d+)/"', demo.get("/pricing/").body)
    if not projects or not models or not datasets:
        sys.exit("the demo case has no projects, model or data set to act on")
    m, d = models[0], datasets[0]
    pages = [
        ("/", 2),
        ("/programs/", 1),
        *((f"/programs/projects/{p}/", 1) for p in projects),
        (f"/models/{m}/", 2),
        (f"/models/{m}/report/", 1),
        (f"/models/{m}/sensitivity/", 1),
        ("/pricing/", 1),
        (f"/pricing/datasets/{d}/", 2),
        (f"/pricing/datasets/{d}/waterfall/", 1),
        (f"/pricing/datasets/{d}/band/", 1),
        ("/api/models", 1),
        (f"/api/models/{m}/summary", 1),
    ]
    reads = {who: [(u, w) for u, w in pages if b.get(u).status == 200] for who, b in sessions.items()}
    editable = {
        who: [p for p in projects if b.get(f"/programs/projects/{p}/edit/").status == 200]
        for who, b in sessions.items()
    }
    import_into = {}
    for who in importers:
        allowed = [
            p for p in editable[who] if sessions[who].get(f"/pricing/projects/{p}/import/").status == 200
        ]
        if allowed:
            import_into[who] = allowed[-1]
    return Site(reads, editable, import_into)


def project_state(browser: Browser, project: int) -> tuple[int, dict[str, str]]:
    """A project's revision and edited fields, as its edit form shows them."""
    fields = form_fields(browser.get(f"/programs/projects/{project}/edit/").body, having="revision")
    return int(fields["revision"]), {name: fields[name] for name in FIELDS}


def verify(browser: Browser, before: dict[int, int], total: Tally) -> Counter[str]:
    """Lost updates: every accepted token in place, no refused one, revisions up by the saves made."""
    found: Counter[str] = Counter()
    for project, revision in before.items():
        now, texts = project_state(browser, project)
        saves = sum(1 for p, _f, _t in total.accepted if p == project)
        if now - revision != saves:
            found["revision mismatches"] += 1
            total.error(f"project {project}: revision {revision} -> {now} after {saves} accepted saves")
        for name, text in texts.items():
            present = TOKEN.findall(text)
            accepted = {t for p, f, t in total.accepted if (p, f) == (project, name)}
            problems = {
                "lost updates": accepted - set(present),
                "refused saves applied": set(present) & total.refused_tokens,
                "tokens doubled": {t for t, n in Counter(present).items() if n > 1},
            }
            for what, tokens in problems.items():
                found[what] += len(tokens)
                if tokens:
                    total.error(f"project {project} {name}: {what}: {sorted(tokens)[:10]}")
    for path, lines in total.imports:
        shown = LINES.search(browser.get(path).body)
        if shown is None or int(shown.group(1).replace(",", "")) != lines:
            found["imports changed"] += 1
            total.error(f"data set {path} no longer holds {lines} lines")
    return found


def merged(clients: list[Client]) -> Tally:
    total = Tally()
    for client in clients:
        t = client.tally
        total.counts.update(t.counts)
        total.errors += t.errors[: max(0, EXAMPLES_KEPT - len(total.errors))]
        total.unexplained += t.unexplained[: max(0, EXAMPLES_KEPT - len(total.unexplained))]
        total.accepted += t.accepted
        total.refused_tokens |= t.refused_tokens
        total.imports += t.imports
        total.read_s += t.read_s
        total.save_s += t.save_s
    return total


def ms(values: list[float], share: float) -> float:
    """The ``share`` percentile of ``values`` in milliseconds (nearest rank)."""
    ordered = sorted(values) or [0.0]
    return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def logged(server: Server) -> tuple[int, int]:
    """Requests, and answers of 500 and above, in the server's own request log (a cross-check)."""
    log = server.log.read_text(encoding="utf-8", errors="replace") if server.log else ""
    return len(re.findall(r'"status": ?\d', log)), len(re.findall(r'"status": ?5\d\d', log))


def zero(name: str, count: int, detail: str = "") -> Figure:
    return Figure(name, count, "", "== 0", count == 0, detail)


def reported(name: str, value: float, detail: str, unit: str = "") -> Figure:
    return Figure(name, value, unit, "", None, f"({detail})")


def figures_of(total: Tally, checks: Counter[str], minutes: float, in_log: tuple[int, int]) -> list[Figure]:
    c = total.counts
    explained = c["saves refused"] - c["refusals unexplained"]
    lines = sum(n for _p, n in total.imports)
    return [
        zero("errors (5xx, other statuses, socket errors, timeouts, failed imports)", c["errors"]),
        zero("lost updates (accepted edits missing at the end)", checks["lost updates"]),
        zero("refused saves applied anyway", checks["refused saves applied"]),
        zero("projects whose revision did not go up by one per accepted save", checks["revision mismatches"]),
        zero("data sets whose lines changed", checks["imports changed"]),
        zero("refused saves not explained", c["refusals unexplained"]),
        zero("5xx in the server's request log", in_log[1], f"({in_log[0]:,} requests logged, set-up too)"),
        reported("saves accepted", c["saves accepted"], f"{c['saves accepted'] / minutes:,.0f} a minute"),
        reported(
            "saves refused, each naming the field changed",
            explained,
            f"{c['edits given up after 3 refusals']} edits given up after three refusals",
        ),
        reported(
            "imports done and checked",
            c["imports done"],
            f"{lines:,} lines; {c['imports refused (job limit, explained)']} refused by the job limit",
        ),
        reported("requests", c["requests"], f"{c['requests'] / (minutes * 60):,.1f} a second"),
        reported(
            "page and API reads, p50",
            ms(total.read_s, 0.5),
            f"p95 {ms(total.read_s, 0.95):,.0f} ms, p99 {ms(total.read_s, 0.99):,.0f} ms, "
            f"{len(total.read_s):,} reads",
            "ms",
        ),
        reported(
            "saves, p50",
            ms(total.save_s, 0.5),
            f"p95 {ms(total.save_s, 0.95):,.0f} ms, {len(total.save_s):,} saves",
            "ms",
        ),
    ]


def soak(server: Server, args: argparse.Namespace) -> tuple[Tally, Counter[str], float]:
    """Sign everyone in, run the clients until the time is up, then check what they left."""
    password = server.load_demo()
    server.start()
    sessions = {}
    for person in dict.fromkeys((*PEOPLE, *IMPORTERS)):
        sessions[person] = Browser(server.base, timeout_s=CLIENT_TIMEOUT_S)
        sessions[person].sign_in(person, password)
    site = discover(sessions, [person_of(n, args) for n in range(args.importers)])
    edited = sorted({p for projects in site.editable.values() for p in projects})
    before = {p: project_state(sessions["demo"], p)[0] for p in edited}
    clients = []
    for number in range(args.clients):
        person = person_of(number, args)
        browser = Browser(server.base, timeout_s=CLIENT_TIMEOUT_S)
        browser.cookies = dict(sessions[person].cookies)
        clients.append(Client(number, browser, person, site, args))
    print(f"{len(clients)} clients, {args.minutes:g} minutes; projects edited {sorted(before)}, ", end="")
    print(f"imports into {site.import_into}", flush=True)
    start = time.monotonic()
    for client in clients:
        client.deadline = start + args.minutes * 60
        client.start()
    while any(c.is_alive() for c in clients):
        time.sleep(10)
        try:
            so_far = merged(clients).counts
        except RuntimeError:  # a client's tally grew while it was read; the next report will do
            continue
        print(
            f"  {time.monotonic() - start:4.0f} s: {so_far['requests']:,} requests, "
            f"{so_far['saves accepted']} saves accepted, {so_far['saves refused']} refused, "
            f"{so_far['imports done']} imports, {so_far['errors']} errors",
            flush=True,
        )
    minutes = (time.monotonic() - start) / 60
    total = merged(clients)
    return total, verify(sessions["demo"], before, total), minutes


def main() -> None:
    args = options()
    stop_on_sigterm()
    source = Source(args.source.resolve())
    revision = source.revision()  # what was measured: the checkout as the run starts
    with (
        database(args.database) as db,
        Server(source, db, shlex.split(args.serve_args), worker=True) as server,
    ):
        print(f"{args.database}: worth at {source.root} ({revision})", flush=True)
        try:
            total, checks, minutes = soak(server, args)
        except BaseException:
            print(server.log_tail(), file=sys.stderr)
            raise
        command = " ".join(server.command()[1:])
        server.stop()  # the server's request log is complete once it has stopped
        in_log = logged(server)
    for line in total.errors + total.unexplained:
        print("  !", line)
    write_results(
        "bench_soak",
        figures_of(total, checks, minutes, in_log),
        quick=False,
        database=args.database,
        clients=args.clients,
        importers=args.importers,
        minutes=round(minutes, 2),
        source=str(source.root),
        revision=revision,
        serve=command,
        counts=dict(total.counts),
        errors=total.errors,
        unexplained=total.unexplained,
    )


if __name__ == "__main__":
    main()
