"""``worth model ...``: value model files from the command line (check, evaluate, report, schema)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Value model files: check, evaluate, report, sensitivity.", no_args_is_help=True)
