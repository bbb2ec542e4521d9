"""The salespeople's pricing habits from the program's invoice lines, joined to the people of Worth.

Invoice lines name salesperson codes; :class:`~worth.apps.merchants.models.SalespersonCode` says
whose each code is. Each data set of the program's projects is read once (one grouped query,
``worth.analytics.behaviour``, kept per version of the lines and the policy), measured against its
own project's policy; a project without a policy is named, not counted as zeros. Figures are summed
per currency (the currency of each project's policy), per code and then per person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from worth.analytics import AnalyticsError
from worth.analytics.behaviour import SalespersonBehaviour, salesperson_behaviour
from worth.apps.core.computed import remember
from worth.apps.merchants.models import SalespersonCode
from worth.apps.pricing.analysis import open_lines
from worth.apps.pricing.models import InvoiceDataset
from worth.apps.pricing.services import currency_for, project_policy
from worth.apps.programs.models import Program
from worth.engine.pricing.policy import PricingPolicy as PolicyDocument

__all__ = [
    "Behaviour",
    "MappingConflictError",
    "MappingError",
    "ProgramBehaviour",
    "program_behaviour",
    "save_mappings",
]

#: The most codes one mapping form may send.
MAX_CODES = 2000
MAX_CODE_LENGTH = 200


@dataclass
class Behaviour:
    """One person's (or code's) lines in one currency, and what the policy says of them.

    ``priced_*`` count the lines of projects with a readable policy, ``checked_lines`` those whose
    policy has price guidelines: the shares are of those, never of lines nothing measured.
    """

    currency: str
    lines: int = 0
    list_revenue: float = 0.0
    priced_lines: int = 0
    priced_revenue: float = 0.0
    concessions: float = 0.0
    checked_lines: int = 0
    lines_below: int = 0
    revenue_lost: float = 0.0

    @property
    def concession_share(self) -> float | None:
        """Concessions given for nothing as a share of the list revenue of the priced lines."""
        return self.concessions / self.priced_revenue if self.priced_revenue else None

    @property
    def share_below(self) -> float | None:
        """Lines below their guideline floor as a share of the lines checked against guidelines."""
        return self.lines_below / self.checked_lines if self.checked_lines else None

    def add(self, other: Behaviour) -> None:
        self.lines += other.lines
        self.list_revenue += other.list_revenue
        self.priced_lines += other.priced_lines
        self.priced_revenue += other.priced_revenue
        self.concessions += other.concessions
        self.checked_lines += other.checked_lines
        self.lines_below += other.lines_below
        self.revenue_lost += other.revenue_lost


def _of(found: SalespersonBehaviour, currency: str) -> Behaviour:
    priced = found.concessions is not None
    checked = found.lines_below is not None
    return Behaviour(
        currency=currency,
        lines=found.lines,
        list_revenue=found.list_revenue,
        priced_lines=found.lines if priced else 0,
        priced_revenue=found.list_revenue if priced else 0.0,
        concessions=found.concessions or 0.0,
        checked_lines=found.lines if checked else 0,
        lines_below=found.lines_below or 0,
        revenue_lost=found.revenue_lost or 0.0,
    )


def merged(parts: Iterable[Behaviour]) -> list[Behaviour]:
    """The parts summed per currency, in the order the currencies first appear."""
    out: dict[str, Behaviour] = {}
    for part in parts:
        out.setdefault(part.currency, Behaviour(part.currency)).add(part)
    return list(out.values())


@dataclass
class ProgramBehaviour:
    """Every salesperson code of the program's invoice lines with its figures, and what was left out."""

    #: code -> its figures, one per currency
    by_code: dict[str, list[Behaviour]] = field(default_factory=dict)
    #: why some lines are not measured: a project without a policy, a data set that cannot be read
    notes: list[str] = field(default_factory=list)
    datasets: int = 0

    def of_codes(self, codes: Iterable[str]) -> list[Behaviour]:
        return merged(b for code in codes for b in self.by_code.get(code, []))


