"""Suite-wide set-up: the database backend under test and the browser for page tests.

`make test` runs the suite on SQLite, then the database tests again with
``WORTH_TEST_BACKEND=postgres`` and ``DATABASE_URL`` pointing at ``TEST_DATABASE_URL``. There a
missing server fails the run when ``CI=true`` and is skipped with one line elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


# Hypothesis profiles: "suite" bounds the fuzzed properties to a few seconds each in `make test`;
# "fuzz" (HYPOTHESIS_PROFILE=fuzz) runs a hundred times more, for a long hunt before a release.
settings.register_profile("suite", max_examples=4_000, deadline=None)
settings.register_profile("fuzz", max_examples=400_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Computed analyses kept by one test are not served to the next (their records differ)."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def private_queue(settings: Any, tmp_path: Path) -> None:
    """Every test has a queue of its own (jobs a test leaves queued never reach another test)."""
    settings.WORTH_QUEUE = f"sqlite:///{tmp_path / 'queue.sqlite3'}"


def _postgres_reachable() -> str | None:
    """None when the server answers, else the reason in one line."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    try:
        with psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname=db.get("NAME"),
            connect_timeout=5,
        ):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("WORTH_TEST_BACKEND") != "postgres":
        return
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError("WORTH_TEST_BACKEND=postgres but DATABASE_URL is not a postgres:// URL")
    problem = _postgres_reachable()
    if problem is None:
        return
    message = f"PostgreSQL at TEST_DATABASE_URL is not reachable: {problem}"
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(message + " (CI=true: a missing server is a failure)")
    pytest.exit("skipping the PostgreSQL run: " + message, returncode=0)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item so fixtures can see whether the test failed."""
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep


# ---- browser -------------------------------------------------------------------------------------

CHROMIUM = os.environ.get("WORTH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; never a browser Playwright downloads."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    # Playwright's sync API runs an event loop in this thread; the Django test database is used
    # from the same thread between browser calls, which is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser page; a failing test leaves a screenshot in test-artifacts/.

    Every page a browser test visits is also checked against the Content-Security-Policy: anything the
    policy blocked (an inline script or style, eval, a foreign resource) fails the test, so a page that
    only works with a weaker policy is found here, not by a user.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    blocked: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on(
        "console",
        lambda msg: (
            blocked.append(f"{pg.url}: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    pg.js_errors = errors
    pg.csp_blocked = blocked
    yield pg
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        pg.screenshot(path=str(shot), full_page=True)
        print(f"\nscreenshot of the failing page: {shot}")
    context.close()
    if failed is not None and not failed.failed and blocked:
        pytest.fail("the Content-Security-Policy blocked:\n" + "\n".join(blocked))


# ---- a real job worker ---------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def worker_database_url() -> str:
    """The URL of the database the tests run on, for a worker process to reach the same data."""
    from django.conf import settings
    from django.db import connection

    db = settings.DATABASES["default"]
    name = connection.settings_dict["NAME"]
    if "sqlite" in db["ENGINE"]:
        return f"sqlite:///{name}"
    user = db.get("USER") or "postgres"
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{name}"


class WorkerProcesses:
    """Start and kill ``worth worker`` processes on the test database and a queue of the test's own.

    The environment is read when a worker starts, so a test may move ``DATA_DIR`` first.
    """

    def __init__(self, queue: str, settings: Any) -> None:
        self.queue = queue
        self.settings = settings
        self.running: list[Any] = []

    @property
    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": worker_database_url(),
            "WORTH_QUEUE": self.queue,
            "WORTH_DATA_DIR": str(self.settings.DATA_DIR),
            "SECRET_KEY": self.settings.SECRET_KEY,
            "WORTH_JOB_HEARTBEAT_S": "1",
            "WORTH_JOB_STALE_S": "3",
        }

    def start(self, threads: int = 1) -> Any:
        import subprocess
        import sys

        worth = str(Path(sys.executable).with_name("worth"))
        process = subprocess.Popen(
            [worth, "worker", "--threads", str(threads)],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.running.append(process)
        return process

    def kill(self, process: Any) -> None:
        """Stop a worker as a crash would: SIGKILL, nothing cleaned up."""
        process.kill()
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except Exception:
                    process.kill()


def workers_on(queue: str, settings: Any) -> WorkerProcesses:
    """Worker processes on ``queue`` (emptied first) and the test database; the test's jobs go there."""
    from worth.apps.core.queue import queue_from_url

    queue_from_url(queue).flush()
    settings.WORTH_QUEUE = queue
    settings.WORTH_JOBS_INLINE = False
    return WorkerProcesses(queue, settings)


@pytest.fixture
def job_workers(settings: Any, tmp_path: Path) -> Iterator[WorkerProcesses]:
    """Real worker processes: the jobs the test starts go through the real queue (a SQLite file here,
    or ``WORTH_TEST_QUEUE`` such as redis://127.0.0.1:6379/15) to a separate ``worth worker``."""
    workers = workers_on(
        os.environ.get("WORTH_TEST_QUEUE") or f"sqlite:///{tmp_path / 'queue.sqlite3'}", settings
    )
    yield workers
    workers.stop_all()
