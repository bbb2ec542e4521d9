"""Benchmark: how long ``worth ... --help`` takes as a process, against the interpreter starting bare.

The command line imports the engine, Ibis and the charts only inside the commands that need them, so
the help of every command shows at once (aim: within 0.5 s). Each command runs as a process, in turns
with ``python -c pass`` (the floor no command can beat), and the median of the rounds is reported.

Run: ``.venv/bin/python benchmarks/bench_cli.py [--quick]``.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Figure, arguments, interleaved, run_process, write_results

WORTH = str(Path(sys.executable).with_name("worth"))
COMMANDS = [
    ["--help"],
    ["model", "--help"],
    ["model", "evaluate", "--help"],
    ["model", "simulate", "--help"],
    ["pricing", "band", "--help"],
    ["pricing", "value-price", "--help"],
    ["serve", "--help"],
]
AIM_S = 0.5


def main() -> None:
    args = arguments(__doc__.splitlines()[0], quick="3 rounds per command instead of 10").parse_args()
    rounds = 3 if args.quick else 10
    figures = []
    for command in COMMANDS:
        timing = interleaved(
            lambda: run_process([sys.executable, "-c", "pass"]),
            partial(run_process, [WORTH, *command]),
            rounds=rounds,
        )
        figures.append(
            Figure(
                name=f"worth {' '.join(command)}",
                value=timing.subject_s,
                unit="s",
                aim=f"<= {AIM_S} s",
                met=timing.subject_s <= AIM_S,
                detail=f"({timing.describe()} of a bare interpreter start)",
                spread=timing.subject_spread,
                rounds=timing.rounds,
            )
        )
    write_results("bench_cli", figures, quick=args.quick)


if __name__ == "__main__":
    main()
