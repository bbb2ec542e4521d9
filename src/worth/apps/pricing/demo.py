"""The pricing part of the demo case (policy, invoice lines); called by ``worth.apps.core.demo``.

The policy is ``examples/pricing-policy.yaml`` as written; the invoice lines are the analytics
layer's seeded demo generator (Nordkap's mills, discount habits and leaks), 200,000 lines so
``make demo`` stays quick. Loading again reuses the data set when it holds the same number of lines
and its store can still be read; otherwise the lines are generated and imported again.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

from worth.analytics import AnalyticsError
from worth.analytics.demo_invoices import write_demo_invoices
from worth.analytics.store import read_store_contract
from worth.apps.pricing.levers import prefill_from_invoices
from worth.apps.pricing.models import CostStructure, InvoiceDataset, pricing_root
from worth.apps.pricing.services import ImportRequest, delete_dataset, import_dataset, save_policy_text
from worth.apps.programs.models import Project

POLICY_FILE = "pricing-policy.yaml"
DEMO_DATASET = "Invoice lines 2025 (demo)"
DEMO_ROWS = 200_000
DEMO_SEED = 7


def _readable(dataset: InvoiceDataset) -> bool:
    """True when the data set's store is there and this version of Worth can read it."""
    try:
        read_store_contract(dataset.store)
    except AnalyticsError:
        return False
    return True


def load_demo_pricing(
    *, project: Project, user: User, say: Callable[[str], None], rows: int = DEMO_ROWS
) -> None:
    """Create or update the demo's pricing records; running it twice duplicates nothing."""
    path = Path(settings.EXAMPLES_DIR) / POLICY_FILE
    save_policy_text(project=project, text=path.read_text(encoding="utf-8"), user=user)
    say(f"pricing policy from examples/{POLICY_FILE}")
    dataset = _demo_dataset(project=project, user=user, say=say, rows=rows)
    _demo_levers(project=project, dataset=dataset, user=user, say=say)


def _demo_dataset(*, project: Project, user: User, say: Callable[[str], None], rows: int) -> InvoiceDataset:
    existing = InvoiceDataset.objects.filter(project=project, name=DEMO_DATASET).first()
    if existing is not None and existing.rows == rows and _readable(existing):
        say(f"invoice data set “{DEMO_DATASET}” ({rows:,} lines) already loaded")
        return existing
    if existing is not None:
        delete_dataset(existing)
    root = pricing_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".demo-") as folder:
        source = write_demo_invoices(Path(folder) / "demo-invoices.parquet", rows=rows, seed=DEMO_SEED)
        dataset = import_dataset(
            project=project,
            user=user,
            request=ImportRequest(
                name=DEMO_DATASET, source=source, source_name=f"{source.name} (generated, seed {DEMO_SEED})"
            ),
        )
    say(f"invoice data set “{dataset.name}” with {dataset.rows:,} generated lines")
    return dataset


#: The demo's cost assumptions per invoice segment: variable cost as a share of the pocket price, and
#: fixed costs as a share of the segment's pocket revenue (so the figures fit any number of lines).
DEMO_COSTS = {
    "large mills": (Decimal("0.61"), Decimal("0.26")),
    "small and mid-size mills": (Decimal("0.58"), Decimal("0.31")),
}
DEMO_COST_NOTE = (
    "Standard cost 2025 from cost accounting: material, energy, freight and sales commission as {variable} "
    "of "
    "the pocket price; plant, field service and sales overheads allocated to the segment by revenue."
)


def _demo_levers(
    *, project: Project, dataset: InvoiceDataset, user: User, say: Callable[[str], None]
) -> None:
    """A price and cost structure per segment, the price and units read from the demo's invoice lines."""
    for segment, (variable, fixed) in DEMO_COSTS.items():
        sold, initial = prefill_from_invoices(dataset, segment)
        CostStructure.objects.update_or_create(
            project=project,
            name=f"Bearings and monitoring, {segment}",
            defaults={
                **initial,
                "name": f"Bearings and monitoring, {segment}",
                "period": "2025",
                "currency": "USD",
                "variable_cost": (sold.pocket_price * variable).quantize(Decimal("0.01")),
                "fixed_cost": (sold.pocket_revenue * fixed / 1000).quantize(Decimal(1)) * 1000,
                "note": DEMO_COST_NOTE.format(variable=f"{variable:.0%}"),
                "created_by": user,
            },
        )
    say(f"{len(DEMO_COSTS)} price and cost structures for the profit levers, from the invoice lines")


#: The reliability program's price and costs per mill and year in each subsegment of the value model, for
#: penetration against skimming: (list price per mill, variable cost per mill, fixed costs). The list
#: price is USD 96,000 a paper machine (2.7 machines a large mill, 1.6 a small one, among the researched
#: mills); the variable cost, 38 % of it, is the bearings, the sensors and the monitoring service; the
#: fixed costs are the remote monitoring centre and the field engineers who serve the subsegment.
DEMO_PROGRAM_COSTS = {
    "Large integrated mills": (Decimal(260_600), Decimal(99_000), Decimal(420_000)),
    "Small and mid-size mills": (Decimal(150_900), Decimal(57_300), Decimal(260_000)),
}
DEMO_PROGRAM_NOTE = (
    "Cost accounting 2025: bearings, sensors and the monitoring service at 38 % of the list price per mill; "
    "the remote monitoring centre and the field engineers serving the subsegment as fixed costs."
)


def load_demo_strategy(*, project: Project, user: User, say: Callable[[str], None]) -> None:
    """Per subsegment of the research, the program's price and cost structure per mill and year (the
    costs penetration against skimming prices the subsegment's customers' values with)."""
    for subsegment, (price, variable, fixed) in DEMO_PROGRAM_COSTS.items():
        name = f"Reliability program per mill, {subsegment}"
        CostStructure.objects.update_or_create(
            project=project,
            name=name,
            defaults={
                "period": "2025",
                "currency": "USD",
                "price": price,
                "units": Decimal(7),
                "variable_cost": variable,
                "fixed_cost": fixed,
                "source": "List price per paper machine times the machines of the 7 researched mills",
                "note": DEMO_PROGRAM_NOTE,
                "created_by": user,
            },
        )
    say(f"{len(DEMO_PROGRAM_COSTS)} price and cost structures per mill, for penetration against skimming")
