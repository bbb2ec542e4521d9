"""Prospects ranked by predicted value; intervals checked against statsmodels, reasons by hand."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from worth.engine.sensitivity import SensitivityError, ValueRegression, explain_value, rank_prospects

CUSTOMERS = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]
CAPACITY = [300.0, 450.0, 600.0, 1200.0, 950.0, 1500.0, 280.0, 760.0, 1340.0, 520.0]
REGION = ["North", "South", "North", "South", "North", "South", "North", "South", "North", "South"]
VALUE = [120.0, 110.0, 170.0, 260.0, 240.0, 300.0, 105.0, 165.0, 310.0, 125.0]

PROSPECTS = ["Mill X", "Mill Y", "Mill Z"]
NEW: dict[str, Sequence[object]] = {"Capacity": [1400.0, 350.0, 800.0], "Region": ["North", "South", "South"]}


def regression() -> ValueRegression:
    return explain_value(VALUE, {"Capacity": CAPACITY, "Region": REGION}, CUSTOMERS)


def statsmodels_prediction(alpha: float = 0.05):
    frame = pd.DataFrame({"value": VALUE, "Capacity": CAPACITY, "Region": REGION})
    fit = smf.ols("value ~ Capacity + C(Region)", data=frame).fit()
    return fit, fit.get_prediction(pd.DataFrame(NEW)).summary_frame(alpha=alpha)


def test_predictions_and_intervals_match_statsmodels():
    ranking = rank_prospects(regression(), NEW, PROSPECTS)
    _, frame = statsmodels_prediction()
    by_name = {p.customer: p for p in ranking.prospects}
    for i, name in enumerate(PROSPECTS):
        assert by_name[name].predicted == pytest.approx(frame["mean"].iloc[i], rel=1e-10)
        assert by_name[name].low == pytest.approx(frame["obs_ci_lower"].iloc[i], rel=1e-10)
        assert by_name[name].high == pytest.approx(frame["obs_ci_upper"].iloc[i], rel=1e-10)


def test_prospects_are_ranked_highest_predicted_value_first():
    ranking = rank_prospects(regression(), NEW, PROSPECTS, status=["prospective"] * 3)
    predicted = [p.predicted for p in ranking.prospects]
    assert predicted == sorted(predicted, reverse=True)
    assert ranking.prospects[0].customer == "Mill X"
    assert ranking.prospects[0].status == "prospective"


def test_contributions_are_coefficient_times_distance_from_the_average_and_add_up():
    result = regression()
    ranking = rank_prospects(result, NEW, PROSPECTS)
    slope = result.coefficient("Capacity").estimate
    south = result.coefficient("Region[South]").estimate
    mean_capacity = sum(CAPACITY) / len(CAPACITY)
    share_south = REGION.count("South") / len(REGION)
    x = next(p for p in ranking.prospects if p.customer == "Mill X")
    amounts = {c.characteristic: c.amount for c in x.contributions}
    assert amounts["Capacity"] == pytest.approx(slope * (1400 - mean_capacity))
    assert amounts["Region"] == pytest.approx(south * (0 - share_south))
    # average value + contributions = prediction (OLS with an intercept goes through the means)
    assert ranking.average == pytest.approx(sum(VALUE) / len(VALUE))
    for p in ranking.prospects:
        assert ranking.average + sum(c.amount for c in p.contributions) == pytest.approx(p.predicted)
    assert x.reasons[0] == "Capacity"


def test_probability_above_delta_price_uses_the_t_predictive_distribution():
    fit, frame = statsmodels_prediction()
    ranking = rank_prospects(regression(), NEW, PROSPECTS, delta_price=200.0)
    se_obs = (frame["mean_se"] ** 2 + fit.scale) ** 0.5
    by_name = {p.customer: p for p in ranking.prospects}
    for i, name in enumerate(PROSPECTS):
        expected = stats.t.sf((200.0 - frame["mean"].iloc[i]) / se_obs.iloc[i], fit.df_resid)
        assert by_name[name].probability_above_price == pytest.approx(expected, rel=1e-9)


def test_other_interval_levels_and_observed_values_are_carried():
    _, frame = statsmodels_prediction(alpha=0.2)
    ranking = rank_prospects(regression(), NEW, PROSPECTS, conf_level=0.8, observed=[None, 140.0, None])
    y = next(p for p in ranking.prospects if p.customer == "Mill Y")
    assert y.low == pytest.approx(frame["obs_ci_lower"].iloc[1], rel=1e-10)
    assert y.observed == 140.0
    assert ranking.to_dict()["prospects"][0]["rank"] == 1


@pytest.mark.parametrize(
    ("columns", "kwargs", "message"),
    [
        ({"Capacity": [1400.0, 350.0, 800.0], "Region": ["North", "East", "South"]}, {},
         "customer 'Mill Y': characteristic 'Region' is 'East', a level the value data never showed"),
        ({"Capacity": [1400.0, 350.0, 800.0]}, {}, "characteristic 'Region' is missing"),
        ({"Capacity": [1400.0, "big", 800.0], "Region": NEW["Region"]}, {},
         "customer 'Mill Y': characteristic 'Capacity' is 'big'; it must be a number"),
        (NEW, {"status": ["present"]}, "1 status values given for 3 customers"),
        (NEW, {"conf_level": 0}, "confidence level must lie strictly between 0 and 1"),
        (NEW, {"delta_price": float("inf")}, "customer 'Mill X': delta price must be a finite number"),
        (NEW, {"delta_price": [1.0, 2.0]}, "2 delta prices given for 3 customers"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_with_a_clear_message(columns, kwargs, message):
    with pytest.raises(SensitivityError) as caught:
        rank_prospects(regression(), columns, PROSPECTS, **kwargs)
    assert message in str(caught.value)


def test_each_customer_can_have_its_own_delta_price():
    fit, frame = statsmodels_prediction()
    prices = [250.0, 150.0, 180.0]
    ranking = rank_prospects(regression(), NEW, PROSPECTS, delta_price=prices)
    se_obs = (frame["mean_se"] ** 2 + fit.scale) ** 0.5
    by_name = {p.customer: p for p in ranking.prospects}
    for i, name in enumerate(PROSPECTS):
        expected = stats.t.sf((prices[i] - frame["mean"].iloc[i]) / se_obs.iloc[i], fit.df_resid)
        assert by_name[name].probability_above_price == pytest.approx(expected, rel=1e-9)
        assert by_name[name].delta_price == prices[i]
