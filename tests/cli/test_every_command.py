"""Every subcommand of ``shopdesk``, found by walking the argparse tree (a new subcommand is
covered without editing this file), runs on the small demo shop and on an empty database
without an unexpected error (exit 3) or a traceback; ``--help`` works on every command and
group; every option and positional says what it is for; internal subcommands are hidden.

Commands run in this process (``shopdesk.cli.main(argv)``): the same code path as the
installed command, about 50x faster than a subprocess each.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from shopdesk import cli, formatting, i18n
from shopdesk import db as database
from shopdesk.models.base import database_proxy

Path_ = tuple[str, ...]

#: Subcommands this test does not run, and why (each changes the shop or needs a person).
WRITING: dict[Path_, str] = {
    ("demo",): "makes a new database (the demo test runs it once to make its shop)",
    ("smoke-window",): "opens the main window (the installer's smoke run; needs a display)",
    ("users", "add"): "adds an account and reads a password",
    ("users", "passwd"): "changes a password it reads from the terminal",
    ("users", "unlock"): "lifts a lockout (tests/security/test_sign_in.py)",
    ("customers", "regrade"): "rewrites every customer's grade",
    ("customers", "reindex"): "rebuilds the search keys",
    ("restore",): "replaces the shop database by a backup",
    ("parts", "reprice"): "changes prices",
    ("pricing", "set"): "sets a price by hand",
    ("invoice", "issue"): "issues a draft (tests/cli/test_invoice_cli.py)",
    ("db", "roles"): "creates PostgreSQL roles (tests/security/test_pg_roles.py)",
}

#: Subcommands for tools and tests only: they run, but --help does not list them.
INTERNAL: set[Path_] = {("smoke-window",)}

#: Sample command lines for subcommands that need arguments or have read-only variants worth
#: running ({out}: a temp folder for what they write; other names: facts of the shop, see
#: ``_facts``). A subcommand not listed here runs once with no arguments.
SAMPLES: dict[Path_, list[list[str]]] = {
    ("find",): [["{customer}"], ["{phone_tail}"], ["{plate}"]],
    ("customers", "lapsed"): [[], ["--months", "6", "--csv", "{out}/lapsed.csv"]],
    ("customers", "answers"): [[], ["brake"]],
    ("backup",): [["--list", "--to", "{out}"]],
    ("parts", "list"): [[], ["oil", "--filter", "all"], ["--filter", "low"],
                        ["--filter", "negative"], ["--filter", "archived"]],
    ("parts", "find"): [["{sku}"]],
    ("parts", "movers"): [[], ["--slow", "--days", "30"]],
    ("parts", "labels"): [["{sku}", "--copies", "2", "-o", "{out}/labels.pdf"]],
    ("parts", "po-pdf"): [["{po}", "-o", "{out}/po.pdf"]],
    ("invoice", "print"): [["{invoice}", "--pdf", "{out}/invoice.pdf"]],
    ("invoice", "list"): [[], ["--status", "draft"], ["--status", "issued", "--since",
                                                       "2020-01-01", "--customer", "a"]],
    ("invoice", "statement"): [["{customer}", "--from", "2020-01-01", "--pdf",
                                "{out}/statement.pdf"],
                               ["{phone}", "--from", "2020-01-01", "--pdf", "{out}/st2.pdf"],
                               ["#{customer_no}", "--from", "2020-01-01", "--pdf",
                                "{out}/st3.pdf"]],
    ("invoice", "aging"): [[], ["--on", "2026-01-31"]],
    ("invoice", "cashup"): [[], ["--day", "{last_sale}"]],
    ("reminders",): [[], ["--export", "{out}/due.xlsx"], ["--export", "{out}/due.csv"],
                     ["--letters", "{out}/letters"]],
    ("ro", "print"): [["{ro}", "--estimate", "--pdf", "{out}/estimate.pdf"],
                      ["{ro}", "--job-card", "--pdf", "{out}/job.pdf"]],
    ("ro", "history"): [["{plate}", "--pdf", "{out}/history.pdf"],
                        ["{vin_tail}", "--pdf", "{out}/history2.pdf"]],
    ("export",): [["invoices", "{out}/sales.xlsx"], ["invoices", "{out}/sales.csv"],
                  ["invoices", "{out}/xero.csv", "--format", "xero"],
                  ["invoices", "{out}/qbo.csv", "--format", "quickbooks", "--from",
                   "2025-01-01", "--to", "2025-12-31"],
                  ["payments", "{out}/payments.xlsx"], ["customers", "{out}/customers.xlsx"],
                  ["vehicles", "{out}/vehicles.csv"], ["parts", "{out}/parts.xlsx"],
                  ["all", "{out}/all.xlsx"]],
    ("import",): [[kind, f"{{out}}/in-{kind}.csv", "--dry-run"]
                  for kind in ("customers", "vehicles", "parts", "prices", "stock")],
    ("pricing", "matrix"): [[]],
    ("pricing", "reprice"): [[], ["--category", "{category}"]],
    ("catalogue", "import"): [["{supplier}", "{out}/in-catalogue.csv", "--dry-run"]],
    ("catalogue", "costs"): [["{supplier}"]],
    ("report", "monthly"): [["{month}", "--pdf", "{out}/month.pdf", "--xlsx",
                             "{out}/month.xlsx"]],
    ("comebacks",): [[], ["--from", "2020-01-01"]],
    ("lost-sales",): [[], ["--from", "2020-01-01"]],
    ("warranty", "labour"): [[]],
    ("warranty", "part"): [["{sku}"]],
    ("warranty", "package"): [["{package}"]],
    ("packages", "list"): [[], ["--archived"]],
    ("packages", "show"): [["{package}"]],
    ("packages", "export"): [["{out}/packages.xlsx"]],
    ("packages", "import"): [["{out}/packages.xlsx", "--dry-run"],
                             ["{out}/in-packages.csv", "--dry-run"]],
}

#: Files the import samples read (a dry run: nothing is saved).
INPUT_FILES = {
    "in-customers.csv": "Name,Phone\nTest Person,2175550199\n",
    "in-vehicles.csv": "Name,Phone,Plate,Make,Model\n{customer},{phone},ZZ 9999,Ford,Focus\n",
    "in-parts.csv": "SKU,Name,Price\nZZ-TEST-1,Test part,2.50\n",
    "in-prices.csv": "SKU,Price\n{sku},12.50\n",
    "in-stock.csv": "SKU,Counted\n{sku},3\n",
    "in-catalogue.csv": "Part number,Description,Cost\nX-1,Thing,2.50\n",
    "in-packages.csv": "Package,Every km,Line kind,Line description,SKU,Quantity\n"
                       "Test check,10000,Labour,Look at it,,1\n",
}


def subcommands(parser: argparse.ArgumentParser, path: Path_ = ()) -> Iterator[
        tuple[Path_, argparse.ArgumentParser]]:
    """Every parser of the tree (the top one, the groups, the commands) with its path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from subcommands(child, (*path, name))


