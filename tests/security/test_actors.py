"""Every service function that reads or writes the shop takes the actor (issue 21, item 6).

Checked on the source with ast: a public top-level function of ``shopdesk/services/`` that
names a model (or ``db``), or calls a function of its own module that does, must have a
parameter called ``actor``, so that the service, not the window, decides what this person may
read (costs, margins, the owner's reports) and the audit log names who did it.

``EXEMPT`` holds the few that cannot take one, each with its reason. ``NOT_YET`` is the debt
this test keeps from growing: a function listed there that takes an actor now fails the test
until its line is removed, and a new function without an actor fails it at once.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "shopdesk" / "services"

EXEMPT: dict[tuple[str, str], str] = {
    ("services.shop.users", "authenticate"): "signs a person in: there is no actor yet",
    ("services.shop.users", "auto_sign_in"): "signs this PC's clerk in: there is no actor yet",
    ("services.shop.users", "first_owner"): "asked before anyone signs in",
    ("services.shop.users", "actor_for"): "makes the actor",
    ("services.shop.shop_setup", "needs_setup"): "asked before the first owner exists",
    ("services.shop.shop_setup", "create_shop"): "the set-up wizard makes the first owner",
    ("services.shop.new_shop", "create_shop_file"): "the set-up wizard, before any user",
    ("services.shop.new_shop", "set_up"): "the set-up wizard, before any user",
    ("services.shop.new_shop", "invoice_number_preview"): "the set-up wizard, before any user",
    ("services.shop.settings", "get_settings"): "the shop's name, currency and language (no cost): "
                                                "read before anyone signs in (the sign-in "
                                                "window) and by every printed document",
    ("services.shop.backup", "copy_sqlite"): "copies a file; backup and restore check the actor",
    ("services.shop.backup", "peek_backup"): "reads a backup file, not the shop",
    ("services.shop.backup", "verify_backup"): "reads a backup file, not the shop",
    ("services.workshop.order_basics", "check_next"): "checks the status of an order already "
                                                      "read; reads nothing",
    ("services.workshop.order_basics", "require_editable"): "checks the status of an order "
                                                            "already read; reads nothing",
    ("services.workshop.repair_orders", "amount"): "arithmetic on a line already read",
    ("services.workshop.job_clock", "hours"): "arithmetic on a time entry already read",
    ("services.workshop.maintenance", "applies"): "compares a package already read with a "
                                                  "car's make, model, engine and year",
    ("services.hash_chain", "canonical"): "a part of writing an audit entry or a document",
    ("services.audit", "chained"): "a building block of audit.record, whose callers pass the actor",
    ("services.crm.search", "is_postgres"): "which database this is, not what is in it",
}

# Functions that still read without an actor. Remove a line when its function takes one.
NOT_YET: set[tuple[str, str]] = {
    ("services.counter.comebacks", "candidates"),
    ("services.counter.comebacks", "claims_of_order"),
    ("services.counter.comebacks", "cover"),
    ("services.counter.comebacks", "line_cost"),
    ("services.counter.comebacks", "of_order"),
    ("services.counter.comebacks", "redo_candidates"),
    ("services.counter.comebacks", "summary"),
    ("services.counter.comebacks", "warranty_line_ids"),
    ("services.counter.cores", "deposit_of"),
    ("services.counter.cores", "invoices_label"),
    ("services.counter.cores", "ledger_faults"),
    ("services.counter.cores", "on_hand"),
    ("services.counter.cores", "on_hand_rows"),
    ("services.counter.cores", "outstanding"),
    ("services.counter.cores", "outstanding_total"),
    ("services.counter.lost_sales", "demand_query"),
    ("services.counter.lost_sales", "ranking"),
    ("services.counter.lost_sales", "recent"),
    ("services.counter.warranty", "cover_of"),
    ("services.counter.warranty", "covers_of_invoice"),
    ("services.counter.warranty", "labour_terms"),
    ("services.counter.warranty", "package_terms"),
    ("services.counter.warranty", "part_terms"),
    ("services.counter.warranty", "settings"),
    ("services.counter.warranty", "stamp_lines"),
    ("services.counter.warranty_claims", "claims"),
    ("services.counter.warranty_claims", "get"),
    ("services.counter.warranty_claims", "open_total"),
    ("services.crm.complaints", "get"),
    ("services.crm.complaints", "of_customer"),
    ("services.crm.contact_details", "shop_region"),
    ("services.crm.customer_activity", "activity"),
    ("services.crm.customer_activity", "note_visit"),
    ("services.crm.customer_file", "balance"),
    ("services.crm.customer_file", "invoices"),
    ("services.crm.customer_file", "load"),
    ("services.crm.customer_file", "services_due"),
    ("services.crm.customer_file", "visits"),
    ("services.crm.customer_lists", "complaints"),
    ("services.crm.customer_lists", "customers"),
    ("services.crm.customer_lists", "follow_ups"),
    ("services.crm.customer_lists", "lapsed"),
    ("services.crm.customer_lists", "prefix"),
    ("services.crm.customer_lists", "vehicles"),
    ("services.crm.customers", "all_tags"),
    ("services.crm.customers", "display_name_of"),
    ("services.crm.customers", "first_phones"),
    ("services.crm.customers", "get"),
    ("services.crm.customers", "input_of"),
    ("services.crm.customers", "living_by_contact"),
    ("services.crm.customers", "only_one_listed_as"),
    ("services.crm.customers", "require_account_credit"),
    ("services.crm.customers", "snapshot"),
    ("services.crm.customers", "tags_of"),
    ("services.crm.customers", "validate"),
    ("services.crm.grading", "grade_for"),
    ("services.crm.grading", "regrade"),
    ("services.crm.grading", "rules"),
    ("services.crm.grading", "rules_version"),
    ("services.crm.inquiries", "knowledge_base"),
    ("services.crm.inquiries", "of_customer"),
    ("services.crm.interactions", "get"),
    ("services.crm.interactions", "history"),
    ("services.crm.search", "customers_meant"),
    ("services.crm.search", "find"),
    ("services.crm.search", "matching_ids"),
    ("services.crm.search_index", "insert_rows"),
    ("services.crm.search_index", "rebuild_all"),
    ("services.crm.search_index", "reindex"),
    ("services.crm.search_index", "rows_for"),
    ("services.crm.search_ranking", "ranked"),
    ("services.crm.surveys", "monthly_stats"),
    ("services.crm.surveys", "of_customer"),
    ("services.crm.surveys", "overall"),
    ("services.crm.vehicle_history", "odometer_history"),
    ("services.crm.vehicles", "by_plate"),
    ("services.crm.vehicles", "get"),
    ("services.crm.vehicles", "input_of"),
    ("services.crm.vehicles", "last_reading"),
    ("services.crm.vehicles", "living_by_vin_or_plate"),
    ("services.crm.vehicles", "ownership_history"),
    ("services.crm.vehicles", "snapshot"),
    ("services.crm.vehicles", "vehicles_meant"),
    ("services.pricing.catalogue", "find_supplier"),
    ("services.pricing.catalogue", "get_line"),
    ("services.pricing.catalogue", "get_supplier"),
    ("services.pricing.catalogue", "plan_import"),
    ("services.pricing.catalogue_costs", "catalogue_list"),
    ("services.pricing.catalogue_costs", "suppliers_with_lines"),
    ("services.pricing.pricing", "check_level"),
    ("services.pricing.pricing", "level_codes"),
    ("services.pricing.pricing", "level_name"),
    ("services.pricing.pricing", "level_of_customer"),
    ("services.pricing.pricing", "levels"),
    ("services.pricing.pricing", "manual_levels"),
    ("services.pricing.pricing", "price_for"),
    ("services.pricing.pricing", "prices_of"),
    ("services.pricing.pricing", "rounding_rule"),
    ("services.pricing.pricing", "rounding_version"),
    ("services.pricing.pricing", "stored_price"),
    ("services.pricing.pricing", "write_price"),
    ("services.pricing.pricing_matrix", "all_matrices"),
    ("services.pricing.pricing_matrix", "get_matrix"),
    ("services.pricing.pricing_reprice", "manual_prices"),
    ("services.sales.cash_up", "cash_up"),
    ("services.sales.core_lines", "sync_lines"),
    ("services.sales.credit_notes", "creditable"),
    ("services.sales.credit_notes", "credited_quantities"),
    ("services.sales.invoice_checks", "number_faults"),
    ("services.sales.invoice_checks", "payment_faults"),
    ("services.sales.invoice_checks", "total_faults"),
    ("services.sales.invoice_lists", "invoice_list"),
    ("services.sales.invoices", "balance_due"),
    ("services.sales.invoices", "by_ids"),
    ("services.sales.invoices", "by_number"),
    ("services.sales.invoices", "by_reference"),
    ("services.sales.invoices", "document_label"),
    ("services.sales.invoices", "get"),
    ("services.sales.invoices", "lines_of"),
    ("services.sales.invoices", "preview_totals"),
    ("services.sales.invoices", "reference"),
    ("services.sales.invoices", "snapshot"),
    ("services.sales.invoices", "vehicle_text"),
    ("services.sales.numbering", "format_number"),
    ("services.sales.numbering", "take_next"),
    ("services.sales.payments", "credit_balance"),
    ("services.sales.payments", "open_invoices"),
    ("services.sales.payments", "payable"),
    ("services.sales.payments", "payments_of"),
    ("services.sales.receivables", "aging"),
    ("services.sales.receivables", "statement"),
    ("services.stock.parts", "barcode_holders"),
    ("services.stock.parts", "barcodes_of"),
    ("services.stock.parts", "distinct_values"),
    ("services.stock.parts", "find_by_code"),
    ("services.stock.parts", "keys_on_file"),
    ("services.stock.parts", "part_ids"),
    ("services.stock.parts", "part_row"),
    ("services.stock.parts", "parts_by_id"),
    ("services.stock.parts", "parts_by_sku"),
    ("services.stock.parts", "snapshot"),
    ("services.stock.parts", "supplier_number"),
    ("services.stock.parts_lists", "orders_list"),
    ("services.stock.parts_lists", "suppliers_list"),
    ("services.stock.purchasing", "get_order"),
    ("services.stock.purchasing", "line_for_code"),
    ("services.stock.purchasing", "on_order"),
    ("services.stock.purchasing", "on_order_query"),
    ("services.stock.purchasing", "order_lines"),
    ("services.stock.purchasing", "reorder_suggestions"),
    ("services.stock.stock", "cache_faults"),
    ("services.stock.stock", "check_receipt_cost"),
    ("services.stock.stock", "ledger_on_hand"),
    ("services.stock.stock", "negative_allowed"),
    ("services.stock.stock", "require_in_stock"),
    ("services.stock.stocktake", "differences"),
    ("services.stock.stocktake", "get_stocktake"),
    ("services.stock.stocktake", "open_stocktake"),
    ("services.stock.stocktake", "sheet"),
    ("services.stock.suppliers", "active_suppliers"),
    ("services.stock.suppliers", "get_supplier"),
    ("services.stock.suppliers", "supplier_ids_by_name"),
}


def _model_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("shopdesk.models"):
                names |= {a.asname or a.name for a in node.names}
            elif node.module in ("shopdesk", "shopdesk.db"):
                names |= {a.asname or a.name for a in node.names if a.name == "db"}
    return names


def functions_touching_the_shop() -> dict[tuple[str, str], bool]:
    """(module, function) of every public service function that reads or writes the shop,
    mapped to whether it takes an ``actor``."""
    found: dict[tuple[str, str], bool] = {}
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT / "shopdesk").with_suffix("").parts)
        models = _model_names(tree)
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        uses = {name: {x.id for x in ast.walk(f) if isinstance(x, ast.Name)}
                for name, f in functions.items()}
        touching = {name for name, used in uses.items() if used & models}
        grown = True
        while grown:
            before = len(touching)
            touching |= {name for name, used in uses.items() if used & touching}
            grown = len(touching) > before
        for name in touching:
            if name.startswith("_"):
                continue
            f = functions[name]
            params = {a.arg for a in f.args.posonlyargs + f.args.args + f.args.kwonlyargs}
            found[(module, name)] = "actor" in params
    return found


def test_every_service_function_that_reads_or_writes_the_shop_takes_the_actor() -> None:
    found = functions_touching_the_shop()
    missing = sorted(key for key, takes in found.items()
                     if not takes and key not in EXEMPT and key not in NOT_YET)
    assert not missing, "these read or write the shop without an actor: " + ", ".join(
        f"{m}.{f}" for m, f in missing)


def test_the_list_of_functions_still_without_an_actor_only_shrinks() -> None:
    found = functions_touching_the_shop()
    stale = sorted(key for key in NOT_YET | set(EXEMPT) if found.get(key, True))
    assert not stale, "take these off NOT_YET/EXEMPT (they take an actor or are gone): " + \
        ", ".join(f"{m}.{f}" for m, f in stale)


@pytest.mark.parametrize("key", sorted(EXEMPT))
def test_each_exemption_says_why(key: tuple[str, str]) -> None:
    assert len(EXEMPT[key]) > 10
