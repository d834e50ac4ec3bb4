"""Every service function that reads or writes the shop takes the actor (issue 21, item 6).

Checked on the source with ast: a public top-level function of ``shopdesk/services/`` that
names a model (or ``db``), or calls a function of its own module that does, must have a
parameter called ``actor``, so that the service, not the window, decides what this person may
read (costs, margins, the owner's reports) and the audit log names who did it.

``EXEMPT`` holds the few that need not take one, each with its reason (they read nothing, or
run before anyone signs in, or read one setting every role sees). ``NOT_YET`` was the debt
this test kept from growing; it is empty and stays so: a new function without an actor fails
at once.
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
    ("services.shop.backup", "copy_sqlite"): "copies a file; backup and restore check the actor",
    ("services.shop.backup", "peek_backup"): "reads a backup file, not the shop",
    ("services.shop.backup", "verify_backup"): "reads a backup file, not the shop",
    ("services.hash_chain", "canonical"): "a part of writing an audit entry or a document",
    ("services.audit", "chained"): "a building block of audit.record, whose callers pass the actor",
    ("services.crm.search", "is_postgres"): "which database this is, not what is in it",
    ("services.counter.lost_sales", "demand_query"): "a sub-query, not run here, that "
        "purchasing.reorder_suggestions joins into its own query; that caller holds the actor",
    ("services.counter.warranty", "cover_of"): "computes the cover from a warranty row the "
        "caller read (covers_of_invoice takes the actor); it reads and writes nothing",
    ("services.crm.customers", "display_name_of"): "how a name is listed, computed from the "
        "form's values; it reads and writes nothing",
    ("services.crm.grading", "grade_for"): "a grade computed from the activity and rules "
        "given (regrade reads them with the actor); it reads and writes nothing",
    ("services.crm.search_index", "rows_for"): "the search keys these customers should have, "
        "compared with the stored keys by shopdesk check's invariant, which runs with no actor",
    ("services.sales.invoices", "reference"): "names an invoice the caller already read (its "
                                              "number or DRAFT-n): reads nothing",
    ("services.sales.invoices", "document_label"): "one word for a kind and status: reads "
                                                   "nothing",
    ("services.sales.invoices", "vehicle_text"): "formats a vehicle the caller already read: "
                                                 "reads nothing",
    ("services.sales.invoices", "snapshot"): "the figures of an invoice the caller already "
                                             "read, for its audit entry: reads nothing",
    ("services.sales.invoices", "balance_due"): "arithmetic on an invoice the caller already "
                                                "read: reads nothing",
    ("services.sales.invoices", "totals_of"): "the totals of an invoice and lines the caller "
                                              "already read: reads nothing",
    ("services.sales.numbering", "format_number"): "formats a number (the set-up wizard uses "
                                                   "it before anyone signs in): reads nothing",
    ("services.stock.parts", "snapshot"): "the values of a part the caller already read, for "
                                          "its audit entry: reads nothing",
    ("services.stock.stock", "cache_faults"): "a building block of the stock invariant that "
                                              "`shopdesk check` runs on the database, not as "
                                              "a person",
    ("services.shop.settings", "get_settings"): "the shop's name, currency and language (no cost): "
                                                "read before anyone signs in (the sign-in "
                                                "window) and by every printed document",
    ("services.workshop.order_basics", "check_next"): "checks the status of an order already "
                                                      "read; reads nothing",
    ("services.workshop.order_basics", "require_editable"): "checks the status of an order "
                                                            "already read; reads nothing",
    ("services.workshop.repair_orders", "amount"): "arithmetic on a line already read",
    ("services.workshop.job_clock", "hours"): "arithmetic on a time entry already read",
    ("services.workshop.maintenance", "applies"): "compares a package already read with a "
                                                  "car's make, model, engine and year",
    ("services.stock.stock", "negative_allowed"): "one shop setting (may stock go below zero), "
        "read inside every stock movement as get_settings is; no cost, price or customer",
    ("services.pricing.pricing", "level_codes"): "the codes of the price levels ('retail', "
        "'fleet'), which every role picks from; read by the validators of a typed level",
}

# Functions that still read without an actor: none (a line here would be new debt).
NOT_YET: set[tuple[str, str]] = set()


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