def _dataset_behaviour(
    dataset: InvoiceDataset, policy: PolicyDocument | None, text: str
) -> tuple[SalespersonBehaviour, ...]:
    """One data set's figures per code, read once per version of its lines and of the policy."""

    def read() -> tuple[SalespersonBehaviour, ...]:
        table, contract = open_lines(dataset)
        return salesperson_behaviour(table, policy, contract=contract)

    return remember(
        "salesperson-behaviour", (dataset.pk, dataset.imported.isoformat(), dataset.rows, text), read
    )


def program_behaviour(program: Program) -> ProgramBehaviour:
    """The figures of every data set of the program's projects, per salesperson code."""
    out = ProgramBehaviour()
    parts: dict[str, list[Behaviour]] = {}
    for project in program.projects.order_by("name"):
        datasets = list(InvoiceDataset.objects.filter(project=project).select_related("project__program"))
        if not datasets:
            continue
        record, policy, problem = project_policy(project)
        if record is None:
            out.notes.append(
                f"{project.name} has no pricing policy: its invoice lines show who sold, "
                "not what was conceded or below the guidelines."
            )
        elif policy is None:
            out.notes.append(f"The pricing policy of {project.name} cannot be read: {problem}")
        elif not policy.guidelines:
            out.notes.append(
                f"The pricing policy of {project.name} has no price guidelines: no floor to check."
            )
        currency = currency_for(project, policy)
        for dataset in datasets:
            try:
                found = _dataset_behaviour(dataset, policy, record.text if policy and record else "")
            except (AnalyticsError, OSError) as refused:
                out.notes.append(f"The invoice lines of “{dataset.name}” cannot be read: {refused}")
                continue
            out.datasets += 1
            for f in found:
                parts.setdefault(f.salesperson, []).append(_of(f, currency))
    out.by_code = {code: merged(p) for code, p in sorted(parts.items())}
    return out


class MappingError(ValueError):
    """A mapping the form cannot take; the message names the code's field and the value given."""


class MappingConflictError(MappingError):
    """Someone changed a code's mapping since the form was opened; nothing was saved."""


def _name(user: User | None) -> str:
    return "nobody" if user is None else user.get_full_name() or user.username


def _conflict(code: str, existing: SalespersonCode | None) -> str:
    if existing is None:
        now = "is mapped to nobody any more"
    else:
        now = f"was mapped to {_name(existing.user)}"
        if existing.mapped_by is not None:
            now += f" by {_name(existing.mapped_by)}"
    return (
        f"“{code[:60]}” {now} since you opened the page; nothing was saved. Here is the mapping as it is now."
    )


def _person(raw: str, code: str, choices: Mapping[int, User]) -> User | None:
    text = raw.strip()
    if not text:
        return None
    try:
        found = choices.get(int(text))
    except ValueError:
        found = None
    if found is None:
        raise MappingError(f"Salesperson for “{code}”: “{text[:30]}” is no salesperson of the program")
    return found


