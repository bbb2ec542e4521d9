"""The ``worth`` command groups: Typer apps whose every command refuses an option given twice.

Click keeps the last value of an option given twice, so ``--positive 120 --positive 80`` silently
meant 80. Every command of every group built by :func:`command_group` is a :class:`OnceCommand`: an
option that takes one value may be given once; options meant to repeat (``--price``, ``--where``,
``--positive``) are declared as lists and say so in their help.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import typer
from typer.core import TyperCommand, TyperOption
from typer.models import CommandFunctionType

__all__ = ["OnceCommand", "WorthTyper", "command_group"]


class OnceCommand(TyperCommand):
    """A command that refuses a single-valued option given more than once, naming it."""

    # typer.Context is the context class Typer's commands receive (its vendored click's, subclassed).
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not ctx.resilient_parsing:
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            seen = Counter(param.name for param in order)
            for param in self.get_params(ctx):
                if (
                    isinstance(param, TyperOption)
                    and not param.multiple
                    and not param.count
                    and not param.is_flag
                    and seen[param.name] > 1
                ):
                    raise typer.BadParameter(
                        f"given {seen[param.name]} times, but it takes one value: give it once",
                        ctx=ctx,
                        param=param,
                    )
        return super().parse_args(ctx, args)


class WorthTyper(typer.Typer):
    """A Typer app whose commands are :class:`OnceCommand` unless a command says otherwise."""

    def command(self, *args: Any, **kwargs: Any) -> Callable[[CommandFunctionType], CommandFunctionType]:
        kwargs.setdefault("cls", OnceCommand)
        return super().command(*args, **kwargs)


def command_group(**kwargs: Any) -> WorthTyper:
    """A group of ``worth`` commands (``worth model``, ``worth pricing``...), no-args shows the help."""
    kwargs.setdefault("no_args_is_help", True)
    return WorthTyper(**kwargs)
