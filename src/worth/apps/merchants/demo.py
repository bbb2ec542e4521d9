"""The demo's value merchant assessments: both account managers, by themselves and by the program lead.

The large mills' account manager assessed twice, a quarter apart, so the history shows the move from
price to value; the small mills' account manager sees more of a merchant in themself than the program
lead does on concessions and services, where the coaching starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.models import User
from django.utils import timezone

from worth.apps.merchants.models import AssessedBy, MerchantAssessment, SalespersonCode
from worth.apps.programs.models import Program
from worth.engine.merchants import KEYS


def _scores(*values: int) -> dict[str, int]:
    return dict(zip(KEYS, values, strict=True))


#: (salesperson, by, days ago, scores in the contrasts' order, note)
ASSESSMENTS = (
    ("sales-large", AssessedBy.SELF, 120, _scores(2, 2, 3, 2, 2, 3, 2, 3, 2, 3), "Before the calculator."),
    (
        "sales-large",
        AssessedBy.MANAGER,
        118,
        _scores(2, 1, 2, 2, 2, 2, 2, 3, 2, 2),
        "Wins on price, gives rebates.",
    ),
    (
        "sales-large",
        AssessedBy.SELF,
        30,
        _scores(4, 4, 4, 4, 3, 4, 3, 4, 4, 4),
        "Norrvik confirmed its value.",
    ),
    (
        "sales-large",
        AssessedBy.MANAGER,
        28,
        _scores(4, 5, 4, 3, 4, 4, 3, 4, 4, 4),
        "Documented value at Norrvik.",
    ),
    ("sales-small", AssessedBy.SELF, 25, _scores(3, 3, 3, 4, 3, 4, 3, 3, 3, 3), ""),
    (
        "sales-small",
        AssessedBy.MANAGER,
        24,
        _scores(3, 3, 3, 2, 3, 2, 3, 3, 3, 3),
        "Free service days to close.",
    ),
)


#: Whose the demo invoice lines' salesperson codes are: the key accounts of the large mills belong to
#: the large mills' account manager; the West territory, whose competitive discounts run far above
#: the others', to the small and mid-size mills' one. The other territories stay unmapped, shown apart.
CODES = (("SP06 Key accounts", "sales-large"), ("SP04 West", "sales-small"))


def load_demo_merchants(program: Program, users: dict[str, User], say: Callable[[str], None]) -> None:
    """Replace the demo program's assessments with the ones above (running twice duplicates nothing)."""
    MerchantAssessment.objects.filter(program=program).delete()
    now = timezone.now()
    for who, by, days, scores, note in ASSESSMENTS:
        made = MerchantAssessment.objects.create(
            program=program,
            salesperson=users[who],
            assessor=users[who] if by == AssessedBy.SELF else users["pilot-lead"],
            by=by,
            scores=scores,
            note=note,
        )
        MerchantAssessment.objects.filter(pk=made.pk).update(taken=now - dt.timedelta(days=days))
    say(f"{len(ASSESSMENTS)} value merchant assessments of the two account managers")
    for code, who in CODES:
        SalespersonCode.objects.update_or_create(
            program=program, code=code, defaults={"user": users[who], "mapped_by": users["pilot-lead"]}
        )
    say(f"salesperson codes {', '.join(c for c, _ in CODES)} of the invoice lines mapped to them")
