"""ShopDesk's benchmarks: ``python -m tests.bench [NAME ...]`` (see runner.py and harness.py).

Not part of the test suite (pytest ignores this folder): each figure is timed against a floor
measured in the same run, on one large demo shop.
"""
