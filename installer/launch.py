"""Entry script of the bundle: the same ``shopdesk`` command as the installed package."""

import sys

from shopdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
