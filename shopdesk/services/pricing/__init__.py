"""Prices: price levels, the markup matrix, repricing, supplier price files."""
