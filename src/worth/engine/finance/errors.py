"""The error type of the finance maths: bad input is a ValueError that names the field and the value."""

from __future__ import annotations


class FinanceError(ValueError):
    """A business-case input cannot be used; the message names the field and the value as it was given.

    A ValueError so that callers that already turn bad input into a message (a form, the command line)
    need no new case; its own type so that they can tell a finance input from a pricing one.
    """
