"""``python -m tests.bench [NAME ...]``: run the benchmarks, print one table (runner.py)."""

import sys

from tests.bench.runner import main

sys.exit(main())
