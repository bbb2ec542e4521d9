"""``worth pricing ...``: invoice-line imports, pocket price waterfall and band."""

from __future__ import annotations

import typer

app = typer.Typer(help="Pricing: import invoice lines, pocket price waterfall and band.", no_args_is_help=True)
