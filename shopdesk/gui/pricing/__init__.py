"""The owner's Pricing dialog: price levels, markup matrix, repricing with a preview, prices
set by hand, and supplier catalogues."""
