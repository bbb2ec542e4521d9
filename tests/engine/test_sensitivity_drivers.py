"""Value regressed on characteristics, checked against statsmodels and numpy computed in the test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from numpy.testing import assert_allclose

from worth.engine.sensitivity import SensitivityError, explain_value

CUSTOMERS = [f"Mill {c}" for c in "ABCDEFGHIJKLMN"]
CAPACITY = [
    320.0,
    450.0,
    610.0,
    1200.0,
    980.0,
    1500.0,
    280.0,
    760.0,
    1340.0,
    530.0,
    890.0,
    1110.0,
    400.0,
    700.0,
]
MACHINES = [1.0, 2.0, 2.0, 4.0, 3.0, 5.0, 1.0, 2.0, 4.0, 2.0, 3.0, 4.0, 1.0, 3.0]
REGION = [
    "North",
    "South",
    "West",
    "North",
    "South",
    "West",
    "North",
    "North",
    "South",
    "West",
    "North",
    "South",
    "West",
    "South",
]
VALUE = [
    118_000.0,
    131_000.0,
    162_000.0,
    295_000.0,
    228_000.0,
    338_000.0,
    104_000.0,
    196_000.0,
    301_000.0,
    140_000.0,
    231_000.0,
    256_000.0,
    112_000.0,
    171_000.0,
]


def characteristics() -> dict[str, Sequence[object]]:
    return {"Capacity": CAPACITY, "Machines": MACHINES, "Region": REGION}


def statsmodels_fit() -> Any:
    frame = pd.DataFrame({"value": VALUE, "Capacity": CAPACITY, "Machines": MACHINES, "Region": REGION})
    return smf.ols("value ~ Capacity + Machines + C(Region)", data=frame).fit()


def test_coefficients_intervals_and_fit_match_statsmodels_formula_api():
    result = explain_value(VALUE, characteristics(), CUSTOMERS)
    reference = statsmodels_fit()
    names = {
        "intercept": "Intercept",
        "Capacity": "Capacity",
        "Machines": "Machines",
        "Region[South]": "C(Region)[T.South]",
        "Region[West]": "C(Region)[T.West]",
    }
    intervals = reference.conf_int(alpha=0.05)
    assert [c.term for c in result.coefficients] == list(names)
    for coefficient in result.coefficients:
        key = names[coefficient.term]
        assert coefficient.estimate == pytest.approx(reference.params[key], rel=1e-9)
        assert coefficient.std_error == pytest.approx(reference.bse[key], rel=1e-9)
        assert coefficient.p_value == pytest.approx(reference.pvalues[key], rel=1e-7)
        assert coefficient.ci_low == pytest.approx(intervals.loc[key, 0], rel=1e-9)
        assert coefficient.ci_high == pytest.approx(intervals.loc[key, 1], rel=1e-9)
    assert result.r_squared == pytest.approx(reference.rsquared, rel=1e-12)
    assert result.adj_r_squared == pytest.approx(reference.rsquared_adj, rel=1e-12)
    assert result.f_pvalue == pytest.approx(reference.f_pvalue, rel=1e-7)
    assert result.df_resid == 9


def test_coefficients_match_a_hand_built_least_squares_solution():
    result = explain_value(VALUE, characteristics(), CUSTOMERS)
    south = [1.0 if r == "South" else 0.0 for r in REGION]
    west = [1.0 if r == "West" else 0.0 for r in REGION]
    design = np.column_stack([np.ones(len(VALUE)), CAPACITY, MACHINES, south, west])
    solution, *_ = np.linalg.lstsq(design, np.array(VALUE), rcond=None)
    assert_allclose(result.params, solution, rtol=1e-9)
    residuals = np.array(VALUE) - design @ solution
    r2 = 1 - residuals @ residuals / np.sum(np.square(np.array(VALUE) - np.mean(VALUE)))
    assert result.r_squared == pytest.approx(r2, rel=1e-12)


def test_intervals_follow_the_requested_level():
    result = explain_value(VALUE, characteristics(), CUSTOMERS, conf_level=0.9)
    interval = statsmodels_fit().conf_int(alpha=0.1)
    assert result.coefficient("Capacity").ci_low == pytest.approx(interval.loc["Capacity", 0], rel=1e-9)
    assert result.to_dict()["conf_level"] == 0.9


def test_reference_level_is_the_first_alphabetically_and_named_in_the_terms():
    result = explain_value(VALUE, characteristics(), CUSTOMERS)
    assert result.encoding.reference("Region") == "North"
    assert {c.term for c in result.coefficients if c.characteristic == "Region"} == {
        "Region[South]",
        "Region[West]",
    }


SHORT = {"Capacity": CAPACITY[:4], "Machines": MACHINES[:4], "Region": REGION[:4]}


@pytest.mark.parametrize(
    ("values", "columns", "customers", "message"),
    [
        (VALUE[:4], SHORT, CUSTOMERS[:4], "4 customers are too few for 5 coefficients"),
        (
            VALUE,
            {"Capacity": [*CAPACITY[:13], None]},
            CUSTOMERS,
            "'Mill N': characteristic 'Capacity' is missing",
        ),
        (VALUE, {"Capacity": [*CAPACITY[:13], "big"]}, CUSTOMERS, "'Capacity' mixes numbers and text"),
        (VALUE, {"Grade": ["kraft"] * 14}, CUSTOMERS, "characteristic 'Grade' is 'kraft' for every customer"),
        (
            VALUE,
            {"Capacity": CAPACITY, "Tons": [2 * c for c in CAPACITY]},
            CUSTOMERS,
            "characteristic(s) 'Tons' repeat what the others already say",
        ),
        (VALUE[:13], characteristics(), CUSTOMERS, "13 values given for 14 customers"),
        (VALUE, {"Capacity": CAPACITY[:13]}, CUSTOMERS, "'Capacity' has 13 values for 14 customers"),
        ([*VALUE[:13], float("nan")], characteristics(), CUSTOMERS, "customer 'Mill N': value is nan"),
        (VALUE, characteristics(), [*CUSTOMERS[:13], "Mill A"], "customer 'Mill A' appears twice"),
        (VALUE, {}, CUSTOMERS, "no customer characteristics given"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(values, columns, customers, message):
    with pytest.raises(SensitivityError) as caught:
        explain_value(values, columns, customers)
    assert message in str(caught.value)
