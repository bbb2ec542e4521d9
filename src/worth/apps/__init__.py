"""The Django apps: persistence, permissions, workflow and pages."""
