"""Accounts (DOMAIN section 5): users, API tokens and the viewer's own day."""
