"""Accounts: login, roles as groups, API tokens."""
