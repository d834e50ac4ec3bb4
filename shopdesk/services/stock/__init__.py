"""Parts and stock: the catalogue of parts, the stock ledger, stock-takes, suppliers and
purchase orders."""
