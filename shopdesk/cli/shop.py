"""``shopdesk demo`` and ``shopdesk check``."""

from __future__ import annotations

import argparse
import time

from shopdesk import db as database
from shopdesk.cli.common import hidden_parser, open_db
from shopdesk.demo import DEMO_PASSWORD, Scale, create_demo_shop
from shopdesk.i18n import translate
from shopdesk.services import integrity


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    demo = sub.add_parser("demo", parents=[common], help="make a demo shop in a new database")
    demo.add_argument("--scale", choices=[s.value for s in Scale], default=Scale.SMALL.value,
                      help="small: to try things out; large: ~100k customers, to measure speed")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same shop)")
    demo.set_defaults(func=run_demo)
    check = sub.add_parser("check", parents=[common],
                           help="check the database and the shop's rules; non-zero on a fault")
    check.set_defaults(func=run_check)
    smoke = hidden_parser(sub, "smoke-window", parents=[common])
    smoke.set_defaults(func=run_smoke_window)  # used by the installer's smoke run


def run_demo(args: argparse.Namespace) -> int:
    db = open_db(args, create=True)
    started = time.perf_counter()
    counts = create_demo_shop(args.scale, seed=args.seed, progress=print)
    made = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    print(f"Demo shop made in {time.perf_counter() - started:.1f} s at "
          f"{database.target_of(db).describe()}: {made}.")
    print(f"Sign in as owner, clerk or tech with the password {DEMO_PASSWORD!r}.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    db = open_db(args)
    faults = integrity.run_checks(db)
    where = database.target_of(db).shown()
    if faults:
        for fault in faults:
            print(translate("Check", "FAULT {fault}").format(fault=fault.shown()))
        print(translate("Check", "{count} fault(s) in {where}.").format(count=len(faults),
                                                                        where=where))
        return 1
    print(translate("Check", "OK: {count} checks passed on {where}.").format(
        count=len(integrity.check_names()), where=where))
    return 0


def run_smoke_window(args: argparse.Namespace) -> int:
    """Open the main window as the owner for a moment and close it (installer smoke run)."""
    from shopdesk.gui.app import smoke_window  # Qt only here

    open_db(args)
    print(smoke_window())
    return 0
