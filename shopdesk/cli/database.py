"""``shopdesk db roles``: PostgreSQL set-up with an owner role and a plain login."""

from __future__ import annotations

import argparse

from shopdesk import db as database
from shopdesk.cli.common import read_password
from shopdesk.errors import ShopDeskError
from shopdesk.i18n import QT_TRANSLATE_NOOP, translate


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("db", parents=[common], help="PostgreSQL set-up (server side)")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    roles = actions.add_parser(
        "roles", parents=[common],
        help="give the schema to an owner role and the PCs a login with only the rights they "
             "need; brings the schema up to date as the owner (run again after installing a "
             "newer ShopDesk)")
    roles.add_argument("--owner", default="shopdesk_owner",
                       help="the role that owns the tables (made without a login if new; "
                            "default: shopdesk_owner)")
    roles.add_argument("--login", default="shopdesk",
                       help="the login the PCs connect with (asks its password if it is new; "
                            "default: shopdesk)")
    roles.set_defaults(func=run_roles)


def run_roles(args: argparse.Namespace) -> int:
    from shopdesk.services.shop import pg_roles

    target = database.parse_target(args.db)
    if target.kind != "postgresql":
        raise ShopDeskError(QT_TRANSLATE_NOOP(
            "Errors", "Roles are for a PostgreSQL database: give --db postgresql://ADMIN@SERVER/"
                      "NAME (an administrator such as postgres)"))
    db = database.connect_postgres(target)
    try:
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                (args.login,)).fetchone()
        password = None if exists else read_password(translate(
            "CLI", "Password for the new login {login}: ").format(login=args.login))
        report = pg_roles.set_up(db, args.owner, args.login, password)
    finally:
        db.close()
    if report.created:
        print(translate("CLI", "Created the roles: {roles}.").format(
            roles=", ".join(report.created)))
    if report.migrated:
        print(translate("CLI", "Brought the schema up to date as {owner} (versions {first} to "
                               "{last}).").format(owner=args.owner, first=report.migrated[0],
                                                  last=report.migrated[-1]))
    print(translate("CLI", "{owner} owns the database and its {count} tables; {login} may read "
                           "and write the shop's data only (no table ownership, no trigger "
                           "changes, the audit log append-only). Start ShopDesk on each PC with "
                           "--db postgresql://{login}:PASSWORD@SERVER/{name}.").format(
        owner=args.owner, login=args.login, count=report.tables, name=db.database))
    return 0
