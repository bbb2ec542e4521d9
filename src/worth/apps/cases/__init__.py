"""Business cases for change: what a project asks senior management to decide, and its profitability."""
