"""The workshop's screens: repair orders, the front desk, the appointment calendar."""
