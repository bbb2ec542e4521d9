"""Hand-made invoice lines and a policy for the pricing page tests, with the sums worked out by hand.

Four lines, default contract (percentages of list unless they compound; line amounts ÷ units):

=====  =====  =======  ===  ====  ========  ===========  =====  =======  =====  ======  ====  =======  ======
line   seg.   product  qty  list  order    competitive  other  invoice  terms  rebate  coop  freight  pocket
=====  =====  =======  ===  ====  ========  ===========  =====  =======  =====  ======  ====  =======  ======
I-1/1  large  SRB 1     20    50  10 % = 5  0            0           45  0      40/20   0     20/20     42.00
I-1/2  large  SRB 2      5   200  0         5 % = 10     50/5       180  3.60   0       0     0        176.40
I-2/1  small  SRB 1     10    50  0         20 % = 10    0           40  0      0       30/10 15/10     35.50
I-3/1  small  CM 1      15   100  0         0            0          100  1.00   0       0     0         99.00
=====  =====  =======  ===  ====  ========  ===========  =====  =======  =====  ======  ====  =======  ======

Payment terms compound on the price left: 2 % x 180 = 3.60 on I-1/2, 1 % x 100 = 1.00 on I-3/1.

Units 50. List value 1,000 + 1,000 + 500 + 1,500 = 4,000 -> 80.00 per unit.
Invoice value 900 + 900 + 400 + 1,500 = 3,700 -> 74.00 per unit.
Pocket value 840 + 882 + 355 + 1,485 = 3,562 -> 71.24 per unit, 89.05 % of list.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from worth.apps.programs.models import Project

HEADER = (
    "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
    "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
    "cooperative_advertising,freight"
)
HAND_CSV = "\n".join(
    [
        HEADER,
        "I-1,1,2025-02-03,C1,Mill North,large,S1,SRB 1,20,50,10,0,0,0,40,0,20",
        "I-1,2,2025-02-03,C1,Mill North,large,S1,SRB 2,5,200,0,5,50,2,0,0,0",
        "I-2,1,2025-03-10,C2,Mill South,small,S2,SRB 1,10,50,0,20,,0,0,30,15",
        "I-3,1,2025-04-01,C2,Mill South,small,S2,CM 1,15,100,0,0,0,1,0,0,0",
    ]
)

#: Per unit, volume-weighted, by hand (see the module text).
HAND_OVERALL = {
    "list_price": "80.00",
    "order_size_discount": "2.00",  # 20 x 5 / 50
    "competitive_discount": "3.00",  # (5 x 10 + 10 x 10) / 50
    "other_on_invoice": "1.00",  # 50 / 50
    "invoice_price": "74.00",
    "payment_terms_cost": "0.66",  # (5 x 3.60 + 15 x 1.00) / 50
    "annual_volume_rebate": "0.80",  # 40 / 50
    "cooperative_advertising": "0.60",  # 30 / 50
    "freight": "0.70",  # (20 + 15) / 50
    "pocket_price": "71.24",  # 3,562 / 50
}

#: Guidelines for the hand lines: I-1/1 (84 % of list) below the large floor of 85 %, I-2/1 (71 %)
#: below the small floor of 80 %; I-1/2 (88.2 %) and I-3/1 (99 %) within.
#: Revenue lost: (42.50 - 42.00) x 20 = 10.00 and (40.00 - 35.50) x 10 = 45.00; 55.00 in all.
HAND_POLICY = """\
company: Test Supplier
currency: EUR
segments: [large, small]
discounts:
  - id: order-size
    name: Order-size discount
    kind: volume
    customer_action: Orders 20 or more of one bearing type at once.
    supplier_benefit: One pick and one shipment.
    percent: 10
    invoice_column: order_size_discount
  - id: competitive
    name: Competitive discount
    kind: bonus
    percent: 20
    invoice_column: competitive_discount
guidelines:
  - name: Condition monitoring
    products: ["CM *"]
    floor_pct_of_list: 98
  - name: Large
    segment: large
    floor_pct_of_list: 85
  - name: Small
    segment: small
    floor_pct_of_list: 80
    ceiling_pct_of_list: 95
"""


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def import_lines(
    client: Client, project: Project, text: str = HAND_CSV, *, name: str = "Hand lines", **extra: Any
) -> Any:
    """Post a CSV through the import page (jobs run inline in these tests) and return the response."""
    data = {"name": name, "file": upload("lines.csv", text), "delimiter": ",", **extra}
    return client.post(reverse("pricing:dataset_import", args=[project.pk]), data)


def json_script(html: str, element_id: str) -> str:
    """The text of a ``json_script`` element (Django escapes <, > and & inside it)."""
    match = re.search(
        rf'<script id="{re.escape(element_id)}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match is not None, f"no json_script {element_id!r} in the page"
    return match.group(1)


def table_row(html: str, marker: str) -> str:
    """The ``<tr>`` holding ``marker`` (an attribute such as ``data-key="pocket_price"``)."""
    start = html.index(marker)
    row_start = html.rindex("<tr", 0, start)
    return html[row_start : html.index("</tr>", start)]


def leftovers(data_dir: Path) -> list[str]:
    """Files and folders the pricing area left in the data folder (an empty uploads folder is fine)."""
    root = data_dir / "pricing"
    if not root.exists():
        return []
    found = [str(p.relative_to(root)) for p in root.rglob("*")]
    return [f for f in found if f != "uploads"]


def test_the_hand_lines_add_up_as_the_module_text_says() -> None:
    rows = list(csv.DictReader(io.StringIO(HAND_CSV)))
    units = sum(float(r["quantity"]) for r in rows)
    list_value = sum(float(r["quantity"]) * float(r["list_price"]) for r in rows)
    pocket = [42.00, 176.40, 35.50, 99.00]  # per unit, from the module text
    pocket_value = sum(float(r["quantity"]) * p for r, p in zip(rows, pocket, strict=True))
    assert (units, list_value) == (50.0, 4000.0)
    assert round(pocket_value, 2) == 3562.00
    assert round(pocket_value / units, 2) == float(HAND_OVERALL["pocket_price"])
