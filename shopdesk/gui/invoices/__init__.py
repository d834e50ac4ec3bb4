"""Invoices in the app: the list, an invoice with its PDF, payments, credit notes, the counter."""