def leaves() -> list[Path_]:
    """The paths of the commands that run (parsers without subcommands of their own)."""
    return [path for path, parser in subcommands(cli.build_parser()) if path and not any(
        isinstance(a, argparse._SubParsersAction) for a in parser._actions)]


@dataclasses.dataclass
class Run:
    argv: list[str]
    code: int
    output: str


def run(*argv: str) -> Run:
    """``shopdesk ARGV`` in this process: its exit code and everything it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse: --help (0) or a bad command line (2)
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    database.close()
    return Run(list(argv), code, out.getvalue())


@pytest.fixture(autouse=True)
def _languages_and_formats_put_back() -> Iterator[None]:
    """The commands set the language, locale and currency for this process: put them back."""
    yield
    i18n.set_language("en")
    i18n.set_document_language("")
    formatting.configure(locale="en_US", currency="USD")


def _facts(db: peewee.Database) -> dict[str, str]:
    """Names and numbers from the shop for the samples (made-up ones where it has none)."""
    def one(sql: str, default: str) -> str:
        row = db.execute_sql(sql).fetchone()
        return str(row[0]) if row and row[0] not in (None, "") else default

    unique_name = ("SELECT display_name FROM customer WHERE archived = {f} GROUP BY display_name "
                   "HAVING COUNT(*) = 1 ORDER BY display_name LIMIT 1")
    false = "false" if isinstance(db, peewee.PostgresqlDatabase) else "0"
    customer = one(unique_name.format(f=false), "Nobody, Known")
    phone = one("SELECT p.number FROM customer_phone p JOIN customer c ON c.id = p.customer_id "
                "WHERE c.display_name = '" + customer.replace("'", "''") + "' ORDER BY "
                "p.position LIMIT 1", "(555) 000-0000")
    plate = one("SELECT plate FROM vehicle WHERE plate_key <> '' GROUP BY plate, plate_key "
                "HAVING COUNT(*) = 1 ORDER BY plate LIMIT 1", "NO PLATE")
    vin = one("SELECT vin FROM vehicle WHERE LENGTH(vin) = 17 ORDER BY id LIMIT 1",
              "NOVIN0000000000000")
    return {
        "customer": customer,
        "customer_no": one("SELECT id FROM customer WHERE display_name = '"
                           + customer.replace("'", "''") + "'", "999999"),
        "phone": phone,
        "phone_tail": "".join(c for c in phone if c.isdigit())[-4:],
        "plate": plate,
        "vin_tail": vin[-8:],
        "sku": one("SELECT sku FROM part ORDER BY sku LIMIT 1", "NO-SUCH-SKU"),
        "category": one("SELECT category FROM part WHERE category <> '' ORDER BY category "
                        "LIMIT 1", "No category"),
        "po": one("SELECT number FROM purchase_order ORDER BY id LIMIT 1", "PO-99999"),
        "invoice": one("SELECT number FROM invoice WHERE number IS NOT NULL ORDER BY id DESC "
                       "LIMIT 1", "XX-2026-99999"),
        "last_sale": one("SELECT MAX(issue_date) FROM invoice", dt.date.today().isoformat()),
        "ro": one("SELECT number FROM repair_order ORDER BY id LIMIT 1", "RO-999999"),
        "supplier": one("SELECT name FROM supplier ORDER BY id LIMIT 1", "No Such Supplier"),
        "package": one("SELECT name FROM maintenance_package ORDER BY id LIMIT 1",
                       "No such package"),
        "month": dt.date.today().strftime("%Y-%m"),
    }


def _command_lines(facts: dict[str, str], out: Path) -> list[list[str]]:
    """Every runnable subcommand with each of its samples, after checking that each command
    is either runnable or listed as writing (with a reason)."""
    paths = leaves()
    stale = sorted(set(WRITING) - set(paths))
    assert not stale, f"WRITING lists commands that do not exist: {stale}"
    stale = sorted(set(SAMPLES) - set(paths))
    assert not stale, f"SAMPLES lists commands that do not exist: {stale}"
    parser = cli.build_parser()
    lines: list[list[str]] = []
    for path in paths:
        if path in WRITING:
            continue
        samples = SAMPLES.get(path)
        if samples is None:
            command = dict(subcommands(parser))[path]
            needed = [a.dest for a in command._actions if a.required]
            assert not needed, (f"shopdesk {' '.join(path)} needs {needed}: add a sample to "
                                "SAMPLES, or list it in WRITING with the reason")
            samples = [[]]
        values = {**facts, "out": str(out)}
        lines += [[*path, *(arg.format(**values) for arg in sample)] for sample in samples]
    for name, text in INPUT_FILES.items():
        (out / name).write_text(text.format(**facts), encoding="utf-8")
    return lines


def _problems(runs: list[Run], allowed: set[int]) -> list[str]:
    return [f"shopdesk {' '.join(r.argv)} -> exit {r.code}:\n{r.output[-2000:]}"
            for r in runs if r.code not in allowed or "Traceback" in r.output
            or "unexpected error" in r.output]


def test_every_command_runs_on_the_demo_shop(db_url: str, tmp_path: Path) -> None:
    """On the small demo every read-only command succeeds (exit 0): the samples name things
    the demo has, so a refusal here is a bug too."""
    made = run("demo", "--db", db_url)
    assert made.code == 0, made.output
    facts = _facts(database.open(db_url))
    database.close()
    try:
        runs = [run(*line, "--db", db_url) for line in _command_lines(facts, tmp_path)]
    finally:
        database_proxy.initialize(None)
    assert _problems(runs, {0}) == []
    assert len(runs) > 60
    written = {p.name for p in tmp_path.iterdir()}
    assert {"labels.pdf", "invoice.pdf", "statement.pdf", "history.pdf", "history2.pdf",
            "month.xlsx", "all.xlsx", "xero.csv"} <= written


def test_every_command_runs_on_an_empty_database(db, db_url: str, tmp_path: Path) -> None:
    """A new database without a shop (no settings, no data): each command lists nothing or
    refuses in one line (exit 1), never an unexpected error."""
    facts = _facts(db)
    runs = [run(*line, "--db", db_url) for line in _command_lines(facts, tmp_path)]
    assert _problems(runs, {0, 1}) == []
    refused = [r for r in runs if r.code == 1]
    assert all(len(r.output.strip().splitlines()) >= 1 for r in refused)


def test_help_of_every_command_and_group() -> None:
    for path, _parser in subcommands(cli.build_parser()):
        shown = run(*path, "--help")
        assert shown.code == 0, (path, shown.output)
        assert shown.output.startswith(f"usage: shopdesk {' '.join(path)}".rstrip()), path
        assert "==SUPPRESS==" not in shown.output and "Traceback" not in shown.output


def test_every_option_and_positional_says_what_it_is_for() -> None:
    missing = []
    hidden_shown = []
    for path, parser in subcommands(cli.build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                listed = {choice.dest for choice in action._choices_actions}
                for name in action.choices:
                    child = (*path, name)
                    if child in INTERNAL:
                        if name in listed:
                            hidden_shown.append(child)
                    elif name not in listed or not next(
                            c.help for c in action._choices_actions if c.dest == name):
                        missing.append(f"shopdesk {' '.join(child)} (no help line)")
                continue
            if isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                name = "/".join(action.option_strings) or action.dest
                missing.append(f"shopdesk {' '.join(path)} {name}")
    assert missing == []
    assert hidden_shown == []
    top = run("--help").output
    assert all(f" {name[0]} " not in top for name in INTERNAL)
