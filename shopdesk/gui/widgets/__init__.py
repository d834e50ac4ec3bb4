"""Reusable widgets (lazy tables, empty states)."""
