"""Commands that run the web app: migrate, demo, serve, and Django's own management commands.

Django is imported only inside these commands, so ``worth model ...`` and ``worth pricing ...`` start
fast and work without any database.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Annotated
from urllib.parse import urlsplit

import typer

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def setup_django() -> None:
    """Configure Django from the environment; a bad setting ends the command with one clear line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "worth.site.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        typer.secho(f"worth: configuration error: {exc}", fg="red", err=True)
        raise typer.Exit(2) from None


def check_database() -> None:
    """Fail early, in one line, when the configured database cannot be reached."""
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        typer.secho(f"worth: cannot reach the database: {first}", fg="red", err=True)
        raise typer.Exit(2) from None


def migrate(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Create or update the database tables (safe to run again)."""
    setup_django()
    check_database()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0 if quiet else 1)


def demo(
    serve_too: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve the app after loading.")
    ] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
) -> None:
    """Migrate, load the demo case (bearings for pulp and paper mills) and print the demo login.

    Running it again updates the demo records in place; nothing is duplicated.
    """
    migrate(quiet=True)
    from worth.apps.core.demo import load_demo

    login = load_demo(progress=lambda step: typer.echo(f"  demo: {step}"))
    typer.secho("\nDemo case loaded.", fg="green", bold=True)
    typer.echo(f"  Open      http://{host}:{port}/")
    typer.echo(f"  User      {login.username}")
    typer.echo(f"  Password  {login.password}")
    typer.echo(f"  (every demo user shares this password; kept in {login.password_file})\n")
    if serve_too:
        serve(host=host, port=port, dev=False, processes=None, threads=4, with_worker=True)


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def insecure_defaults(host: str) -> list[str]:
    """What is unsafe about serving on ``host`` with the current settings (empty when nothing is)."""
    from django.conf import settings

    if host in LOOPBACK or host.startswith("127."):
        return []
    problems = []
    if settings.DEBUG:
        problems.append("DEBUG is on: error pages show settings and code to anyone")
    if not settings.SESSION_COOKIE_SECURE:
        problems.append(
            "session cookies are sent over plain HTTP (set WORTH_PRODUCTION=1 behind a TLS proxy)"
        )
    if not settings.SECURE_HSTS_SECONDS:
        problems.append("no HSTS: browsers may be sent to a plain-HTTP copy of the site")
    return problems


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = DEFAULT_PORT,
    dev: Annotated[bool, typer.Option("--dev", help="Django's auto-reloading development server.")] = False,
    processes: Annotated[
        int | None,
        typer.Option(
            "--processes",
            min=1,
            help="Server processes (default WEB_CONCURRENCY, else one per core, at least 2).",
            show_default=False,
        ),
    ] = None,
    threads: Annotated[int, typer.Option("--threads", min=1, help="Threads in each server process.")] = 4,
    with_worker: Annotated[
        bool, typer.Option("--with-worker/--no-worker", help="Also start a job worker (as make demo does).")
    ] = False,
) -> None:
    """Serve the web app (static files included) until interrupted."""
    setup_django()
    check_database()
    for problem in insecure_defaults(host):
        typer.secho(
            f"worth: warning: serving on {host} but {problem}; see docs/configuration.md",
            fg="yellow",
            err=True,
        )
    if dev:
        from django.core.management import call_command

        call_command("runserver", f"{host}:{port}")
        return
    from django.db import connections

    from worth.site.webserver import ProductionServer, default_processes

    # The server forks; no process may inherit the connection this one opened to check the database.
    connections.close_all()
    count = processes or default_processes()
    child = _start_worker() if with_worker else None
    typer.echo(
        f"Worth is serving on http://{host}:{port}/ with {count} processes of {threads} threads "
        "(Ctrl+C stops it)"
    )
    try:
        ProductionServer(_wsgi_app, host=host, port=port, processes=count, threads=threads).run()
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=30)


def _wsgi_app() -> object:
    """The Django app, loaded in each server process after it is forked."""
    from worth.site.wsgi import application

    return application


def _start_worker() -> subprocess.Popen[bytes]:
    """A ``worth worker`` process beside the server (the demo's way; a team runs workers apart)."""
    command = [sys.executable, "-m", "worth.cli.main", "worker"]
    typer.echo("Starting a job worker beside the server (worth worker)")
    return subprocess.Popen(command)


def worker(
    threads: Annotated[int, typer.Option("--threads", min=1, help="Jobs this worker runs at once.")] = 2,
) -> None:
    """Run jobs from the task queue (simulations, imports) until stopped; run one or more beside `serve`.

    A job this worker leaves unfinished when it is stopped or killed is started again once by the next
    worker, then failed with the reason.
    """
    setup_django()
    check_database()
    from django.conf import settings

    from worth.apps.core.queue import queue

    huey = queue()
    typer.echo(
        f"Worth worker: {threads} thread(s) on {_shown_queue(str(settings.WORTH_QUEUE))} (Ctrl+C stops it)"
    )
    consumer = huey.create_consumer(workers=threads, worker_type="thread", periodic=True, initial_delay=0.1)
    consumer.run()


def _shown_queue(url: str) -> str:
    """The queue URL without a password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def manage(
    ctx: typer.Context,
) -> None:
    """Run a Django management command, e.g. `worth manage createsuperuser`."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["worth manage", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command()(migrate)
    app.command()(demo)
    app.command()(serve)
    app.command()(worker)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})(manage)