def read_mappings(posted: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(code, person as sent, person the form showed) per row of the form: ``code-N``, ``user-N``, ``was-N``.

    Raises
    ------
    MappingError
        For too many rows, an empty or too long code, or a code sent twice.
    """
    indices = sorted(
        int(key[5:]) for key in posted if key.startswith("code-") and key[5:].isdigit() and len(key) < 12
    )
    if len(indices) > MAX_CODES:
        raise MappingError(f"codes: {len(indices):,} sent; at most {MAX_CODES:,}")
    rows, seen = [], set()
    for n in indices:
        code = posted.get(f"code-{n}", "").strip()
        if not code:
            raise MappingError(f"code-{n}: no salesperson code given")
        if len(code) > MAX_CODE_LENGTH:
            raise MappingError(f"code-{n}: “{code[:30]}…” is longer than {MAX_CODE_LENGTH} characters")
        if code in seen:
            raise MappingError(f"code-{n}: “{code[:60]}” is sent twice")
        seen.add(code)
        rows.append((code, posted.get(f"user-{n}", ""), posted.get(f"was-{n}", "")))
    return rows


def save_mappings(
    program: Program,
    rows: list[tuple[str, str, str]],
    *,
    known_codes: Iterable[str],
    choices: Mapping[int, User],
    by: User,
) -> int:
    """Map each code to its person (or to nobody), all rows or none; returns how many changed.

    ``known_codes`` are the codes the program's invoice lines name; a code that is neither one of them
    nor already mapped is refused, so a mistyped code never becomes a mapping nobody can see.

    Raises
    ------
    MappingError
        Naming the code and the value for an unknown code or a person who is no salesperson of the
        program.
    MappingConflictError
        When a code's mapping is no longer the one the form showed (``was-N``): someone saved since.
    """
    known = set(known_codes)
    changed = 0
    try:
        with transaction.atomic():
            current = {
                m.code: m
                for m in SalespersonCode.objects.select_for_update(of=("self",))
                .filter(program=program, code__in=[c for c, _, _ in rows])
                .select_related("user", "mapped_by")
            }
            for code, raw, was in rows:
                existing = current.get(code)
                if existing is None and code not in known:
                    raise MappingError(f"“{code[:60]}” is no salesperson code of the program's invoice lines")
                shown = "" if existing is None else str(existing.user_id)
                if raw.strip() == shown:  # as it is, even a person who has left the program since
                    continue
                person = _person(raw, code, choices)
                if was.strip() != shown:
                    raise MappingConflictError(_conflict(code, existing))
                if person is None and existing is not None:
                    existing.delete()
                    changed += 1
                elif person is not None and existing is None:
                    SalespersonCode.objects.create(program=program, code=code, user=person, mapped_by=by)
                    changed += 1
                elif person is not None and existing is not None and existing.user_id != person.pk:
                    existing.user, existing.mapped_by = person, by
                    existing.save()
                    changed += 1
    except IntegrityError:
        raise MappingConflictError(
            "Someone mapped one of these codes at the same moment; nothing was saved. "
            "Here is the mapping as it is now."
        ) from None
    return changed


@dataclass(frozen=True)
class ApartCode:
    """A code whose lines join no salesperson on the page: unmapped, or mapped to someone gone."""

    code: str
    reason: str
    behaviour: list[Behaviour]


@dataclass(frozen=True)
class PeopleBehaviour:
    """The program's behaviour as one person may see it: per salesperson shown, and the codes apart."""

    codes: dict[int, list[str]]
    figures: dict[int, list[Behaviour]]
    apart: list[ApartCode]
    notes: list[str]
    datasets: int


def people_behaviour(
    program: Program, found: ProgramBehaviour, people: list[User], everyone: list[User], *, manages: bool
) -> PeopleBehaviour:
    """Join the codes to ``people`` (whom the viewer may see); the codes apart only for a manager.

    ``everyone`` is every salesperson of the program: a code mapped to someone outside it is listed
    apart, with whom it names, so a manager sees the lines nobody on the program answers for.
    """
    mapped = list(SalespersonCode.objects.filter(program=program).select_related("user"))
    codes: dict[int, list[str]] = {}
    for m in mapped:
        codes.setdefault(m.user_id, []).append(m.code)
    shown = {p.pk for p in people}
    apart: list[ApartCode] = []
    if manages:
        on_program = {p.pk for p in everyone}
        owner = {m.code: m.user for m in mapped}
        for code, figures in found.by_code.items():
            if code not in owner:
                apart.append(ApartCode(code, "not mapped to anyone", figures))
            elif owner[code].pk not in on_program:
                who = owner[code].get_full_name() or owner[code].username
                apart.append(ApartCode(code, f"mapped to {who}, no salesperson of the program", figures))
    return PeopleBehaviour(
        codes={pk: sorted(c) for pk, c in codes.items() if pk in shown},
        figures={pk: found.of_codes(c) for pk, c in codes.items() if pk in shown},
        apart=apart,
        notes=found.notes,
        datasets=found.datasets,
    )
