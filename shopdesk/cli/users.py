"""``shopdesk users add|list|passwd|unlock``."""

from __future__ import annotations

import argparse

from shopdesk.cli.common import open_db, print_table, read_password
from shopdesk.i18n import translate
from shopdesk.models.users import Role
from shopdesk.services.access import COMMAND_LINE
from shopdesk.services.shop import users


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = sub.add_parser("users", parents=[common], help="manage staff accounts")
    actions = parser.add_subparsers(dest="users_command", metavar="ACTION", required=True,
                                    parser_class=type(parser))
    add = actions.add_parser("add", parents=[common], help="add an account (asks the password)")
    add.add_argument("username", help="the name to sign in with")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.CLERK.value,
                     help="what the account may do (default: clerk)")
    add.add_argument("--name", default="", help="full name shown in the app")
    add.set_defaults(func=run_add)
    lst = actions.add_parser("list", parents=[common], help="list accounts")
    lst.set_defaults(func=run_list)
    passwd = actions.add_parser("passwd", parents=[common], help="set a new password")
    passwd.add_argument("username", help="the account whose password to set")
    passwd.set_defaults(func=run_passwd)
    unlock = actions.add_parser("unlock", parents=[common],
                                help="let an account locked after wrong passwords sign in again")
    unlock.add_argument("username", help="the locked account")
    unlock.set_defaults(func=run_unlock)


def run_add(args: argparse.Namespace) -> int:
    open_db(args)
    password = read_password()
    row = users.add_user(COMMAND_LINE, args.username, password, args.role, args.name)
    print(f"Added {row.role.value} {row.username}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    open_db(args)
    rows = [(u.username, u.display_name, u.role.value,
             "locked" if u.locked else "yes" if u.active else "no")
            for u in users.list_users(COMMAND_LINE)]
    print_table(["username", "name", "role", "active"], rows)
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    open_db(args)
    password = read_password("New password: ")
    users.set_password(COMMAND_LINE, args.username, password)
    print(f"Password of {args.username} changed.")
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    open_db(args)
    row = users.unlock(COMMAND_LINE, args.username)
    print(translate("CLI", "{username} can sign in again.").format(username=row.username))
    return 0
