"""Large-data work over transaction tables, written once with Ibis (DuckDB by default)."""
