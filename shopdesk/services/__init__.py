"""Business operations, one module per area. No Qt here; every write in one transaction."""
