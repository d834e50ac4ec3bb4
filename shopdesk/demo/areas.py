"""Imports every area's demo generator so it registers itself (order = run order).

Add one import line per area module that defines ``@generator`` functions.
"""
from shopdesk.demo import customers, invoices, parts, pricing, repair_orders  # noqa: F401

from shopdesk.demo import counter  # noqa: F401  # isort: skip  (sells from the areas above)
from shopdesk.demo import grades  # noqa: F401  # isort: skip  (last: needs every area)
