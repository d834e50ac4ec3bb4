"""SQL aggregations for the owner's reports (no Qt)."""
