"""The invoice-line contract: the columns Worth reads, their meaning and units, and how to map yours.

One row is one invoice line. Every money column is in the invoice currency.

=======================  =========  ========  ============================================================
column                   type       required  meaning
=======================  =========  ========  ============================================================
invoice_id               text       yes       invoice number
line_no                  integer    yes       line number within the invoice
date                     date       yes       invoice date (``YYYY-MM-DD`` unless ``date_format`` says)
customer_id              text       yes       the customer's account number
customer_name            text       no        the customer's name (the id when empty)
segment                  text       yes       the customer's segment, as the pricing policy names it
salesperson              text       yes       who owns the deal
product                  text       yes       product or article
quantity                 number     yes       units on the line, above 0 (credit notes are not invoice lines)
list_price               number     yes       list price PER UNIT, above 0
<price items>            number     no        deductions from list price, see below; empty means 0
=======================  =========  ========  ============================================================

The price items are the steps of the pocket price waterfall, in order: first the on-invoice items
(list price minus these is the invoice price), then the off-invoice items (invoice price minus these
is the pocket price). Each item says how its number is to be read (``basis``):

* ``percent``: a percentage; ``stacking: adds-on-list`` takes it of the list price, ``compounds``
  of the price left after every item listed before it;
* ``line-amount``: money for the whole line (a rebate allocated to the line, the freight paid);
* ``unit-amount``: money per unit.

:data:`DEFAULT_ITEMS` is the contract unless you give your own: order-size and competitive discounts
in % of list, other on-invoice items as line amounts; payment terms as % compounding on the invoice
price; annual volume rebate, cooperative advertising and freight as line amounts. Your file may name
columns differently: ``columns`` maps your names to these.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from worth.analytics.errors import ContractError
from worth.engine.fields import validation_lines
from worth.engine.pricing.stacking import Stacking
from worth.engine.yaml_guard import NestingError, check_nesting

ColumnType = Literal["text", "integer", "number", "date"]
Stage = Literal["on-invoice", "off-invoice"]
Basis = Literal["percent", "line-amount", "unit-amount"]
ColumnName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=63)]

#: The fixed columns: name -> (type, required).
CORE_COLUMNS: dict[str, tuple[ColumnType, bool]] = {
    "invoice_id": ("text", True),
    "line_no": ("integer", True),
    "date": ("date", True),
    "customer_id": ("text", True),
    "customer_name": ("text", False),
    "segment": ("text", True),
    "salesperson": ("text", True),
    "product": ("text", True),
    "quantity": ("number", True),
    "list_price": ("number", True),
}

#: Columns a waterfall or band can be grouped or filtered by.
DIMENSIONS: tuple[str, ...] = ("customer", "segment", "salesperson", "product")
#: The contract column behind each dimension (customers are grouped by id, shown by name).
DIMENSION_COLUMNS: dict[str, str] = {
    "customer": "customer_id",
    "segment": "segment",
    "salesperson": "salesperson",
    "product": "product",
}


class PriceItem(BaseModel):
    """One deduction column of the invoice lines: where it sits in the waterfall and how to read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    column: ColumnName
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    stage: Stage
    basis: Basis
    stacking: Stacking = "adds-on-list"

    @property
    def stacking_shown(self) -> str | None:
        """How the waterfall shows this item's stacking: only percentages have one."""
        return self.stacking if self.basis == "percent" else None


DEFAULT_ITEMS: tuple[PriceItem, ...] = (
    PriceItem(column="order_size_discount", label="Order-size discount", stage="on-invoice", basis="percent"),
    PriceItem(
        column="competitive_discount", label="Competitive discount", stage="on-invoice", basis="percent"
    ),
    PriceItem(column="other_on_invoice", label="Other on-invoice", stage="on-invoice", basis="line-amount"),
    PriceItem(
        column="payment_terms_cost",
        label="Payment terms",
        stage="off-invoice",
        basis="percent",
        stacking="compounds",
    ),
    PriceItem(
        column="annual_volume_rebate", label="Annual volume rebate", stage="off-invoice", basis="line-amount"
    ),
    PriceItem(
        column="cooperative_advertising",
        label="Cooperative advertising",
        stage="off-invoice",
        basis="line-amount",
    ),
    PriceItem(column="freight", label="Freight", stage="off-invoice", basis="line-amount"),
)


class InvoiceContract(BaseModel):
    """How to read a particular invoice-line table: column names, date format and price items.

    ``columns`` maps the names in your file or table to the contract's names (only those that
    differ). ``items`` lists the deduction columns in waterfall order, on-invoice before off-invoice.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, ColumnName] = Field(default_factory=dict)
    date_format: Annotated[str, StringConstraints(min_length=2, max_length=40)] = "%Y-%m-%d"
    items: tuple[PriceItem, ...] = DEFAULT_ITEMS

    @model_validator(mode="after")
    def _consistent(self) -> InvoiceContract:
        names = [item.column for item in self.items]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"each item column must appear once, repeated: {', '.join(repeated)}")
        clash = sorted(set(names) & set(CORE_COLUMNS))
        if clash:
            raise ValueError(f"item columns cannot reuse the fixed columns: {', '.join(clash)}")
        stages = [item.stage for item in self.items]
        if "on-invoice" in stages and "off-invoice" in stages[: stages.index("on-invoice")]:
            raise ValueError("list the on-invoice items before the off-invoice items (waterfall order)")
        targets = list(self.columns.values())
        doubled = sorted({t for t in targets if targets.count(t) > 1})
        if doubled:
            raise ValueError(f"two of your columns map to the same contract column: {', '.join(doubled)}")
        known = set(CORE_COLUMNS) | set(names)
        unknown = sorted(set(targets) - known)
        if unknown:
            raise ValueError(f"columns map to names the contract does not have: {', '.join(unknown)}")
        return self

    @property
    def item_columns(self) -> tuple[str, ...]:
        """The deduction columns, in waterfall order."""
        return tuple(item.column for item in self.items)

    @property
    def on_invoice(self) -> tuple[PriceItem, ...]:
        """Items between list price and invoice price."""
        return tuple(item for item in self.items if item.stage == "on-invoice")

    @property
    def off_invoice(self) -> tuple[PriceItem, ...]:
        """Items between invoice price and pocket price."""
        return tuple(item for item in self.items if item.stage == "off-invoice")

    def source_name(self, column: str) -> str:
        """The name a contract column has in the user's file or table."""
        for theirs, ours in self.columns.items():
            if ours == column:
                return theirs
        return column

    def to_json(self) -> str:
        """The contract as JSON (stored next to the imported data so analyses read it the same way)."""
        return self.model_dump_json(indent=2)


def parse_contract(text: str, *, source: str = "<text>") -> InvoiceContract:
    """Read a contract from YAML or JSON text; raise :class:`ContractError` naming the field and value."""
    try:
        check_nesting(text)
        data = yaml.safe_load(text)
    except NestingError as exc:
        raise ContractError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ContractError(f"{source}: not valid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContractError(f"{source}: an invoice contract is a mapping with columns, date_format and items")
    try:
        return InvoiceContract.model_validate(data)
    except ValidationError as exc:
        lines = validation_lines(exc)
        raise ContractError(
            f"{source}: the invoice contract has {len(lines)} problem(s):\n" + "\n".join(lines)
        ) from exc


def load_contract(path: Path) -> InvoiceContract:
    """Read an invoice contract file (YAML or JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(f"{path}: cannot read the invoice contract: {exc}") from exc
    return parse_contract(text, source=str(path))


DEFAULT_CONTRACT = InvoiceContract()
