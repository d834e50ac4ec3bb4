"""The customer area of the window: lists, the customer file, check-in and CRM dialogs."""
