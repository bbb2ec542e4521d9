"""The examples in the engine modules' docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "worth.engine.equations.compile",
    "worth.engine.equations.equation",
    "worth.engine.equations.formatting",
    "worth.engine.equations.suggest",
    "worth.engine.equations.system",
    "worth.engine.equations.units",
    "worth.engine.finance.discounting",
    "worth.engine.finance.profitability",
    "worth.engine.finance.wording",
    "worth.engine.model.choice",
    "worth.engine.model.display",
    "worth.engine.merchants",
    "worth.engine.valuecycle",
    "worth.engine.model.realization",
    "worth.exports.spreadsheet_formulas",
    "worth.engine.yaml_guard",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
