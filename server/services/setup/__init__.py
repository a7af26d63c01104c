"""Setup (DOMAIN section 2 "Setup"): salespeople, teams and campaign status codes."""
