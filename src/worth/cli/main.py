"""The single ``worth`` entry point: every command has ``--help``.

Sub-command groups live in their own modules (``model``, ``pricing``, ``server``); this file only
assembles them, so adding a group is one ``add_typer`` line.
"""

from __future__ import annotations

from worth.cli import backup, case, model, pricing, sensitivity, server
from worth.cli.commands import command_group

app = command_group(
    name="worth",
    help="Worth - Customer Value Management: value models, analyses, pricing and the web app.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
server.register(app)
backup.register(app)
sensitivity.register(model.app)
app.add_typer(model.app, name="model")
app.add_typer(pricing.app, name="pricing")
app.add_typer(case.app, name="case")


if __name__ == "__main__":  # pragma: no cover
    app()
