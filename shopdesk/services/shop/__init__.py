"""The shop itself: settings and set-up, users, backups and restore, the audit log browser,
saved import mappings."""
