"""Dialogs: sign in, first run, settings, about, shortcuts, errors."""
