"""Excel/CSV import and export (no Qt)."""
