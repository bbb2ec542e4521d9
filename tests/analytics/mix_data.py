"""Seven invoice lines whose mix of business and customers' business are worked out by hand.

Default contract: the competitive discount is a % of list price, the rebate an amount per line
(divided by the quantity). Three customers, two segments, three products; Mill South does not buy
P3, which its peer Mill North buys; Mill East is alone in its segment. The period runs 2025-01-01 to
2025-03-14: 73 days, one fifth of a year, so a year's pocket revenue is five times the period's.

====  ==========  =====  ===  ===  ====  ===========  ======  ====  ======
line  customer    seg.   pr.  qty  list  deduction    pocket  list  pocket
                                                      /unit   rev.  rev.
====  ==========  =====  ===  ===  ====  ===========  ======  ====  ======
L1    C1 North    large  P1    10   100  comp. 10 %       90  1000     900
L2    C1 North    large  P2     5   200  rebate 100      180  1000     900
L3    C1 North    large  P3     4    50  comp. 20 %       40   200     160
L4    C2 South    large  P1    20   100  comp. 5 %        95  2000    1900
L5    C2 South    large  P2     2   200  comp. 25 %      150   400     300
L6    C3 East     small  P1    10   100  comp. 30 %       70  1000     700
L7    C3 East     small  P3    10    50  rebate 50        45   500     450
====  ==========  =====  ===  ===  ====  ===========  ======  ====  ======

large: pocket 4,160 of list 4,600 (90.43 %). P1 2,800 / 3,000 = 93.33 % keeps most, 67.31 % of the
segment (2,800 / 4,160); P2 1,200 / 1,400 = 85.71 %, 28.85 %; P3 160 / 200 = 80.00 %, 3.85 %.
small: pocket 1,150 of list 1,500 (76.67 %). P3 450 / 500 = 90.00 %, 39.13 %; P1 700 / 1,000 = 70 %,
60.87 %.
Customers: C2 2,200 (2 of 3 products, P3 to offer), C1 1,960 (3 of 3), C3 1,150 (2 of 2).
C2 buying 20,000 a year: 2,200 x 5 = 11,000 a year, 55 % of its purchases.
C3 buying 5,000 a year: 1,150 x 5 = 5,750, 115 %: above all of it.
"""

from __future__ import annotations

HEADER = (
    "invoice_id,line_no,date,customer_id,customer_name,segment,salesperson,product,quantity,list_price,"
    "order_size_discount,competitive_discount,other_on_invoice,payment_terms_cost,annual_volume_rebate,"
    "cooperative_advertising,freight"
)
MIX_CSV = "\n".join(
    [
        HEADER,
        "M-1,1,2025-01-01,C1,Mill North,large,S1,P1,10,100,0,10,0,0,0,0,0",
        "M-2,1,2025-01-15,C1,Mill North,large,S1,P2,5,200,0,0,0,0,100,0,0",
        "M-3,1,2025-02-01,C1,Mill North,large,S1,P3,4,50,0,20,0,0,0,0,0",
        "M-4,1,2025-02-10,C2,Mill South,large,S2,P1,20,100,0,5,0,0,0,0,0",
        "M-5,1,2025-02-20,C2,Mill South,large,S2,P2,2,200,0,25,0,0,0,0,0",
        "M-6,1,2025-03-01,C3,Mill East,small,S2,P1,10,100,0,30,0,0,0,0,0",
        "M-7,1,2025-03-14,C3,Mill East,small,S2,P3,10,50,0,0,0,0,50,0,0",
    ]
)
