"""Imports every area module that registers ``@faults.invariant`` checks, in the order
they run. :mod:`shopdesk.services.integrity` imports this, so an area's checks always run.
Add one import line per area module that defines invariants.
"""
from shopdesk.services.counter import cores_checks  # noqa: F401
from shopdesk.services.crm import customer_checks  # noqa: F401
from shopdesk.services.pricing import pricing_checks  # noqa: F401
from shopdesk.services.sales import invoice_checks  # noqa: F401
from shopdesk.services.shop import (
    chain_checks,  # noqa: F401 (the audit and document chains)
    shop_checks,  # noqa: F401 (first: storage, schema, shop)
)
from shopdesk.services.stock import stock_checks  # noqa: F401
from shopdesk.services.workshop import repair_order_checks  # noqa: F401
