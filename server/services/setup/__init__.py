"""Setup (docs/domain.md "Setup"): salespeople, teams and campaign status codes."""
