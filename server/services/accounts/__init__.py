"""Accounts (docs/domain.md "Who may do what"): users, API tokens and the viewer's own day."""
