"""Four invoice lines and a policy whose salesperson behaviour is worked out by hand.

Default contract; percent items in % of list, line amounts divided by the quantity.

====  ====  =====  ===  ====  ==========================================  ======  ========  ===========
line  code  seg.   qty  list  deductions                                  pocket  floor 85  concession
====  ====  =====  ===  ====  ==========================================  ======  ========  ===========
L1    S1    large   10   100  order size 10 % (tied: orders 20 or more)      90    within        0
L2    S1    large    5   100  competitive 20 % (no customer action)          80    5 below     20 x 5 = 100
L3    S2    small    4    50  rebate 20 (offered to large only)              45    within       20
L4    S2    large    2    50  rebate 10 (tied), freight 6 (in no entry)      42    0.50 below    6
====  ====  =====  ===  ====  ==========================================  ======  ========  ===========

S1: 2 lines, list revenue 1,000 + 500 = 1,500, concessions 100 (6.67 % of list), 1 line below its
floor (50 % of lines), revenue lost (85 - 80) x 5 = 25.
S2: 2 lines, list revenue 200 + 100 = 300, concessions 20 + 6 = 26 (8.67 %), 1 line below
(50 %), revenue lost (42.50 - 42) x 2 = 1.
"""

from __future__ import annotations

HEADER = (
    "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
    "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
    "cooperative_advertising,freight"
)
BEHAVIOUR_CSV = "\n".join(
    [
        HEADER,
        "B-1,1,2025-02-03,C1,Mill North,large,S1,SRB 1,10,100,10,0,0,0,0,0,0",
        "B-1,2,2025-02-03,C1,Mill North,large,S1,SRB 1,5,100,0,20,0,0,0,0,0",
        "B-2,1,2025-03-10,C2,Mill South,small,S2,SRB 1,4,50,0,0,0,0,20,0,0",
        "B-3,1,2025-04-01,C3,Mill East,large,S2,SRB 1,2,50,0,0,0,0,10,0,6",
    ]
)
BEHAVIOUR_POLICY = """\
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
  - id: rebate
    name: Annual volume rebate
    kind: rebate
    placement: off-invoice
    customer_action: Buys 400,000 a year.
    supplier_benefit: Plannable production.
    amount: 5
    segments: [large]
    invoice_column: annual_volume_rebate
guidelines:
  - name: Everything
    floor_pct_of_list: 85
"""
