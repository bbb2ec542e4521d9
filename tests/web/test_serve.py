"""``worth serve`` as a team runs it: several processes, static files, one JSON line per request.

The server runs as its own process on the test database; a session made here signs the request in.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import ROOT, worker_database_url
from tests.web.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(part) for part in path.read_text().split()] if path.exists() else []


def get(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 (http to the test server)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


@pytest.fixture
def server(settings: Any, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    port = free_port()
    log = tmp_path / "requests.log"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": worker_database_url(),
        "WORTH_DATA_DIR": str(settings.DATA_DIR),
        "WORTH_QUEUE": str(settings.WORTH_QUEUE),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    worth = str(Path(sys.executable).with_name("worth"))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [worth, "serve", "--port", str(port), "--processes", "2", "--threads", "2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError(
            f"the server never answered: {process.stderr.read().decode() if process.stderr else ''}"
        )
    try:
        yield base, process, log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def lines_of(log: Path, count: int) -> list[dict[str, Any]]:
    """The first ``count`` request lines, waiting a little for the processes to write them."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        if len(lines) >= count:
            return lines
        time.sleep(0.1)
    raise AssertionError(f"only these lines were logged: {log.read_text()!r}")


def test_serve_runs_several_processes_and_serves_pages_and_static_files(
    world: World, server: tuple[str, subprocess.Popen[bytes], Path]
) -> None:
    base, process, _ = server
    assert len(children_of(process.pid)) == 2
    client = world.client_for(world.analyst)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    status, body = get(base + reverse("programs:project", args=[world.project.pk]), cookie)
    assert status == 200
    assert b"Bearings" in body
    status, body = get(f"{base}/static/worth/forms.js")
    assert status == 200
    assert b"data-confirm" in body


def test_every_request_is_one_json_line_naming_the_user_status_and_time(
    world: World, server: tuple[str, subprocess.Popen[bytes], Path]
) -> None:
    base, _, log = server
    cookie = f"sessionid={world.client_for(world.analyst).cookies['sessionid'].value}"
    get(base + reverse("programs:project", args=[world.project.pk]) + "?token=secret", cookie)
    get(f"{base}/%1b%5b31mred%0aforged")  # a path with a terminal escape and a newline
    lines = lines_of(log, 3)[1:]  # the first is the fixture's /healthz
    raw = log.read_text()
    page, forged = lines
    assert (page["user"], page["status"], page["method"], page["route"]) == (
        "analyst",
        200,
        "GET",
        "programs:project",
    )
    assert page["path"] == reverse("programs:project", args=[world.project.pk])
    assert "secret" not in raw
    assert page["ms"] > 0
    assert page["bytes"] > 0
    assert page["client"] == "127.0.0.1"
    assert (forged["user"], forged["status"], forged["path"]) == ("-", 404, "/\x1b[31mred\nforged")
    assert "\x1b" not in raw
    assert [line for line in raw.splitlines() if not line.startswith("{")] == [
        raw.splitlines()[0]
    ]  # the banner
    assert raw.splitlines()[0].startswith("Worth is serving on")


def test_serve_stops_every_process_on_sigterm(server: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    _, process, _ = server
    children = children_of(process.pid)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0
    assert children
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
