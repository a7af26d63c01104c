"""Campaigns (DOMAIN C1-C5): create, change, delete and find them."""
