"""Dependencies between equations: evaluation order and cycles named the way a person reads them."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

__all__ = ["find_cycles", "topological_order"]


def find_cycles(uses: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Every cycle among the targets, each as a path that returns to its start: ``[A, B, A]``.

    ``uses[t]`` lists the targets that equation ``t`` refers to, in the order written. Targets that
    reach each other form one group and yield one cycle. Value models hold tens of equations, so the
    plain reachability walk (no recursion) is ample.
    """
    reach = {name: _reachable(name, uses) for name in uses}
    seen: set[str] = set()
    cycles: list[list[str]] = []
    for name in uses:
        if name in seen or name not in reach[name]:
            continue
        group = [other for other in uses if other in reach[name] and name in reach[other]]
        seen.update(group)
        cycles.append(_cycle_path(group, uses))
    return cycles


def _reachable(start: str, uses: Mapping[str, Sequence[str]]) -> set[str]:
    """The targets reachable from ``start`` in one step or more."""
    found: set[str] = set()
    stack = list(uses.get(start, ()))
    while stack:
        name = stack.pop()
        if name not in found:
            found.add(name)
            stack.extend(uses.get(name, ()))
    return found


def _cycle_path(group: list[str], uses: Mapping[str, Sequence[str]]) -> list[str]:
    """The shortest way round the group from its first member back to it (breadth-first)."""
    members = set(group)
    start = group[0]
    previous: dict[str, str] = {}
    queue: deque[str] = deque([start])
    while queue and start not in previous:
        node = queue.popleft()
        for child in uses.get(node, ()):
            if child in members and child not in previous:
                previous[child] = node
                queue.append(child)
    path = [start]
    node = previous[start]
    while node != start:
        path.append(node)
        node = previous[node]
    path.append(start)
    path.reverse()
    return path


def topological_order(uses: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Targets ordered so that each comes after the targets it uses (in the given order otherwise).

    Assumes there are no cycles (check with :func:`find_cycles` first); members of a cycle are placed
    where they are first met.
    """
    done: set[str] = set()
    order: list[str] = []
    for root in uses:
        if root in done:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        entered = {root}
        while work:
            node, next_child = work.pop()
            children = uses.get(node, ())
            if next_child < len(children):
                work.append((node, next_child + 1))
                child = children[next_child]
                if child not in done and child not in entered and child in uses:
                    entered.add(child)
                    work.append((child, 0))
                continue
            if node not in done:
                done.add(node)
                order.append(node)
    return tuple(order)
