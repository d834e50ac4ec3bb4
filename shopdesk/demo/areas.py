"""Imports every area's demo generator so it registers itself (order = run order).

Add one import line per area module that defines ``@generator`` functions.
"""
from shopdesk.demo import customers, invoices, parts, repair_orders  # noqa: F401
