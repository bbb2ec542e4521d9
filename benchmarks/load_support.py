"""What the load and soak benchmarks share: a real ``worth serve`` on loopback, its database, a sign-in.

A :class:`Source` is a checkout of Worth (this one by default, or an older one to compare against) run
with this virtual environment's interpreter. :func:`database` gives a fresh database for one run (a
SQLite file in a temporary data folder, or a PostgreSQL database created for the run and dropped after);
:class:`Server` starts ``worth serve`` (and ``worth worker``) in a process group of its own, waits for
``/healthz`` and stops the whole group again, also when the benchmark fails or is interrupted.
:class:`Browser` is a small HTTP client that keeps the session and CSRF cookies, as a browser would.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
POSTGRES_ADMIN_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DEMO_USER = "demo"

__all__ = [
    "DEMO_USER",
    "POSTGRES_ADMIN_URL",
    "REPO",
    "Browser",
    "Database",
    "Response",
    "Server",
    "Source",
    "database",
    "form_fields",
    "free_port",
    "stop_on_sigterm",
]


def stop_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl+C does, so every server and database is cleaned up."""

    def _raise(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _raise)


@dataclass(frozen=True)
class Source:
    """A checkout of Worth, run as ``python -m worth.cli.main`` with its ``src`` first on the path."""

    root: Path = REPO

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        path = [str(self.root / "src"), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
        env["PYTHONPATH"] = os.pathsep.join(path)
        env.pop("DATABASE_URL", None)
        env.update(extra)
        return env

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "worth.cli.main", *args]

    def revision(self) -> str:
        """The commit checked out, with ``+changes`` when the working tree differs from it."""
        git = ["git", "-C", str(self.root)]
        head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"], capture_output=True)
        name = head.stdout.strip() or "unknown"
        return f"{name}+changes" if dirty.stdout.strip() else name

    def serve_options(self, env: dict[str, str]) -> set[str]:
        """The options this checkout's ``worth serve`` takes (``--processes`` is newer than ``--threads``)."""
        done = subprocess.run(
            self.command("serve", "--help"), capture_output=True, text=True, env=env, check=False
        )
        if done.returncode != 0:
            sys.exit(f"worth serve --help failed in {self.root}: {done.stderr[-500:]}")
        return set(re.findall(r"(--[a-z][a-z-]+)", done.stdout))


@dataclass
class Database:
    """Where one run keeps its data: the data folder, and the PostgreSQL URL when not on SQLite."""

    kind: str
    data_dir: Path
    url: str | None = None

    def env(self) -> dict[str, str]:
        env = {"WORTH_DATA_DIR": str(self.data_dir)}
        if self.url:
            env["DATABASE_URL"] = self.url
        return env


@contextlib.contextmanager
def database(kind: str, *, admin_url: str = POSTGRES_ADMIN_URL) -> Iterator[Database]:
    """A fresh data folder (and PostgreSQL database) for one run, removed afterwards whatever happens."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"worth-load-{kind}-"))
    name = f"worth_load_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    url = None
    try:
        if kind == "postgres":
            _postgres(admin_url, f'CREATE DATABASE "{name}"')
            url = urlsplit(admin_url)._replace(path=f"/{name}").geturl()
        elif kind != "sqlite":
            sys.exit(f"unknown database {kind!r}: use sqlite or postgres")
        yield Database(kind, data_dir, url)
    finally:
        if url:
            _postgres(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(data_dir, ignore_errors=True)


def _postgres(admin_url: str, statement: str) -> None:
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(statement.encode())
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.exit(f"PostgreSQL ({admin_url}, from TEST_DATABASE_URL) cannot be used: {first}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """``worth serve`` (and optionally ``worth worker``) for one source and database, on loopback."""

    source: Source
    db: Database
    serve_args: list[str] = field(default_factory=list)
    worker: bool = False
    port: int = field(default_factory=free_port)
    log: Path | None = None
    _processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return self.source.env(**self.db.env())

    def load_demo(self) -> str:
        """Migrate and load the demo case; returns the demo password."""
        done = subprocess.run(self.source.command("demo"), capture_output=True, env=self.env, check=False)
        if done.returncode != 0:
            sys.exit(f"worth demo failed ({done.returncode}): {done.stderr.decode()[-800:]}")
        return (self.db.data_dir / "demo-password.txt").read_text(encoding="utf-8").strip()

    def command(self) -> list[str]:
        args = ["serve", "--host", "127.0.0.1", "--port", str(self.port), *self.serve_args]
        if "--no-worker" in self.source.serve_options(self.env) and "--with-worker" not in args:
            args.append("--no-worker")
        return self.source.command(*args)

    def start(self, *, timeout_s: float = 60) -> None:
        self.log = self.db.data_dir / "serve.log"
        self._spawn(self.command(), self.log)
        if self.worker:
            self._spawn(self.source.command("worker"), self.db.data_dir / "worker.log")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self._processes):
                break
            with contextlib.suppress(OSError, http.client.HTTPException):
                if Browser(self.base).get("/healthz").status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        sys.exit(f"worth serve did not answer /healthz: {self.log_tail()}")

    def _spawn(self, command: list[str], log: Path) -> None:
        with log.open("wb") as out:
            self._processes.append(
                subprocess.Popen(
                    command, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
            )

    def log_tail(self, chars: int = 1500) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self) -> None:
        """Stop every process this server started (each in its own group), then kill what is left."""
        for process in self._processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self._processes.clear()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class Browser:
    """Requests with the cookies a browser keeps (session, CSRF); one connection per request.

    A fresh connection per request keeps every failure a failure of that request: no request is
    retried because a kept-alive connection was closed meanwhile.
    """

    def __init__(self, base: str, *, timeout_s: float = 60) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.base = base
        self.timeout_s = timeout_s
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        sent = {"Host": f"{self.host}:{self.port}", "Connection": "close", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        if method != "GET":
            sent["Referer"] = self.base + path
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout_s)
        start = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            data = answer.read()
        finally:
            connection.close()
        seconds = time.perf_counter() - start
        for header, value in answer.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        received = {k.lower(): v for k, v in answer.getheaders()}
        return Response(answer.status, received, data.decode("utf-8", errors="replace"), seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Response:
        body = urlencode({**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def post_files(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> Response:
        boundary = "worth-" + uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            parts.append(value.encode() + b"\r\n")
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
            )
            parts.append(content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request("POST", path, b"".join(parts), {"Content-Type": content_type})

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through the login form, as a person would (CSRF token from the page)."""
        self.get("/login/")
        answer = self.post("/login/", {"username": username, "password": password, "next": ""})
        if answer.status != 302 or "sessionid" not in self.cookies:
            sys.exit(f"signing in as {username} failed: HTTP {answer.status}")


class _FormReader(HTMLParser):
    """The fields of every form with method post: inputs, text areas and selected options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        form, name = self._form, a.get("name")
        if form is None or (not name and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("checkbox", "radio", "file", "submit"):
            form[str(name)] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            form[str(name)] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and ("selected" in a or self._select not in form):
            form[self._select] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data


def form_fields(page: str, *, having: str) -> dict[str, str]:
    """What a browser would send back from the page's post form that has the field ``having``.

    The CSRF token is left out (:class:`Browser` adds its own); a text area loses the one newline that
    starts it, as a browser drops it. Empty when the page has no such form.
    """
    reader = _FormReader()
    reader.feed(page)
    for form in reader.forms:
        if having in form:
            form.pop("csrfmiddlewaretoken", None)
            return {k: v.removeprefix("\n") for k, v in form.items()}
    return {}
