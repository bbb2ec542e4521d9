"""Pathologically nested YAML is refused with a clear message by every reader, and never kills a process.

A 60 KB model file of 30,000 nested lists crashed the process that read it (libyaml recursed past the
C stack) and took the server down. The model file, the pricing policy and the invoice contract are
each read in a subprocess here (a crash would show as a signal, not as a failed assertion), by the
command line and through the web pages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from worth.analytics import ContractError, parse_contract
from worth.engine.model import ModelError, read_model_text
from worth.engine.pricing import PolicyError
from worth.engine.pricing.policy_check import parse_policy
from worth.engine.yaml_guard import MAX_NESTING, NestingError, check_nesting, composes_safely

FLOW = "a: " + "[" * 30_000 + "]" * 30_000
BLOCK = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_NESTING + 5)) + "  " * 70 + "x: 1\n"
WORTH = str(Path(sys.executable).with_name("worth"))


def test_the_cli_refuses_the_60_kb_file_that_crashed_it(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(FLOW, encoding="utf-8")
    done = subprocess.run([WORTH, "model", "check", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])
    assert f"deep.yaml:1:{3 + MAX_NESTING}: (top level): lists or mappings nested more than" in done.stderr


@pytest.mark.parametrize("reader", ["model", "policy", "contract"])
def test_every_reader_survives_30000_levels_in_a_subprocess(reader: str) -> None:
    code = {
        "model": "from worth.engine.model import read_model_text as r",
        "policy": "from worth.engine.pricing.policy_check import parse_policy as r",
        "contract": "from worth.analytics import parse_contract as r",
    }[reader]
    script = f"{code}\ntry:\n    r({FLOW!r})\nexcept ValueError as e:\n    print('refused:', e)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert "refused:" in done.stdout
    assert "nested more than 64 levels" in done.stdout


def test_block_nesting_is_refused_at_its_line() -> None:
    with pytest.raises(NestingError) as caught:
        check_nesting(BLOCK)
    assert (caught.value.line, caught.value.column) == (MAX_NESTING + 1, 2 * MAX_NESTING + 1)
    with pytest.raises(ModelError) as model_error:
        read_model_text(BLOCK)
    assert "nested more than 64 levels" in str(model_error.value.issues[0])


def test_the_limit_itself_is_accepted() -> None:
    check_nesting("a: " + "[" * (MAX_NESTING - 1) + "]" * (MAX_NESTING - 1))
    with pytest.raises(NestingError):
        check_nesting("a: " + "[" * MAX_NESTING + "]" * MAX_NESTING)


def test_policy_and_contract_name_the_place() -> None:
    with pytest.raises(PolicyError, match=r"the policy: line 1, column 67: lists or mappings nested"):
        parse_policy(FLOW, source="the policy")
    with pytest.raises(ContractError, match=r"c.yaml: line 1, column 67: lists or mappings nested"):
        parse_contract(FLOW, source="c.yaml")


@pytest.mark.parametrize(
    "text",
    [
        BLOCK,
        "a: " + "[" * 100 + "]" * 100,
        "- " * 80 + "x\n",
        "k0:\n" + "".join(f"{'  ' * i}- k{i + 1}:\n" for i in range(70)),
    ],
    ids=["block", "flow", "compact", "sequences-under-keys"],
)
def test_a_text_composed_at_once_is_refused_where_the_walk_refuses_it(text: str) -> None:
    # Texts the cheap count vouches for skip the walk over the events; the reader then refuses the
    # first collection too deep as it builds the data, at the very place the walk names.
    assert composes_safely(text)
    with pytest.raises(NestingError) as walked:
        check_nesting(text)
    with pytest.raises(ModelError) as read:
        read_model_text(text)
    issue = read.value.issues[0]
    assert (issue.line, issue.column) == (walked.value.line, walked.value.column)
    assert "nested more than 64 levels" in issue.message


def test_the_count_vouches_only_for_texts_that_cannot_nest_deep() -> None:
    assert not composes_safely(FLOW)  # 30,000 brackets
    assert not composes_safely("- " * 3_000 + "x\n")  # one 6,000-character line of sequences
    # 2 x (longest line + 1) + brackets bounds the depth: check it against the real depth, by events.
    under_keys = "k0:\n" + "".join(f"{'  ' * i}- k{i + 1}:\n" for i in range(70))  # two levels a line
    for text in (BLOCK, "- " * 80 + "x\n", "a: " + "[" * 100 + "]" * 100, under_keys):
        longest = max(map(len, text.split("\n")))
        assert _depth(text) <= 2 * longest + 2 + text.count("[") + text.count("{")


def _depth(text: str) -> int:
    import yaml

    depth = deepest = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            deepest = max(deepest, depth)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return deepest
