"""Customers and their cars: the customer file, grades, contacts, inquiries, complaints,
surveys, and finding anyone in a keystroke."""
