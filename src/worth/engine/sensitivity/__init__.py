"""How sure the value is, why it varies, and which prospects to chase.

The method's analysis step asks a project team to "perform sensitivity analyses, using the information
on the variances around each element", to consider "what characteristics might drive the variation in
value and whether that variation warrants a new segmentation approach", and to identify "which
customers make the most attractive prospects". This package does each, on a generic
:class:`ValueProblem` (a vectorised function of uncertain drivers), so it works for any model:

- :func:`tornado` - one driver at a time between its observed low and high;
- :func:`simulate` - Monte Carlo with fitted distributions, correlations and a seed, in chunks;
- :func:`sobol_indices` - which drivers the variance of delta value comes from;
- :func:`explain_value` - which customer characteristics explain value (OLS);
- :func:`suggest_segmentation` - a split of customers that explains more of the variance;
- :func:`rank_prospects` - customers ranked by predicted value, with intervals and reasons.

:mod:`worth.engine.sensitivity.model_adapter` turns a value model file into problems and tables.
"""

from worth.engine.sensitivity.correlation import Correlations
from worth.engine.sensitivity.distributions import (
    Distribution,
    Empirical,
    FitKind,
    Fixed,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
)
from worth.engine.sensitivity.drivers import Coefficient, ValueRegression, explain_value
from worth.engine.sensitivity.errors import SensitivityError
from worth.engine.sensitivity.fitting import fit_distribution, spread_settings, triangular_from_estimate
from worth.engine.sensitivity.montecarlo import SimulationResult, simulate, simulate_each
from worth.engine.sensitivity.problem import DELTA_VALUE, Driver, OutputsFunction, ValueFunction, ValueProblem
from worth.engine.sensitivity.prospects import Prospect, ProspectRanking, rank_prospects
from worth.engine.sensitivity.segmentation import SegmentationResult, suggest_segmentation
from worth.engine.sensitivity.sobol import SobolResult, sobol_indices
from worth.engine.sensitivity.tornado import Spread, TornadoResult, tornado

__all__ = [
    "DELTA_VALUE",
    "Coefficient",
    "Correlations",
    "Distribution",
    "Driver",
    "Empirical",
    "FitKind",
    "Fixed",
    "LogNormal",
    "Normal",
    "OutputsFunction",
    "Prospect",
    "ProspectRanking",
    "SegmentationResult",
    "SensitivityError",
    "SimulationResult",
    "SobolResult",
    "Spread",
    "TornadoResult",
    "Triangular",
    "Uniform",
    "ValueFunction",
    "ValueProblem",
    "ValueRegression",
    "explain_value",
    "fit_distribution",
    "rank_prospects",
    "simulate",
    "simulate_each",
    "sobol_indices",
    "spread_settings",
    "suggest_segmentation",
    "tornado",
    "triangular_from_estimate",
]
