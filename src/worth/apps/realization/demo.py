"""The demo's value realization: a calculator run for a prospect, two documenters and their results.

Norrvik Bruk signed after the pilot's first round and has measured two quarters: every figure is
confirmed by its maintenance manager (green money). Holmsund Specialty Paper is in progress: one
result confirmed, one contested (the energy figure), one awaiting the customer. A prospect, Lindqvist
Bruk, has a saved estimate from a calculator run with its own figures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from worth.apps.programs.models import Project
from worth.apps.realization.models import CaseHistory, Documenter, Measurement, ValueEstimate, Verdict
from worth.apps.realization.services import EstimateRequest, calculator_of, save_estimate, start_documenter
from worth.apps.realization.sharing import issue_link
from worth.apps.research.models import Customer
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.versions import current_version

#: (customer, subsegment, salesperson, the customer's own answers, note)
ESTIMATES: tuple[tuple[str, str, str, dict[str, float], str], ...] = (
    (
        "Norrvik Bruk",
        "Large integrated mills",
        "sales-large",
        {
            "Unplanned downtime hours per year, alternative": 41,
            "Unplanned downtime hours per year, offering": 12,
            "Contribution margin per production hour": 9100,
            "Bearings replaced per year, alternative": 44,
            "Paper machines": 4,
        },
        "Agreed with the mill's maintenance manager before the contract, January 2026.",
    ),
    (
        "Holmsund Specialty Paper",
        "Small and mid-size mills",
        "sales-small",
        {
            "Unplanned downtime hours per year, alternative": 22,
            "Unplanned downtime hours per year, offering": 8,
            "Contribution margin per production hour": 4300,
            "Paper machines": 1,
        },
        "Worked through with the mill manager and the controller, March 2026.",
    ),
    (
        "Lindqvist Bruk",
        "Large integrated mills",
        "sales-large",
        {
            "Unplanned downtime hours per year, alternative": 29,
            "Unplanned downtime hours per year, offering": 9,
            "Contribution margin per production hour": 7600,
            "Paper machines": 2,
        },
        "First meeting with the prospect's technical director; its own stop log figures.",
    ),
)

#: Results per documenter: (input, measured up to, value, method, verdict, the customer's note).
RESULTS: dict[str, tuple[tuple[str, date, float, str, str, str], ...]] = {
    "Norrvik Bruk": (
        (
            "Unplanned downtime hours per year, offering",
            date(2026, 6, 30),
            14,
            "DCS stop log, H1 2026 a year",
            Verdict.CONFIRMED,
            "",
        ),
        (
            "Bearings replaced per year, offering",
            date(2026, 6, 30),
            17,
            "Stores withdrawals H1 2026 a year",
            Verdict.CONFIRMED,
            "",
        ),
        (
            "Maintenance hours on bearings per year, offering",
            date(2026, 6, 30),
            1010,
            "CMMS work orders",
            Verdict.CONFIRMED,
            "",
        ),
        (
            "Unplanned downtime hours per year, offering",
            date(2026, 9, 30),
            12,
            "DCS stop log, Q1-Q3 2026 a year",
            Verdict.CONFIRMED,
            "",
        ),
        (
            "Friction energy losses per year, offering",
            date(2026, 9, 30),
            1210000,
            "Drive power metered, Q3 2026",
            Verdict.CONFIRMED,
            "",
        ),
    ),
    "Holmsund Specialty Paper": (
        (
            "Unplanned downtime hours per year, offering",
            date(2026, 9, 30),
            9,
            "DCS stop log, Q2-Q3 2026 a year",
            Verdict.CONFIRMED,
            "",
        ),
        (
            "Friction energy losses per year, offering",
            date(2026, 9, 30),
            520000,
            "Friction model with the mill's loads",
            Verdict.CONTESTED,
            "Our drive power meters show a smaller saving; please use the metered figure.",
        ),
        (
            "Bearings replaced per year, offering",
            date(2026, 9, 30),
            7,
            "Stores withdrawals Q2-Q3 2026",
            Verdict.PENDING,
            "",
        ),
    ),
}

#: The case history of the confirmed documenter: title, the customer anonymized, narrative.
HISTORIES = {
    "Norrvik Bruk": (
        "Norrvik Bruk: two paper machines that no longer stop for bearings",
        "A large integrated paper mill in Scandinavia",
        "Norrvik Bruk ran its bearings to failure: dozens of hours of unplanned stops a year came from "
        "bearing failures on the dryer and press sections alone. Since the contract, condition monitoring "
        "warns weeks ahead, and replacements are planned into the scheduled shutdowns. Nine months on, the "
        "mill's own stop log, stores records and drive power meters show the value, and its maintenance "
        "manager has confirmed every figure.",
    ),
}

PLANS = {
    "Norrvik Bruk": (
        "Quarterly review with the maintenance manager; figures from the DCS stop log and CMMS.",
        date(2027, 1, 31),
    ),
    "Holmsund Specialty Paper": (
        "Half-yearly review with the mill manager and the controller.",
        date(2027, 3, 31),
    ),
}


def load_demo_realization(
    project: Project, model: ValueModelRecord, users: dict[str, User], say: Callable[[str], None]
) -> None:
    version = current_version(model)
    if version is None:
        return
    documenters = 0
    for name, subsegment, seller, answers, note in ESTIMATES:
        customer = Customer.objects.filter(name=name).first()
        found = ValueEstimate.objects.filter(project=project, customer__name=name).first()
        if found is None:
            calculator = calculator_of(version, subsegment)
            values = {**calculator.defaults(), **answers}
            request = EstimateRequest(
                values={k: repr(float(v)) for k, v in values.items()},
                sources={k: "customer-estimate" if k in answers else "default" for k in values},
                customer=customer,
                prospect="" if customer is not None else name,
                note=note,
            )
            found = save_estimate(
                project=project, version=version, calculator=calculator, request=request, user=users[seller]
            )
        if name not in RESULTS:
            continue
        documenter = Documenter.objects.filter(estimate=found).first() or start_documenter(
            found, users[seller]
        )
        schedule, renewal = PLANS[name]
        Documenter.objects.filter(pk=documenter.pk).update(schedule=schedule, renewal=renewal)
        for driver, taken, value, method, verdict, why in RESULTS[name]:
            Measurement.objects.update_or_create(
                documenter=documenter,
                driver=driver,
                taken=taken,
                defaults={
                    "value": value,
                    "method": method,
                    "recorded_by": users[seller],
                    "verdict": verdict,
                    "verdict_by": "" if verdict == Verdict.PENDING else "Maintenance manager",
                    "verdict_at": None if verdict == Verdict.PENDING else timezone.now() - timedelta(days=20),
                    "verdict_note": why,
                },
            )
        documenters += 1
        if name in HISTORIES:
            title, anonymous, narrative = HISTORIES[name]
            CaseHistory.objects.update_or_create(
                documenter=documenter,
                defaults={
                    "title": title,
                    "anonymous_name": anonymous,
                    "narrative": narrative,
                    "approved_by": "Maintenance manager",
                    "approved_at": timezone.now() - timedelta(days=5),
                    "approved_variant": "anonymized",
                    "updated_by": users[seller],
                },
            )
        if not documenter.share_links.exists():
            _, token = issue_link(documenter, manager="Maintenance manager", days=60, user=users[seller])
            say(f"share link for {name}'s maintenance manager: /shared/{token}/")
    say(
        f"{len(ESTIMATES)} value estimates from the calculator, {documenters} value documenters with "
        f"results, {len(HISTORIES)} value case history"
    )
