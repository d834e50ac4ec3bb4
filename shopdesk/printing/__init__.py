"""reportlab documents (invoices, estimates, credit notes, statements, labels). No Qt."""
