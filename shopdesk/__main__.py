"""``python -m shopdesk`` runs the ``shopdesk`` command."""

import sys

from shopdesk.cli import main

sys.exit(main())
