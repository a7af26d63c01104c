"""Contacts (DOMAIN "Parties and products"): companies and the persons who work for them."""
