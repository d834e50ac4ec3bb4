"""Grades the demo customers once every area's history (orders, invoices) is in."""

from __future__ import annotations

from shopdesk.demo.registry import DemoContext, generator
from shopdesk.services.crm import grading


@generator("grades")
def regrade_everyone(ctx: DemoContext) -> None:
    """Recompute every customer's grade from their spend and visits (bulk demo invoices
    bypass the per-invoice regrade)."""
    ctx.counts["regraded"] = grading.regrade(ctx.owner)
