"""Selling: invoices and credit notes with gapless numbers, totals, payments, receivables and
the day's cash-up."""
