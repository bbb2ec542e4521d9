"""Reading settings from the environment, with messages a person can act on.

Kept apart from ``settings.py`` so the parsing is testable without configuring Django.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no setting; anything but the usual words is refused rather than guessed."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off")


def env_int(name: str, *, default: int, minimum: int = 0) -> int:
    """A whole-number setting of at least ``minimum``; anything else is refused with the value given."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: it must be at least {minimum}")
    return value


def env_list(name: str, *, default: list[str]) -> list[str]:
    """A comma-separated list setting such as ALLOWED_HOSTS."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where Worth keeps its SQLite file, secret key and imported data, readable by its owner only.

    ``WORTH_DATA_DIR`` wins; otherwise ``data/`` in the source checkout, so a demo never writes
    outside the folder it was cloned into. The database, the secret key, invoice stores and uploads
    hold a company's figures: the process creates every file private (umask 077) and the folder's
    existing contents are made so too (files written by an earlier version were world-readable).
    """
    raw = os.environ.get("WORTH_DATA_DIR")
    path = Path(raw).expanduser() if raw else Path(__file__).resolve().parents[3] / "data"
    os.umask(0o077)
    (path / "static").mkdir(
        parents=True, exist_ok=True
    )  # STATIC_ROOT; served files come from the source tree
    make_private(path)
    return path


def make_private(folder: Path) -> None:
    """Folders 0700 and files 0600 under ``folder`` (and itself), where they are more open than that."""
    for entry in (folder, *folder.rglob("*")):
        try:
            mode = entry.lstat().st_mode
            if not stat.S_ISLNK(mode) and mode & 0o077:
                entry.chmod(stat.S_IMODE(mode) & 0o700)  # the owner keeps what it had; nobody else
        except OSError:
            continue


def default_queue_url(data_dir: Path) -> str:
    """The embedded task queue: a SQLite file beside the database (see worth.apps.core.queue)."""
    return f"sqlite:///{data_dir / 'queue.sqlite3'}"


def cache_config(value: str) -> dict[str, Any]:
    """Django's cache for computed analyses (worth.apps.core.computed) from ``WORTH_CACHE``.

    ``memory`` (the default): each server process keeps what it computed, up to 500 results;
    ``redis://host:6379/1``: the processes and machines of a team share them; ``off``: nothing kept.
    """
    text = value.strip()
    if text in ("", "memory"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "worth-computed",
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    if text == "off":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if text.startswith(("redis://", "rediss://", "unix://")):
        week = 7 * 86400
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": text, "TIMEOUT": week}
    raise ImproperlyConfigured(f"WORTH_CACHE {value!r}: use memory, off or redis://host:6379/1")


def load_or_create_secret_key(path: Path) -> str:
    """Keep a generated key in the data folder, so sessions survive restarts without a constant."""
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def database_from_url(url: str | None, *, data_dir: Path) -> dict[str, Any]:
    """Django's DATABASES entry from ``DATABASE_URL``; SQLite in the data folder when unset.

    A bad URL stops start-up with one line naming what is wrong, never a traceback deep in a driver.
    """
    if not url:
        url = f"sqlite:///{data_dir / 'worth.sqlite3'}"
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SUPPORTED_SCHEMES:
        shown = scheme or url
        raise ImproperlyConfigured(
            f"DATABASE_URL {url!r}: unsupported scheme {shown!r}; use sqlite:///path/to/file.sqlite3 "
            "or postgres://user:password@host:5432/name"
        )
    try:
        # Each server thread keeps its connection (checked before reuse) instead of opening one per
        # request: on SQLite the opening and its pragmas cost more than a small page's queries.
        parsed = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
        config: dict[str, Any] = dict(parsed)
    except ValueError as exc:  # pragma: no cover - scheme already checked; kept for odd URLs
        raise ImproperlyConfigured(f"DATABASE_URL {url!r}: {exc}") from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"DATABASE_URL {url!r}: no SQLite file path after sqlite:///")
        # Tests use a file too, not SQLite's shared in-memory database: jobs and the browser tests'
        # server write from other threads, which shared-cache memory answers with "table is locked"
        # at once instead of waiting as WAL does.
        config["TEST"] = {"NAME": str(data_dir / "test-worth.sqlite3")}
        # WAL lets the web app read while a long import writes; IMMEDIATE avoids "database is locked"
        # surprises when two writers start together.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    elif not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL {url!r}: no database name after the host")
    return config


def examples_dir() -> Path:
    """The example files of the demo case (``examples/`` in the checkout, or ``WORTH_EXAMPLES_DIR``)."""
    raw = os.environ.get("WORTH_EXAMPLES_DIR")
    return Path(raw).expanduser() if raw else Path(__file__).resolve().parents[3] / "examples"
