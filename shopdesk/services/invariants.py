"""Imports every area module that registers ``@integrity.invariant`` checks.

``shopdesk check`` imports this before running, so an area's checks always run. Add one
import line per area module that defines invariants.
"""
import shopdesk.services.cores_checks
import shopdesk.services.customer_checks
import shopdesk.services.pricing_checks
import shopdesk.services.repair_order_checks
import shopdesk.services.stock_checks  # noqa: F401
from shopdesk.services import invoice_checks  # noqa: F401
