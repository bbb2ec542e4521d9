"""The production web server behind ``worth serve``: gunicorn, several processes of a few threads each.

One Python process runs one page's calculation at a time (the interpreter lock), so a threaded server
in a single process queues a sensitivity page behind another on a machine with cores to spare. Gunicorn
forks ``processes`` copies of the app, each with ``threads`` threads; the app is loaded in each process
after the fork (not preloaded), so no database connection or file handle is shared between processes.
Each request is logged once by :mod:`worth.apps.core.request_log` (with the person signed in), so
gunicorn's own access log stays off.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

__all__ = ["ProductionServer", "default_processes"]

#: Seconds a request may take before its process is replaced (a large sensitivity page is well below).
REQUEST_TIMEOUT_S = 120


def default_processes() -> int:
    """``WEB_CONCURRENCY`` if set (the convention of hosting platforms), else one process per core."""
    raw = os.environ.get("WEB_CONCURRENCY", "").strip()
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    return max(2, os.cpu_count() or 1)


class ProductionServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn configured from ``worth serve``'s options instead of a config file or ``sys.argv``."""

    def __init__(self, load_app: Callable[[], Any], *, host: str, port: int, processes: int, threads: int):
        self._load_app = load_app
        self._options: dict[str, Any] = {
            "bind": [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"],
            "workers": processes,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": REQUEST_TIMEOUT_S,
            "graceful_timeout": 30,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "worth",
            "preload_app": False,
            # Proxies are trusted by Django's settings (WORTH_TRUSTED_PROXIES), not by gunicorn.
            "forwarded_allow_ips": "",
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self._load_app()
